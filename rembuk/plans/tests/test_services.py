import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from rembuk.core.history import EditConflict
from rembuk.core.models import ChangeLog
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
    user_with_role,
)
from rembuk.plans import services
from rembuk.plans.models import Activity, Authority, FundingSource, Goal, LivelihoodPlan, Milestone

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in their English source form, whatever the catalogue says.
    with translation.override("en"):
        yield


@pytest.fixture
def actor():
    return user_with_role("kecamatan", "53.18.11")


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- plans ----------------------------------------------------------------------------------


def test_creating_a_plan_logs_it_with_the_actor(actor):
    plan = services.plan_create(
        desa=region(WAINYAPU), period_start=2024, period_end=2025, actor=actor
    )
    assert plan.status == LivelihoodPlan.Status.DRAFT
    entry = ChangeLog.objects.get(object_id=plan.pk)
    assert entry.action == "create"
    assert entry.actor == actor


def test_a_plan_for_a_kecamatan_is_refused(actor):
    with pytest.raises(ValidationError, match="not a desa"):
        services.plan_create(
            desa=region("53.18.11"), period_start=2024, period_end=2025, actor=actor
        )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (1999, 2000, "between 2000 and 2100"),
        (2024, 2101, "between 2000 and 2100"),
        (2026, 2025, "cannot come before"),
        (2024, 2034, "at most 10 years"),
    ],
)
def test_insane_periods_are_refused(actor, start, end, message):
    with pytest.raises(ValidationError) as refused:
        services.plan_create(desa=region(WAINYAPU), period_start=start, period_end=end, actor=actor)
    assert message in messages_of(refused.value)
    assert not LivelihoodPlan.objects.filter(desa__code=WAINYAPU).exists()


def test_a_ten_year_period_is_allowed(actor):
    plan = services.plan_create(
        desa=region(WAINYAPU), period_start=2024, period_end=2033, actor=actor
    )
    assert plan.period_label == "2024–2033"


def test_a_period_overlapping_a_live_plan_of_the_same_desa_is_refused(actor):
    PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    with pytest.raises(ValidationError) as refused:
        services.plan_create(desa=region(WAINYAPU), period_start=2025, period_end=2027, actor=actor)
    assert messages_of(refused.value) == "Desa Wainyapu already has a plan for 2024–2025."


def test_adjacent_periods_and_other_desa_do_not_overlap(actor):
    PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    services.plan_create(desa=region(WAINYAPU), period_start=2026, period_end=2027, actor=actor)
    services.plan_create(
        desa=region("53.18.11.2001"), period_start=2024, period_end=2025, actor=actor
    )


def test_a_deleted_plan_no_longer_blocks_its_period(actor):
    old = PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    services.plan_delete(plan=old, actor=actor)
    services.plan_create(desa=region(WAINYAPU), period_start=2024, period_end=2025, actor=actor)


def test_changing_a_period_onto_another_plan_is_refused_but_keeping_its_own_is_fine(actor):
    PlanFactory(desa=region(WAINYAPU), period_start=2024, period_end=2025)
    later = PlanFactory(desa=region(WAINYAPU), period_start=2026, period_end=2027)
    with pytest.raises(ValidationError, match="already has a plan for 2024–2025"):
        services.plan_update(plan=later, period_start=2025, actor=actor)
    updated = services.plan_update(plan=later, period_end=2028, notes="Direvisi", actor=actor)
    assert (updated.period_start, updated.period_end, updated.notes) == (2026, 2028, "Direvisi")


