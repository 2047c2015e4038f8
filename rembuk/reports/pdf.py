"""The page geometry of the printed matrices (through rembuk.core.pdf, the HTML-to-PDF helper).

Posters (A1, A0) are meant to be read from three metres on plano paper. poster_font_size()
estimates, from the amount of text in each cell, the largest type with which a whole village
sheet fits one landscape page; render_sheets_pdf() lays the sheets out once at that size and
checks the real layout: only a sheet the estimate was too optimistic for is laid out again,
smaller, never below a floor — past that, the table flows onto a second page with its header
repeated, and no text is ever cut off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rembuk.core.pdf import render_document
from rembuk.reports.report import MatrixRow, VillageSheet

MM_PER_PT = 25.4 / 72
# Average advance of a character of DejaVu Sans Condensed, in em (measured on Indonesian text).
CHAR_WIDTH_EM = 0.52
LINE_HEIGHT = 1.22
# Measured against real layouts, the estimate below runs 8–16 % above the height WeasyPrint
# lays out; this share of it still errs on the safe side, so the first layout is the last one.
ESTIMATE_SHARE = 0.94


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float  # landscape
    height_mm: float
    margin_mm: float
    max_font_pt: float
    min_font_pt: float
    scale: float  # rules, paddings and the QR code grow with the paper

    @property
    def css_size(self) -> str:
        return f"{self.width_mm}mm {self.height_mm}mm"


A4 = Paper("A4", 297, 210, 10, 9.5, 9.5, 1.0)
A1 = Paper("A1", 841, 594, 18, 40, 16, 2.8)
A0 = Paper("A0", 1189, 841, 24, 56, 22, 4.0)
PAPERS = {"a4": A4, "a1": A1, "a0": A0}

# Share of the table width per column (goal | activities | challenges | follow-ups).
COLUMN_SHARES = (0.20, 0.27, 0.28, 0.25)


# --- matrix geometry ------------------------------------------------------------------------


def _lines(text: str, chars_per_line: float) -> int:
    if not text:
        return 0
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


def _cell_lines(row: MatrixRow, column: int, chars: float, blank: bool) -> float:
    """Estimated lines of one cell; paragraph gaps count as half a line."""
    if column == 0:
        return _lines(row.goal, chars) + _lines(row.target, chars) + 0.5
    if column == 1:
        total = 0.0
        for milestone in row.milestones:
            total += _lines(milestone.statement + " " + milestone.target, chars) + 0.4
            total += sum(_lines(a, chars - 2) for a in milestone.activities)
        return total
    if blank:
        return 0
    if column == 2:
        total = 0.0
        for challenge in row.challenges:
            total += _lines(challenge.text, chars) + 0.5
            total += _lines(challenge.blocked_note, chars)
            total += _lines("Penyebab: " + challenge.cause, chars) if challenge.cause else 0
            total += (
                _lines("Pembelajaran: " + challenge.learning, chars) if challenge.learning else 0
            )
        if row.review:
            total += 1 + _lines(row.review.factors, chars) + 0.5
        return total
    total = 0.0
    for followup in row.followups:
        total += _lines(followup.text, chars) + _lines(followup.meta, chars * 1.15) + 0.5
    return total


def sheet_height_mm(
    sheet: VillageSheet, paper: Paper, font_pt: float, *, blank: bool = False
) -> float:
    """Estimated height of a village's table and its header at a font size."""
    table_width = paper.width_mm - 2 * paper.margin_mm
    em_mm = font_pt * MM_PER_PT
    line_mm = em_mm * LINE_HEIGHT
    padding_mm = 2 * 0.45 * em_mm + 0.6 * paper.scale
    height = 0.0
    for row in sheet.all_rows:
        cells = []
        for column, share in enumerate(COLUMN_SHARES):
            chars = (table_width * share - padding_mm) / (CHAR_WIDTH_EM * em_mm)
            cells.append(_cell_lines(row, column, max(chars, 4), blank))
        lines = max(cells)
        if blank:
            # Writing space on paper: at least six lines per goal for the two empty columns.
            lines = max(lines, 6)
        height += lines * line_mm + padding_mm
    header = 2 * 1.5 * line_mm + 3 * line_mm + 2 * padding_mm  # Desa/Tanggal + column headings
    return (height + header) * ESTIMATE_SHARE


