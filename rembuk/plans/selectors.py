"""Reads of village plans, already limited to what the user may see.

plan_matrix() turns a plan into the rows of Matriks 1 with a fixed number of queries, whatever
the size of the plan: the screen, the PDF and the XLSX export all read it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from rembuk.people.permissions import PLAN_EDIT_ROLES, READ_ROLES, can_view_region, scope_filter
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.regions.models import Region


def plans_visible_to(user: Any) -> QuerySet[LivelihoodPlan]:
    return (
        LivelihoodPlan.objects.filter(scope_filter(user, "desa__code", READ_ROLES))
        .select_related("desa", "desa__parent", "desa__parent__parent")
        .order_by("desa__code", "-period_start")
    )


def plan_for_user(user: Any, plan_id: uuid.UUID | str) -> LivelihoodPlan:
    """The plan, or 404 when it does not exist, is deleted, or lies outside the user's region."""
    try:
        return plans_visible_to(user).get(pk=plan_id)
    except (LivelihoodPlan.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def plan_editable_by(user: Any, plan_id: uuid.UUID | str) -> LivelihoodPlan:
    """The plan, or 404 unless the user may edit plans of its desa."""
    try:
        return (
            LivelihoodPlan.objects.filter(scope_filter(user, "desa__code", PLAN_EDIT_ROLES))
            .select_related("desa", "desa__parent", "desa__parent__parent")
            .get(pk=plan_id)
        )
    except (LivelihoodPlan.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def goal_in_plan(plan: LivelihoodPlan, goal_id: uuid.UUID | str) -> Goal:
    """A live goal of the plan, or 404."""
    try:
        return Goal.objects.get(plan=plan, pk=goal_id)
    except (Goal.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def milestone_in_plan(plan: LivelihoodPlan, milestone_id: uuid.UUID | str) -> Milestone:
    """A live milestone of a live goal of the plan, or 404."""
    try:
        return Milestone.objects.get(goal__plan=plan, goal__is_deleted=False, pk=milestone_id)
    except (Milestone.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def activity_in_plan(plan: LivelihoodPlan, activity_id: uuid.UUID | str) -> Activity:
    """A live activity of a live goal of the plan (with its goal), or 404."""
    try:
        return Activity.objects.select_related("goal").get(
            goal__plan=plan, goal__is_deleted=False, pk=activity_id
        )
    except (Activity.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


@dataclass
class MilestoneBlock:
    milestone: Milestone | None  # None holds the goal's activities that name no milestone
    activities: list[Activity] = field(default_factory=list)


@dataclass
class GoalBlock:
    number: int
    goal: Goal
    milestones: list[MilestoneBlock] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        return [activity for block in self.milestones for activity in block.activities]

    @property
    def row_count(self) -> int:
        return max(1, sum(max(1, len(block.activities)) for block in self.milestones))


def goals_with_rows(**filters: Any) -> QuerySet[Goal]:
    """Goals in order with their milestones and activities prefetched in order (3 queries)."""
    return (
        Goal.objects.filter(**filters)
        .order_by("position", "changed_at")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "changed_at")),
            Prefetch("activities", queryset=Activity.objects.order_by("position", "changed_at")),
        )
    )


def plan_matrix(plan: LivelihoodPlan) -> list[GoalBlock]:
    """Goals in order, each with its milestones in order, each with its activities in order.

    Three queries, whatever the size of the plan.
    """
    goals = list(goals_with_rows(plan=plan))
    return [goal_block(number, goal) for number, goal in enumerate(goals, start=1)]


def goal_block(number: int, goal: Goal) -> GoalBlock:
    """One goal's rows; `goal` must come with milestones and activities prefetched in order."""
    by_milestone: dict[uuid.UUID | None, list[Activity]] = defaultdict(list)
    for activity in goal.activities.all():
        by_milestone[activity.milestone_id].append(activity)
    block = GoalBlock(number=number, goal=goal)
    for milestone in goal.milestones.all():
        block.milestones.append(MilestoneBlock(milestone, by_milestone.pop(milestone.id, [])))
    # Activities without a milestone (or pointing at a deleted one) still show.
    leftovers = [activity for activities in by_milestone.values() for activity in activities]
    if leftovers or not block.milestones:
        block.milestones.append(MilestoneBlock(None, leftovers))
    return block


# --- Musrenbang Kecamatan proposals ----------------------------------------------------------


def kecamatan_for_user(user: Any, code: str) -> Region:
    """The kecamatan, or 404 when it does not exist or the user may not read it."""
    region = Region.objects.filter(code=code, level=Region.Level.KECAMATAN).first()
    if region is None or not can_view_region(user, region.code):
        raise Http404
    return region


def musrenbang_activities(kecamatan: Region) -> list[Activity]:
    """Activities of every live plan in the kecamatan whose kewenangan lies above the desa.

    One query; ordered by desa, period, goal and activity so the caller can group by desa.
    """
    return list(
        Activity.objects.filter(
            authority__in=MUSRENBANG_AUTHORITIES,
            goal__plan__desa__parent=kecamatan,
            goal__plan__is_deleted=False,
            goal__is_deleted=False,
        )
        .select_related("goal", "goal__plan", "goal__plan__desa", "milestone")
        .order_by(
            "goal__plan__desa__code",
            "goal__plan__period_start",
            "goal__position",
            "goal__changed_at",
            "position",
            "changed_at",
        )
    )


# Above this many desa a plain code field replaces the select (a kabupaten-wide role).
DESA_SELECT_LIMIT = 1000


def desa_choices_for_planning(user: Any) -> list[tuple[str, str]] | None:
    """Desa whose plans the user may edit, as (code, label); None when too many to list."""
    desa = list(
        Region.objects.filter(level=Region.Level.DESA)
        .filter(scope_filter(user, "code", PLAN_EDIT_ROLES))
        .select_related("parent")
        .order_by("code")[: DESA_SELECT_LIMIT + 1]
    )
    if len(desa) > DESA_SELECT_LIMIT:
        return None
    return [(d.code, f"{d.name} — {d.parent.name if d.parent else ''} ({d.code})") for d in desa]
