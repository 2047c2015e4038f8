import datetime

import pytest
from django.core.exceptions import ValidationError

from rembuk.core.testing import PlanFactory, region
from rembuk.evaluation import selectors, services
from rembuk.evaluation.models import GoalEvaluation, LivelihoodAssets, PlanEvaluation
from rembuk.evaluation.services import GoalEvaluationInput
from rembuk.evaluation.tests.conftest import WAINYAPU, evaluate, review_goal
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone

pytestmark = pytest.mark.django_db


def test_the_draft_is_prefilled_from_the_latest_goal_review_at_a_kecamatan_meeting(
    plan, kecamatan_user
):
    first, _second = plan.goals.order_by("position")
    review_goal(plan, first, kecamatan_user, "tidak_tercapai", "old", datetime.date(2025, 3, 1))
    review_goal(
        plan, first, kecamatan_user, "sebagian", "Penyuluh jarang datang", datetime.date(2025, 9, 1)
    )
    report = selectors.village_report(plan)
    row_first, row_second = report.rows
    assert (row_first.result, row_first.factors) == ("sebagian", "Penyuluh jarang datang")
    assert row_first.carry_forward and len(row_first.continued_activities) == 3
    assert row_second.result == "" and row_second.review is None


def test_an_achieved_goal_is_proposed_to_stop(plan, kecamatan_user):
    first = plan.goals.order_by("position").first()
    review_goal(plan, first, kecamatan_user, "tercapai", "", datetime.date(2025, 9, 1))
    row = selectors.village_report(plan).rows[0]
    assert not row.carry_forward and not row.continued_activities


def test_saving_twice_updates_the_one_evaluation(plan, kecamatan_user):
    evaluate(plan, kecamatan_user)
    evaluate(plan, kecamatan_user)
    assert PlanEvaluation.objects.filter(plan=plan).count() == 1
    assert GoalEvaluation.objects.count() == 2
    saved = selectors.village_report(plan).rows[0]
    assert saved.evaluation is not None and saved.change == "Cari pembeli jagung sebelum panen"


def test_an_activity_of_another_goal_cannot_be_marked_to_continue(plan, kecamatan_user):
    first, second = plan.goals.order_by("position")
    stranger = second.activities.first()
    with pytest.raises(ValidationError):
        services.evaluation_save(
            plan=plan,
            actor=kecamatan_user,
            date=datetime.date(2025, 12, 1),
            goals=[
                GoalEvaluationInput(
                    goal_id=first.id, carry_forward=True, continued_activity_ids=[stranger.id]
                )
            ],
        )


def test_the_next_plan_copies_only_what_is_marked_and_links_the_old_plan(plan, kecamatan_user):
    evaluate(plan, kecamatan_user)
    new = services.next_plan_from(plan=plan, actor=kecamatan_user)
    assert (new.period_start, new.period_end) == (2026, 2027)
    assert new.previous_plan_id == plan.id and new.desa_id == plan.desa_id
    goals = list(Goal.objects.filter(plan=new))
    assert [g.statement for g in goals] == ["Tujuan 1"]
    assert list(Milestone.objects.filter(goal__plan=new).values_list("statement", flat=True)) == [
        plan.goals.order_by("position").first().milestones.get().statement
    ]
    activities = list(Activity.objects.filter(goal__plan=new))
    assert [a.name for a in activities] == ["Kegiatan 1.1"]
    assert activities[0].milestone is not None  # kept under its copied milestone
    assert list(plan.next_plans.all()) == [LivelihoodPlan.objects.get(pk=new.pk)]


def test_a_next_plan_overlapping_an_existing_plan_is_refused(plan, kecamatan_user):
    PlanFactory(desa=region(WAINYAPU), period_start=2027, period_end=2028)
    with pytest.raises(ValidationError) as refused:
        services.next_plan_from(plan=plan, actor=kecamatan_user)
    assert refused.value.code == "overlap"
    assert LivelihoodPlan.objects.filter(desa=plan.desa).count() == 2


def test_a_next_period_must_start_after_the_evaluated_plan(plan, kecamatan_user):
    with pytest.raises(ValidationError):
        services.next_plan_from(plan=plan, actor=kecamatan_user, period_start=2025, period_end=2026)


def test_without_an_evaluation_the_next_plan_starts_empty_but_linked(plan, kecamatan_user):
    new = services.next_plan_from(plan=plan, actor=kecamatan_user)
    assert new.previous_plan_id == plan.id and not Goal.objects.filter(plan=new).exists()


def test_the_next_plan_shows_the_previous_results(plan, kecamatan_user):
    evaluate(plan, kecamatan_user)
    new = services.next_plan_from(plan=plan, actor=kecamatan_user)
    previous = selectors.village_report(new).previous
    assert [(p.goal.statement, p.result) for p in previous] == [
        ("Tujuan 1", "sebagian"),
        ("Tujuan 2", "tercapai"),
    ]


def test_a_second_assets_profile_for_the_same_year_is_refused(kecamatan_user):
    desa = region(WAINYAPU)
    services.assets_create(desa=desa, year=2025, actor=kecamatan_user, households=312)
    with pytest.raises(ValidationError) as refused:
        services.assets_create(desa=desa, year=2025, actor=kecamatan_user)
    assert refused.value.error_dict["year"][0].code == "duplicate_year"
    other = services.assets_create(desa=desa, year=2024, actor=kecamatan_user)
    with pytest.raises(ValidationError):
        services.assets_update(assets=other, actor=kecamatan_user, year=2025)
    assert LivelihoodAssets.objects.filter(desa=desa).count() == 2


def test_an_assets_profile_needs_a_desa_and_sensible_counts(kecamatan_user):
    with pytest.raises(ValidationError):
        services.assets_create(desa=region("53.18.11"), year=2025, actor=kecamatan_user)
    with pytest.raises(ValidationError):
        services.assets_create(
            desa=region(WAINYAPU), year=2025, actor=kecamatan_user, households=-1
        )


def test_the_evaluation_shows_the_latest_profile_up_to_the_end_of_the_period(plan, kecamatan_user):
    desa = region(WAINYAPU)
    services.assets_create(desa=desa, year=2024, actor=kecamatan_user, households=300)
    services.assets_create(desa=desa, year=2025, actor=kecamatan_user, households=312)
    services.assets_create(desa=desa, year=2026, actor=kecamatan_user, households=320)
    assert selectors.village_report(plan).assets.households == 312
