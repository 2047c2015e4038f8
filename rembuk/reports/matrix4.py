"""Matriks 4, the kecamatan's summary for the kabupaten: drafting and printing
(docs/mechanism.md#kecamatan-report-matriks-4).

Two halves. draft_cells() words one village's row from what a meeting recorded (the plan's goals
and efforts, the sheet's challenges with their causes, the follow-ups agreed); the services write
those words into KecamatanReportRow, where a person rewrites them. build_matrix4() reads a saved
report back into one plain object, and the PDF, DOCX and XLSX renderers only lay that object out,
so the three files say the same thing in the guide's five columns.

A cell is stored as lines; each line prints as one bullet, as in the guide's example (a cell of
one line prints as a plain sentence). Printed words are Indonesian whatever the interface
language (see rembuk.reports.wording).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from rembuk.core.pdf import render_pdf
from rembuk.core.xlsx import printable, workbook_bytes
from rembuk.reports import wording
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.report import MatrixRow, VillageSheet, desa_slug
from rembuk.reports.spreadsheet import BOX, HEADING_FILL, WRAP, _put
from rembuk.reports.word import _repeat_as_header, _shade, _write, set_column_widths

# How many activity names a goal's line lists before "dan N kegiatan lainnya": Matriks 4 is a
# summary, the full list is on the village's Matriks 3.
ACTIVITIES_NAMED = 4
NO_PLAN = "Desa ini belum memiliki rencana penghidupan di Rembuk."
EMPTY_SHEET = "Belum ada catatan untuk desa ini pada pertemuan koordinasi ini."
BULLET = "•"


# --- drafting ---------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    """One line: newlines become spaces, and it ends with a full stop."""
    text = " ".join(text.split())
    if text and text[-1] not in ".!?":
        text += "."
    return text


def _goal_line(row: MatrixRow) -> str:
    line = row.goal.strip()
    if row.target:
        line = f"{line} {row.target}"
    line = _sentence(line)
    milestones = [_sentence(m.statement).rstrip(".") for m in row.milestones if m.statement]
    activities = [name.strip() for m in row.milestones for name in m.activities if name.strip()]
    efforts: list[str] = []
    if milestones:
        efforts.append("Sasaran: " + "; ".join(milestones) + ".")
    if activities:
        # "dan 1 kegiatan lainnya" says less than the name itself.
        shown = (
            activities if len(activities) <= ACTIVITIES_NAMED + 1 else activities[:ACTIVITIES_NAMED]
        )
        named = ", ".join(shown)
        if len(shown) < len(activities):
            named += f", dan {len(activities) - len(shown)} kegiatan lainnya"
        efforts.append(f"Upaya: {named}.")
    if row.review:
        efforts.append(f"Tinjauan capaian tujuan: {row.review.result}.")
    return " ".join([line, *efforts])


def _challenge_lines(rows: list[MatrixRow]) -> list[str]:
    lines = []
    for row in rows:
        for challenge in row.challenges:
            line = _sentence(challenge.text)
            if challenge.blocked_note:
                line = line.rstrip(".") + f" ({challenge.blocked_note})."
            if challenge.cause.strip():
                line += " Penyebab: " + _sentence(challenge.cause)
            lines.append(line)
    return lines


def _support_lines(rows: list[MatrixRow], desa_name: str) -> list[str]:
    lines = []
    for row in rows:
        for followup in row.followups:
            details = []
            if followup.owner.startswith("Kecamatan "):
                details.append("kecamatan")  # the report is the kecamatan's own
            elif followup.owner and followup.owner != f"Desa {desa_name}":
                details.append(followup.owner)
            if followup.due:
                details.append(f"tenggat {followup.due}")
            line = _sentence(followup.text)
            if details:
                line = line.rstrip(".") + f" ({'; '.join(details)})."
            lines.append(line)
    return lines


@dataclass
class DraftCells:
    goals_and_efforts: str
    challenges: str
    support_needed: str


def draft_cells(village: VillageSheet) -> DraftCells:
    """A first wording of one village's row, for a person to edit."""
    goals = "\n".join(_goal_line(row) for row in village.rows) or NO_PLAN
    if not village.is_recorded:
        return DraftCells(goals, EMPTY_SHEET, "")
    return DraftCells(
        goals,
        "\n".join(_challenge_lines(village.all_rows)),
        "\n".join(_support_lines(village.all_rows, village.desa_name)),
    )


