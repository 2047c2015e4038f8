"""Reading a plan workbook: refuse what is not a safe .xlsx, find the sheet and its header row,
and hand each data row to the row validator (rows.py). Raises PlanImportError listing every
problem; nothing is written here."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from rembuk.core.workbook_guard import WorkbookRefused, check_workbook
from rembuk.plans.contents import ParsedGoal
from rembuk.plans.spreadsheet.columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    HEADER_LOOKUP,
    HEADER_SEARCH_ROWS,
    MAX_DATA_ROWS,
    MAX_EMPTY_RUN,
    SKIPPED_SHEETS,
    compact_header,
)
from rembuk.plans.spreadsheet.rows import ImportIssue, PlanImportError, SheetParser, cell_text


def _header_columns(values: Sequence[Any]) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Known columns of a candidate header row, and duplicates (key, first index, index)."""
    found: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    for index, value in enumerate(values):
        key = HEADER_LOOKUP.get(compact_header(cell_text(value)))
        if key is None:
            continue
        if key in found:
            duplicates.append((key, found[key], index))
        else:
            found[key] = index
    return found, duplicates


def _find_header(
    rows: Iterator[tuple[Any, ...]],
) -> tuple[int, dict[str, int], list[tuple[str, int, int]]] | None:
    best: tuple[int, dict[str, int], list[tuple[str, int, int]]] | None = None
    for number, values in enumerate(rows, start=1):
        columns, duplicates = _header_columns(values)
        if len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (number, columns, duplicates)
            if all(c.key in columns for c in COLUMNS if c.required):
                return best
        if number >= HEADER_SEARCH_ROWS:
            break
    return best


def read_plan_workbook(stream: IO[bytes]) -> list[ParsedGoal]:
    """Parse and validate a workbook. Raises PlanImportError listing every problem found."""
    try:
        check_workbook(stream)
    except WorkbookRefused as refused:
        raise PlanImportError([ImportIssue(str(refused))]) from refused
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise PlanImportError(
            [
                ImportIssue(
                    _(
                        "This file is not an Excel workbook (.xlsx). Open it in a spreadsheet "
                        "program, save it as .xlsx and upload it again."
                    )
                )
            ]
        ) from error
    try:
        return _read_sheets(workbook)
    except PlanImportError:
        raise
    except Exception as error:  # a damaged workbook: say so instead of showing a traceback
        raise PlanImportError(
            [ImportIssue(_("This workbook is damaged and cannot be read. Save it again as .xlsx."))]
        ) from error
    finally:
        workbook.close()


def _read_sheets(workbook: Any) -> list[ParsedGoal]:
    candidates = [
        ws for ws in workbook.worksheets if ws.title.strip().lower() not in SKIPPED_SHEETS
    ]
    partial: list[ImportIssue] = []
    for ws in candidates:
        rows = ws.iter_rows(values_only=True)
        header = _find_header(rows)
        if header is None:
            continue
        header_row, columns, duplicates = header
        missing = [c for c in COLUMNS if c.required and c.key not in columns]
        if missing:
            names = ", ".join(f"“{c.header}”" for c in missing)
            partial.append(
                ImportIssue(
                    _("Required columns are missing: %(names)s. Use the Rembuk template.")
                    % {"names": names},
                    ws.title,
                    header_row,
                )
            )
            continue
        issues = [
            ImportIssue(
                _("Two columns have the same meaning (%(first)s and %(second)s); keep one.")
                % {"first": get_column_letter(first + 1), "second": get_column_letter(second + 1)},
                ws.title,
                header_row,
                get_column_letter(second + 1),
                COLUMNS_BY_KEY[key].header,
            )
            for key, first, second in duplicates
        ]
        parser = SheetParser(ws.title, columns)
        # The header search consumed rows 1..header_row of the same iterator only when the header
        # was the last row it read; restart from the row after the header to be sure.
        empty_run = 0
        for number, values in enumerate(
            ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
        ):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                empty_run += 1
                if empty_run >= MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            parser.read_row(number, values)
            if parser.data_rows > MAX_DATA_ROWS:
                raise PlanImportError(
                    [
                        ImportIssue(
                            _(
                                "The sheet has more than %(limit)s rows of data. A village plan "
                                "is much shorter: check that the right file was chosen, or "
                                "split it."
                            )
                            % {"limit": f"{MAX_DATA_ROWS:,}"},
                            ws.title,
                            number,
                        )
                    ]
                )
        issues.extend(parser.issues)
        if not parser.goals and not issues:
            issues.append(ImportIssue(_("The sheet has no goals to import."), ws.title))
        if issues:
            raise PlanImportError(issues)
        return parser.goals
    if partial:
        raise PlanImportError(partial)
    names = ", ".join(f"“{c.header}”" for c in COLUMNS if c.required)
    raise PlanImportError(
        [
            ImportIssue(
                _(
                    "No sheet has a header row with the columns %(names)s. Use the Rembuk "
                    "template, Matriks 1 or Matriks 10."
                )
                % {"names": names}
            )
        ]
    )
