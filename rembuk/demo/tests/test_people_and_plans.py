from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from rembuk.core.models import ChangeLog
from rembuk.demo.people import DEFAULT_DEMO_PASSWORD, DEMO_USERS
from rembuk.demo.plans import DEMO_PLANS
from rembuk.people.models import Membership, Role, User
from rembuk.plans.models import MUSRENBANG_AUTHORITIES, Activity, Goal, LivelihoodPlan, Milestone
from rembuk.regions.models import Region

DEMO_KECAMATAN = ("81.05.15", "53.18.11")


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    # The command checks every demo password on each run; PBKDF2 would make that slow here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "plans": LivelihoodPlan.all_objects.count(),
        "goals": Goal.all_objects.count(),
        "milestones": Milestone.all_objects.count(),
        "activities": Activity.all_objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.all_objects.count(),
        "changelog": ChangeLog.objects.count(),
    }


# --- the data as written (no database) -------------------------------------------------------


def test_every_demo_plan_has_the_shape_of_matriks_1() -> None:
    for plan in DEMO_PLANS:
        assert 1 <= len(plan.goals) <= 3, plan.desa_name
        for goal in plan.goals:
            assert goal.statement and goal.target and goal.target_year
            # Seed 000's Desa X lists its second goal's activities under no tujuan antara.
            assert 1 <= len(goal.milestones) + bool(goal.activities) <= 2, goal.statement
            for milestone in goal.milestones:
                assert milestone.target_value, milestone.statement
                assert 3 <= len(milestone.activities) <= 8, milestone.statement
            for activity in [a for m in goal.milestones for a in m.activities] + list(
                goal.activities
            ):
                assert activity.description, activity.name
                assert activity.funding_sources, activity.name


def test_no_goal_or_tujuan_antara_is_copied_from_another_village() -> None:
    statements = [g.statement for p in DEMO_PLANS for g in p.goals]
    statements += [m.statement for p in DEMO_PLANS for g in p.goals for m in g.milestones]
    assert len(statements) == len(set(statements))


# --- the command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_run_changes_nothing_and_prints_the_logins_again() -> None:
    first_output = seed()
    after_first = counts()
    second_output = seed()

    assert counts() == after_first
    assert "0 rencana baru" in second_output
    for spec in DEMO_USERS:
        assert spec.username in first_output
        assert spec.username in second_output
    assert DEFAULT_DEMO_PASSWORD in second_output


@pytest.mark.django_db
def test_every_desa_of_both_kecamatan_has_a_plan_for_2024_2025() -> None:
    seed()
    for kecamatan in DEMO_KECAMATAN:
        desa = Region.objects.filter(level=Region.Level.DESA, code__startswith=kecamatan + ".")
        planned = LivelihoodPlan.objects.filter(
            desa__in=desa, period_start=2024, period_end=2025
        ).values_list("desa__code", flat=True)
        assert sorted(planned) == sorted(desa.values_list("code", flat=True))
    assert LivelihoodPlan.objects.count() == 19


@pytest.mark.django_db
def test_some_plans_are_adopted_with_a_musyawarah_date_and_some_are_drafts() -> None:
    seed()
    adopted = LivelihoodPlan.objects.filter(status=LivelihoodPlan.Status.ADOPTED)
    assert adopted.exists()
    assert not adopted.filter(adopted_on__isnull=True).exists()
    assert LivelihoodPlan.objects.filter(status=LivelihoodPlan.Status.DRAFT).exists()


@pytest.mark.django_db
def test_each_kecamatan_has_proposals_for_the_musrenbang() -> None:
    seed()
    for kecamatan in DEMO_KECAMATAN:
        proposals = Activity.objects.filter(
            goal__plan__desa__code__startswith=kecamatan + ".",
            authority__in=MUSRENBANG_AUTHORITIES,
        )
        assert proposals.count() >= 5


@pytest.mark.django_db
def test_every_role_has_a_demo_user_and_there_is_a_superuser() -> None:
    seed()
    roles = set(
        Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS])
        .values_list("role", flat=True)
        .distinct()
    )
    assert roles == set(Role.values)
    assert User.objects.get(username="admin").is_superuser
    opd = Membership.objects.get(user__username="opd.distan.sbd")
    assert opd.agency is not None and opd.agency.name == "Dinas Pertanian"
    assert opd.agency.kabupaten.code == "53.18"


@pytest.mark.django_db
def test_the_printed_passwords_work_and_nobody_is_forced_to_change_them() -> None:
    seed()
    for spec in DEMO_USERS:
        user = authenticate(username=spec.username, password=DEFAULT_DEMO_PASSWORD)
        assert user is not None, spec.username
        assert not user.must_change_password


@pytest.mark.django_db
def test_the_demo_password_comes_from_the_environment_when_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REMBUK_DEMO_PASSWORD", "kata-sandi-lain")
    output = seed()
    assert "kata-sandi-lain" in output
    assert authenticate(username="desa.wainyapu", password="kata-sandi-lain") is not None
    assert authenticate(username="desa.wainyapu", password=DEFAULT_DEMO_PASSWORD) is None


@pytest.mark.django_db
def test_a_village_user_holds_only_their_own_desa() -> None:
    seed()
    membership = Membership.objects.get(user__username="desa.wainyapu")
    assert (membership.role, membership.region.code) == (Role.TIM_DESA, "53.18.11.2006")


@pytest.mark.django_db
def test_the_demo_plans_have_a_history_entered_by_the_kecamatan() -> None:
    seed()
    plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2006")
    entries = ChangeLog.objects.filter(root_id=plan.id)
    assert entries.filter(action=ChangeLog.Action.CREATE).count() > 10
    # The plan itself was typed in by the kecamatan; which activity waits for which was
    # added later by the village team at its own review (the monitoring demo).
    typed = entries.exclude(model_label="plans.activitydependency")
    assert set(typed.values_list("actor__username", flat=True)) == {"kecamatan.kodibalaghar"}


@pytest.mark.django_db
def test_a_desa_that_already_has_a_plan_for_the_period_is_left_alone() -> None:
    from rembuk.core.testing import PlanFactory, region

    own = PlanFactory(desa=region("53.18.11.2006"), period_start=2024, period_end=2026)
    seed()
    plans = LivelihoodPlan.objects.filter(desa__code="53.18.11.2006")
    assert list(plans) == [own]
    assert LivelihoodPlan.objects.count() == 19


@pytest.mark.django_db
def test_seeding_is_refused_on_a_production_installation(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError):
        seed()
    assert not User.objects.filter(username="admin").exists()
