"""Reads of evaluations and assets profiles, already limited to what the user may see.

Every function here costs a fixed number of queries, whatever the number of goals or desa:
the evaluation page, its PDF/DOCX and the kecamatan report all read village_report().
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rembuk.core.lookups import one_or_404
from rembuk.evaluation.models import GoalEvaluation, LivelihoodAssets, PlanEvaluation, Result
from rembuk.meetings.models import GoalReview
from rembuk.people.permissions import PLAN_EDIT_ROLES, READ_ROLES, scope_filter
from rembuk.plans.models import Goal, LivelihoodPlan
from rembuk.plans.selectors import GoalBlock, plan_matrix
from rembuk.regions.models import Region


def latest_reviews(goal_ids: list[uuid.UUID]) -> dict[uuid.UUID, GoalReview]:
    """The latest live end-of-period review of each goal at a kecamatan meeting (one query)."""
    reviews = (
        GoalReview.objects.filter(
            goal_id__in=goal_ids, sheet__is_deleted=False, sheet__meeting__is_deleted=False
        )
        .select_related("sheet__meeting")
        .order_by("sheet__meeting__date", "changed_at")
    )
    return {review.goal_id: review for review in reviews}  # later ones overwrite earlier ones


@dataclass
class GoalRow:
    block: GoalBlock
    evaluation: GoalEvaluation | None
    review: GoalReview | None
    achieved: str = ""
    result: str = ""
    factors: str = ""
    keep: str = ""
    change: str = ""
    carry_forward: bool = False
    continued_milestones: set[str] = field(default_factory=set)
    continued_activities: set[str] = field(default_factory=set)

    @property
    def goal(self) -> Goal:
        return self.block.goal

    @property
    def result_label(self) -> str:
        return str(dict(Result.choices).get(self.result, "")) if self.result else ""


def _row(block: GoalBlock, evaluation: GoalEvaluation | None, review: GoalReview | None) -> GoalRow:
    row = GoalRow(block=block, evaluation=evaluation, review=review)
    if evaluation is not None:
        for name in ("achieved", "result", "factors", "keep", "change", "carry_forward"):
            setattr(row, name, getattr(evaluation, name))
        row.continued_milestones = set(evaluation.continued_milestone_ids)
        row.continued_activities = set(evaluation.continued_activity_ids)
        return row
    # Not evaluated yet: start from what the kecamatan meeting recorded, and propose to carry
    # on what was not fully achieved, with all of its milestones and activities.
    if review is not None:
        row.result = review.result
        row.factors = review.factors
    row.carry_forward = row.result != Result.ACHIEVED
    if row.carry_forward:
        row.continued_milestones = {
            str(b.milestone.id) for b in block.milestones if b.milestone is not None
        }
        row.continued_activities = {str(a.id) for a in block.activities}
    return row


@dataclass
class VillageEvaluation:
    plan: LivelihoodPlan
    evaluation: PlanEvaluation | None
    rows: list[GoalRow]
    assets: LivelihoodAssets | None
    previous: list[GoalEvaluation]
    next_plans: list[LivelihoodPlan]

    @property
    def desa(self) -> Region:
        return self.plan.desa


def profile_for_period(desa: Region, plan: LivelihoodPlan) -> LivelihoodAssets | None:
    """The latest profile of the desa up to the end of the plan's period (one query)."""
    return (
        LivelihoodAssets.objects.filter(desa=desa, year__lte=plan.period_end)
        .order_by("-year")
        .first()
    )


def previous_results(plan: LivelihoodPlan) -> list[GoalEvaluation]:
    if plan.previous_plan_id is None:
        return []
    return list(
        GoalEvaluation.objects.filter(
            evaluation__plan_id=plan.previous_plan_id,
            evaluation__is_deleted=False,
            goal__is_deleted=False,
        )
        .select_related("goal")
        .order_by("goal__position", "goal__changed_at")
    )


def village_report(plan: LivelihoodPlan) -> VillageEvaluation:
    """The plan's evaluation, or its prefilled draft, goal by goal (eight queries)."""
    blocks = plan_matrix(plan)
    evaluation = PlanEvaluation.objects.filter(plan=plan).first()
    saved: dict[uuid.UUID, GoalEvaluation] = {}
    if evaluation is not None:
        saved = {row.goal_id: row for row in GoalEvaluation.objects.filter(evaluation=evaluation)}
    reviews = latest_reviews([block.goal.id for block in blocks])
    rows = [_row(b, saved.get(b.goal.id), reviews.get(b.goal.id)) for b in blocks]
    return VillageEvaluation(
        plan=plan,
        evaluation=evaluation,
        rows=rows,
        assets=profile_for_period(plan.desa, plan),
        previous=previous_results(plan),
        next_plans=list(plan.next_plans.order_by("period_start")),
    )