def poster_font_size(sheets: Sequence[VillageSheet], paper: Paper, *, blank: bool = False) -> float:
    """The largest font size (pt, whole or half points) at which every sheet fits one page."""
    available = paper.height_mm - 2 * paper.margin_mm - 8 * paper.scale  # footer line
    size = paper.max_font_pt
    while size > paper.min_font_pt:
        if all(sheet_height_mm(s, paper, size, blank=blank) <= available for s in sheets):
            return size
        size -= 0.5 if size <= 20 else 1
    return paper.min_font_pt


def sheet_css(paper: Paper, font_pt: float, sheet_fonts: Sequence[float] = ()) -> str:
    """Page size, type and rules for one paper; the rest lives in static/css/print-matrix.css.

    `sheet_fonts` gives each village sheet (#sheet-1, #sheet-2…) its own type size on posters.
    """
    s = paper.scale
    small = max(7.0, font_pt * 0.45)
    per_sheet = "\n".join(
        f"#sheet-{number} {{ font-size: {size:.1f}pt; }}"
        for number, size in enumerate(sheet_fonts, start=1)
    )
    return f"""
@page {{ size: {paper.css_size}; margin: {paper.margin_mm}mm {paper.margin_mm}mm
  {paper.margin_mm + 4 * s}mm; }}
@page {{ @bottom-right {{ font-size: {small:.1f}pt; }}
  @top-left {{ font-size: {font_pt * 0.8:.1f}pt; }} }}
html {{ font-size: {font_pt:.1f}pt; }}
.running-foot {{ font-size: {small:.1f}pt; }}
.matrix th, .matrix td {{ border-width: {0.35 * s:.2f}mm; }}
.matrix {{ border-width: {0.6 * s:.2f}mm; }}
.sheet-head .qr img {{ width: {16 * s:.1f}mm; height: {16 * s:.1f}mm; }}
.sheet-head .qr p {{ font-size: {max(7.0, 2.2 * s * 2.83):.1f}pt; }}
{per_sheet}
"""


def _overflowing_sheets(document: Any) -> set[int]:
    """Numbers of the sheets that run onto more than one page.

    A sheet's anchor (#sheet-N) is listed on every page its section reaches; a page with no
    anchor at all continues the sheet before it.
    """
    overflowing: set[int] = set()
    seen: set[int] = set()
    current = 0
    for page in document.pages:
        numbers = {int(a.split("-")[1]) for a in page.anchors if a.startswith("sheet-")}
        if not numbers and current:
            overflowing.add(current)
        overflowing |= numbers & seen
        seen |= numbers
        current = max(numbers, default=current)
    return overflowing


def render_sheets_pdf(
    template: str,
    context: dict[str, Any],
    sheets: Sequence[VillageSheet],
    paper: Paper,
    *,
    blank: bool = False,
) -> bytes:
    """Village sheets on one paper size: on posters each sheet gets the largest type with which
    it fits one page; A4 keeps one readable size and flows onto more pages."""
    context = {**context, "paper": paper, "blank": blank}
    if paper is A4:
        document = render_document(template, context, extra_css=sheet_css(paper, paper.max_font_pt))
    else:
        fonts = [poster_font_size([sheet], paper, blank=blank) for sheet in sheets]
        base = min(fonts, default=paper.max_font_pt)
        document = render_document(template, context, extra_css=sheet_css(paper, base, fonts))
        # The estimate is good but not exact: check the real layout. Sheets that spilled over
        # step down (three times at most; past the floor a table flows onto a second page with
        # its header repeated).
        for _attempt in range(3):
            spilled = {n for n in _overflowing_sheets(document) if fonts[n - 1] > paper.min_font_pt}
            if not spilled:
                break
            for number in spilled:
                fonts[number - 1] = max(paper.min_font_pt, round(fonts[number - 1] * 0.9 * 2) / 2)
            document = render_document(template, context, extra_css=sheet_css(paper, base, fonts))
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)
