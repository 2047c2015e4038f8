"""Every XLSX file Rembuk writes leaves through `workbook_bytes`: one place for what a workbook
must be before a person opens or prints it.

- It prints: every sheet landscape on A4, fitted to the width of the page (as many pages down
  as it takes), with the rows above its frozen panes (its title and column headings) repeated
  at the top of every page, and narrow margins that leave the matrices room.
- Its wrapped text shows: a row whose height the writer did not set gets one that holds the
  lines of its longest cell (an office suite does not grow rows it reads from a file).
- Text stays text: a cell whose text begins like a formula (=, +, -, @, a tab, a carriage
  return) is written as text, never as a formula, so a goal typed as "=1+1" or
  "=HYPERLINK(…)" shows as typed in an office suite and is never run (formula injection).
  Rembuk writes no formulas of its own.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# In inches: room for the wide matrices, with the header and footer still clear of the text.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)


def printable(value: Any) -> Any:
    """A value a cell can hold: text without the control characters the XLSX format refuses
    (a vertical tab pasted from a word processor would otherwise stop the whole export)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def workbook_bytes(workbook: Workbook) -> bytes:
    """The finished file: every sheet set up for printing, every typed text kept as text."""
    for sheet in workbook.worksheets:
        set_up_printing(sheet)
        keep_text_as_text(sheet)
        fit_row_heights(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def set_up_printing(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = MARGINS
    if not sheet.print_title_rows and sheet.freeze_panes:
        # The rows frozen on screen are the ones a reader needs on every printed page.
        _column, first_free_row = coordinate_from_string(sheet.freeze_panes)
        if first_free_row > 1:
            sheet.print_title_rows = f"1:{first_free_row - 1}"


def keep_text_as_text(sheet: Worksheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"


LINE_HEIGHT = 15.0  # points, for the default 11-point font
CHARACTERS_PER_WIDTH = 1.1  # how many characters of text fit in one unit of column width


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def fit_row_heights(sheet: Worksheet) -> None:
    """Heights for the rows the writer left to us, from their wrapped cells. A cell merged over
    several rows shares its lines among them."""
    widths = {
        letter: dimension.width or 8.43 for letter, dimension in sheet.column_dimensions.items()
    }
    merged = {
        (span.min_row, span.min_col): span.max_row - span.min_row + 1
        for span in sheet.merged_cells.ranges
    }
    needed: dict[int, float] = {}
    for row in sheet.iter_rows():
        for cell in row:
            # has_style first: reading .alignment of an unstyled cell builds a style proxy,
            # which was a third of a 3,000-village export's time.
            if not isinstance(cell.value, str) or not cell.has_style:
                continue
            if not cell.alignment.wrap_text:
                continue
            rows = merged.get((cell.row, cell.column), 1)
            lines = text_lines(cell.value, widths.get(cell.column_letter, 8.43))
            height = lines * LINE_HEIGHT / rows
            for spanned in range(cell.row, cell.row + rows):
                needed[spanned] = max(needed.get(spanned, LINE_HEIGHT), height)
    for number, height in needed.items():
        if sheet.row_dimensions[number].height is None:
            sheet.row_dimensions[number].height = round(height + 2, 1)
