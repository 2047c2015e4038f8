"""Writes to village livelihood plans (Matriks 1): plans, goals, milestones, activities.

Rules owned here:
- a plan belongs to a desa (a Region of level desa) and covers 1 to 10 whole years between
  2000 and 2100; two live plans of the same desa never overlap in time;
- adoption (draft → ditetapkan) needs the date of the musyawarah desa, not in the future, and a
  plan with at least one goal; an adopted plan stays editable because villages revise their plans
  (every change is kept in the history);
- an activity names only known funding sources and one known authority (kewenangan), and its
  milestone, when it has one, belongs to the same goal;
- texts longer than their column are refused with a message that says how long they may be;
- reordering swaps an item with its neighbour and renumbers the siblings 0..n, through the log;
- a whole plan (the spreadsheet import) is created under the same rules, in bulk (plan_import).

Every write goes through rembuk.core.history in one transaction. Updates take base_version: a
stale edit to a field somebody else changed raises history.EditConflict (the view shows the
current text); edits to other fields merge. Moves and deletes take it too (the API always sends
it): a move clashes with a move made meanwhile, a delete with any change made meanwhile.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.editing import KEEP, Direction, Keep, check_lengths, given, move, next_position
from rembuk.plans.contents import ImportResult, ParsedGoal
from rembuk.plans.models import (
    Activity,
    ActivityDependency,
    Authority,
    FundingSource,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.regions.models import Region

FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100
MAX_PERIOD_YEARS: Final = 10


# --- shared checks --------------------------------------------------------------------------


def _check_required_text(name: str, value: Any, message: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({name: message})


def _check_year(name: str, year: int | None) -> None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                name: _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )


def overlapping_plan(
    *, desa: Region, period_start: int, period_end: int, exclude: LivelihoodPlan | None = None
) -> LivelihoodPlan | None:
    """The earliest live plan of the desa whose period overlaps this one, if any: two live plans
    of one desa never overlap (the import asks before it reads the file, to say so early)."""
    overlapping = LivelihoodPlan.objects.filter(
        desa=desa, period_start__lte=period_end, period_end__gte=period_start
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    return overlapping.order_by("period_start").first()


def _check_period(
    *, desa: Region, period_start: int, period_end: int, exclude: LivelihoodPlan | None = None
) -> None:
    _check_year("period_start", period_start)
    _check_year("period_end", period_end)
    if period_start > period_end:
        raise ValidationError(
            {"period_end": _("The last year of the period cannot come before the first year.")}
        )
    if period_end - period_start + 1 > MAX_PERIOD_YEARS:
        raise ValidationError(
            {
                "period_end": _("A plan covers at most %(years)d years.")
                % {"years": MAX_PERIOD_YEARS}
            }
        )
    clash = overlapping_plan(
        desa=desa, period_start=period_start, period_end=period_end, exclude=exclude
    )
    if clash is not None:
        raise ValidationError(
            _("Desa %(desa)s already has a plan for %(period)s.")
            % {"desa": desa.name, "period": clash.period_label},
            code="overlap",
        )


# --- plans ----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, desa: Region, period_start: int, period_end: int, actor: Any, notes: str = ""
) -> LivelihoodPlan:
    return _new_plan(
        desa=desa, period_start=period_start, period_end=period_end, actor=actor, notes=notes
    )


def _new_plan(
    *, desa: Region, period_start: int, period_end: int, actor: Any, notes: str = ""
) -> LivelihoodPlan:
    """The rules and the write of plan_create, inside the caller's transaction."""
    if desa.level != Region.Level.DESA:
        raise ValidationError(
            {"desa": _("%(name)s is not a desa; a plan belongs to one desa.") % {"name": desa}}
        )
    check_lengths(LivelihoodPlan, {"notes": notes})
    _check_period(desa=desa, period_start=period_start, period_end=period_end)
    return history.create(
        LivelihoodPlan,
        actor=actor,
        desa=desa,
        period_start=period_start,
        period_end=period_end,
        notes=notes,
    )


