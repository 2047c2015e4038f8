"""Village plans as spreadsheets: the XLSX template, import (with validation) and export.

Rules this package owns:
- columns are found by their header text (case-, spacing- and punctuation-insensitive, with the
  synonyms of Matriks 1, Matriks 10 and our own template), never by position (columns.py);
- a goal or milestone given once (a merged cell, or only the first row of its block) holds for
  the rows below it until the next one (rows.py);
- the whole file is validated before anything is written, every problem is reported with its
  sheet, row and column (rows.py, reading.py), and the plan is written in one transaction by
  the plan_import service, under the same rules as a plan edited on screen (importing.py);
- a new plan may not overlap the period of a live plan of the same desa;
- an exported plan imports back to the same plan (writing.py).
"""

from rembuk.plans.spreadsheet.columns import (
    AUTHORITY_NAMES,
    COLUMNS,
    FUNDING_NAMES,
    MAX_DATA_ROWS,
    parse_authority,
    parse_funding,
    parse_period,
)
from rembuk.plans.spreadsheet.importing import desa_for_code, import_plan_file
from rembuk.plans.spreadsheet.reading import read_plan_workbook
from rembuk.plans.spreadsheet.rows import ImportIssue, PlanImportError
from rembuk.plans.spreadsheet.writing import (
    export_filename,
    export_plan_xlsx,
    musrenbang_xlsx,
    template_xlsx,
)

__all__ = [
    "AUTHORITY_NAMES",
    "COLUMNS",
    "FUNDING_NAMES",
    "MAX_DATA_ROWS",
    "ImportIssue",
    "PlanImportError",
    "desa_for_code",
    "export_filename",
    "export_plan_xlsx",
    "import_plan_file",
    "musrenbang_xlsx",
    "parse_authority",
    "parse_funding",
    "parse_period",
    "read_plan_workbook",
    "template_xlsx",
]
