"""The Matriks 1 page as rows, and what every view of it shares.

Every edit URL serves two clients from one template (plans/plan_detail.html): with htmx it
returns the fragment that changed (a goal's rows, or the whole matrix for goal-level changes);
without JavaScript it returns the whole plan page with the form in place, and successful posts
redirect back to the plan, anchored to the row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from rembuk.core.forms import add_service_errors
from rembuk.core.history import EditConflict
from rembuk.core.htmx import is_htmx
from rembuk.people.permissions import can_view_region
from rembuk.plans import selectors
from rembuk.plans.forms import PlanAdoptForm
from rembuk.plans.models import Activity, LivelihoodPlan, Milestone
from rembuk.plans.permissions import can_edit_plan
from rembuk.plans.selectors import GoalBlock, MilestoneBlock

DETAIL = "plans/plan_detail.html"


@dataclass
class Editing:
    """Which form is open on the plan page, and where it posts and swaps."""

    kind: str  # goal | milestone | activity | goal_add | milestone_add | activity_add
    form: forms.Form
    action: str
    target: str  # id of the element an htmx response replaces: "matrix" or "goal-<id>"
    cancel: str  # full page URL (no JavaScript)
    cancel_fragment: str  # URL that returns the read-only fragment (htmx)
    title: str = ""
    item_id: uuid.UUID | None = None  # the edited item; the goal for *_add
    milestone_id: uuid.UUID | None = None  # activity_add: the milestone the new row goes under
    conflicts: list[tuple[str, str]] = field(default_factory=list)


ID_SLOT = uuid.UUID(int=0)


class RowLinks:
    """The plan page's per-row URLs: one reverse() per URL name and page, the row's id slotted
    in (a reverse() per row and action was a tenth of the page; docs/decisions/0025)."""

    def __init__(self, plan: LivelihoodPlan) -> None:
        self.plan_id = plan.pk
        self.patterns: dict[str, str] = {}

    def __call__(self, name: str, item_id: uuid.UUID) -> str:
        pattern = self.patterns.get(name)
        if pattern is None:
            pattern = reverse(f"plans:{name}", args=[self.plan_id, ID_SLOT])
            self.patterns[name] = pattern
        return pattern.replace(str(ID_SLOT), str(item_id))

    def of_goal(self, goal_id: uuid.UUID) -> dict[str, str]:
        return {
            name: self(name, goal_id)
            for name in ("goal_edit", "goal_move", "goal_delete", "milestone_add", "activity_add")
        }

    def of_milestone(self, milestone_id: uuid.UUID) -> dict[str, str]:
        names = ("milestone_edit", "milestone_move", "milestone_delete")
        return {name: self(name, milestone_id) for name in names}

    def of_activity(self, activity_id: uuid.UUID) -> dict[str, str]:
        names = ("activity_edit", "activity_move", "activity_dependencies", "activity_delete")
        return {name: self(name, activity_id) for name in names}


@dataclass
class Row:
    goal_rowspan: int = 0
    mblock: MilestoneBlock | None = None
    milestone_rowspan: int = 0
    edit_milestone: bool = False
    activity: Activity | None = None
    form: str = ""  # "" | "activity" (3 activity cells) | "wide" (milestone + activity cells)
    links: dict[str, str] = field(default_factory=dict)  # the milestone's and activity's URLs


@dataclass
class GoalView:
    block: GoalBlock
    rows: list[Row]
    editing_goal: bool
    milestones: list[Milestone]
    links: dict[str, str] = field(default_factory=dict)  # the goal's URLs


def goal_view(block: GoalBlock, editing: Editing | None, links: RowLinks) -> GoalView:
    """The rows of one goal, with rowspans, the URLs of their tools, and where an open form
    goes."""
    goal_id = block.goal.pk
    kind = editing.kind if editing else ""
    item_id = editing.item_id if editing else None
    under = editing.milestone_id if editing else None
    adding_here = kind in ("activity_add", "milestone_add") and item_id == goal_id
    rows: list[Row] = []
    placed = False
    for mblock in block.milestones:
        milestone_id = mblock.milestone.pk if mblock.milestone else None
        items = [
            Row(
                activity=activity,
                form="activity" if kind == "activity" and item_id == activity.pk else "",
                links=links.of_activity(activity.pk),
            )
            for activity in mblock.activities
        ]
        if adding_here and kind == "activity_add" and under == milestone_id:
            items.append(Row(form="activity"))
            placed = True
        if not items:
            items = [Row()]
        items[0].mblock = mblock
        if milestone_id:
            items[0].links = {**items[0].links, **links.of_milestone(milestone_id)}
        items[0].milestone_rowspan = len(items)
        items[0].edit_milestone = bool(
            kind == "milestone" and milestone_id and item_id == milestone_id
        )
        rows.extend(items)
    if adding_here and (kind == "milestone_add" or not placed):
        rows.append(Row(form="wide"))
    rows[0].goal_rowspan = len(rows)
    return GoalView(
        block=block,
        rows=rows,
        editing_goal=kind == "goal" and item_id == goal_id,
        milestones=[m.milestone for m in block.milestones if m.milestone is not None],
        links=links.of_goal(goal_id),
    )


def goal_views(plan: LivelihoodPlan, editing: Editing | None) -> list[GoalView]:
    links = RowLinks(plan)
    return [goal_view(block, editing, links) for block in selectors.plan_matrix(plan)]


def plan_context(
    request: HttpRequest, plan: LivelihoodPlan, editing: Editing | None = None
) -> dict[str, Any]:
    desa = plan.desa
    kecamatan = desa.parent
    can_see_musrenbang = kecamatan is not None and can_view_region(request.user, kecamatan.code)
    return {
        "plan": plan,
        "desa": desa,
        "kecamatan": kecamatan,
        "kabupaten": kecamatan.parent if kecamatan else None,
        "goal_views": goal_views(plan, editing),
        "editing": editing,
        "can_edit": can_edit_plan(request.user, plan),
        "can_see_musrenbang": can_see_musrenbang,
        "adopt_form": PlanAdoptForm() if plan.status == LivelihoodPlan.Status.DRAFT else None,
    }


def render_plan(
    request: HttpRequest,
    plan: LivelihoodPlan,
    editing: Editing | None = None,
    goal_id: uuid.UUID | None = None,
) -> HttpResponse:
    """The whole page, or (htmx) the matrix or one goal's rows."""
    context = plan_context(request, plan, editing)
    if not is_htmx(request):
        return render(request, DETAIL, context)
    if goal_id is None:
        return render(request, f"{DETAIL}#matrix", context)
    for goal_view in context["goal_views"]:
        if goal_view.block.goal.pk == goal_id:
            return render(request, f"{DETAIL}#goal_block", {**context, "gv": goal_view})
    # The goal is gone (deleted meanwhile): the whole matrix is the honest answer.
    return render(request, f"{DETAIL}#matrix", context)


