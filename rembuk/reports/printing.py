"""PDF renderers of the meeting report: village sheets (A4, A1, A0) and the whole meeting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from rembuk.reports import wording
from rembuk.reports.pdf import A4, PAPERS, render_sheets_pdf
from rembuk.reports.qr import qr_svg_data_uri
from rembuk.reports.report import MeetingReport, VillageSheet


def _items(villages: Sequence[VillageSheet]) -> list[dict[str, Any]]:
    return [
        {"village": v, "qr": qr_svg_data_uri(v.share_url) if v.share_url else ""} for v in villages
    ]


def _footer(report: MeetingReport) -> str:
    printed = wording.tanggal(timezone.localdate())
    return (
        f"Rembuk · Kecamatan {report.kecamatan}, {report.kabupaten} · "
        f"Pertemuan koordinasi {report.date} · dicetak {printed}"
    )


def _sheet_context(report: MeetingReport, villages: Sequence[VillageSheet], blank: bool) -> dict:
    return {
        "report": report,
        "items": _items(villages),
        "headings": wording.MATRIX2_HEADINGS if blank else wording.MATRIX3_HEADINGS,
        "qr_caption": wording.QR_CAPTION,
        "title": wording.MATRIX2_TITLE if blank else wording.MATRIX3_TITLE,
        "footer": _footer(report),
    }


def sheets_pdf(
    report: MeetingReport, paper: str = "a4", *, blank: bool = False, desa_code: str | None = None
) -> bytes:
    """Matriks 3 (or the blank Matriks 2) of one village or of every village, one per page."""
    villages = [v for v in report.villages if desa_code is None or v.desa_code == desa_code]
    return render_sheets_pdf(
        "reports/sheets_pdf.html",
        _sheet_context(report, villages, blank),
        villages,
        PAPERS[paper],
        blank=blank,
    )


def meeting_pdf(report: MeetingReport) -> bytes:
    """The whole meeting: cover and attendance, every village's Matriks 3, carried-in
    follow-ups and the closing (A4 landscape)."""
    context = _sheet_context(report, report.villages, blank=False)
    return render_sheets_pdf("reports/meeting_pdf.html", context, report.villages, A4)
