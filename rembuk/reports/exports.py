"""Every file a meeting produces, by format: the one entry point of views, the command and tasks.

Formats (docs/mechanism.md#closing-and-sharing-back):
  pdf-a4, pdf-a1, pdf-a0   Matriks 3 of one village; without a desa, pdf-a4 is the whole meeting
                           (cover, every sheet, carried-in follow-ups, closing) and the posters
                           are every village's, one per page
  matriks2-a4, matriks2-a1 the blank Matriks 2 for filling by hand
  xlsx, docx               Matriks 3 as a workbook (a worksheet per village) or a document
  zip                      every village's A4 and A1 PDF, XLSX and DOCX, in a folder per desa
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rembuk.meetings.models import CoordinationMeeting
from rembuk.reports.background import ExportFile, Progress
from rembuk.reports.printing import meeting_pdf, sheets_pdf
from rembuk.reports.report import (
    MeetingReport,
    ShareUrl,
    VillageSheet,
    build_meeting_report,
    desa_slug,
)
from rembuk.reports.spreadsheet import sheets_xlsx
from rembuk.reports.word import sheets_docx

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"

FORMATS = ("pdf-a4", "pdf-a1", "pdf-a0", "matriks2-a4", "matriks2-a1", "xlsx", "docx", "zip")
# Whole-meeting files for more villages than this are built in the background: rendering takes
# roughly 0.3–0.8 s per village, and a request should answer within 2 s.
SYNC_VILLAGE_LIMIT = 2


def _base_name(report: MeetingReport, village: VillageSheet | None, blank: bool) -> str:
    kind = "matriks2" if blank else "matriks3"
    return f"{kind}-{village.slug}" if village else f"{kind}-{desa_slug(report.kecamatan)}"


def _village_files(report: MeetingReport, village: VillageSheet, stamp: str) -> list[ExportFile]:
    """The four files a village takes home: A4 and A1 PDF, XLSX, DOCX."""
    name = f"matriks3-{village.slug}-{stamp}"
    return [
        ExportFile(f"{name}-a4.pdf", PDF, sheets_pdf(report, "a4", desa_code=village.desa_code)),
        ExportFile(f"{name}-a1.pdf", PDF, sheets_pdf(report, "a1", desa_code=village.desa_code)),
        ExportFile(f"{name}.xlsx", XLSX, sheets_xlsx(report, [village])),
        ExportFile(f"{name}.docx", DOCX, sheets_docx(report, [village])),
    ]


def _zip(report: MeetingReport, stamp: str, progress: Progress | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        total = len(report.villages)
        for done, village in enumerate(report.villages, start=1):
            folder = f"{done:02d}-{village.slug}"
            for item in _village_files(report, village, stamp):
                archive.writestr(f"{folder}/{item.filename}", item.content)
            if progress:
                progress(done, total)
    return buffer.getvalue()


def is_long(meeting: CoordinationMeeting, fmt: str, desa_code: str | None) -> bool:
    """Whether building the file may take longer than a request should (background task)."""
    if desa_code is not None and fmt != "zip":
        return False
    return meeting.sheets.count() > SYNC_VILLAGE_LIMIT


def export_meeting_file(
    meeting: CoordinationMeeting,
    fmt: str,
    *,
    desa_code: str | None = None,
    share_url: ShareUrl | None = None,
    progress: Progress | None = None,
) -> ExportFile:
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown format: %(format)s.") % {"format": fmt})
    report = build_meeting_report(
        meeting,
        desa_code=desa_code,
        share_url=share_url,
        with_carried_in=desa_code is None and fmt == "pdf-a4",
    )
    if desa_code is not None and not report.villages:
        raise ValidationError(_("This village is not part of the meeting."))
    village = report.villages[0] if desa_code is not None else None
    stamp = meeting.date.isoformat()
    blank = fmt.startswith("matriks2")
    base = f"{_base_name(report, village, blank)}-{stamp}"
    if fmt == "zip":
        scope = village.slug if village else desa_slug(report.kecamatan)
        return ExportFile(f"dokumen-{scope}-{stamp}.zip", ZIP, _zip(report, stamp, progress))
    if fmt == "xlsx":
        return ExportFile(f"{base}.xlsx", XLSX, sheets_xlsx(report))
    if fmt == "docx":
        return ExportFile(f"{base}.docx", DOCX, sheets_docx(report, blank=False))
    paper = fmt.rsplit("-", 1)[1]
    if fmt == "pdf-a4" and village is None:
        name = f"pertemuan-koordinasi-{desa_slug(report.kecamatan)}-{stamp}.pdf"
        return ExportFile(name, PDF, meeting_pdf(report))
    content = sheets_pdf(report, paper, blank=blank)
    if progress:
        progress(len(report.villages), len(report.villages))
    return ExportFile(f"{base}-{paper}.pdf", PDF, content)
