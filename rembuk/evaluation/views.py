"""Pages of the end-of-period evaluation, the next period's plan and the assets profile."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rembuk.core.forms import add_service_errors
from rembuk.core.history import EditConflict
from rembuk.core.htmx import template_for
from rembuk.core.permissions import rule
from rembuk.evaluation import documents, selectors, services
from rembuk.evaluation.forms import AssetsForm, EvaluationForm, GoalEvaluationForm
from rembuk.evaluation.models import (
    CAPITALS,
    COUNTS,
    VULNERABILITY,
    LivelihoodAssets,
    field_label,
)
from rembuk.evaluation.permissions import (
    can_edit_assets,
    can_edit_evaluation,
    can_read_evaluations,
    can_write_evaluations,
)
from rembuk.people.permissions import can_view_region
from rembuk.plans.selectors import kecamatan_for_user, plan_editable_by, plan_for_user
from rembuk.reports import background


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- the evaluation --------------------------------------------------------------------------


def _evaluation_forms(
    report: selectors.VillageEvaluation, data: Any
) -> tuple[EvaluationForm, list[GoalEvaluationForm]]:
    """The page's forms, their initial values (and versions) from the saved evaluation."""
    if report.evaluation is not None:
        initial: dict[str, Any] = {
            "base_version": report.evaluation.version,
            "date": report.evaluation.date,
            "participants": report.evaluation.participants,
            "notes": report.evaluation.notes,
        }
    else:
        initial = {"base_version": 0, "date": timezone.localdate()}
    goal_forms = [
        GoalEvaluationForm(
            data,
            row=row,
            initial={
                "base_version": row.evaluation.version if row.evaluation else 0,
                "achieved": row.achieved,
                "result": row.result,
                "factors": row.factors,
                "keep": row.keep,
                "change": row.change,
                "carry_forward": row.carry_forward,
                "milestones": sorted(row.continued_milestones),
                "activities": sorted(row.continued_activities),
            },
        )
        for row in report.rows
    ]
    return EvaluationForm(data, initial=initial), goal_forms


@rule(can_write_evaluations)
@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_editable_by(request.user, plan_id)
    report = selectors.village_report(plan)
    data = request.POST if request.method == "POST" else None
    form, goal_forms = _evaluation_forms(report, data)
    current: list[tuple[str, Any]] = []
    if data is not None and form.is_valid() and all(f.is_valid() for f in goal_forms):
        try:
            services.evaluation_save(
                plan=plan,
                actor=request.user,
                date=form.cleaned_data["date"],
                participants=form.cleaned_data["participants"],
                notes=form.cleaned_data["notes"],
                goals=[
                    services.GoalEvaluationInput(
                        goal_id=f.row.goal.id,
                        achieved=f.cleaned_data["achieved"],
                        result=f.cleaned_data["result"],
                        factors=f.cleaned_data["factors"],
                        keep=f.cleaned_data["keep"],
                        change=f.cleaned_data["change"],
                        carry_forward=f.cleaned_data["carry_forward"],
                        continued_milestone_ids=[
                            uuid.UUID(i) for i in f.cleaned_data["milestones"]
                        ],
                        continued_activity_ids=[uuid.UUID(i) for i in f.cleaned_data["activities"]],
                        base_version=f.cleaned_data["base_version"],
                    )
                    for f in goal_forms
                ],
                base_version=form.cleaned_data["base_version"],
            )
        except EditConflict as conflict:
            # Keep what the person typed, show what the other person saved, and move the
            # form onto the current versions so the next save (merged by hand) goes through.
            assert data is not None
            moved = data.copy()
            for bound in (form, *goal_forms):
                moved[bound.add_prefix("base_version")] = bound.initial["base_version"]
            form, goal_forms = _evaluation_forms(report, moved)
            add_service_errors(form, conflict)
            current = conflict.labelled()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect("evaluation:evaluation_detail", plan_id=plan.pk)
    return render(
        request,
        "evaluation/evaluation_form.html",
        {
            "plan": plan,
            "report": report,
            "form": form,
            "goal_forms": goal_forms,
            "current": current,
        },
    )


@rule(can_read_evaluations)
@require_GET
def evaluation_detail(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    report = selectors.village_report(plan)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "plan": plan,
            "report": report,
            "can_edit": can_edit_evaluation(request.user, plan),
            # The kecamatan's report is for people over the kecamatan, not the village's team.
            "can_read_kecamatan": plan.desa.parent is not None
            and can_view_region(request.user, plan.desa.parent.code),
            "capitals": _assets_rows(report.assets),
        },
    )


