"""Matriks 3 as XLSX (openpyxl): one worksheet per village, the paper's four columns.

Each goal is a group of rows, one per line of column B (the milestone, then its activities
(•)), so the activities still sort and filter. The goal's statement and target (A), its
challenges (C) and its follow-ups (D) are one cell each, merged down the group, as the PDF and
DOCX print them: a column's lines stay together instead of being spread over rows sized for
another column's text, which left gaps inside a goal. Set up to print
landscape, fitted to the page width, with the heading rows repeated. openpyxl writes cell values
as typed text: a value that starts with "=" is stored as text, never as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from rembuk.core.xlsx import LINE_HEIGHT, printable, text_lines, workbook_bytes
from rembuk.reports import wording
from rembuk.reports.qr import qr_png
from rembuk.reports.report import MatrixRow, MeetingReport, VillageSheet

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SIDES = Border(left=THIN, right=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADING_FILL = PatternFill("solid", fgColor="E6E6E6")
WIDTHS = (34, 46, 50, 46)
HEADER_ROW = 4


def _put(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    # Text stays text, never a formula: rembuk.core.xlsx.workbook_bytes sees to it.
    return ws.cell(row=row, column=column, value=printable(value))


def _row_lines(row: MatrixRow) -> tuple[list[str], list[str], list[str]]:
    activities: list[str] = []
    for milestone in row.milestones:
        if milestone.statement:
            activities.append(f"{milestone.statement} {milestone.target}".strip())
        activities.extend(f"• {name}" for name in milestone.activities)
    challenges: list[str] = []
    if row.review:
        challenges.append(
            f"Tinjauan capaian tujuan: {row.review.result}. {row.review.factors}".strip()
        )
    for challenge in row.challenges:
        text = challenge.text
        if challenge.blocked_note:
            text += f" ({challenge.blocked_note})"
        if challenge.cause:
            text += f"\nPenyebab: {challenge.cause}"
        if challenge.learning:
            text += f"\nPembelajaran: {challenge.learning}"
        challenges.append(text)
    followups = [f"{f.text}\n{f.meta}" if f.meta else f.text for f in row.followups]
    return activities, challenges, followups


def _set_heights(ws: Worksheet, first: int, last: int, merged_texts: Sequence[str]) -> None:
    """Row heights from the wrapped text: an office suite does not grow rows written by
    openpyxl. Each row of the group is as tall as its line of column B; when a merged cell
    (goal, challenges, follow-ups) needs more, the last row takes the rest, so column B's lines
    stay together at the top of the group and the merged text is never cut off."""
    total = 0.0
    for r in range(first, last + 1):
        height = text_lines(str(ws.cell(row=r, column=2).value or ""), WIDTHS[1]) * LINE_HEIGHT
        ws.row_dimensions[r].height = height
        total += height
    needed = max(
        text_lines(text, WIDTHS[column]) * LINE_HEIGHT
        for column, text in zip((0, 2, 3), merged_texts, strict=True)
    )
    if needed > total:
        ws.row_dimensions[last].height = (ws.row_dimensions[last].height or 0) + needed - total


def _sheet_title(village: VillageSheet, used: set[str]) -> str:
    # Excel limits titles to 31 characters and forbids a few; names must be unique.
    base = "".join(c for c in village.desa_name if c not in "[]:*?/\\")[:28] or "Desa"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:26]} {n}", n + 1
    used.add(title.lower())
    return title


def _write_village(ws: Worksheet, village: VillageSheet, *, blank: bool) -> None:
    headings = wording.MATRIX2_HEADINGS if blank else wording.MATRIX3_HEADINGS
    ws["A1"] = f"{wording.DESA_LABEL}: {village.desa_name}"
    ws["A2"] = f"{wording.DATE_LABEL}: {village.date}"
    for coordinate in ("A1", "A2"):
        ws[coordinate].font = Font(bold=True, size=14)
    for column, (heading, width) in enumerate(zip(headings, WIDTHS, strict=True), start=1):
        head = ws.cell(row=HEADER_ROW, column=column, value=heading)
        head.font = Font(bold=True)
        head.fill = HEADING_FILL
        head.alignment = Alignment(wrap_text=True, vertical="center")
        head.border = BOX
        ws.column_dimensions[head.column_letter].width = width
    row_number = HEADER_ROW + 1
    for row in village.all_rows:
        activities, challenges, followups = _row_lines(row)
        if blank:
            challenges, followups = [], []
        # A blank Matriks 2 leaves four rows of room for writing by hand.
        height = max(1, len(activities), 4 if blank else 1)
        first, last = row_number, row_number + height - 1
        goal_text = f"{row.goal}\n{row.target}".strip()
        # A blank line between two challenges (or follow-ups): each may take several lines.
        merged_texts = (goal_text, "\n\n".join(challenges), "\n\n".join(followups))
        for column, text in zip((1, 3, 4), merged_texts, strict=True):
            if text:
                _put(ws, first, column, text)
        ws.cell(row=first, column=1).font = Font(bold=True)
        for offset, line in enumerate(activities):
            written = _put(ws, first + offset, 2, line)
            if not line.startswith("•"):
                written.font = Font(italic=True)
        _set_heights(ws, first, last, merged_texts)
        for r in range(first, last + 1):
            for column in range(1, 5):
                box = ws.cell(row=r, column=column)
                box.alignment = WRAP
                box.border = Border(
                    left=THIN,
                    right=THIN,
                    top=THIN if r == first else None,
                    bottom=THIN if r == last else None,
                )
        if last > first:
            for column in (1, 3, 4):
                ws.merge_cells(
                    start_row=first, start_column=column, end_row=last, end_column=column
                )
        row_number = last + 1
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_options.gridLines = False
    if ws.oddFooter is not None and ws.oddFooter.center is not None:
        ws.oddFooter.center.text = "Halaman &P dari &N"
    if village.share_url:
        # About 2 cm square: scannable on paper, and within the three rows above the headings.
        image = Image(io.BytesIO(qr_png(village.share_url, scale=2)))
        for top_row in (1, 2, 3):
            ws.row_dimensions[top_row].height = 21
        ws.add_image(image, "D1")
        ws["C2"] = wording.QR_CAPTION
        ws["C2"].alignment = Alignment(horizontal="right")


def sheets_xlsx(
    report: MeetingReport, villages: Sequence[VillageSheet] | None = None, *, blank: bool = False
) -> bytes:
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)  # type: ignore[arg-type]
    used: set[str] = set()
    for village in report.villages if villages is None else villages:
        _write_village(workbook.create_sheet(_sheet_title(village, used)), village, blank=blank)
    if not workbook.worksheets:
        workbook.create_sheet("Matriks 3")
    workbook.properties.title = report.title
    return workbook_bytes(workbook)
