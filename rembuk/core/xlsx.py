"""Every XLSX file Rembuk writes leaves through this module: one place for what a workbook must
be before a person opens or prints it. A workbook leaves by one of two paths, with the same rules:

- `workbook_bytes(workbook)`: an ordinary openpyxl workbook, finished by the writer (merges down
  several rows, images), set up here cell by cell just before it is saved. For small files.
- `StreamedWorkbook`: for the files whose rows grow with the number of villages (a dashboard
  table of the whole programme has 83,762). Each row is set up as it is appended and goes at once
  to a temporary file as the sheet's XML: no cell is kept and nothing walks the finished sheet;
  openpyxl (write-only mode) writes the rest of the package. See StreamedSheet for why.

The rules, each written once below and applied by both paths:

- It prints (`set_up_printing`): every sheet landscape on A4 (portrait where its writer asks: a
  page of text), fitted to the width of the page (as many pages down as it takes), with the
  rows above its frozen panes (its title and column headings) repeated at the top of every
  page, and narrow margins that leave the matrices room.
- Its wrapped text shows (`wrapped_height`, `row_height`): a row whose height the writer did not
  set gets one that holds the lines of its longest wrapped cell (an office suite does not grow
  rows it reads from a file).
- Text stays text (`keep_as_text`): a cell whose text begins like a formula (=, +, -, @, a tab,
  a carriage return) is written as text, never as a formula, so a goal typed as "=1+1" or
  "=HYPERLINK(…)" shows as typed in an office suite and is never run (formula injection).
  Rembuk writes no formulas of its own: a streamed sheet cannot write one at all.
- A date shows day first (`DATE_FORMAT`) in a streamed sheet.
- Text a workbook refuses is cleaned, not refused (`printable`).
"""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell, WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.compat.numbers import NUMERIC_TYPES
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.utils.datetime import to_excel
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
    write "=…" as a live formula, and "#N/A" or "#REF!" as an error value."""
    value = cell.value
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or cell.data_type == "e"):
        cell.data_type = "s"


def set_up_printing(sheet: Worksheet) -> None:
    """Landscape A4 (portrait where the writer asked for it: a page of text), fitted to the
    width, the frozen rows repeated on every page. A streamed sheet must be set up before its
    first row: its properties are written with that row."""
    if sheet.page_setup.orientation != "portrait":
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


def _text_xml(text: str) -> str:
    """Text for an inline string: escaped as lxml escapes it (a carriage return as a character
    reference, else an XML reader turns it into a line feed)."""
    return xml_escape(text, _XML_ENTITIES)


_XML_ENTITIES = {"\r": "&#13;"}


class StreamedSheet:
    """A sheet written a row at a time. Its column widths and heading rows are given first;
    each row is then turned into the sheet's XML at once, with the rules applied, and kept in a
    temporary file, not as cells.

    openpyxl writes everything around the rows (a write-only sheet given no rows: widths, frozen
    panes, print setup, merges) and `StreamedWorkbook.bytes()` puts the rows into its place.
    The rows are written here rather than through openpyxl's cells because openpyxl turns each
    cell into XML through a dozen Python calls, in write-only mode too: that was two thirds of a
    dashboard table's time. A cell is written as openpyxl writes it (inline text, numbers,
    dates as day numbers with a date format), except that text is always text: nothing written
    here is ever a formula or an error value, whatever it begins with (see keep_as_text).
    """

    def __init__(
        self, sheet: WriteOnlyWorksheet, *, widths: Sequence[float], heading_rows: int
    ) -> None:
        self._sheet = sheet
        # A write-only sheet has a worksheet's dimensions, merges and print settings (openpyxl
        # sets them up with the same code); the type stubs leave them out.
        self._layout = cast(Worksheet, sheet)
        self._widths = [float(width) for width in widths]
        self._letters: list[str] = []
        self._styles: dict[tuple[Look | None, str | None], str] = {}
        self._row = 0
        self.row_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by StreamedWorkbook.bytes
        for column, width in enumerate(self._widths, start=1):
            self._layout.column_dimensions[get_column_letter(column)].width = width
        if heading_rows:
            sheet.freeze_panes = f"A{heading_rows + 1}"
        set_up_printing(self._layout)

    @property
    def part(self) -> str:
        """The sheet's file inside the package (known once the workbook is saved)."""
        return self._sheet.path.lstrip("/")

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
        number = self._row + 1
        wrapped = look is not None and look.alignment is not None and look.alignment.wrap_text
        cells: list[str] = []
        needed: list[float] = []
        for column, value in enumerate(values, start=1):
            value = printable(value)
            reference = f"{self._letter(column)}{number}"
            if wrapped and isinstance(value, str):
                needed.append(wrapped_height(value, self._width(column)))
            cells.append(self._cell_xml(reference, value, look))
        if height is None and needed:
            height = row_height(needed)
        if across > 1:
            self._layout.merged_cells.add(f"A{number}:{get_column_letter(across)}{number}")
        attributes = f' ht="{height}" customHeight="1"' if height is not None else ""
        self.row_file.write(f'<row r="{number}"{attributes}>{"".join(cells)}</row>'.encode())
        self._row = number

    def _cell_xml(self, reference: str, value: Any, look: Look | None) -> str:
        if isinstance(value, str):
            style = self._style(look, None)
            if not value:
                return f'<c r="{reference}"{style} t="inlineStr"/>'
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return (
                f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>'
                f"{_text_xml(value)}</t></is></c>"
            )
        if value is None:
            return f'<c r="{reference}"{self._style(look, None)}/>' if look is not None else ""
        if isinstance(value, bool):
            number, kind, number_format = safe_string(value), "b", None
        elif isinstance(value, NUMERIC_TYPES):
            number, kind, number_format = safe_string(value), "n", None
        elif isinstance(value, datetime.date):
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                raise TypeError("A cell holds a local time: convert it before writing it")
            number, kind = safe_string(to_excel(value)), "n"
            number_format = DATE_FORMAT
        else:
            raise TypeError(f"A cell cannot hold {type(value).__name__}: {value!r}")
        style = self._style(look, number_format)
        return f'<c r="{reference}"{style} t="{kind}"><v>{number}</v></c>'

    def _style(self, look: Look | None, number_format: str | None) -> str:
        """The style attribute of a cell of `look` and `number_format`: the workbook's style
        table is filled through an openpyxl cell, once for each."""
        key = (look, number_format)
        if key not in self._styles:
            cell = WriteOnlyCell(self._sheet)
            if number_format is not None:
                cell.number_format = number_format
            for name in ("font", "fill", "alignment", "border"):
                style = getattr(look, name, None)
                if style is not None:
                    setattr(cell, name, style)
            self._styles[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return self._styles[key]

    def _letter(self, column: int) -> str:
        while len(self._letters) < column:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters[column - 1]

    def _width(self, column: int) -> float:
        return self._widths[column - 1] if column <= len(self._widths) else DEFAULT_WIDTH


class StreamedWorkbook:
    """A workbook whose sheets are streamed (see StreamedSheet); `bytes()` finishes it."""

    def __init__(self) -> None:
        self._workbook = Workbook(write_only=True)
        self._sheets: list[StreamedSheet] = []

    @property
    def properties(self) -> Any:
        return self._workbook.properties

    def sheet(self, title: str, *, widths: Sequence[float], heading_rows: int) -> StreamedSheet:
        created = self._workbook.create_sheet(title)
        assert isinstance(created, WriteOnlyWorksheet)
        sheet = StreamedSheet(created, widths=widths, heading_rows=heading_rows)
        self._sheets.append(sheet)
        return sheet

    def bytes(self) -> bytes:
        """The file: openpyxl's package, each streamed sheet's rows put in its empty sheetData."""
        frame = io.BytesIO()
        self._workbook.save(frame)
        rows = {sheet.part: sheet.row_file for sheet in self._sheets}
        finished = io.BytesIO()
        with (
            zipfile.ZipFile(frame) as source,
            zipfile.ZipFile(finished, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for item in source.infolist():
                content = source.read(item.filename)
                streamed = rows.get(item.filename)
                if streamed is None:
                    target.writestr(item, content)
                    continue
                head, tail = _around_rows(content)
                with target.open(item.filename, "w") as part:
                    part.write(head + b"<sheetData>")
                    streamed.seek(0)
                    shutil.copyfileobj(streamed, part)
                    part.write(b"</sheetData>" + tail)
                streamed.close()
        return finished.getvalue()


def _around_rows(sheet_xml: bytes) -> tuple[bytes, bytes]:
    """The XML before and after the empty rows of a sheet openpyxl wrote with none."""
    for empty in (b"<sheetData></sheetData>", b"<sheetData/>", b"<sheetData />"):
        head, found, tail = sheet_xml.partition(empty)
        if found:
            return head, tail
    raise ValueError("a streamed sheet was written with rows of its own")
