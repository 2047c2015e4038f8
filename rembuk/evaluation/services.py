"""Writes of the end-of-period evaluation, the next period's plan and the assets profile.

Rules owned here:
- a plan has at most one live evaluation; saving it creates it the first time, and every goal
  of the plan gets its GoalEvaluation (goals added later get theirs on the next save);
- an evaluation marks only milestones and activities of its own goal to continue;
- the next period's plan (next_plan_from) belongs to the same desa, starts after the evaluated
  plan, links it as previous_plan and copies only the goals, milestones and activities marked to
  continue; plans.services refuses a period that overlaps a live plan of the desa;
- a desa has at most one live assets profile per year.

Every write goes through rembuk.core.history (directly or through plans.services) in one
transaction.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.editing import check_lengths
from rembuk.evaluation.models import (
    COUNTS,
    GoalEvaluation,
    LivelihoodAssets,
    PlanEvaluation,
    Result,
)
from rembuk.plans import services as plan_services
from rembuk.plans.models import Goal, LivelihoodPlan, Milestone
from rembuk.plans.selectors import goals_with_rows
from rembuk.regions.models import Region

FIRST_YEAR = plan_services.FIRST_YEAR
LAST_YEAR = plan_services.LAST_YEAR


# --- the evaluation --------------------------------------------------------------------------


@dataclass
class GoalEvaluationInput:
    """What a person wrote about one goal."""

    goal_id: uuid.UUID
    achieved: str = ""
    result: str = ""
    factors: str = ""
    keep: str = ""
    change: str = ""
    carry_forward: bool = False
    continued_milestone_ids: Sequence[uuid.UUID] = field(default_factory=list)
    continued_activity_ids: Sequence[uuid.UUID] = field(default_factory=list)
    # The version the person saw (0: none existed); None skips the check (scripts, demo).
    base_version: int | None = None


def _goal_values(goal: Goal, data: GoalEvaluationInput) -> dict[str, Any]:
    if data.result and data.result not in Result.values:
        raise ValidationError({"result": _("Unknown result: %(code)s.") % {"code": data.result}})
    milestone_ids = {m.id for m in goal.milestones.all()}
    activity_ids = {a.id for a in goal.activities.all()}
    chosen_milestones = [i for i in data.continued_milestone_ids if i in milestone_ids]
    chosen_activities = [i for i in data.continued_activity_ids if i in activity_ids]
    if len(chosen_milestones) != len(set(data.continued_milestone_ids)) or len(
        chosen_activities
    ) != len(set(data.continued_activity_ids)):
        raise ValidationError(
            _("Only the goal's own intermediate goals and activities can continue.")
        )
    values: dict[str, Any] = {
        "achieved": data.achieved,
        "result": data.result,
        "factors": data.factors,
        "keep": data.keep,
        "change": data.change,
        "carry_forward": data.carry_forward,
        # Nothing of a goal that stops continues: the marks below it go with it.
        "continued_milestone_ids": [str(i) for i in chosen_milestones]
        if data.carry_forward
        else [],
        "continued_activity_ids": [str(i) for i in chosen_activities] if data.carry_forward else [],
    }
    check_lengths(GoalEvaluation, values)
    return values


@transaction.atomic
def evaluation_save(
    *,
    plan: LivelihoodPlan,
    actor: Any,
    date: datetime.date,
    participants: str = "",
    notes: str = "",
    goals: Sequence[GoalEvaluationInput] = (),
    base_version: int | None = None,
) -> PlanEvaluation:
    """Create or update the plan's evaluation and the evaluation of each goal given.

    `base_version` (and each goal's) is the version the person started from: a field someone
    else changed since is refused with EditConflict, nothing of the save is written.
    """
    if date is None:
        raise ValidationError({"date": _("Give the date of the evaluation.")})
    head = {"date": date, "participants": participants, "notes": notes}
    check_lengths(PlanEvaluation, head)
    evaluation = PlanEvaluation.objects.filter(plan=plan).first()
    if evaluation is None:
        evaluation = history.create(PlanEvaluation, actor=actor, plan=plan, **head)
    else:
        changed = {k: v for k, v in head.items() if getattr(evaluation, k) != v}
        if changed:
            evaluation = history.update(
                evaluation,
                actor=actor,
                base_version=base_version,
                **changed,  # type: ignore[arg-type]
            )
    plan_goals = {goal.id: goal for goal in goals_with_rows(plan=plan)}
    existing = {row.goal_id: row for row in GoalEvaluation.objects.filter(evaluation=evaluation)}
    for data in goals:
        goal = plan_goals.get(data.goal_id)
        if goal is None:
            raise ValidationError(_("A goal of this evaluation was deleted meanwhile; reload."))
        values = _goal_values(goal, data)
        row = existing.get(goal.id)
        if row is None:
            history.create(GoalEvaluation, actor=actor, evaluation=evaluation, goal=goal, **values)
        else:
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if changed:
                history.update(
                    row,
                    actor=actor,
                    base_version=data.base_version,
                    **changed,  # type: ignore[arg-type]
                )
    return evaluation


# --- the next period's plan ------------------------------------------------------------------


@transaction.atomic
def next_plan_from(
    *,
    plan: LivelihoodPlan,
    actor: Any,
    period_start: int | None = None,
    period_end: int | None = None,
) -> LivelihoodPlan:
    """The next period's plan of the same desa, with what the evaluation marked to continue.

    Without an evaluation nothing is marked, so only the link is made: the village starts from a
    blank plan that still knows its predecessor.
    """
    length = plan.period_end - plan.period_start
    start = plan.period_end + 1 if period_start is None else period_start
    end = start + length if period_end is None else period_end
    if start <= plan.period_end:
        raise ValidationError(
            {
                "period_start": _("The next period must start after %(year)d.")
                % {"year": plan.period_end}
            }
        )
    try:
        new_plan = plan_services.plan_create(
            desa=plan.desa, period_start=start, period_end=end, actor=actor
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "overlap":
            raise ValidationError(
                _(
                    "Desa %(desa)s already has a plan overlapping %(start)d–%(end)d. Open that "
                    "plan instead, or choose another period."
                )
                % {"desa": plan.desa.name, "start": start, "end": end},
                code="overlap",
            ) from error
        raise
    new_plan = history.update(new_plan, actor=actor, previous_plan=plan)
    evaluation = PlanEvaluation.objects.filter(plan=plan).first()
    if evaluation is None:
        return new_plan
    marks = {
        row.goal_id: row
        for row in GoalEvaluation.objects.filter(evaluation=evaluation, carry_forward=True)
    }
    for goal in goals_with_rows(plan=plan):
        mark = marks.get(goal.id)
        if mark is None:
            continue
        new_goal = plan_services.goal_add(
            plan=new_plan, statement=goal.statement, target=goal.target, actor=actor
        )
        milestone_ids = set(mark.continued_milestone_ids)
        activity_ids = set(mark.continued_activity_ids)
        copied: dict[uuid.UUID, Milestone] = {}
        for milestone in goal.milestones.all():
            if str(milestone.id) in milestone_ids:
                copied[milestone.id] = plan_services.milestone_add(
                    goal=new_goal,
                    statement=milestone.statement,
                    target_value=milestone.target_value,
                    actor=actor,
                )
        for activity in goal.activities.all():
            if str(activity.id) not in activity_ids:
                continue
            plan_services.activity_add(
                goal=new_goal,
                milestone=copied.get(activity.milestone_id) if activity.milestone_id else None,
                name=activity.name,
                description=activity.description,
                funding_sources=list(activity.funding_sources),
                funding_note=activity.funding_note,
                authority=activity.authority,
                actor=actor,
            )
    return new_plan


# --- the livelihood assets profile -----------------------------------------------------------


def _check_assets(desa: Region, year: Any, values: dict[str, Any], exclude: Any = None) -> None:
    if desa.level != Region.Level.DESA:
        raise ValidationError(
            {"desa": _("%(name)s is not a desa; a profile belongs to one desa.") % {"name": desa}}
        )
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    for name in COUNTS:
        count = values.get(name)
        if count is not None and (not isinstance(count, int) or count < 0):
            raise ValidationError({name: _("A count is a whole number, 0 or more.")})
    check_lengths(LivelihoodAssets, values)
    clash = LivelihoodAssets.objects.filter(desa=desa, year=year)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        message = _(
            "Desa %(desa)s already has a livelihood assets profile for %(year)d; "
            "edit that one instead."
        ) % {"desa": desa.name, "year": year}
        raise ValidationError({"year": ValidationError(message, code="duplicate_year")})


@transaction.atomic
def assets_create(*, desa: Region, year: int, actor: Any, **values: Any) -> LivelihoodAssets:
    _check_assets(desa, year, values)
    return history.create(LivelihoodAssets, actor=actor, desa=desa, year=year, **values)


@transaction.atomic
def assets_update(
    *, assets: LivelihoodAssets, actor: Any, base_version: int | None = None, **values: Any
) -> LivelihoodAssets:
    year = values.get("year", assets.year)
    _check_assets(assets.desa, year, values, exclude=assets)
    changed = {k: v for k, v in values.items() if getattr(assets, k) != v}
    if not changed:
        return assets
    return history.update(assets, actor=actor, base_version=base_version, **changed)
