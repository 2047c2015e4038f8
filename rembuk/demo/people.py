"""Demo people: a user for every role, the standard agencies of both kabupaten, and the logins
seed_demo prints.

Idempotent: a user is recognised by username, an agency by kabupaten and short name, a
membership by user, role and region; what exists is left alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from rembuk.people.models import Agency, Membership, Role, User
from rembuk.people.services import STANDARD_AGENCIES, agencies_seed, membership_grant
from rembuk.regions.codes import kabupaten_of
from rembuk.regions.models import Region

# Demo data only: every demo account shares this password unless REMBUK_DEMO_PASSWORD is set.
DEFAULT_DEMO_PASSWORD = "rembuk-demo"  # noqa: S105

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
    # Wailangira plays the guide's Desa X: its team sees the answers to its support requests.
    DemoUser("desa.wailangira", "Daniel", "Bulu", Role.TIM_DESA, ("53.18.11.2001",)),
    DemoUser("fasdesa.wainyapu", "Markus", "Dapa", Role.FASILITATOR_DESA, ("53.18.11.2006",)),
    DemoUser("fasdesa.waru", "Fadli", "Rumbia", Role.FASILITATOR_DESA, ("81.05.15.2001",)),
)


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    region: str


def demo_password() -> str:
    return os.environ.get("REMBUK_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def ensure_agencies(admin: User) -> int:
    """The standard agencies of both demo kabupaten; returns how many were created."""
    created = 0
    for kabupaten_code in ("53.18", "81.05"):
        kabupaten = Region.objects.get(code=kabupaten_code)
        created += len(agencies_seed(kabupaten=kabupaten, actor=admin))
    return created


def _agency_for(kabupaten_code: str, short_name: str) -> Agency:
    return Agency.objects.get(kabupaten__code=kabupaten_code, short_name=short_name)


def ensure_user(spec: DemoUser, password: str) -> tuple[User, bool]:
    """The demo user, created when missing; returns it and whether it was created."""
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
        return user, True
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
    return user, False


def ensure_memberships(user: User, spec: DemoUser, admin: Any) -> int:
    """The demo user's roles, granted when missing; returns how many were granted."""
    granted = 0
    for code in spec.regions:
        if Membership.objects.filter(user=user, role=spec.role, region__code=code).exists():
            continue
        agency = _agency_for(kabupaten_of(code), spec.agency) if spec.agency else None
        membership_grant(user=user, role=spec.role, region_code=code, agency=agency, actor=admin)
        granted += 1
    return granted


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
