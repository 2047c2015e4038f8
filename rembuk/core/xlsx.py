"""Every XLSX file Rembuk writes leaves through this module: one place for what a workbook must
be before a person opens or prints it. A workbook leaves by one of two paths, with the same rules:

- `workbook_bytes(workbook)`: an ordinary openpyxl workbook, finished by the writer (merges down
  several rows, images), set up here cell by cell just before it is saved. For small files.
- `StreamedWorkbook`: openpyxl's write-only mode, for the files whose rows grow with the number of
  villages (a dashboard table of the whole programme has 83,762). Each row is set up as it is
  appended and leaves for the file at once: no cell is kept, and nothing walks the finished sheet.

The rules, each written once below and applied by both paths:

- It prints (`set_up_printing`): every sheet landscape on A4, fitted to the width of the page (as
  many pages down as it takes), with the rows above its frozen panes (its title and column
  headings) repeated at the top of every page, and narrow margins that leave the matrices room.
- Its wrapped text shows (`wrapped_height`, `row_height`): a row whose height the writer did not
  set gets one that holds the lines of its longest wrapped cell (an office suite does not grow
  rows it reads from a file).
- Text stays text (`keep_as_text`): a cell whose text begins like a formula (=, +, -, @, a tab,
  a carriage return) is written as text, never as a formula, so a goal typed as "=1+1" or
  "=HYPERLINK(…)" shows as typed in an office suite and is never run (formula injection).
  Rembuk writes no formulas of its own.
- Text a workbook refuses is cleaned, not refused (`printable`).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# In inches: room for the wide matrices, with the header and footer still clear of the text.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
LINE_HEIGHT = 15.0  # points, for the default 11-point font
CHARACTERS_PER_WIDTH = 1.1  # how many characters of text fit in one unit of column width
DEFAULT_WIDTH = 8.43  # an office suite's width for a column the file gives none
DATE_FORMAT = "DD-MM-YYYY"  # how a streamed sheet shows a date


def printable(value: Any) -> Any:
    """A value a cell can hold: text without the control characters the XLSX format refuses
    (a vertical tab pasted from a word processor would otherwise stop the whole export)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def keep_as_text(cell: Cell | MergedCell) -> None:
    """Text that begins like a formula stays text (formula injection): openpyxl would otherwise
    write "=…" as a live formula."""
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"


def set_up_printing(sheet: Worksheet) -> None:
    """Landscape A4, fitted to the width, the frozen rows repeated on every page. A streamed
    sheet must be set up before its first row: its properties are written with that row."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
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


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def wrapped_height(text: str, width: float, rows: int = 1) -> float:
    """The points a wrapped cell needs from each of the `rows` it spans."""
    return text_lines(text, width) * LINE_HEIGHT / rows


def row_height(needed: Iterable[float]) -> float:
    """The height written for a row whose wrapped cells need `needed` points: never less than
    one line, with a little room under the last."""
    return round(max(LINE_HEIGHT, *needed) + 2, 1)


# The path of an ordinary workbook.


def workbook_bytes(workbook: Workbook) -> bytes:
    """The finished file: every sheet set up for printing, every typed text kept as text."""
    for sheet in workbook.worksheets:
        set_up_printing(sheet)
        keep_text_as_text(sheet)
        fit_row_heights(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def keep_text_as_text(sheet: Worksheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            keep_as_text(cell)


def fit_row_heights(sheet: Worksheet) -> None:
    """Heights for the rows the writer left to us, from their wrapped cells. A cell merged over
    several rows shares its lines among them."""
    widths = {
        letter: dimension.width or DEFAULT_WIDTH
        for letter, dimension in sheet.column_dimensions.items()
    }
    merged = {
        (span.min_row, span.min_col): span.max_row - span.min_row + 1
        for span in sheet.merged_cells.ranges
    }
    needed: dict[int, list[float]] = {}
    for row in sheet.iter_rows():
        for cell in row:
            # has_style first: reading .alignment of an unstyled cell builds a style proxy,
            # which was a third of a 3,000-village export's time.
            if not isinstance(cell.value, str) or not cell.has_style:
                continue
            if not cell.alignment.wrap_text:
                continue
            rows = merged.get((cell.row, cell.column), 1)
            width = widths.get(cell.column_letter, DEFAULT_WIDTH)
            height = wrapped_height(cell.value, width, rows)
            for spanned in range(cell.row, cell.row + rows):
                needed.setdefault(spanned, []).append(height)
    for number, heights in needed.items():
        if sheet.row_dimensions[number].height is None:
            sheet.row_dimensions[number].height = row_height(heights)


# The streamed path.


@dataclass(frozen=True)
class Look:
    """How every cell of a streamed row looks (None: the default)."""

    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    border: Border | None = None


class StreamedSheet:
    """A sheet written a row at a time (openpyxl's write-only mode). Its column widths and its
    heading rows are given first, because a streamed sheet writes them before its first row;
    each row then leaves with the rules applied and is not kept."""

    def __init__(
        self, sheet: WriteOnlyWorksheet, *, widths: Sequence[float], heading_rows: int
    ) -> None:
        self._sheet = sheet
        # A write-only sheet has a worksheet's dimensions, merges and print settings (openpyxl
        # sets them up with the same code); the type stubs leave them out.
        self._layout = cast(Worksheet, sheet)
        self._widths = [float(width) for width in widths]
        self._row = 0
        for column, width in enumerate(self._widths, start=1):
            self._layout.column_dimensions[get_column_letter(column)].width = width
        if heading_rows:
            sheet.freeze_panes = f"A{heading_rows + 1}"
        set_up_printing(self._layout)

    def append(
        self,
        values: Sequence[Any] = (),
        *,
        look: Look | None = None,
        across: int = 1,
        height: float | None = None,
    ) -> None:
        """Write the next row. `look` styles every cell of it, empty ones too; `across` merges
        its first cell over that many columns; `height` (points) replaces the fitted one."""
        self._row += 1
        cells = [self._cell(value, look) for value in values]
        if height is None and look is not None and look.alignment and look.alignment.wrap_text:
            needed = [
                wrapped_height(cell.value, self._width(column))
                for column, cell in enumerate(cells, start=1)
                if isinstance(cell, Cell) and isinstance(cell.value, str)
            ]
            if needed:
                height = row_height(needed)
        dimensions = self._layout.row_dimensions
        if height is not None:
            dimensions[self._row].height = height
        if across > 1:
            self._layout.merged_cells.add(f"A{self._row}:{get_column_letter(across)}{self._row}")
        self._sheet.append(cells)
        # The row is in the file now: its height need not be kept either.
        dimensions.pop(self._row, None)

    def _width(self, column: int) -> float:
        return self._widths[column - 1] if column <= len(self._widths) else DEFAULT_WIDTH

    def _cell(self, value: Any, look: Look | None) -> Any:
        value = printable(value)
        # A plain value goes as it is: openpyxl writes it through one reused cell, which is
        # most of what makes this path fast.
        plain = not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES))
        if look is None and plain and not isinstance(value, datetime.date):
            return value
        cell = WriteOnlyCell(self._sheet, value)
        keep_as_text(cell)
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if look is not None:
            if look.font is not None:
                cell.font = look.font
            if look.fill is not None:
                cell.fill = look.fill
            if look.alignment is not None:
                cell.alignment = look.alignment
            if look.border is not None:
                cell.border = look.border
        return cell


class StreamedWorkbook:
    """A workbook whose sheets are streamed (see StreamedSheet); `bytes()` finishes it."""

    def __init__(self) -> None:
        self._workbook = Workbook(write_only=True)

    @property
    def properties(self) -> Any:
        return self._workbook.properties

    def sheet(self, title: str, *, widths: Sequence[float], heading_rows: int) -> StreamedSheet:
        created = self._workbook.create_sheet(title)
        assert isinstance(created, WriteOnlyWorksheet)
        return StreamedSheet(created, widths=widths, heading_rows=heading_rows)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()