@transaction.atomic
def plan_update(
    *,
    plan: LivelihoodPlan,
    actor: Any,
    base_version: int | None = None,
    notes: str | Keep = KEEP,
    period_start: int | Keep = KEEP,
    period_end: int | Keep = KEEP,
) -> LivelihoodPlan:
    changes = given(notes=notes, period_start=period_start, period_end=period_end)
    check_lengths(LivelihoodPlan, changes)
    if "period_start" in changes or "period_end" in changes:
        _check_period(
            desa=plan.desa,
            period_start=changes.get("period_start", plan.period_start),
            period_end=changes.get("period_end", plan.period_end),
            exclude=plan,
        )
    return history.update(plan, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def plan_adopt(
    *, plan: LivelihoodPlan, adopted_on: datetime.date | None, actor: Any
) -> LivelihoodPlan:
    """Draft → ditetapkan, on the date of the musyawarah desa that agreed the plan."""
    if plan.status == LivelihoodPlan.Status.ADOPTED:
        raise ValidationError(
            _("This plan was already adopted on %(date)s.") % {"date": plan.adopted_on}
        )
    if adopted_on is None:
        raise ValidationError(
            {"adopted_on": _("Give the date of the musyawarah desa that adopted the plan.")}
        )
    if adopted_on > timezone.localdate():
        raise ValidationError(
            {"adopted_on": _("The date of the musyawarah desa cannot be in the future.")}
        )
    if not Goal.objects.filter(plan=plan).exists():
        raise ValidationError(_("Add at least one goal before adopting the plan."))
    return history.update(
        plan, actor=actor, status=LivelihoodPlan.Status.ADOPTED, adopted_on=adopted_on
    )


@transaction.atomic
def plan_delete(*, plan: LivelihoodPlan, actor: Any) -> None:
    """Soft delete: the plan, its goals, milestones and activities become tombstones."""
    history.soft_delete(plan, actor=actor)


# --- goals ----------------------------------------------------------------------------------


def _check_goal(values: dict[str, Any]) -> None:
    if "statement" in values:
        _check_required_text("statement", values["statement"], _("Write the goal."))
    check_lengths(Goal, values)
    if "target_year" in values:
        _check_year("target_year", values["target_year"])


@transaction.atomic
def goal_add(
    *,
    plan: LivelihoodPlan,
    statement: str,
    actor: Any,
    target: str = "",
    target_year: int | None = None,
) -> Goal:
    values = {"statement": statement, "target": target, "target_year": target_year}
    _check_goal(values)
    position = next_position(Goal.objects.filter(plan=plan))
    return history.create(Goal, actor=actor, plan=plan, position=position, **values)


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    actor: Any,
    base_version: int | None = None,
    statement: str | Keep = KEEP,
    target: str | Keep = KEEP,
    target_year: int | Keep | None = KEEP,
) -> Goal:
    changes = given(statement=statement, target=target, target_year=target_year)
    _check_goal(changes)
    return history.update(goal, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def goal_delete(*, goal: Goal, actor: Any, base_version: int | None = None) -> None:
    """Deletes the goal with its milestones and activities."""
    history.check_base_version(goal, base_version=base_version)
    history.soft_delete(goal, actor=actor)


@transaction.atomic
def goal_move(
    *, goal: Goal, direction: Direction, actor: Any, base_version: int | None = None
) -> None:
    history.check_base_version(goal, base_version=base_version, fields=["position"])
    siblings = Goal.objects.filter(plan_id=goal.plan_id).order_by("position", "changed_at")
    move(goal, siblings, direction, actor=actor)


# --- milestones (tujuan antara) -------------------------------------------------------------


def _check_milestone(values: dict[str, Any]) -> None:
    if "statement" in values:
        _check_required_text("statement", values["statement"], _("Write the intermediate goal."))
    check_lengths(Milestone, values)
    if "target_year" in values:
        _check_year("target_year", values["target_year"])


@transaction.atomic
def milestone_add(
    *,
    goal: Goal,
    statement: str,
    actor: Any,
    target_value: str = "",
    target_year: int | None = None,
) -> Milestone:
    values = {"statement": statement, "target_value": target_value, "target_year": target_year}
    _check_milestone(values)
    position = next_position(Milestone.objects.filter(goal=goal))
    return history.create(Milestone, actor=actor, goal=goal, position=position, **values)


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    actor: Any,
    base_version: int | None = None,
    statement: str | Keep = KEEP,
    target_value: str | Keep = KEEP,
    target_year: int | Keep | None = KEEP,
) -> Milestone:
    changes = given(statement=statement, target_value=target_value, target_year=target_year)
    _check_milestone(changes)
    return history.update(milestone, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, actor: Any, base_version: int | None = None) -> None:
    """Deletes the milestone and the activities planned under it."""
    history.check_base_version(milestone, base_version=base_version)
    history.soft_delete(milestone, actor=actor)


@transaction.atomic
def milestone_move(
    *, milestone: Milestone, direction: Direction, actor: Any, base_version: int | None = None
) -> None:
    history.check_base_version(milestone, base_version=base_version, fields=["position"])
    siblings = Milestone.objects.filter(goal_id=milestone.goal_id).order_by(
        "position", "changed_at"
    )
    move(milestone, siblings, direction, actor=actor)