def after_change(
    request: HttpRequest, plan: LivelihoodPlan, anchor: str, goal_id: uuid.UUID | None = None
) -> HttpResponse:
    if is_htmx(request):
        return render_plan(request, plan, goal_id=goal_id)
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#{anchor}")


def take_conflict(form: forms.Form, error: EditConflict, obj: Any) -> list[tuple[str, str]]:
    """Keep the person's text, show the current one, and let the next save start from now."""
    current = selectors.current_version(obj)
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
    data["base_version"] = str(current or "")
    form.data = data
    form.add_error(None, error)
    return error.labelled()


def save_edit(
    form: forms.Form, obj: Any, update: Callable[..., Any], *, actor: Any
) -> tuple[bool, list[tuple[str, str]]]:
    """Save a bound, valid edit form through a service's update (`update` is the service with
    its record given, e.g. partial(services.goal_update, goal=goal)); returns whether it was
    saved, and the conflicts of a stale edit to show beside the person's text. A refusal goes
    on the form."""
    changes = form.changes()  # type: ignore[attr-defined]  # the plan's edit forms have it
    try:
        update(actor=actor, base_version=form.cleaned_data["base_version"], **changes)
    except EditConflict as conflict:
        return False, take_conflict(form, conflict, obj)
    except ValidationError as error:
        add_service_errors(form, error)
        return False, []
    return True, []


def editable_plan(request: HttpRequest, plan_id: uuid.UUID) -> LivelihoodPlan:
    return selectors.plan_editable_by(request.user, plan_id)


def direction_of(request: HttpRequest) -> Any:
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    return direction


def confirm_page(
    request: HttpRequest, plan: LivelihoodPlan, *, what: str, text: str, consequence: str
) -> HttpResponse:
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "what": what,
            "text": text,
            "consequence": consequence,
            "cancel": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )
