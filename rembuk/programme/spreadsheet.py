"""A dashboard table as an XLSX file: the same numbers as the chart and the table on the page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from rembuk.core.xlsx import Look, StreamedWorkbook
from rembuk.programme.selectors import Dashboard
from rembuk.programme.tables import Table

HEADER_FILL = PatternFill("solid", fgColor="E6ECE9")
TITLE = Look(font=Font(bold=True, size=13))
HEADINGS = Look(
    font=Font(bold=True), fill=HEADER_FILL, alignment=Alignment(wrap_text=True, vertical="top")
)


def table_xlsx(dashboard: Dashboard, table: Table) -> bytes:
    """Streamed (rembuk.core.xlsx): a table of the whole programme has a row per village."""
    preamble = [
        [_("Year shown: %(year)s") % {"year": dashboard.year}],
        [_("Made on %(date)s") % {"date": dashboard.today.strftime("%d-%m-%Y")}],
        *([[table.note]] if table.note else []),
        [],
    ]
    workbook = StreamedWorkbook()
    sheet = workbook.sheet(
        table.key[:31], widths=_widths(table), heading_rows=2 + len(preamble) + 1
    )
    sheet.append([table.title], look=TITLE)
    sheet.append([dashboard.scope.title])
    for row in preamble:
        sheet.append(row)
    sheet.append(table.headers, look=HEADINGS)
    for row in table.rows:
        sheet.append(row)
    return workbook.bytes()


def _widths(table: Table) -> list[int]:
    """Each column as wide as its longest text, within 10 and 60 characters."""
    longest = [len(str(header)) for header in table.headers]
    for row in table.rows:
        for index, value in zip(range(len(longest)), row, strict=False):
            if value is not None:
                longest[index] = max(longest[index], len(str(value)))
    return [min(max(width + 2, 10), 60) for width in longest]