# --- activities (kegiatan) ------------------------------------------------------------------


def _check_funding(codes: Iterable[str]) -> list[str]:
    codes = list(codes)
    unknown = [code for code in codes if code not in FundingSource.values]
    if unknown:
        raise ValidationError(
            {
                "funding_sources": _("Unknown funding source: %(codes)s. Choose from: %(known)s.")
                % {
                    "codes": ", ".join(str(code) for code in unknown),
                    "known": ", ".join(str(label) for label in FundingSource.labels),
                }
            }
        )
    # Keep the person's order but drop repeats, so "Dana Desa, Dana Desa" is stored once.
    return list(dict.fromkeys(codes))


def _check_authority(authority: str) -> None:
    if authority not in Authority.values:
        raise ValidationError(
            {
                "authority": _("Unknown authority: %(code)s. Choose from: %(known)s.")
                % {
                    "code": authority,
                    "known": ", ".join(str(label) for label in Authority.labels),
                }
            }
        )


def _check_milestone_of(goal: Goal, milestone: Milestone | None) -> None:
    if milestone is not None and (milestone.goal_id != goal.pk or milestone.is_deleted):
        raise ValidationError(
            {"milestone": _("The intermediate goal must belong to the same goal as the activity.")}
        )


def _check_activity(values: dict[str, Any]) -> dict[str, Any]:
    if "name" in values:
        _check_required_text("name", values["name"], _("Write the name of the activity."))
    check_lengths(Activity, {k: v for k, v in values.items() if k != "milestone"})
    if "funding_sources" in values:
        values["funding_sources"] = _check_funding(values["funding_sources"])
    if "authority" in values:
        _check_authority(values["authority"])
    return values


@transaction.atomic
def activity_add(
    *,
    goal: Goal,
    name: str,
    actor: Any,
    milestone: Milestone | None = None,
    description: str = "",
    funding_sources: Sequence[str] = (),
    funding_note: str = "",
    authority: str = Authority.DESA,
) -> Activity:
    _check_milestone_of(goal, milestone)
    values = _check_activity(
        {
            "name": name,
            "description": description,
            "funding_sources": funding_sources,
            "funding_note": funding_note,
            "authority": authority,
        }
    )
    position = next_position(Activity.objects.filter(goal=goal))
    return history.create(
        Activity, actor=actor, goal=goal, milestone=milestone, position=position, **values
    )


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    actor: Any,
    base_version: int | None = None,
    name: str | Keep = KEEP,
    description: str | Keep = KEEP,
    funding_sources: Sequence[str] | Keep = KEEP,
    funding_note: str | Keep = KEEP,
    authority: str | Keep = KEEP,
    milestone: Milestone | Keep | None = KEEP,
) -> Activity:
    changes = given(
        name=name,
        description=description,
        funding_sources=funding_sources,
        funding_note=funding_note,
        authority=authority,
        milestone=milestone,
    )
    if "milestone" in changes:
        _check_milestone_of(activity.goal, changes["milestone"])
    changes = _check_activity(changes)
    return history.update(activity, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def activity_delete(*, activity: Activity, actor: Any, base_version: int | None = None) -> None:
    history.check_base_version(activity, base_version=base_version)
    history.soft_delete(activity, actor=actor)


@transaction.atomic
def activity_move(
    *, activity: Activity, direction: Direction, actor: Any, base_version: int | None = None
) -> None:
    """Activities are ordered within their milestone (or among the goal's loose activities)."""
    history.check_base_version(activity, base_version=base_version, fields=["position"])
    siblings = Activity.objects.filter(
        goal_id=activity.goal_id, milestone_id=activity.milestone_id
    ).order_by("position", "changed_at")
    move(activity, siblings, direction, actor=actor)


# --- activity dependencies ------------------------------------------------------------------
# An activity may wait for others of the same plan ("buying harvests needs the capital"). The
# links must stay inside one plan and never form a cycle: a cycle would make every activity on
# it wait for itself, and "what does this blocked activity hold up" would never end.


def _dependency_edges(plan_id: Any) -> dict[Any, set[Any]]:
    """activity id → the ids it depends on, for the live links of one plan. One query."""
    edges: dict[Any, set[Any]] = {}
    for activity_id, depends_on_id in ActivityDependency.objects.filter(
        activity__goal__plan_id=plan_id,
        activity__is_deleted=False,
        depends_on__is_deleted=False,
    ).values_list("activity_id", "depends_on_id"):
        edges.setdefault(activity_id, set()).add(depends_on_id)
    return edges


def _reaches(edges: dict[Any, set[Any]], start: Any, target: Any) -> bool:
    """Whether following "depends on" links from `start` arrives at `target`."""
    seen: set[Any] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        if current == target:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))
    return False


