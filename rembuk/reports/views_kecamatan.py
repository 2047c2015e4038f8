"""Pages of the kecamatan's summary for the kabupaten (Matriks 4).

Thin views: scope through rembuk.reports.selectors (404 outside the user's region, drafts only
for writers), write through rembuk.reports.services, print through rembuk.reports.matrix4.
Each cell is its own small form, saved as it is typed (rembuk.core.autosave), so only the cell
being typed is sent and edits of other cells made meanwhile merge; without JavaScript every form
posts and the page reloads.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from rembuk.core import autosave
from rembuk.core.forms import error_text
from rembuk.core.permissions import rule
from rembuk.meetings.selectors import meeting_for_user
from rembuk.reports import background, selectors, services
from rembuk.reports.kinds import MATRIX4
from rembuk.reports.matrix4 import build_matrix4, lines_of, matrix4_file, report_rows
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.permissions import (
    can_read_some_kecamatan_reports,
    can_write_kecamatan_reports_of,
    can_write_some_kecamatan_reports,
)

PAGE = "reports/kecamatan_report_detail.html"
LIST_LIMIT = 200
# The columns as the page names them: in Indonesian, the paper's own headings word for word
# (rembuk.reports.wording.MATRIX4_HEADINGS), so the screen mirrors the printout; translated in
# the English interface.
CELL_LABELS = {
    "goals_and_efforts": gettext_lazy("Goals and efforts of the village"),
    "challenges": gettext_lazy("Challenges the village faces and their causes"),
    "support_needed": gettext_lazy("Follow-up or support needed"),
}


# --- lists ------------------------------------------------------------------------------------


@rule(can_read_some_kecamatan_reports)
@require_GET
def kecamatan_report_index(request: HttpRequest) -> HttpResponse:
    """Drafts in progress (for writers) and every report received, newest first."""
    drafts = list(selectors.draft_reports(request.user)[:LIST_LIMIT])
    sent = list(selectors.received_reports(request.user)[: LIST_LIMIT + 1])
    return render(
        request,
        "reports/kecamatan_report_list.html",
        {
            "region": None,
            "drafts": drafts,
            "reports": sent[:LIST_LIMIT],
            "more": len(sent) > LIST_LIMIT,
        },
    )


@rule(can_read_some_kecamatan_reports)
@require_GET
def kecamatan_report_list(request: HttpRequest, code: str) -> HttpResponse:
    """A kecamatan's reports (every version), or the reports a kabupaten received."""
    region = selectors.region_for_reports(request.user, code)
    reports = list(selectors.reports_of_region(request.user, region)[: LIST_LIMIT + 1])
    return render(
        request,
        "reports/kecamatan_report_list.html",
        {
            "region": region,
            "drafts": [],
            "reports": reports[:LIST_LIMIT],
            "more": len(reports) > LIST_LIMIT,
        },
    )


# --- one report ---------------------------------------------------------------------------


def _detail_context(request: HttpRequest, report: KecamatanReport) -> dict[str, Any]:
    rows = report_rows(report)
    may_write = can_write_kecamatan_reports_of(request.user, report.kecamatan.code)
    editable = may_write and report.status == KecamatanReport.Status.DRAFT
    versions = selectors.report_versions(request.user, report)
    newer = [v for v in versions if v.edition > report.edition]
    return {
        "report": report,
        "matrix": build_matrix4(report, rows),
        "rows": [(row, _cells(row)) for row in rows],
        "editable": editable,
        "may_correct": may_write and report.status == KecamatanReport.Status.SENT,
        "versions": versions,
        "newer": newer[-1] if newer else None,
        "cell_labels": CELL_LABELS,
    }


def _cells(row: KecamatanReportRow) -> list[dict[str, Any]]:
    return [
        {
            "field": name,
            "label": label,
            "value": getattr(row, name),
            "lines": lines_of(getattr(row, name)),
        }
        for name, label in CELL_LABELS.items()
    ]


@rule(can_read_some_kecamatan_reports)
@require_GET
def kecamatan_report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = selectors.report_for_user(request.user, report_id)
    return render(request, PAGE, _detail_context(request, report))


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_draft(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Draft Matriks 4 from a meeting, or open the report already made from it."""
    meeting = meeting_for_user(request.user, meeting_id)
    if not can_write_kecamatan_reports_of(request.user, meeting.kecamatan.code):
        raise PermissionDenied
    report = services.kecamatan_report_draft(meeting=meeting, actor=request.user)
    if report.status != KecamatanReport.Status.DRAFT:
        messages.info(
            request,
            _("This meeting's report was already sent. To change it, make a correction."),
        )
    return redirect("reports:kecamatan_report_detail", report.id)


def _back_to_rows(report: KecamatanReport) -> str:
    return reverse("reports:kecamatan_report_detail", args=[report.id]) + "#rows"


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_cell_save(
    request: HttpRequest, report_id: uuid.UUID, row_id: uuid.UUID, field: str
) -> HttpResponse:
    if field not in CELL_LABELS:
        raise Http404
    report, row = selectors.report_row_for_writer(request.user, report_id, row_id)
    # One cell, one field: what it posts is saved; edits of the row's other cells merge.
    return autosave.save(
        request,
        obj=row,
        names=[],
        changes={field: request.POST.get("text", "")},
        write=lambda changes, version: services.kecamatan_report_row_update(
            row=row, actor=request.user, base_version=version, **changes
        ),
        redirect_to=_back_to_rows(report),
    )


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_note_save(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = selectors.report_for_writer(request.user, report_id)
    return autosave.save(
        request,
        obj=report,
        names=[],
        changes={"note": request.POST.get("text", "")},
        write=lambda changes, version: services.kecamatan_report_note_update(
            report=report, actor=request.user, base_version=version, **changes
        ),
        redirect_to=_back_to_rows(report),
    )


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_row_move(
    request: HttpRequest, report_id: uuid.UUID, row_id: uuid.UUID, direction: str
) -> HttpResponse:
    offsets = {"naik": -1, "turun": 1}
    if direction not in offsets:
        raise Http404
    report, row = selectors.report_row_for_writer(request.user, report_id, row_id)
    try:
        services.kecamatan_report_row_move(row=row, actor=request.user, offset=offsets[direction])
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(_back_to_rows(report))


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_send(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = selectors.report_for_writer(request.user, report_id)
    try:
        services.kecamatan_report_send(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _(
                "The report was sent to the kabupaten. It is now locked; "
                "a correction makes a new version."
            ),
        )
    return redirect("reports:kecamatan_report_detail", report.id)


@rule(can_write_some_kecamatan_reports)
@require_POST
def kecamatan_report_correct(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = selectors.report_for_writer(request.user, report_id)
    try:
        correction = services.kecamatan_report_correct(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reports:kecamatan_report_detail", report.id)
    messages.success(
        request,
        _("Version %(number)s is a draft copied from the sent report. Change it, then send it.")
        % {"number": correction.edition},
    )
    return redirect("reports:kecamatan_report_detail", correction.id)


@rule(can_read_some_kecamatan_reports)
@require_GET
def kecamatan_report_download(request: HttpRequest, report_id: uuid.UUID, fmt: str) -> HttpResponse:
    report = selectors.report_for_user(request.user, report_id)
    if fmt == "pdf":  # long ones are built by the worker (rembuk.reports.background)
        return background.answer(request, MATRIX4, str(report.pk), fmt)
    try:
        filename, content_type, content = matrix4_file(build_matrix4(report), fmt)
    except KeyError as unknown:
        raise Http404 from unknown
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
