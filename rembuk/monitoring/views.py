"""Pages of village monitoring and learning: a desa's sessions, the review form, one review.

The form is one plain POST (no JavaScript needed; statuses are radio buttons drawn as large tap
targets). A save that clashes with someone else's keeps the person's choices, shows the current
values, and lets the next save start from them.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rembuk.core.forms import add_service_errors
from rembuk.core.permissions import rule
from rembuk.monitoring import selectors, services
from rembuk.monitoring.forms import VillageReviewForm
from rembuk.monitoring.models import VillageReview
from rembuk.monitoring.permissions import (
    can_read_reviews,
    can_record_review_of,
    can_record_some_review,
)
from rembuk.monitoring.selectors import ReviewSheet
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.models import Region


@rule(can_read_reviews)
@require_GET
def review_index(request: HttpRequest) -> HttpResponse:
    """Where the menu leads: a village goes straight to its own sessions; others pick a desa."""
    lines = selectors.desa_lines_for(request.user)
    if lines is not None and len(lines) == 1:
        return redirect("monitoring:review_list", lines[0].desa.code)
    return render(request, "monitoring/review_index.html", {"lines": lines})


@rule(can_read_reviews)
@require_GET
def review_list(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_for_reader(request.user, code)
    return render(
        request,
        "monitoring/review_list.html",
        {
            "desa": desa,
            "reviews": selectors.reviews_of_desa(desa),
            "can_record": can_record_review_of(request.user, desa.code),
        },
    )


@rule(can_read_reviews)
@require_GET
def review_detail(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    review = selectors.review_for_reader(request.user, review_id)
    sheet = selectors.review_sheet(review.plan, review)
    return render(
        request,
        "monitoring/review_detail.html",
        {
            "review": review,
            "desa": review.desa,
            "sheet": sheet,
            "can_record": can_record_review_of(request.user, review.desa.code),
        },
    )


def _conflict_values(error: services.ReviewConflict, sheet: ReviewSheet) -> list[tuple[str, str]]:
    """What is saved now, as the person reads it, for the fields and activities that clashed."""
    shown: list[tuple[str, str]] = []
    for name, value in error.current.items():
        shown.append((services.review_field_label(name), str(value or "—")))
    names = {line.activity.pk: line.activity.name for line in sheet.lines}
    for activity_id, row in error.progress.items():
        text = f"{row.get_status_display()}{' — ' + row.note if row.note else ''}" if row else "—"
        shown.append((names.get(activity_id, ""), text))
    return shown


def _refresh_versions(form: VillageReviewForm, review: VillageReview) -> None:
    """Let the next save start from what is saved now (the person's own values are kept)."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
    review_version, activity_versions = selectors.saved_versions(review)
    data["base_version"] = str(review_version)
    for activity_id, version in activity_versions.items():
        data[f"version_{activity_id.hex}"] = str(version)
    form.data = data


def _review_form_page(
    request: HttpRequest,
    *,
    desa: Region,
    plan: LivelihoodPlan | None,
    review: VillageReview | None,
    form: VillageReviewForm,
    sheet: ReviewSheet,
    conflicts: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    goals = [
        {
            "block": goal.block,
            "milestones": [
                {
                    "statement": m.statement,
                    "lines": [
                        {"line": line, **form.bound_activity(line.activity)} for line in m.lines
                    ],
                }
                for m in goal.milestones
            ],
        }
        for goal in sheet.goals
    ]
    return render(
        request,
        "monitoring/review_form.html",
        {
            "desa": desa,
            "plan": plan,
            "review": review,
            "form": form,
            "goals": goals,
            "conflicts": conflicts or [],
        },
    )


@rule(can_record_some_review)
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_for_recorder(request.user, code)
    plan = services.current_plan(desa, timezone.localdate())
    sheet = selectors.review_sheet(plan, None)
    activities = [line.activity for line in sheet.lines]
    if request.method == "POST":
        form = VillageReviewForm(request.POST, activities=activities)
        if form.is_valid():
            try:
                review = services.village_review_create(
                    desa=desa,
                    date=form.cleaned_data["date"],
                    plan=plan,
                    progress=form.progress(),
                    actor=request.user,
                    **form.texts(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The monitoring session is saved."))
                return redirect("monitoring:review_detail", review.pk)
    else:
        form = VillageReviewForm(activities=activities)
    return _review_form_page(request, desa=desa, plan=plan, review=None, form=form, sheet=sheet)


@rule(can_record_some_review)
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    review = selectors.review_for_recorder(request.user, review_id)
    plan = review.plan or services.current_plan(review.desa, review.date)
    sheet = selectors.review_sheet(plan, review)
    activities = [line.activity for line in sheet.lines]
    conflicts: list[tuple[str, str]] = []
    if request.method == "POST":
        form = VillageReviewForm(request.POST, activities=activities)
        if form.is_valid():
            try:
                services.village_review_update(
                    review=review,
                    base_version=form.cleaned_data["base_version"],
                    progress=form.progress(),
                    actor=request.user,
                    **form.changes(),
                )
            except services.ReviewConflict as conflict:
                conflicts = _conflict_values(conflict, sheet)
                _refresh_versions(form, review)
                form.add_error(None, conflict)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The monitoring session is saved."))
                return redirect("monitoring:review_detail", review.pk)
    else:
        progress = {line.activity.pk: line.progress for line in sheet.lines if line.progress}
        form = VillageReviewForm(activities=activities, review=review, progress=progress)
    return _review_form_page(
        request,
        desa=review.desa,
        plan=plan,
        review=review,
        form=form,
        sheet=sheet,
        conflicts=conflicts,
    )
