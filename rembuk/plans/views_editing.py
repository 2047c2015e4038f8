"""Editing a plan's goals, milestones (tujuan antara) and activities in place on the Matriks 1
page (see matrix_page.py for how one URL serves htmx and plain pages), and which activities an
activity waits for.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rembuk.core.forms import add_service_errors
from rembuk.core.permissions import rule
from rembuk.plans import selectors, services
from rembuk.plans.forms import ActivityDependencyForm, ActivityForm, GoalForm, MilestoneForm
from rembuk.plans.matrix_page import (
    Editing,
    after_change,
    confirm_page,
    direction_of,
    editable_plan,
    render_plan,
    save_edit,
)
from rembuk.plans.models import Authority, Goal, LivelihoodPlan
from rembuk.plans.permissions import can_write_plans

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
    plan = editable_plan(request, plan_id)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
            try:
                goal = services.goal_add(plan=plan, actor=request.user, **values)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return after_change(request, plan, f"goal-{goal.pk}")
    else:
        form = GoalForm()
    return render_plan(request, plan, _goal_editing(request, plan, form, None))


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            saved, conflicts = save_edit(
                form, goal, partial(services.goal_update, goal=goal), actor=request.user
            )
            if saved:
                return after_change(request, plan, f"goal-{goal.pk}", goal.pk)
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
    return render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    if request.method == "POST":
        services.goal_delete(goal=goal, actor=request.user)
        return after_change(request, plan, "matrix")
    return confirm_page(
        request,
        plan,
        what=_("this goal"),
        text=goal.statement,
        consequence=_("Its intermediate goals and activities are deleted with it."),
    )


@rule(can_write_plans)
@require_POST
def goal_move(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    services.goal_move(goal=goal, direction=direction_of(request), actor=request.user)
    return after_change(request, plan, f"goal-{goal.pk}", show=False)


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
    plan = editable_plan(request, plan_id)
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
                return after_change(request, plan, f"milestone-{milestone.pk}", goal.pk)
    else:
        form = MilestoneForm()
    editing = Editing(
        kind="milestone_add",
        form=form,
        action=reverse("plans:milestone_add", args=[plan.pk, goal.pk]),
        title=_("New intermediate goal"),
        **_goal_scoped_editing(plan, goal.pk, item_id=goal.pk),
    )
    return render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def milestone_edit(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            saved, conflicts = save_edit(
                form,
                milestone,
                partial(services.milestone_update, milestone=milestone),
                actor=request.user,
            )
            if saved:
                return after_change(request, plan, f"milestone-{milestone.pk}", milestone.goal_id)
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
    return render_plan(request, plan, editing, milestone.goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def milestone_delete(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID
) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    if request.method == "POST":
        services.milestone_delete(milestone=milestone, actor=request.user)
        return after_change(request, plan, f"goal-{milestone.goal_id}", milestone.goal_id)
    return confirm_page(
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
    plan = editable_plan(request, plan_id)
    milestone = _milestone_of(plan, milestone_id)
    services.milestone_move(
        milestone=milestone, direction=direction_of(request), actor=request.user
    )
    return after_change(request, plan, f"milestone-{milestone.pk}", milestone.goal_id, show=False)


# --- activities -----------------------------------------------------------------------------


_activity_of = selectors.activity_in_plan


def _parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    goal = _goal_of(plan, goal_id)
    milestones = selectors.milestones_of(goal)
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
                return after_change(request, plan, f"activity-{activity.pk}", goal.pk)
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
    return render_plan(request, plan, editing, goal.pk)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    milestones = selectors.milestones_of(activity.goal)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = ActivityForm(request.POST, milestones=milestones)
        if form.is_valid():
            saved, conflicts = save_edit(
                form,
                activity,
                partial(services.activity_update, activity=activity),
                actor=request.user,
            )
            if saved:
                return after_change(request, plan, f"activity-{activity.pk}", activity.goal_id)
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
    return render_plan(request, plan, editing, activity.goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_delete(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    if request.method == "POST":
        services.activity_delete(activity=activity, actor=request.user)
        return after_change(request, plan, f"goal-{activity.goal_id}", activity.goal_id)
    return confirm_page(request, plan, what=_("this activity"), text=activity.name, consequence="")


@rule(can_write_plans)
@require_POST
def activity_move(request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    services.activity_move(activity=activity, direction=direction_of(request), actor=request.user)
    return after_change(request, plan, f"activity-{activity.pk}", activity.goal_id, show=False)


# --- activity dependencies --------------------------------------------------------------------


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def activity_dependencies(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID
) -> HttpResponse:
    """Which activities of the plan this one waits for (a plain checkbox page, no JavaScript)."""
    plan = editable_plan(request, plan_id)
    activity = _activity_of(plan, activity_id)
    others = [
        other
        for block in selectors.plan_matrix(plan)
        for other in block.activities
        if other.pk != activity.pk
    ]
    current = selectors.dependencies_of(activity)
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