# --- the report object the renderers share -----------------------------------------------------


def lines_of(text: str) -> list[str]:
    """The cell's lines, each with single spaces between its words (the PDF keeps spaces)."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@dataclass
class Matrix4Row:
    number: int
    desa_code: str
    desa_name: str
    goals: list[str]
    challenges: list[str]
    support: list[str]

    def cells(self) -> list[list[str]]:
        return [self.goals, self.challenges, self.support]


@dataclass
class Matrix4Report:
    id: str
    kecamatan: str
    kecamatan_code: str
    kabupaten: str
    meeting_date: str
    edition: int
    status: str
    sent_on: str
    sent_by: str
    note: str
    rows: list[Matrix4Row] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return self.status == KecamatanReport.Status.DRAFT

    @property
    def status_line(self) -> str:
        """`Versi 2 · dikirim 2 April 2024 oleh Agustinus Ndara` (or the draft's warning)."""
        parts = [f"Versi {self.edition}"]
        if self.is_draft:
            parts.append("DRAF — belum dikirim ke kabupaten")
        else:
            sent = f"dikirim {self.sent_on}" if self.sent_on else "dikirim"
            if self.sent_by:
                sent += f" oleh {self.sent_by}"
            parts.append(sent)
            if self.status == KecamatanReport.Status.SUPERSEDED:
                parts.append("sudah diganti oleh versi koreksi")
        return " · ".join(parts)

    @property
    def context_line(self) -> str:
        parts = [self.kabupaten] if self.kabupaten else []
        if self.meeting_date:
            parts.append(f"Pertemuan koordinasi kecamatan {self.meeting_date}")
        return " · ".join(parts)

    @property
    def title(self) -> str:
        return f"Laporan ringkas kecamatan (Matriks 4) — Kecamatan {self.kecamatan}"

    @property
    def filename_base(self) -> str:
        return f"matriks-4-{desa_slug(self.kecamatan)}-v{self.edition}"


def report_with_regions(report_id: object) -> KecamatanReport:
    """The report with everything its printout names (for callers outside a request)."""
    return KecamatanReport.objects.select_related(
        "kecamatan", "kecamatan__parent", "meeting", "sent_by"
    ).get(pk=report_id)


def report_rows(report: KecamatanReport) -> list[KecamatanReportRow]:
    return list(
        KecamatanReportRow.objects.filter(report=report)
        .select_related("desa")
        .order_by("position", "desa__name")
    )


def build_matrix4(
    report: KecamatanReport, rows: list[KecamatanReportRow] | None = None
) -> Matrix4Report:
    """Everything the printouts show. One query for the rows (none when they are given)."""
    rows = report_rows(report) if rows is None else rows
    kabupaten = report.kecamatan.parent
    sent_by = ""
    if report.sent_by is not None:
        sent_by = report.sent_by.get_full_name() or report.sent_by.get_username()
    return Matrix4Report(
        id=str(report.id),
        kecamatan=report.kecamatan.name,
        kecamatan_code=report.kecamatan.code,
        kabupaten=kabupaten.name if kabupaten else "",
        meeting_date=wording.tanggal(report.meeting.date) if report.meeting else "",
        edition=report.edition,
        status=report.status,
        sent_on=wording.tanggal(timezone.localdate(report.sent_at)) if report.sent_at else "",
        sent_by=sent_by,
        note=report.note.strip(),
        rows=[
            Matrix4Row(
                number=number,
                desa_code=row.desa.code,
                desa_name=row.desa.name,
                goals=lines_of(row.goals_and_efforts),
                challenges=lines_of(row.challenges),
                support=lines_of(row.support_needed),
            )
            for number, row in enumerate(rows, start=1)
        ],
    )


# --- renderers ----------------------------------------------------------------------------------

PDF_CSS = "@page { size: 297mm 210mm; margin: 12mm 10mm 14mm; } html { font-size: 9.5pt; }"


def matrix4_pdf(report: Matrix4Report) -> bytes:
    """A4 landscape, the heading row repeated on every page; text escaped by the templates."""
    return render_pdf(
        "reports/kecamatan_report_pdf.html",
        {"report": report, "headings": wording.MATRIX4_HEADINGS},
        extra_css=PDF_CSS,
    )


def _cell_text(lines: list[str]) -> str:
    """One line as a sentence; several as bullets (the lists of the guide's example)."""
    if len(lines) == 1:
        return lines[0]
    return "\n".join(f"{BULLET} {line}" for line in lines)


DOCX_COLUMNS_CM = (1.1, 3.0, 7.6, 7.8, 7.6)  # 27.1 cm of a 29.7 cm landscape page


def matrix4_docx(report: Matrix4Report) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    document.core_properties.title = report.title
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.3)
    section.top_margin = section.bottom_margin = Cm(1.2)

    heading = document.add_paragraph()
    heading.add_run(f"{wording.KECAMATAN_LABEL} : {report.kecamatan}").bold = True
    heading.runs[0].font.size = Pt(13)
    for line in (report.context_line, report.status_line):
        if line:
            document.add_paragraph(line).runs[0].font.size = Pt(9)

    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, wording.MATRIX4_HEADINGS, strict=True):
        _write(cell, text, bold=True)
        _shade(cell)
    for row in report.rows:
        cells = table.add_row().cells
        _write(cells[0], f"{row.number}.")
        _write(cells[1], row.desa_name)
        for cell, lines in zip(cells[2:], row.cells(), strict=True):
            if len(lines) == 1:
                _write(cell, lines[0])
            for line in lines if len(lines) > 1 else []:
                _write(cell, f"{BULLET} {line}")
    set_column_widths(table, DOCX_COLUMNS_CM)
    if report.note:
        document.add_paragraph()
        note = document.add_paragraph()
        note.add_run("Catatan untuk kabupaten: ").bold = True
        note.add_run(report.note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# In character widths: the five columns fit the width of a landscape A4 page at full size.
XLSX_WIDTHS = (5, 16, 41, 41, 41)
XLSX_HEADER_ROW = 4


def matrix4_xlsx(report: Matrix4Report) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Matriks 4"
    ws["A1"] = f"{wording.KECAMATAN_LABEL} : {report.kecamatan}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = printable(report.context_line)
    ws["A3"] = report.status_line
    for column, (heading, width) in enumerate(
        zip(wording.MATRIX4_HEADINGS, XLSX_WIDTHS, strict=True), start=1
    ):
        head = ws.cell(row=XLSX_HEADER_ROW, column=column, value=heading)
        head.font = Font(bold=True)
        head.fill = HEADING_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        head.border = BOX
        ws.column_dimensions[head.column_letter].width = width
    ws.row_dimensions[XLSX_HEADER_ROW].height = 32  # the longest heading on two lines
    row_number = XLSX_HEADER_ROW
    for row in report.rows:
        row_number += 1
        texts = [_cell_text(lines) for lines in row.cells()]
        values = [f"{row.number}.", row.desa_name, *texts]
        for column, value in enumerate(values, start=1):
            cell = _put(ws, row_number, column, value)
            cell.alignment = WRAP
            cell.border = BOX
    if report.note:
        row_number += 2
        _put(ws, row_number, 1, "Catatan untuk kabupaten:").font = Font(bold=True)
        _put(ws, row_number + 1, 1, report.note)
    ws.freeze_panes = f"A{XLSX_HEADER_ROW + 1}"
    workbook.properties.title = report.title
    return workbook_bytes(workbook)


FORMATS = {
    "pdf": ("application/pdf", matrix4_pdf),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        matrix4_docx,
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", matrix4_xlsx),
}


def matrix4_file(report: Matrix4Report, fmt: str) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of one format; KeyError for an unknown format."""
    content_type, render = FORMATS[fmt]
    return f"{report.filename_base}.{fmt}", content_type, render(report)
