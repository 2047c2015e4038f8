"""Plan pages: the list, the Matriks 1 page edited in place, its history, musrenbang proposals.

Every edit URL serves two clients from one template (plans/plan_detail.html): with htmx it
returns the fragment that changed (a goal's rows, or the whole matrix for goal-level changes);
without JavaScript it returns the whole plan page with the form in place, and successful posts
redirect back to the plan, anchored to the row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rembuk.core import history_text
from rembuk.core.forms import add_service_errors
from rembuk.core.history import EditConflict, history_for
from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import rule
from rembuk.core.xlsx import workbook_bytes
from rembuk.people.permissions import (
    can_edit_plan_of,
    can_view_region,
)
from rembuk.plans import selectors, services
from rembuk.plans.forms import (
    ActivityDependencyForm,
    ActivityForm,
    GoalForm,
    MilestoneForm,
    PlanAdoptForm,
    PlanCreateForm,
    PlanUpdateForm,
)
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    ActivityDependency,
    Authority,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.plans.permissions import can_edit_plan, can_read_plans, can_write_plans
from rembuk.plans.selectors import GoalBlock, MilestoneBlock, desa_choices_for_planning
from rembuk.regions.codes import starting_with
from rembuk.regions.models import Region

DETAIL = "plans/plan_detail.html"
PAGE_SIZE = 50


# --- the Matriks 1 page as rows -------------------------------------------------------------


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


@dataclass
class Row:
    goal_rowspan: int = 0
    mblock: MilestoneBlock | None = None
    milestone_rowspan: int = 0
    edit_milestone: bool = False
    activity: Activity | None = None
    form: str = ""  # "" | "activity" (3 activity cells) | "wide" (milestone + activity cells)


@dataclass
class GoalView:
    block: GoalBlock
    rows: list[Row]
    editing_goal: bool
    milestones: list[Milestone]


def _goal_view(block: GoalBlock, editing: Editing | None) -> GoalView:
    """The rows of one goal, with rowspans, and where an open form goes."""
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
            )
            for activity in mblock.activities
        ]
        if adding_here and kind == "activity_add" and under == milestone_id:
            items.append(Row(form="activity"))
            placed = True
        if not items:
            items = [Row()]
        items[0].mblock = mblock
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
    )


def _goal_views(plan: LivelihoodPlan, editing: Editing | None) -> list[GoalView]:
    return [_goal_view(block, editing) for block in selectors.plan_matrix(plan)]


def _plan_context(
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
        "goal_views": _goal_views(plan, editing),
        "editing": editing,
        "can_edit": can_edit_plan(request.user, plan),
        "can_see_musrenbang": can_see_musrenbang,
        "adopt_form": PlanAdoptForm() if plan.status == LivelihoodPlan.Status.DRAFT else None,
    }


def _render_plan(
    request: HttpRequest,
    plan: LivelihoodPlan,
    editing: Editing | None = None,
    goal_id: uuid.UUID | None = None,
) -> HttpResponse:
    """The whole page, or (htmx) the matrix or one goal's rows."""
    context = _plan_context(request, plan, editing)
    if not is_htmx(request):
        return render(request, DETAIL, context)
    if goal_id is None:
        return render(request, f"{DETAIL}#matrix", context)
    for goal_view in context["goal_views"]:
        if goal_view.block.goal.pk == goal_id:
            return render(request, f"{DETAIL}#goal_block", {**context, "gv": goal_view})
    # The goal is gone (deleted meanwhile): the whole matrix is the honest answer.
    return render(request, f"{DETAIL}#matrix", context)


def _after_change(
    request: HttpRequest, plan: LivelihoodPlan, anchor: str, goal_id: uuid.UUID | None = None
) -> HttpResponse:
    if is_htmx(request):
        return _render_plan(request, plan, goal_id=goal_id)
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#{anchor}")


def _take_conflict(form: forms.Form, error: EditConflict, obj: Any) -> list[tuple[str, str]]:
    """Keep the person's text, show the current one, and let the next save start from now."""
    current = type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
    data["base_version"] = str(current or "")
    form.data = data
    form.add_error(None, error)
    return error.labelled()


