"""Downloads of a meeting's documents (village sheets, the whole meeting, invitation letters),
and the status page of every document built in the background.

Thin views: scope through meeting_for_user (404 outside the user's region), build through
rembuk.reports.exports or .letters, answer with the file. Documents that can take more than a
second go through rembuk.reports.background: built by the task worker while the status page
follows them with htmx.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rembuk.core.addresses import site_address
from rembuk.core.htmx import template_for
from rembuk.core.permissions import rule
from rembuk.meetings.models import CoordinationMeeting
from rembuk.meetings.selectors import meeting_for_user, meeting_sheet_list
from rembuk.people.permissions import can_read_villages
from rembuk.reports import background, letters, selectors
from rembuk.reports.background import ExportFile, attachment, export_for_user, export_path
from rembuk.reports.exports import FORMATS, export_meeting_file, is_long
from rembuk.reports.kinds import LETTERS, MEETING_FILES, letters_name, letters_ref
from rembuk.reports.models import DocumentExport
from rembuk.reports.permissions import (
    can_download_meeting_files,
    can_manage_meeting,
    can_prepare_invitations,
)
from rembuk.reports.report import ShareUrl
from rembuk.reports.sharing import share_urls

VILLAGE_FILES = [
    ("pdf-a4", "Matriks 3", "PDF A4"),
    ("pdf-a1", "Matriks 3", "PDF A1"),
    ("pdf-a0", "Matriks 3", "PDF A0"),
    ("xlsx", "Matriks 3", "XLSX"),
    ("docx", "Matriks 3", "DOCX"),
    ("matriks2-a4", "Matriks 2", "PDF A4"),
    ("matriks2-a1", "Matriks 2", "PDF A1"),
    ("zip", "ZIP", "PDF A4 + A1, XLSX, DOCX"),
]


def _base_url(request: HttpRequest) -> str:
    return site_address(request)


def _share_urls(request: HttpRequest, meeting: CoordinationMeeting) -> ShareUrl | None:
    may_create = can_manage_meeting(request.user, meeting.kecamatan.code)
    return share_urls(meeting, _base_url(request), actor=request.user, may_create=may_create)


@rule(can_download_meeting_files)
@require_GET
def meeting_downloads(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_for_user(request.user, meeting_id)
    sheets = meeting_sheet_list(meeting)
    exports = selectors.recent_exports(request.user, MEETING_FILES, str(meeting.pk))
    return render(
        request,
        "reports/meeting_downloads.html",
        {
            "meeting": meeting,
            "sheets": sheets,
            "village_files": VILLAGE_FILES,
            "is_long": is_long(meeting, "zip", None),
            "exports": exports,
            "may_invite": can_manage_meeting(request.user, meeting.kecamatan.code),
            "letter_modes": letters.MODES,
        },
    )


@rule(can_download_meeting_files)
@require_GET
def sheet_download(
    request: HttpRequest, meeting_id: uuid.UUID, desa_code: str, fmt: str
) -> HttpResponse:
    """One village's file; fast enough to answer in the request."""
    meeting = meeting_for_user(request.user, meeting_id)
    if fmt not in FORMATS:
        raise Http404
    if not selectors.meeting_has_desa(meeting, desa_code):
        raise Http404
    file = export_meeting_file(
        meeting, fmt, desa_code=desa_code, share_url=_share_urls(request, meeting)
    )
    return attachment(file)


@rule(can_download_meeting_files)
@require_POST
def meeting_export(request: HttpRequest, meeting_id: uuid.UUID, fmt: str) -> HttpResponse:
    """Every village at once: answered directly for a small meeting, else built in the
    background while a status page shows progress."""
    meeting = meeting_for_user(request.user, meeting_id)
    may_create = can_manage_meeting(request.user, meeting.kecamatan.code)
    try:
        return background.answer(
            request, MEETING_FILES, str(meeting.pk), fmt, may_create_links=may_create
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)


@rule(can_read_villages)
@require_GET
def export_status(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse:
    export, record = export_for_user(request.user, export_id)
    back_url, back_text = background.kind_of(export.kind).back(record)
    template = template_for(request, "reports/export_status.html", "status")
    return render(
        request, template, {"export": export, "back_url": back_url, "back_text": back_text}
    )


@rule(can_read_villages)
@require_POST
def export_retry(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse:
    """Build a waiting export now, in this request (when no background worker is running)."""
    export, record = export_for_user(request.user, export_id)
    if export.status == DocumentExport.Status.QUEUED:
        may_create = export.kind == MEETING_FILES and can_manage_meeting(
            request.user, record.kecamatan.code
        )
        background.run(str(export.id), _base_url(request), may_create)
    return redirect("reports:export_status", export_id=export.id)


@rule(can_read_villages)
@require_GET
def export_file(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse:
    export, _record = export_for_user(request.user, export_id)
    if export.status != DocumentExport.Status.DONE:
        raise Http404
    path = export_path(export)
    if not path.exists():
        raise Http404
    # A document is a few megabytes at most: read at once, no streaming needed.
    return attachment(ExportFile(export.filename, export.content_type, path.read_bytes()))


@rule(can_prepare_invitations)
@require_GET
def invitation(request: HttpRequest, meeting_id: uuid.UUID, fmt: str) -> HttpResponse:
    meeting = meeting_for_user(request.user, meeting_id)
    if not can_manage_meeting(request.user, meeting.kecamatan.code):
        raise PermissionDenied
    mode = request.GET.get("mode", letters.PER_VILLAGE)
    if mode not in letters.MODES or fmt not in ("pdf", "docx"):
        raise Http404
    items = letters.meeting_letters(meeting, mode)
    if not items:
        return HttpResponse(_("Invite at least one village first."), status=400)
    if fmt == "pdf":
        return background.answer(request, LETTERS, letters_ref(meeting.pk, mode), "pdf")
    file = ExportFile(
        f"{letters_name(meeting, mode)}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        letters.letters_docx(items),
    )
    return attachment(file)
