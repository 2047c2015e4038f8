"""A dashboard table as an XLSX file: the same numbers as the chart and the table on the page."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rembuk.core.xlsx import printable, workbook_bytes
from rembuk.programme.selectors import Dashboard
from rembuk.programme.tables import Table

HEADER_FILL = PatternFill("solid", fgColor="E6ECE9")


def table_xlsx(dashboard: Dashboard, table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.key[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([dashboard.scope.title])
    sheet.append([_("Year shown: %(year)s") % {"year": dashboard.year}])
    sheet.append([_("Made on %(date)s") % {"date": dashboard.today.strftime("%d-%m-%Y")}])
    if table.note:
        sheet.append([table.note])
    sheet.append([])
    sheet.append(table.headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Cells are reached by their number: sheet[row] and sheet.max_row scan every cell written so
    # far, which made a table of a few thousand villages take seconds.
    for number, row in enumerate(table.rows, start=header_row + 1):
        sheet.append([printable(value) for value in row])
        for column, value in enumerate(row, start=1):
            if isinstance(value, datetime.date):
                sheet.cell(row=number, column=column).number_format = "DD-MM-YYYY"
    for index, header in enumerate(table.headers, start=1):
        width = max(
            [len(str(header))]
            + [len(str(row[index - 1])) for row in table.rows if row[index - 1] is not None]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = f"A{header_row + 1}"
    return workbook_bytes(workbook)