@rule(can_read_evaluations)
@require_GET
def evaluation_pdf(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    report = selectors.village_report(plan)
    name = f"evaluasi-{slugify(plan.desa.name)}-{plan.period_start}-{plan.period_end}.pdf"
    return _file(documents.village_pdf(report), name, "application/pdf")


@rule(can_read_evaluations)
@require_GET
def evaluation_docx(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    report = selectors.village_report(plan)
    name = f"evaluasi-{slugify(plan.desa.name)}-{plan.period_start}-{plan.period_end}.docx"
    return _file(documents.village_docx(report), name, DOCX)


def _kecamatan_report(request: HttpRequest, code: str, start: int, end: int) -> Any:
    kecamatan = kecamatan_for_user(request.user, code)
    return selectors.kecamatan_report(kecamatan, start, end)


@rule(can_read_evaluations)
@require_GET
def kecamatan_evaluations(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_for_user(request.user, code)
    return render(
        request,
        "evaluation/kecamatan_evaluations.html",
        {"kecamatan": kecamatan, "periods": selectors.kecamatan_periods(kecamatan)},
    )


@rule(can_read_evaluations)
@require_GET
def kecamatan_pdf(request: HttpRequest, code: str, start: int, end: int) -> HttpResponse:
    """A kecamatan with many evaluated villages is built by the worker (progress page)."""
    kecamatan_for_user(request.user, code)
    ref = documents.evaluation_ref(code, start, end)
    return background.answer(request, documents.KECAMATAN_EVALUATION, ref, "pdf")


@rule(can_read_evaluations)
@require_GET
def kecamatan_docx(request: HttpRequest, code: str, start: int, end: int) -> HttpResponse:
    report = _kecamatan_report(request, code, start, end)
    name = f"evaluasi-kecamatan-{slugify(report.kecamatan.name)}-{start}-{end}.docx"
    return _file(documents.kecamatan_docx(report), name, DOCX)


# --- the next period's plan ------------------------------------------------------------------


class NextPlanForm(forms.Form):
    period_start = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


@rule(can_write_evaluations)
@require_http_methods(["GET", "POST"])
def next_plan(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_editable_by(request.user, plan_id)
    length = plan.period_end - plan.period_start
    start = plan.period_end + 1
    form = NextPlanForm(
        request.POST if request.method == "POST" else None,
        initial={"period_start": start, "period_end": start + length},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = services.next_plan_from(
                plan=plan,
                actor=request.user,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan for %(period)s starts from the evaluated plan.")
                % {"period": new_plan.period_label},
            )
            return redirect("plans:plan_detail", plan_id=new_plan.pk)
    report = selectors.village_report(plan)
    return render(
        request, "evaluation/next_plan.html", {"plan": plan, "report": report, "form": form}
    )


@rule(can_read_evaluations)
@require_GET
def plan_panel(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    """Beside the plan: its assets profile, the previous/next plans and the previous
    evaluation's lessons. Loaded by htmx into the plan page, a page of its own without JS."""
    plan = plan_for_user(request.user, plan_id)
    report = selectors.village_report(plan)
    return render(
        request,
        template_for(request, "evaluation/plan_panel.html", "panel"),
        {
            "plan": plan,
            "report": report,
            "capitals": _assets_rows(report.assets),
            "can_edit": can_edit_evaluation(request.user, plan),
        },
    )


# --- the assets profile ----------------------------------------------------------------------


def _assets_rows(assets: LivelihoodAssets | None) -> dict[str, list[tuple[str, Any]]]:
    """Label/value pairs of a profile, in three groups, leaving out what is empty."""
    if assets is None:
        return {"counts": [], "capitals": [], "vulnerability": []}

    def pairs(names: tuple[str, ...]) -> list[tuple[str, Any]]:
        return [
            (field_label(name), getattr(assets, name))
            for name in names
            if getattr(assets, name) not in (None, "")
        ]

    return {
        "counts": pairs(COUNTS),
        "capitals": pairs(CAPITALS),
        "vulnerability": pairs(VULNERABILITY),
    }


@rule(can_read_evaluations)
@require_GET
def assets_list(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_for_user(request.user, code)
    profiles = [(p, _assets_rows(p)) for p in selectors.assets_of_desa(desa)]
    return render(
        request,
        "evaluation/assets_list.html",
        {"desa": desa, "profiles": profiles, "can_edit": can_edit_assets(request.user, desa)},
    )


def _assets_values(form: AssetsForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "base_version"}


@rule(can_write_evaluations)
@require_http_methods(["GET", "POST"])
def assets_add(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_for_user(request.user, code, edit=True)
    form = AssetsForm(
        request.POST if request.method == "POST" else None,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        values = _assets_values(form)
        try:
            services.assets_create(desa=desa, actor=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The livelihood assets profile was saved."))
            return redirect("evaluation:assets_list", code=desa.code)
    return render(request, "evaluation/assets_form.html", {"desa": desa, "form": form})


@rule(can_write_evaluations)
@require_http_methods(["GET", "POST"])
def assets_edit(request: HttpRequest, assets_id: uuid.UUID) -> HttpResponse:
    assets = selectors.assets_editable_by(request.user, assets_id)
    initial = {name: getattr(assets, name) for name in AssetsForm.Meta.fields}
    initial["base_version"] = assets.version
    form = AssetsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _assets_values(form)
        try:
            services.assets_update(
                assets=assets,
                actor=request.user,
                base_version=form.cleaned_data["base_version"],
                **values,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The livelihood assets profile was saved."))
            return redirect("evaluation:assets_list", code=assets.desa.code)
    return render(
        request,
        "evaluation/assets_form.html",
        {"desa": assets.desa, "form": form, "assets": assets},
    )