def _editable_plan(request: HttpRequest, plan_id: uuid.UUID) -> LivelihoodPlan:
    return selectors.plan_editable_by(request.user, plan_id)


def _direction(request: HttpRequest) -> Any:
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    return direction


# --- list and create ------------------------------------------------------------------------


@rule(can_read_plans)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.plans_visible_to(request.user)
    kecamatan_options = list(
        Region.objects.filter(
            level=Region.Level.KECAMATAN, pk__in=visible.values("desa__parent")
        ).order_by("name")
    )
    plans = visible.annotate(
        goal_count=Count("goals", filter=Q(goals__is_deleted=False), distinct=True),
        activity_count=Count(
            "goals__activities",
            filter=Q(goals__is_deleted=False, goals__activities__is_deleted=False),
            distinct=True,
        ),
    )
    kecamatan = request.GET.get("kecamatan", "")
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    if kecamatan:
        plans = plans.filter(desa__parent__code=kecamatan)
    if query:
        plans = plans.filter(Q(desa__name__icontains=query) | starting_with("desa__code", query))
    if status in LivelihoodPlan.Status.values:
        plans = plans.filter(status=status)
    if year.isdigit():
        plans = plans.filter(period_start__lte=int(year), period_end__gte=int(year))
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "kecamatan_options": kecamatan_options,
            "musrenbang_options": [
                k for k in kecamatan_options if can_view_region(request.user, k.code)
            ],
            "statuses": LivelihoodPlan.Status.choices,
            "filters": {"kecamatan": kecamatan, "q": query, "status": status, "year": year},
            "querystring": params.urlencode(),
            "can_create": can_write_plans(request.user),
        },
    )


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    choices = desa_choices_for_planning(request.user)
    form_kwargs: dict[str, Any] = {"desa_choices": choices or []}
    if request.method == "POST":
        form = PlanCreateForm(request.POST, **form_kwargs)
        if choices is None:
            form.fields["desa"] = forms.CharField(label=_("Desa code"), max_length=20)
        if form.is_valid():
            code = form.cleaned_data["desa"]
            desa = Region.objects.filter(code=code, level=Region.Level.DESA).first()
            if desa is None or not can_edit_plan_of(request.user, code):
                form.add_error("desa", _("Choose a desa you may plan for."))
            else:
                try:
                    plan = services.plan_create(
                        desa=desa,
                        period_start=form.cleaned_data["period_start"],
                        period_end=form.cleaned_data["period_end"],
                        notes=form.cleaned_data["notes"],
                        actor=request.user,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The plan was created. Add its goals below."))
                    return redirect("plans:plan_detail", plan_id=plan.pk)
    else:
        this_year = timezone.localdate().year
        form = PlanCreateForm(
            initial={
                "desa": request.GET.get("desa", ""),
                "period_start": this_year,
                "period_end": this_year + 1,
            },
            **form_kwargs,
        )
        if choices is None:
            form.fields["desa"] = forms.CharField(label=_("Desa code"), max_length=20)
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "title": _("New village plan"),
            "submit_label": _("Create the plan"),
            "cancel": reverse("plans:plan_list"),
        },
    )


# --- the plan page --------------------------------------------------------------------------


@rule(can_read_plans)
@require_GET
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, plan_id)
    return _render_plan(request, plan)


