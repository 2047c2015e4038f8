"""The demo's people and plans: their shape, and what the seed leaves alone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from rembuk.core.testing import PlanFactory, region
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.meetings import DESA_X, ensure_meetings
from rembuk.demo.people import DEFAULT_DEMO_PASSWORD, DEMO_USERS, demo_password, ensure_user
from rembuk.demo.plans import DEMO_PLANS, ensure_plans
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import User
from rembuk.plans.models import LivelihoodPlan

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


# --- what the seed leaves alone ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_password_comes_from_the_environment_when_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REMBUK_DEMO_PASSWORD", "kata-sandi-lain")
    spec = next(spec for spec in DEMO_USERS if spec.username == "desa.wainyapu")
    ensure_user(spec, demo_password())
    assert authenticate(username="desa.wainyapu", password="kata-sandi-lain") is not None
    assert authenticate(username="desa.wainyapu", password=DEFAULT_DEMO_PASSWORD) is None
    # An existing demo user whose login would not work is repaired, and only then.
    monkeypatch.delenv("REMBUK_DEMO_PASSWORD")
    _user, created = ensure_user(spec, demo_password())
    assert not created
    assert authenticate(username="desa.wainyapu", password=DEFAULT_DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_a_desa_that_already_has_a_plan_for_the_period_is_left_alone() -> None:
    calendar = DemoCalendar.now()
    own = PlanFactory(
        desa=region("53.18.11.2006"), period_start=calendar.year, period_end=calendar.year + 2
    )
    entered_by = {"81.05.15": None, "53.18.11": None}
    assert ensure_plans(entered_by, calendar) == 18
    assert list(LivelihoodPlan.objects.filter(desa__code="53.18.11.2006")) == [own]
    assert ensure_plans(entered_by, calendar) == 0


@pytest.mark.django_db
def test_a_wailangira_with_a_plan_of_its_own_gets_no_seed_meeting_and_is_told_why() -> None:
    calendar = DemoCalendar.now()
    PlanFactory(desa=region(DESA_X), period_start=calendar.year, period_end=calendar.year + 2)
    ensure_plans({"81.05.15": None, "53.18.11": None}, calendar)
    result = ensure_meetings(None, calendar)
    assert not CoordinationMeeting.objects.exists()
    assert "Wailangira" in result.skipped


@pytest.mark.django_db
def test_seeding_is_refused_on_a_production_installation(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()