def test_adopting_a_plan_needs_a_past_date_and_a_goal(actor):
    plan = PlanFactory()
    with pytest.raises(ValidationError, match="at least one goal"):
        services.plan_adopt(plan=plan, adopted_on=datetime.date(2023, 12, 1), actor=actor)
    GoalFactory(plan=plan)
    with pytest.raises(ValidationError, match="date of the musyawarah desa"):
        services.plan_adopt(plan=plan, adopted_on=None, actor=actor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.plan_adopt(plan=plan, adopted_on=tomorrow, actor=actor)
    adopted = services.plan_adopt(plan=plan, adopted_on=datetime.date(2023, 12, 1), actor=actor)
    assert adopted.status == LivelihoodPlan.Status.ADOPTED
    assert adopted.adopted_on == datetime.date(2023, 12, 1)


def test_an_adopted_plan_cannot_be_adopted_twice_but_can_still_be_revised(actor):
    goal = GoalFactory()
    plan = services.plan_adopt(plan=goal.plan, adopted_on=datetime.date(2023, 12, 1), actor=actor)
    with pytest.raises(ValidationError, match="already adopted"):
        services.plan_adopt(plan=plan, adopted_on=datetime.date(2024, 1, 1), actor=actor)
    services.goal_update(goal=goal, statement="Direvisi", actor=actor)
    assert Goal.objects.get(pk=goal.pk).statement == "Direvisi"


def test_deleting_a_plan_tombstones_everything_under_it(actor):
    activity = ActivityFactory()
    plan = activity.goal.plan
    services.plan_delete(plan=plan, actor=actor)
    assert not LivelihoodPlan.objects.filter(pk=plan.pk).exists()
    assert Activity.all_objects.get(pk=activity.pk).is_deleted
    assert Milestone.all_objects.get(pk=activity.milestone_id).is_deleted


# --- goals and milestones -------------------------------------------------------------------


def test_goals_are_added_at_the_end(actor):
    plan = PlanFactory()
    first = services.goal_add(plan=plan, statement="Satu", actor=actor)
    second = services.goal_add(
        plan=plan, statement="Dua", target="T", target_year=2025, actor=actor
    )
    assert (first.position, second.position) == (0, 1)


def test_a_goal_without_a_statement_is_refused(actor):
    with pytest.raises(ValidationError, match="Write the goal"):
        services.goal_add(plan=PlanFactory(), statement="   ", actor=actor)


def test_a_text_longer_than_its_column_is_refused_with_the_limit(actor):
    with pytest.raises(ValidationError) as refused:
        services.goal_add(plan=PlanFactory(), statement="x" * 2001, actor=actor)
    assert refused.value.message_dict["statement"] == [
        "Main goal is too long: 2001 characters, at most 2000 are allowed."
    ]
    activity = ActivityFactory()
    with pytest.raises(ValidationError, match="at most 300"):
        services.activity_update(activity=activity, funding_note="y" * 301, actor=actor)


def test_a_target_year_out_of_range_is_refused(actor):
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        services.milestone_add(goal=GoalFactory(), statement="S", target_year=1900, actor=actor)


def test_a_stale_edit_of_the_same_field_is_refused_with_the_current_text(actor):
    goal = GoalFactory(statement="Awal")
    started_at = goal.version
    services.goal_update(goal=goal, statement="Versi Ani", base_version=started_at, actor=actor)
    with pytest.raises(EditConflict) as conflict:
        services.goal_update(
            goal=goal, statement="Versi Budi", base_version=started_at, actor=actor
        )
    assert conflict.value.current == {"statement": "Versi Ani"}
    assert Goal.objects.get(pk=goal.pk).statement == "Versi Ani"


def test_a_stale_edit_of_another_field_merges(actor):
    milestone = MilestoneFactory(statement="S", target_value="T")
    started_at = milestone.version
    services.milestone_update(
        milestone=milestone, statement="S2", base_version=started_at, actor=actor
    )
    merged = services.milestone_update(
        milestone=milestone, target_value="T2", base_version=started_at, actor=actor
    )
    assert (merged.statement, merged.target_value) == ("S2", "T2")


def test_moving_goals_swaps_them_and_logs_the_new_order(actor):
    plan = PlanFactory()
    a = services.goal_add(plan=plan, statement="A", actor=actor)
    b = services.goal_add(plan=plan, statement="B", actor=actor)
    c = services.goal_add(plan=plan, statement="C", actor=actor)
    services.goal_move(goal=c, direction="up", actor=actor)
    order = list(Goal.objects.filter(plan=plan).order_by("position").values_list("statement"))
    assert order == [("A",), ("C",), ("B",)]
    moved = ChangeLog.objects.filter(object_id=c.pk, action="update").last()
    assert moved.changes == {"position": [2, 1]}
    # The first goal cannot go further up: nothing changes and nothing is logged.
    before = ChangeLog.objects.count()
    services.goal_move(goal=a, direction="up", actor=actor)
    assert ChangeLog.objects.count() == before
    assert Goal.objects.get(pk=b.pk).position == 2


def test_moving_renumbers_siblings_with_equal_positions(actor):
    goal = GoalFactory()
    first = MilestoneFactory(goal=goal, position=0, statement="1")
    second = MilestoneFactory(goal=goal, position=0, statement="2")
    services.milestone_move(milestone=second, direction="up", actor=actor)
    assert Milestone.objects.get(pk=second.pk).position == 0
    assert Milestone.objects.get(pk=first.pk).position == 1


def test_deleting_a_milestone_deletes_its_activities(actor):
    activity = ActivityFactory()
    services.milestone_delete(milestone=activity.milestone, actor=actor)
    assert Activity.all_objects.get(pk=activity.pk).is_deleted
    assert Goal.objects.filter(pk=activity.goal_id).exists()


# --- activities -----------------------------------------------------------------------------


def test_an_activity_keeps_several_funding_sources_once_each(actor):
    milestone = MilestoneFactory()
    activity = services.activity_add(
        goal=milestone.goal,
        milestone=milestone,
        name="Pelatihan hama",
        funding_sources=[
            FundingSource.DANA_DESA,
            FundingSource.OPD_TEKNIS,
            FundingSource.DANA_DESA,
        ],
        authority=Authority.KABUPATEN,
        actor=actor,
    )
    assert activity.funding_sources == ["dana_desa", "opd_teknis"]
    assert activity.is_musrenbang_proposal


def test_an_activity_without_funding_is_allowed(actor):
    activity = services.activity_add(goal=GoalFactory(), name="Gotong royong", actor=actor)
    assert activity.funding_sources == []
    assert activity.milestone is None


def test_an_unknown_funding_source_is_refused(actor):
    with pytest.raises(ValidationError) as refused:
        services.activity_add(
            goal=GoalFactory(), name="X", funding_sources=["dana_desa", "bank_dunia"], actor=actor
        )
    assert "Unknown funding source: bank_dunia" in refused.value.message_dict["funding_sources"][0]
    assert not Activity.objects.filter(name="X").exists()


def test_an_unknown_authority_is_refused(actor):
    with pytest.raises(ValidationError, match="Unknown authority"):
        services.activity_add(goal=GoalFactory(), name="X", authority="kecamatan", actor=actor)


def test_a_milestone_of_another_goal_is_refused(actor):
    goal = GoalFactory()
    elsewhere = MilestoneFactory()
    with pytest.raises(ValidationError, match="same goal"):
        services.activity_add(goal=goal, milestone=elsewhere, name="X", actor=actor)
    activity = ActivityFactory(goal=goal, milestone=MilestoneFactory(goal=goal))
    with pytest.raises(ValidationError, match="same goal"):
        services.activity_update(activity=activity, milestone=elsewhere, actor=actor)


def test_an_activity_can_move_to_another_milestone_of_its_goal_or_to_none(actor):
    activity = ActivityFactory()
    other = MilestoneFactory(goal=activity.goal)
    moved = services.activity_update(activity=activity, milestone=other, actor=actor)
    assert moved.milestone_id == other.pk
    loose = services.activity_update(activity=moved, milestone=None, actor=actor)
    assert loose.milestone_id is None


def test_activities_move_within_their_milestone(actor):
    milestone = MilestoneFactory()
    first = ActivityFactory(milestone=milestone, position=0, name="1")
    second = ActivityFactory(milestone=milestone, position=1, name="2")
    services.activity_move(activity=first, direction="down", actor=actor)
    names = list(
        Activity.objects.filter(milestone=milestone).order_by("position").values_list("name")
    )
    assert names == [("2",), ("1",)]
    with pytest.raises(ValidationError):
        services.activity_move(activity=second, direction="sideways", actor=actor)  # type: ignore[arg-type]


def test_a_stale_activity_edit_to_funding_is_refused_while_a_name_edit_merges(actor):
    activity = ActivityFactory(funding_sources=["csr"])
    started_at = activity.version
    services.activity_update(
        activity=activity, funding_sources=["dana_desa"], base_version=started_at, actor=actor
    )
    with pytest.raises(EditConflict):
        services.activity_update(
            activity=activity, funding_sources=["swadaya"], base_version=started_at, actor=actor
        )
    merged = services.activity_update(
        activity=activity, name="Nama baru", base_version=started_at, actor=actor
    )
    assert (merged.name, merged.funding_sources) == ("Nama baru", ["dana_desa"])
