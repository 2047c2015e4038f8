"""Plan pages: the list, creating a plan, the Matriks 1 page with the plan's own edits (period,
adoption, deletion), and its history. Editing goals, milestones and activities in place is in
views_editing.py; the Musrenbang proposals in views_musrenbang.py; files in views_transfer.py.
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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rembuk.core import history_text
from rembuk.core.forms import add_service_errors
from rembuk.core.history import history_for
from rembuk.core.htmx import is_htmx
from rembuk.core.lists import CHOICES_OFFERED, page_of
from rembuk.core.permissions import rule
from rembuk.people.permissions import can_edit_plan_of, can_view_region
from rembuk.plans import selectors, services
from rembuk.plans.forms import PlanAdoptForm, PlanCreateForm, PlanUpdateForm
from rembuk.plans.matrix_page import confirm_page, editable_plan, render_plan, save_edit
from rembuk.plans.models import LivelihoodPlan
from rembuk.plans.permissions import can_read_plans, can_write_plans
from rembuk.plans.selectors import desa_choices_for_planning
from rembuk.regions import selectors as region_selectors
from rembuk.regions.models import Region

# --- list and create ------------------------------------------------------------------------


@rule(can_read_plans)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    # None: more kecamatan than a list can offer (a national team): their code is typed instead.
    kecamatan_options = selectors.kecamatan_with_plans(user, at_most=CHOICES_OFFERED)
    kecamatan = request.GET.get("kecamatan", "").strip()
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    plans = selectors.plans_listed(user, kecamatan=kecamatan, query=query, status=status, year=year)
    page = page_of(request, selectors.in_list_order(plans), counted=plans)
    selectors.plans_counted(page)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "kecamatan_options": kecamatan_options,
            "musrenbang_options": _musrenbang_options(user, kecamatan_options, kecamatan),
            "statuses": LivelihoodPlan.Status.choices,
            "filters": {"kecamatan": kecamatan, "q": query, "status": status, "year": year},
            "can_create": can_write_plans(user),
        },
    )


def _musrenbang_options(user: Any, offered: list[Region] | None, chosen: str) -> list[Region]:
    """The kecamatan whose Musrenbang proposals the list links to: the one the filter chose,
    else each one it offers."""
    if chosen:
        found = region_selectors.kecamatan_by_code(chosen)
        offered = [found] if found is not None else []
    return [k for k in offered or [] if can_view_region(user, k.code)]


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
            desa = region_selectors.desa_by_code(code)
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
    plan = selectors.page_plan_for_user(request.user, plan_id)
    return render_plan(request, plan)


@rule(can_read_plans)
@require_GET
def goal_fragment(request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """One goal's rows, read-only: what "cancel" swaps back in."""
    plan = selectors.page_plan_for_user(request.user, plan_id)
    if not is_htmx(request):
        return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#goal-{goal_id}")
    return render_plan(request, plan, goal_id=goal_id)


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_update(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = PlanUpdateForm(request.POST)
        if form.is_valid():
            saved, conflicts = save_edit(
                form, plan, partial(services.plan_update, plan=plan), actor=request.user
            )
            if saved:
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
    plan = editable_plan(request, plan_id)
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


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    if request.method == "POST":
        services.plan_delete(plan=plan, actor=request.user)
        messages.success(request, _("The plan of Desa %(desa)s was deleted.") % {"desa": plan.desa})
        return redirect("plans:plan_list")
    return confirm_page(
        request,
        plan,
        what=_("the plan"),
        text=f"{plan.desa.name} {plan.period_label}",
        consequence=_("Its goals, intermediate goals and activities are deleted with it."),
    )


# --- history (Riwayat) ----------------------------------------------------------------------


@rule(can_read_plans)
@require_GET
def plan_history(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = selectors.plan_for_user(request.user, plan_id)
    page = page_of(request, history_for(plan.pk))
    entries = history_text.describe_all(list(page.object_list))
    return render(
        request, "plans/plan_history.html", {"plan": plan, "page": page, "entries": entries}
    )
