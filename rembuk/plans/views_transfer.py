"""Plans as files: the XLSX template, import from XLSX, and XLSX / PDF downloads of a plan.

The views only parse the request and call rembuk.plans.spreadsheet / rembuk.plans.printing, which
the import_plan and export_plan commands call too.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from rembuk.core.permissions import rule, signed_in
from rembuk.people.permissions import can_edit_plan_of
from rembuk.plans.permissions import can_read_plans, can_write_plans
from rembuk.plans.printing import render_plan_pdf
from rembuk.plans.selectors import desa_choices_for_planning, plan_for_user
from rembuk.plans.spreadsheet import (
    MAX_DATA_ROWS,
    ImportIssue,
    PlanImportError,
    export_filename,
    export_plan_xlsx,
    import_plan_file,
    template_xlsx,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@rule(signed_in)
@require_GET
def plan_template_xlsx(request: HttpRequest) -> HttpResponse:
    return _file_response(template_xlsx(), XLSX_TYPE, "templat-rencana-penghidupan-desa.xlsx")


@rule(can_read_plans)
@require_GET
def plan_export_xlsx(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    return _file_response(export_plan_xlsx(plan), XLSX_TYPE, export_filename(plan, "xlsx"))


@rule(can_read_plans)
@require_GET
def plan_export_pdf(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = plan_for_user(request.user, plan_id)
    return _file_response(render_plan_pdf(plan), "application/pdf", export_filename(plan, "pdf"))


class PlanImportForm(forms.Form):
    desa = forms.CharField(label=gettext_lazy("Desa"), max_length=20)
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=20,
        help_text=gettext_lazy("Two years, like 2024-2025, or one year."),
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, desa_choices: list[tuple[str, str]] | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if desa_choices is not None:
            # A select, but still a plain code: a code outside the user's scope is a 404 below,
            # not a form error that would tell which codes exist.
            self.fields["desa"].widget = forms.Select(choices=[("", "—"), *desa_choices])
        else:
            self.fields["desa"].label = gettext_lazy("Desa code")


@rule(can_write_plans)
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    choices = desa_choices_for_planning(request.user)
    issues: list[ImportIssue] = []
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES, desa_choices=choices)
        if form.is_valid():
            code = form.cleaned_data["desa"].strip()
            if not can_edit_plan_of(request.user, code):
                raise Http404
            upload = form.cleaned_data["file"]
            try:
                result = import_plan_file(
                    stream=upload,
                    size=upload.size or 0,
                    desa_code=code,
                    period=form.cleaned_data["period"],
                    actor=request.user,
                )
            except PlanImportError as error:
                issues = error.issues
            else:
                messages.success(
                    request,
                    _(
                        "Imported: %(goals)s goals, %(milestones)s intermediate goals, "
                        "%(activities)s activities."
                    )
                    % {
                        "goals": result.goals,
                        "milestones": result.milestones,
                        "activities": result.activities,
                    },
                )
                return redirect("plans:plan_detail", plan_id=result.plan.pk)
    else:
        initial_desa = request.GET.get("desa", "")
        if initial_desa and not can_edit_plan_of(request.user, initial_desa):
            raise Http404
        form = PlanImportForm(initial={"desa": initial_desa}, desa_choices=choices)
    return render(
        request,
        "plans/plan_import.html",
        {"form": form, "issues": issues, "max_rows": MAX_DATA_ROWS},
    )