@rule(can_read_plans)
@require_GET
def goal_fragment(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """One goal's rows, read-only: what "cancel" swaps back in."""
    plan = selectors.plan_for_user(request.user, plan_id)
    if not is_htmx(request):
        return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#goal-{goal_id}")
    return _render_plan(request, plan, goal_id=goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = PlanUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.plan_update(
                    plan=plan,
                    actor=request.user,
                    base_version=form.cleaned_data["base_version"],
                    **form.changes(),
                )
            except EditConflict as conflict:
                conflicts = _take_conflict(form, conflict, plan)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("plans:plan_detail", plan_id=plan.pk)
    else:
        form = PlanUpdateForm(
            initial={
                "base_version": plan.version,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "notes": plan.notes,
            }
        )
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "conflicts": conflicts,
            "title": _("Change the plan of Desa %(desa)s") % {"desa": plan.desa.name},
            "submit_label": _("Save"),
            "cancel": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_adopt(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    if request.method == "POST":
        form = PlanAdoptForm(request.POST)
        if form.is_valid():
            try:
                services.plan_adopt(
                    plan=plan, adopted_on=form.cleaned_data["adopted_on"], actor=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The plan is adopted."))
                return redirect("plans:plan_detail", plan_id=plan.pk)
    else:
        form = PlanAdoptForm()
    return render(
        request,
        "plans/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Adopt the plan of Desa %(desa)s") % {"desa": plan.desa.name},
            "intro": _(
                "A plan is adopted by the musyawarah desa. Give the date of that meeting. "
                "The plan can still be revised afterwards; every change is kept in its history."
            ),
            "submit_label": _("Adopt"),
            "cancel": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )


def _confirm(
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


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    if request.method == "POST":
        services.plan_delete(plan=plan, actor=request.user)
        messages.success(request, _("The plan of Desa %(desa)s was deleted.") % {"desa": plan.desa})
        return redirect("plans:plan_list")
    return _confirm(
        request,
        plan,
        what=_("the plan"),
        text=f"{plan.desa.name} {plan.period_label}",
        consequence=_("Its goals, intermediate goals and activities are deleted with it."),
    )


# --- goals ----------------------------------------------------------------------------------


_goal_of = selectors.goal_in_plan


def _goal_editing(
    request: HttpRequest, plan: LivelihoodPlan, form: forms.Form, goal: Goal | None
) -> Editing:
    detail = reverse("plans:plan_detail", args=[plan.pk])
    if goal is None:
        return Editing(
            kind="goal_add",
            form=form,
            action=reverse("plans:goal_add", args=[plan.pk]),
            target="matrix",
            cancel=detail,
            cancel_fragment=detail,
            title=_("New goal"),
        )
    return Editing(
        kind="goal",
        form=form,
        action=reverse("plans:goal_edit", args=[plan.pk, goal.pk]),
        target=f"goal-{goal.pk}",
        cancel=f"{detail}#goal-{goal.pk}",
        cancel_fragment=reverse("plans:goal_fragment", args=[plan.pk, goal.pk]),
        title=_("Goal"),
        item_id=goal.pk,
    )


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
            try:
                goal = services.goal_add(plan=plan, actor=request.user, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"goal-{goal.pk}")
    else:
        form = GoalForm()
    return _render_plan(request, plan, _goal_editing(request, plan, form, None))


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.goal_update(
                    goal=goal,
                    actor=request.user,
                    base_version=form.cleaned_data["base_version"],
                    **form.changes(),
                )
            except EditConflict as conflict:
                conflicts = _take_conflict(form, conflict, goal)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"goal-{goal.pk}", goal.pk)
    else:
        form = GoalForm(
            initial={
                "base_version": goal.version,
                "statement": goal.statement,
                "target": goal.target,
                "target_year": goal.target_year,
            }
        )
    editing = _goal_editing(request, plan, form, goal)
    editing.conflicts = conflicts
    return _render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    if request.method == "POST":
        services.goal_delete(goal=goal, actor=request.user)
        return _after_change(request, plan, "matrix")
    return _confirm(
        request,
        plan,
        what=_("this goal"),
        text=goal.statement,
        consequence=_("Its intermediate goals and activities are deleted with it."),
    )


@rule(can_write_plans)
@require_POST
def goal_move(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    services.goal_move(goal=goal, direction=_direction(request), actor=request.user)
    return _after_change(request, plan, f"goal-{goal.pk}")


# --- milestones -----------------------------------------------------------------------------


_milestone_of = selectors.milestone_in_plan


def _goal_scoped_editing(plan: LivelihoodPlan, goal_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    detail = reverse("plans:plan_detail", args=[plan.pk])
    return {
        "target": f"goal-{goal_id}",
        "cancel": f"{detail}#goal-{goal_id}",
        "cancel_fragment": reverse("plans:goal_fragment", args=[plan.pk, goal_id]),
        **fields,
    }


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
            try:
                milestone = services.milestone_add(goal=goal, actor=request.user, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"milestone-{milestone.pk}", goal.pk)
    else:
        form = MilestoneForm()
    editing = Editing(
        kind="milestone_add",
        form=form,
        action=reverse("plans:milestone_add", args=[plan.pk, goal.pk]),
        title=_("New intermediate goal"),
        **_goal_scoped_editing(plan, goal.pk, item_id=goal.pk),
    )
    return _render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def milestone_edit(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                services.milestone_update(
                    milestone=milestone,
                    actor=request.user,
                    base_version=form.cleaned_data["base_version"],
                    **form.changes(),
                )
            except EditConflict as conflict:
                conflicts = _take_conflict(form, conflict, milestone)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"milestone-{milestone.pk}", milestone.goal_id)
    else:
        form = MilestoneForm(
            initial={
                "base_version": milestone.version,
                "statement": milestone.statement,
                "target_value": milestone.target_value,
                "target_year": milestone.target_year,
            }
        )
    editing = Editing(
        kind="milestone",
        form=form,
        action=reverse("plans:milestone_edit", args=[plan.pk, milestone.pk]),
        title=_("Intermediate goal"),
        conflicts=conflicts,
        **_goal_scoped_editing(plan, milestone.goal_id, item_id=milestone.pk),
    )
    return _render_plan(request, plan, editing, milestone.goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def milestone_delete(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    if request.method == "POST":
        services.milestone_delete(milestone=milestone, actor=request.user)
        return _after_change(request, plan, f"goal-{milestone.goal_id}", milestone.goal_id)
    return _confirm(
        request,
        plan,
        what=_("this intermediate goal"),
        text=milestone.statement,
        consequence=_("The activities planned under it are deleted with it."),
    )


@rule(can_write_plans)
@require_POST
def milestone_move(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    services.milestone_move(milestone=milestone, direction=_direction(request), actor=request.user)
    return _after_change(request, plan, f"milestone-{milestone.pk}", milestone.goal_id)


# --- activities -----------------------------------------------------------------------------


_activity_of = selectors.activity_in_plan


def _milestones_of(goal: Goal) -> list[Milestone]:
    return list(Milestone.objects.filter(goal=goal).order_by("position", "changed_at"))


def _parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    milestones = _milestones_of(goal)
    if request.method == "POST":
        form = ActivityForm(request.POST, milestones=milestones)
        under = _parse_uuid(request.POST.get("milestone"))
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
            try:
                activity = services.activity_add(goal=goal, actor=request.user, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"activity-{activity.pk}", goal.pk)
    else:
        under = _parse_uuid(request.GET.get("milestone"))
        if under not in {m.pk for m in milestones}:
            under = None
        form = ActivityForm(
            initial={"milestone": str(under or ""), "authority": Authority.DESA},
            milestones=milestones,
        )
    action = reverse("plans:activity_add", args=[plan.pk, goal.pk])
    editing = Editing(
        kind="activity_add",
        form=form,
        action=action,
        title=_("New activity"),
        **_goal_scoped_editing(plan, goal.pk, item_id=goal.pk, milestone_id=under),
    )
    return _render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    milestones = _milestones_of(activity.goal)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = ActivityForm(request.POST, milestones=milestones)
        if form.is_valid():
            try:
                services.activity_update(
                    activity=activity,
                    actor=request.user,
                    base_version=form.cleaned_data["base_version"],
                    **form.changes(),
                )
            except EditConflict as conflict:
                conflicts = _take_conflict(form, conflict, activity)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _after_change(request, plan, f"activity-{activity.pk}", activity.goal_id)
    else:
        form = ActivityForm(
            initial={
                "base_version": activity.version,
                "name": activity.name,
                "description": activity.description,
                "funding_sources": list(activity.funding_sources),
                "funding_note": activity.funding_note,
                "authority": activity.authority,
                "milestone": str(activity.milestone_id or ""),
            },
            milestones=milestones,
        )
    editing = Editing(
        kind="activity",
        form=form,
        action=reverse("plans:activity_edit", args=[plan.pk, activity.pk]),
        title=_("Activity"),
        conflicts=conflicts,
        **_goal_scoped_editing(plan, activity.goal_id, item_id=activity.pk),
    )
    return _render_plan(request, plan, editing, activity.goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_delete(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    if request.method == "POST":
        services.activity_delete(activity=activity, actor=request.user)
        return _after_change(request, plan, f"goal-{activity.goal_id}", activity.goal_id)
    return _confirm(request, plan, what=_("this activity"), text=activity.name, consequence="")


@rule(can_write_plans)
@require_POST
def activity_move(request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    services.activity_move(activity=activity, direction=_direction(request), actor=request.user)
    return _after_change(request, plan, f"activity-{activity.pk}", activity.goal_id)


# --- history (Riwayat) ----------------------------------------------------------------------


@rule(can_read_plans)
@require_GET
def plan_history(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, plan_id)
    page = Paginator(history_for(plan.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = history_text.describe_all(list(page.object_list))
    return render(
        request, "plans/plan_history.html", {"plan": plan, "page": page, "entries": entries}
    )


# --- Musrenbang Kecamatan proposals ---------------------------------------------------------


@dataclass
class DesaProposals:
    desa: Region
    activities: list[Activity]


def _proposals_by_desa(kecamatan: Region) -> list[DesaProposals]:
    groups: list[DesaProposals] = []
    for activity in selectors.musrenbang_activities(kecamatan):
        desa = activity.goal.plan.desa
        if not groups or groups[-1].desa.pk != desa.pk:
            groups.append(DesaProposals(desa, []))
        groups[-1].activities.append(activity)
    return groups


@rule(can_read_plans)
@require_GET
def musrenbang_proposals(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    return render(
        request,
        "plans/musrenbang_proposals.html",
        {
            "kecamatan": kecamatan,
            "groups": _proposals_by_desa(kecamatan),
            "authorities": [Authority(a).label for a in MUSRENBANG_AUTHORITIES],
        },
    )


@rule(can_read_plans)
@require_GET
def musrenbang_proposals_xlsx(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Musrenbang"
    headers = [
        _("Desa"),
        _("Goal"),
        _("Activity"),
        _("Activity details"),
        _("Funding sources"),
        _("Authority"),
    ]
    title = _("Musrenbang proposals of Kecamatan %(name)s") % {"name": kecamatan.name}
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for group in _proposals_by_desa(kecamatan):
        for activity in group.activities:
            funding = ", ".join(activity.funding_labels())
            if activity.funding_note:
                funding = (
                    f"{funding} ({activity.funding_note})" if funding else activity.funding_note
                )
            sheet.append(
                [
                    group.desa.name,
                    activity.goal.statement,
                    activity.name,
                    activity.description,
                    funding,
                    activity.get_authority_display(),
                ]
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
    for letter, width in zip("ABCDEF", (18, 40, 40, 40, 24, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    response = HttpResponse(
        workbook_bytes(workbook),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"usulan-musrenbang-{kecamatan.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- activity dependencies --------------------------------------------------------------------


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_dependencies(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    """Which activities of the plan this one waits for (a plain checkbox page, no JavaScript)."""
    plan = _editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    others = [
        other
        for block in selectors.plan_matrix(plan)
        for other in block.activities
        if other.pk != activity.pk
    ]
    current = ActivityDependency.objects.filter(activity=activity).values_list(
        "depends_on_id", flat=True
    )
    if request.method == "POST":
        form = ActivityDependencyForm(request.POST, others=others)
        if form.is_valid():
            try:
                services.activity_dependencies_set(
                    activity=activity, depends_on=form.chosen(), actor=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(
                    reverse("plans:plan_detail", args=[plan.pk]) + f"#activity-{activity.pk}"
                )
    else:
        form = ActivityDependencyForm(
            initial={"depends_on": [str(pk) for pk in current]}, others=others
        )
    return render(
        request,
        "plans/activity_dependencies.html",
        {"plan": plan, "desa": plan.desa, "activity": activity, "form": form},
    )
