"""Demo data: the plans of two real pilot kecamatan, a demo user for every role, and the
coordination meetings of Kodi Balaghar (seed 000's example, rembuk.core.demo.meetings).

Owns one rule: seeding is idempotent. What exists is left alone (a plan is recognised by its desa
and period, a user by username, an agency by kabupaten and short name, a membership by user, role
and region), so a second run writes nothing and only prints the logins again. Everything goes
through the services the web pages use (rembuk.plans.services, rembuk.people.services), so the
demo obeys the same rules and its plans have a history like any other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from rembuk.core.demo.data import DemoActivity, DemoPlan
from rembuk.core.demo.plans_kodi_balaghar import PLANS as KODI_BALAGHAR_PLANS
from rembuk.core.demo.plans_teluk_waru import PLANS as TELUK_WARU_PLANS
from rembuk.people.models import Agency, Membership, Role, User
from rembuk.people.services import STANDARD_AGENCIES, agencies_seed, membership_grant
from rembuk.plans.models import Goal, LivelihoodPlan, Milestone
from rembuk.plans.services import activity_add, goal_add, milestone_add, plan_adopt, plan_create
from rembuk.regions.models import Region

# Demo data only: every demo account shares this password unless REMBUK_DEMO_PASSWORD is set.
DEFAULT_DEMO_PASSWORD = "rembuk-demo"  # noqa: S105
DEMO_KECAMATAN = ("81.05.15", "53.18.11")
DEMO_PLANS: tuple[DemoPlan, ...] = TELUK_WARU_PLANS + KODI_BALAGHAR_PLANS

AGENCY_NAMES = dict(STANDARD_AGENCIES)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, or "superuser"
    regions: tuple[str, ...] = ()
    agency: str = ""  # short name of the agency, for opd


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Admin", "Rembuk", "superuser"),
    DemoUser("program", "Ratna", "Simanjuntak", Role.TIM_PROGRAM, ("53", "81")),
    DemoUser("kabupaten.sbd", "Yohanis", "Bili", Role.TIM_KABUPATEN, ("53.18",)),
    DemoUser("kabupaten.sbt", "Abdul", "Rumakat", Role.TIM_KABUPATEN, ("81.05",)),
    DemoUser("faskab.sbd", "Maria", "Kaka", Role.FASILITATOR_KABUPATEN, ("53.18",)),
    DemoUser("faskab.sbt", "Hasna", "Kelian", Role.FASILITATOR_KABUPATEN, ("81.05",)),
    DemoUser("opd.distan.sbd", "Petrus", "Malo", Role.OPD, ("53.18",), agency="Distan"),
    DemoUser("opd.diskan.sbt", "Samsul", "Rumbouw", Role.OPD, ("81.05",), agency="Diskan"),
    DemoUser("opd.dpmd.sbd", "Elisabeth", "Ngongo", Role.OPD, ("53.18",), agency="DPMD"),
    DemoUser("kecamatan.kodibalaghar", "Agustinus", "Ndara", Role.KECAMATAN, ("53.18.11",)),
    DemoUser("kecamatan.telukwaru", "Ismail", "Wokas", Role.KECAMATAN, ("81.05.15",)),
    DemoUser("desa.wainyapu", "Yuliana", "Lede", Role.TIM_DESA, ("53.18.11.2006",)),
    DemoUser("desa.waru", "Rahma", "Rumalutur", Role.TIM_DESA, ("81.05.15.2001",)),
    # Wailangira plays seed 000's Desa X: its team sees the answers to its support requests.
    DemoUser("desa.wailangira", "Daniel", "Bulu", Role.TIM_DESA, ("53.18.11.2001",)),
    DemoUser("fasdesa.wainyapu", "Markus", "Dapa", Role.FASILITATOR_DESA, ("53.18.11.2006",)),
    DemoUser("fasdesa.waru", "Fadli", "Rumbia", Role.FASILITATOR_DESA, ("81.05.15.2001",)),
)


@dataclass
class SeedResult:
    plans_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    agencies_created: int = 0
    meetings_created: int = 0
    village_reviews_created: int = 0
    meetings_skipped: str = ""
    regions_imported: bool = False


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    region: str


def demo_password() -> str:
    return os.environ.get("REMBUK_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def _ensure_regions(result: SeedResult) -> None:
    if Region.objects.filter(code__in=DEMO_KECAMATAN).count() < len(DEMO_KECAMATAN):
        from rembuk.regions.services import regions_import

        regions_import()
        result.regions_imported = True


def _ensure_agencies(admin: User, result: SeedResult) -> None:
    for kabupaten_code in ("53.18", "81.05"):
        kabupaten = Region.objects.get(code=kabupaten_code)
        result.agencies_created += len(agencies_seed(kabupaten=kabupaten, actor=admin))


def _agency_for(kabupaten_code: str, short_name: str) -> Agency:
    return Agency.objects.get(kabupaten__code=kabupaten_code, short_name=short_name)


def _ensure_user(spec: DemoUser, password: str, result: SeedResult) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@demo.rembuk.id",
            is_superuser=spec.role == "superuser",
            is_staff=spec.role == "superuser",
        )
        user.set_password(password)
        user.save()
        result.users_created += 1
        return user
    # The printed table must be true: only touch an existing user whose login would not work.
    dirty = []
    if not user.check_password(password):
        user.set_password(password)
        dirty.append("password")
    if user.must_change_password:
        user.must_change_password = False
        dirty.append("must_change_password")
    if not user.is_active:
        user.is_active = True
        dirty.append("is_active")
    if dirty:
        user.save(update_fields=dirty)
    return user


def _ensure_memberships(user: User, spec: DemoUser, admin: User, result: SeedResult) -> None:
    for code in spec.regions:
        if Membership.objects.filter(user=user, role=spec.role, region__code=code).exists():
            continue
        agency = _agency_for(".".join(code.split(".")[:2]), spec.agency) if spec.agency else None
        membership_grant(user=user, role=spec.role, region_code=code, agency=agency, actor=admin)
        result.memberships_created += 1


def _add_activity(goal: Goal, milestone: Milestone | None, spec: DemoActivity, actor: User) -> None:
    activity_add(
        goal=goal,
        milestone=milestone,
        name=spec.name,
        description=spec.description,
        funding_sources=spec.funding_sources,
        funding_note=spec.funding_note,
        authority=spec.authority,
        actor=actor,
    )


def _create_plan(spec: DemoPlan, desa: Region, actor: User) -> LivelihoodPlan:
    """The same services the plan page uses, so the demo obeys the same rules."""
    plan = plan_create(
        desa=desa,
        period_start=spec.period[0],
        period_end=spec.period[1],
        notes=spec.notes,
        actor=actor,
    )
    for goal_spec in spec.goals:
        goal = goal_add(
            plan=plan,
            statement=goal_spec.statement,
            target=goal_spec.target,
            target_year=goal_spec.target_year,
            actor=actor,
        )
        for milestone_spec in goal_spec.milestones:
            milestone = milestone_add(
                goal=goal,
                statement=milestone_spec.statement,
                target_value=milestone_spec.target_value,
                target_year=milestone_spec.target_year,
                actor=actor,
            )
            for activity_spec in milestone_spec.activities:
                _add_activity(goal, milestone, activity_spec, actor)
        for activity_spec in goal_spec.activities:
            _add_activity(goal, None, activity_spec, actor)
    if spec.adopted_on is not None:
        # Adopted after it was entered, as in life: a separate change in the history.
        plan = plan_adopt(plan=plan, adopted_on=spec.adopted_on, actor=actor)
    return plan


def _ensure_plans(users: dict[str, User], result: SeedResult) -> None:
    entered_by = {
        "81.05.15": users["kecamatan.telukwaru"],
        "53.18.11": users["kecamatan.kodibalaghar"],
    }
    for spec in DEMO_PLANS:
        desa = Region.objects.get(code=spec.desa_code)
        if desa.name != spec.desa_name:
            raise ValueError(f"{spec.desa_code} is {desa.name}, not {spec.desa_name}")
        # Any live plan overlapping the demo period counts: the desa already has its plan.
        exists = LivelihoodPlan.objects.filter(
            desa=desa, period_start__lte=spec.period[1], period_end__gte=spec.period[0]
        ).exists()
        if not exists:
            # The kecamatan enters the plans on the villages' behalf (DESIGN.md §1).
            _create_plan(spec, desa, entered_by[spec.desa_code.rsplit(".", 1)[0]])
            result.plans_created += 1


@transaction.atomic
def demo_seed() -> tuple[SeedResult, list[Login]]:
    """Create whatever of the demo is missing; return what was done and the logins to print."""
    result = SeedResult()
    _ensure_regions(result)
    password = demo_password()
    users = {spec.username: _ensure_user(spec, password, result) for spec in DEMO_USERS}
    admin = users["admin"]
    _ensure_agencies(admin, result)
    for spec in DEMO_USERS:
        _ensure_memberships(users[spec.username], spec, admin, result)
    _ensure_plans(users, result)
    from rembuk.core.demo.meetings import ensure_meetings  # the meetings app loads after core

    meetings = ensure_meetings(users["kecamatan.kodibalaghar"])
    result.meetings_created = meetings.meetings_created
    result.village_reviews_created = meetings.reviews_created
    result.meetings_skipped = meetings.skipped
    return result, demo_logins(password)


def demo_logins(password: str | None = None) -> list[Login]:
    password = password or demo_password()
    names = dict(Region.objects.filter(code__in=_all_region_codes()).values_list("code", "name"))
    logins = []
    for spec in DEMO_USERS:
        # The role's code, as the documentation and the permission rules name it.
        role = str(spec.role)
        if spec.agency:
            role = f"{role} ({AGENCY_NAMES[spec.agency]})"
        region = ", ".join(f"{names.get(code, code)} ({code})" for code in spec.regions) or "—"
        logins.append(Login(spec.username, password, role, region))
    return logins


def _all_region_codes() -> set[str]:
    return {code for spec in DEMO_USERS for code in spec.regions}
