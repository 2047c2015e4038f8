"""Matriks 3 (or the blank Matriks 2) as DOCX (python-docx): a landscape section per village,
the "Desa / Tanggal" header, and a real table whose heading row repeats on every page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row

from rembuk.reports import wording
from rembuk.reports.qr import qr_png
from rembuk.reports.report import MatrixRow, MeetingReport, VillageSheet

COLUMN_CM = (5.4, 7.2, 7.6, 6.9)  # 27.1 cm of a 29.7 cm landscape page


def set_column_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """The table's columns at these widths, as each office suite reads them: LibreOffice (what a
    kecamatan prints with) lays a table out by its grid, which python-docx makes of equal
    columns when it adds the table, so a "No." column took a fifth of the page and the text
    columns wrapped after two words; Word goes by the cells' widths unless it may fit the table
    to its text, which a fixed layout forbids."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _repeat_as_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell: _Cell, fill: str = "E6E6E6") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(
    cell: _Cell, text: str, *, bold: bool = False, italic: bool = False, small: bool = False
) -> None:
    # The first paragraph of a new cell is empty: use it before adding more.
    paragraph = cell.paragraphs[-1]
    if paragraph.text or len(cell.paragraphs) > 1 or paragraph.runs:
        paragraph = cell.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    if small:
        run.font.size = Pt(8)
    paragraph.paragraph_format.space_after = Pt(2)


def _fill_row(cells: Sequence[_Cell], row: MatrixRow, blank: bool) -> None:
    _write(cells[0], row.goal, bold=True)
    if row.target:
        _write(cells[0], row.target, bold=True)
    for milestone in row.milestones:
        if milestone.statement:
            _write(cells[1], f"{milestone.statement} {milestone.target}".strip(), italic=True)
        for name in milestone.activities:
            _write(cells[1], f"• {name}")
    if blank:
        return
    if row.review:
        _write(cells[2], f"Tinjauan capaian tujuan: {row.review.result}.", bold=True)
        if row.review.factors:
            _write(cells[2], row.review.factors)
    for challenge in row.challenges:
        text = challenge.text + (f" ({challenge.blocked_note})" if challenge.blocked_note else "")
        _write(cells[2], text)
        if challenge.cause:
            _write(cells[2], f"Penyebab: {challenge.cause}")
        if challenge.learning:
            _write(cells[2], f"Pembelajaran: {challenge.learning}")
    for followup in row.followups:
        _write(cells[3], followup.text)
        if followup.meta:
            _write(cells[3], followup.meta, small=True)


def _landscape(document: DocumentObject, *, new_section: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE) if new_section else document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.3)
    section.top_margin = section.bottom_margin = Cm(1.2)


def _write_village(document: DocumentObject, village: VillageSheet, *, blank: bool) -> None:
    headings = wording.MATRIX2_HEADINGS if blank else wording.MATRIX3_HEADINGS
    head = document.add_table(rows=1, cols=2)
    who, qr = head.rows[0].cells
    _write(who, f"{wording.DESA_LABEL}: {village.desa_name}", bold=True)
    _write(who, f"{wording.DATE_LABEL}: {village.date}", bold=True)
    if village.share_url:
        picture = qr.paragraphs[0].add_run()
        picture.add_picture(io.BytesIO(qr_png(village.share_url)), width=Cm(2.2))
        _write(qr, wording.QR_CAPTION, small=True)
    set_column_widths(head, (22, 5))

    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, heading in zip(header.cells, headings, strict=True):
        _write(cell, heading, bold=True)
        _shade(cell)
    rows = village.rows if blank else village.all_rows
    for row in rows:
        cells = table.add_row().cells
        _fill_row(cells, row, blank)
        if blank:
            for _ in range(4):  # room to write by hand
                _write(cells[2], "")
    if not rows:
        cells = table.add_row().cells
        _write(cells[0], "Desa ini belum memiliki rencana penghidupan di Rembuk.")
    set_column_widths(table, COLUMN_CM)


def sheets_docx(
    report: MeetingReport, villages: Sequence[VillageSheet] | None = None, *, blank: bool = False
) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    document.core_properties.title = report.title
    selected = list(report.villages if villages is None else villages)
    for index, village in enumerate(selected):
        _landscape(document, new_section=index > 0)
        _write_village(document, village, blank=blank)
    if not selected:
        _landscape(document, new_section=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
