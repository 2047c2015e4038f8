"""The reports' documents the task worker builds when they are long (rembuk.reports.background):
a meeting's files, the Matriks 4 PDF and the invitation letters PDF. Registered in
ReportsConfig (`document_kinds`).

The sizes below come from measurements on a two-core laptop (bench/bench_matrix4.py,
bench/bench_meeting_outputs.py): a Matriks 4 village row costs about 0.07 s of layout, an
invitation letter about 0.05 s, a village's sheets 0.1–0.4 s, on top of about 0.15 s per
document; past these counts a document may take more than a second.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from rembuk.meetings.selectors import meeting_for_user
from rembuk.reports import letters, selectors
from rembuk.reports.background import Build, DocumentKind, ExportFile, register
from rembuk.reports.exports import FORMATS, SYNC_VILLAGE_LIMIT, export_meeting_file
from rembuk.reports.matrix4 import build_matrix4, matrix4_file, report_with_regions
from rembuk.reports.models import KecamatanReportRow
from rembuk.reports.permissions import can_manage_meeting
from rembuk.reports.report import desa_slug, meeting_with_regions
from rembuk.reports.sharing import share_urls

MEETING_FILES = "meeting"
MATRIX4 = "matriks4"
LETTERS = "letters"
MATRIX4_SYNC_ROWS = 8
LETTERS_SYNC = 10


def _meeting_files(meeting: Any, build: Build) -> ExportFile:
    export = build.export
    return export_meeting_file(
        meeting,
        export.format,
        desa_code=export.desa_code or None,
        share_url=share_urls(
            meeting, build.base_url, actor=export.created_by, may_create=build.may_create_links
        ),
        progress=build.progress,
    )


def _meeting_back(meeting: Any) -> tuple[str, str]:
    return reverse("reports:meeting_downloads", args=[meeting.pk]), _("Meeting documents")


def _matrix4(report: Any, build: Build) -> ExportFile:
    filename, content_type, content = matrix4_file(
        build_matrix4(report_with_regions(report.pk)), build.export.format
    )
    return ExportFile(filename, content_type, content)


def _matrix4_back(report: Any) -> tuple[str, str]:
    return (
        reverse("reports:kecamatan_report_detail", args=[report.pk]),
        _("Summary report (Matriks 4) of Kecamatan %(kecamatan)s")
        % {"kecamatan": report.kecamatan.name},
    )


def letters_ref(meeting_id: Any, mode: str) -> str:
    return f"{meeting_id}:{mode}"


def _letters_record(user: Any, ref: str) -> tuple[Any, str]:
    """(meeting, mode): only those who manage the meeting prepare its invitations."""
    meeting_id, _colon, mode = ref.partition(":")
    meeting = meeting_for_user(user, meeting_id)
    if mode not in letters.MODES:
        raise Http404
    if not can_manage_meeting(user, meeting.kecamatan.code):
        raise PermissionDenied
    return meeting, mode


def _letters_load(ref: str) -> tuple[Any, str]:
    meeting_id, _colon, mode = ref.partition(":")
    return meeting_with_regions(meeting_id), mode


def letters_name(meeting: Any, mode: str) -> str:
    return f"undangan-{desa_slug(meeting.kecamatan.name)}-{meeting.date.isoformat()}-{mode}"


def _letters(record: tuple[Any, str], build: Build) -> ExportFile:
    meeting, mode = record
    items = letters.meeting_letters(meeting, mode)
    content = letters.letters_pdf(items)
    build.progress(len(items), len(items))
    return ExportFile(f"{letters_name(meeting, mode)}.pdf", "application/pdf", content)


def _letter_count(record: tuple[Any, str], fmt: str) -> int:
    meeting, mode = record
    return meeting.sheets.count() if mode == letters.PER_VILLAGE else 1


def register_kinds() -> None:
    register(
        DocumentKind(
            key=MEETING_FILES,
            record=meeting_for_user,
            load=meeting_with_regions,
            formats=frozenset(FORMATS),
            parts=lambda meeting, fmt: meeting.sheets.count(),
            sync_parts=SYNC_VILLAGE_LIMIT,
            build=_meeting_files,
            back=_meeting_back,
        )
    )
    register(
        DocumentKind(
            key=MATRIX4,
            record=selectors.report_for_user,
            load=report_with_regions,
            formats=frozenset({"pdf"}),
            parts=lambda report, fmt: KecamatanReportRow.objects.filter(report=report).count(),
            sync_parts=MATRIX4_SYNC_ROWS,
            build=_matrix4,
            back=_matrix4_back,
        )
    )
    register(
        DocumentKind(
            key=LETTERS,
            record=_letters_record,
            load=_letters_load,
            formats=frozenset({"pdf"}),
            parts=_letter_count,
            sync_parts=LETTERS_SYNC,
            build=_letters,
            back=lambda record: _meeting_back(record[0]),
        )
    )