# --- kecamatan -------------------------------------------------------------------------------


def kecamatan_periods(kecamatan: Region) -> list[tuple[int, int]]:
    """The periods for which some desa of the kecamatan has an evaluation, latest first."""
    pairs = (
        PlanEvaluation.objects.filter(plan__desa__parent=kecamatan, plan__is_deleted=False)
        .values_list("plan__period_start", "plan__period_end")
        .distinct()
    )
    return sorted(set(pairs), reverse=True)


@dataclass
class KecamatanEvaluation:
    kecamatan: Region
    period_start: int
    period_end: int
    villages: list[VillageEvaluation]

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"


def kecamatan_report(kecamatan: Region, period_start: int, period_end: int) -> KecamatanEvaluation:
    """Every desa of the kecamatan with an evaluation for the period (a fixed query count)."""
    evaluations = list(
        PlanEvaluation.objects.filter(
            plan__desa__parent=kecamatan,
            plan__is_deleted=False,
            plan__period_start=period_start,
            plan__period_end=period_end,
        )
        .select_related("plan", "plan__desa")
        .order_by("plan__desa__name")
    )
    goal_rows = GoalEvaluation.objects.filter(
        evaluation__in=evaluations, goal__is_deleted=False
    ).select_related("goal")
    by_evaluation: dict[uuid.UUID, list[GoalEvaluation]] = {}
    for row in sorted(goal_rows, key=lambda r: (r.goal.position, r.goal.changed_at or 0)):
        by_evaluation.setdefault(row.evaluation_id, []).append(row)
    desa_ids = [evaluation.plan.desa_id for evaluation in evaluations]
    profiles: dict[Any, LivelihoodAssets] = {}
    for assets in LivelihoodAssets.objects.filter(
        desa_id__in=desa_ids, year__lte=period_end
    ).order_by("year"):
        profiles[assets.desa_id] = assets  # the latest year wins
    villages = []
    for evaluation in evaluations:
        rows = [
            _row(
                GoalBlock(number=number, goal=goal_evaluation.goal),
                goal_evaluation,
                None,
            )
            for number, goal_evaluation in enumerate(by_evaluation.get(evaluation.id, []), 1)
        ]
        villages.append(
            VillageEvaluation(
                plan=evaluation.plan,
                evaluation=evaluation,
                rows=rows,
                assets=profiles.get(evaluation.plan.desa_id),
                previous=[],
                next_plans=[],
            )
        )
    return KecamatanEvaluation(kecamatan, period_start, period_end, villages)


# --- assets ----------------------------------------------------------------------------------


def assets_visible_to(user: Any) -> QuerySet[LivelihoodAssets]:
    return LivelihoodAssets.objects.filter(
        scope_filter(user, "desa__code", READ_ROLES)
    ).select_related("desa", "desa__parent")


def assets_for_user(user: Any, assets_id: uuid.UUID | str) -> LivelihoodAssets:
    return one_or_404(assets_visible_to(user), pk=assets_id)


def assets_editable_by(user: Any, assets_id: uuid.UUID | str) -> LivelihoodAssets:
    return one_or_404(
        LivelihoodAssets.objects.filter(
            scope_filter(user, "desa__code", PLAN_EDIT_ROLES)
        ).select_related("desa", "desa__parent"),
        pk=assets_id,
    )


def desa_for_user(user: Any, code: str, *, edit: bool = False) -> Region:
    """The desa, or 404 when it does not exist or lies outside the user's (edit) scope."""
    roles = PLAN_EDIT_ROLES if edit else READ_ROLES
    desa = (
        Region.objects.filter(scope_filter(user, "code", roles))
        .filter(code=code, level=Region.Level.DESA)
        .select_related("parent")
        .first()
    )
    if desa is None:
        raise Http404
    return desa


def assets_of_desa(desa: Region) -> list[LivelihoodAssets]:
    return list(LivelihoodAssets.objects.filter(desa=desa).order_by("-year"))