def _check_dependency(activity: Activity, depends_on: Activity, edges: dict[Any, set[Any]]) -> None:
    if activity.pk == depends_on.pk:
        raise ValidationError(_("An activity cannot depend on itself."), code="dependency_self")
    if activity.goal.plan_id != depends_on.goal.plan_id:
        raise ValidationError(
            _("An activity can only depend on activities of the same plan."),
            code="dependency_other_plan",
        )
    # Adding activity → depends_on closes a cycle when depends_on already (transitively)
    # depends on activity.
    if _reaches(edges, depends_on.pk, activity.pk):
        raise ValidationError(
            _(
                "“%(other)s” already waits for “%(activity)s”, directly or through other "
                "activities. They cannot wait for each other."
            )
            % {"other": depends_on.name[:80], "activity": activity.name[:80]},
            code="dependency_cycle",
        )


@transaction.atomic
def activity_dependency_add(
    *, activity: Activity, depends_on: Activity, actor: Any
) -> ActivityDependency:
    """Record that `activity` cannot go ahead before `depends_on`. Adding it twice is a no-op."""
    existing = ActivityDependency.objects.filter(activity=activity, depends_on=depends_on).first()
    if existing is not None:
        return existing
    _check_dependency(activity, depends_on, _dependency_edges(activity.goal.plan_id))
    return history.create(ActivityDependency, actor=actor, activity=activity, depends_on=depends_on)


@transaction.atomic
def activity_dependency_remove(*, activity: Activity, depends_on: Activity, actor: Any) -> None:
    for link in ActivityDependency.objects.filter(activity=activity, depends_on=depends_on):
        history.soft_delete(link, actor=actor)


@transaction.atomic
def activity_dependencies_set(
    *, activity: Activity, depends_on: Sequence[Activity], actor: Any
) -> None:
    """Make `activity` depend on exactly `depends_on`: add the new links, remove the others."""
    wanted = {other.pk: other for other in depends_on}
    current = {
        link.depends_on_id: link
        for link in ActivityDependency.objects.filter(activity=activity).select_related(
            "depends_on"
        )
    }
    for other_id, link in current.items():
        if other_id not in wanted:
            history.soft_delete(link, actor=actor)
    for other_id, other in wanted.items():
        if other_id not in current:
            activity_dependency_add(activity=activity, depends_on=other, actor=actor)


# --- a whole plan at once (the spreadsheet import) --------------------------------------------


@transaction.atomic
def plan_import(
    *,
    desa: Region,
    period_start: int,
    period_end: int,
    goals: Sequence[ParsedGoal],
    actor: Any,
) -> ImportResult:
    """Create a draft plan with its goals, milestones and activities, all or nothing.

    The rules of plan_create, goal_add, milestone_add and activity_add hold for every row (they
    are checked here, in memory); the rows are then written in three bulk writes, each with its
    change-log entries, instead of one write per row (a 200-row plan in about 60 queries).
    """
    # Two imports for one desa at the same moment must not both pass the overlap check.
    history.lock_writers()  # before any row lock, as every writer does (docs/decisions/0012)
    Region.objects.select_for_update().filter(pk=desa.pk).exists()
    plan = _new_plan(desa=desa, period_start=period_start, period_end=period_end, actor=actor)
    new_goals: list[Goal] = []
    new_milestones: list[Milestone] = []
    new_activities: list[Activity] = []
    for goal_position, parsed in enumerate(goals):
        values = parsed.values()
        _check_goal(values)
        goal = Goal(plan=plan, position=goal_position, **values)
        new_goals.append(goal)
        milestones = []
        for position, parsed_milestone in enumerate(parsed.milestones):
            values = parsed_milestone.values()
            _check_milestone(values)
            milestones.append(Milestone(goal=goal, position=position, **values))
        new_milestones.extend(milestones)
        for position, a in enumerate(parsed.activities):
            values = _check_activity(a.values())
            milestone = milestones[a.milestone_index] if a.milestone_index is not None else None
            new_activities.append(
                Activity(goal=goal, milestone=milestone, position=position, **values)
            )
    history.bulk_create(Goal, new_goals, actor=actor)
    history.bulk_create(Milestone, new_milestones, actor=actor)
    history.bulk_create(Activity, new_activities, actor=actor)
    return ImportResult(plan, len(new_goals), len(new_milestones), len(new_activities))
