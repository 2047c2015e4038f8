"""Village plans as spreadsheets: the XLSX template, import (with validation) and export.

Rules this module owns:
- columns are found by their header text (case-, spacing- and punctuation-insensitive, with the
  synonyms of Matriks 1, Matriks 10 and our own template), never by position;
- a goal or milestone given once (a merged cell, or only the first row of its block) holds for
  the rows below it until the next one;
- the whole file is validated before anything is written, every problem is reported with its
  sheet, row and column, and the plan is written in one transaction (any error: nothing written);
- a new plan may not overlap the period of a live plan of the same desa.

plan_import() writes through rembuk.core.history directly; it should later call the plan
services of rembuk.plans.services (plan_create, goal_add …) once those exist.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rembuk.core import history
from rembuk.core.workbook_guard import WorkbookRefused, check_workbook
from rembuk.core.xlsx import printable, workbook_bytes
from rembuk.plans.models import (
    Activity,
    Authority,
    FundingSource,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.plans.selectors import GoalBlock, plan_matrix
from rembuk.regions.models import Region

# More rows than any village plan has; above this the file is refused before it is all read.
MAX_DATA_ROWS = 2000
# Formatting often reaches far below the data; this many empty rows in a row end the sheet.
MAX_EMPTY_RUN = 1000
HEADER_SEARCH_ROWS = 20
MATRIX_TITLE = "Matriks Rencana Kegiatan Peningkatan Penghidupan Desa"
DATA_SHEET = "Rencana"
INSTRUCTIONS_SHEET = "Petunjuk"
EXAMPLE_SHEET = "Contoh"
# Sheets that are never imported, whatever they contain.
SKIPPED_SHEETS = frozenset({"petunjuk", "contoh", "instructions", "example"})

# --- the columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in our template (Indonesian: the words of Matriks 1)
    width: int  # in characters; the twelve print across a landscape A4 page at about 70%
    synonyms: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("number", "No", 4, ("no", "nomor", "nourut")),
    Column(
        "goal",
        "Tujuan & Target Capaian",
        28,
        (
            "tujuan",
            "tujuankegiatan",
            "tujuantargetcapaian",
            "tujuandantargetcapaian",
            "tujuanutama",
            "tujuanutamadantargetcapaian",
            "tujuandantarget",
            "goal",
        ),
        required=True,
    ),
    Column("goal_target", "Target Tujuan", 18, ("targettujuan", "targettujuanutama", "target")),
    Column("goal_year", "Tahun Target Tujuan", 8, ("tahuntargettujuan", "tahuntujuan")),
    Column(
        "milestone",
        "Tujuan Antara",
        28,
        (
            "tujuanantara",
            "tujuanantaradannilaitargetpencapaiannya",
            "tujuanantaradannilaitarget",
            "sasaran",
            "sasaransasaran",
            "sasaransasaranyangperludicapai",
            "sasaranyangperludicapai",
            "milestone",
        ),
    ),
    Column(
        "milestone_target",
        "Nilai Target Tujuan Antara",
        18,
        ("nilaitargettujuanantara", "targettujuanantara", "targetsasaran", "nilaitarget"),
    ),
    Column(
        "milestone_year",
        "Tahun Target",
        8,
        ("tahuntarget", "tahuntargettujuanantara", "tahuntargetsasaran"),
    ),
    Column(
        "activity",
        "Kegiatan",
        30,
        (
            "kegiatan",
            "kegiatankegiatan",
            "kegiatankegiatanyangdirencanakan",
            "kegiatanyangdirencanakan",
            "kegiatankegiatanyangperludilakukan",
            "kegiatanyangperludilakukan",
            "kegiatanatauaktivitas",
            "activity",
        ),
        required=True,
    ),
    Column(
        "description",
        "Keterangan Kegiatan",
        30,
        ("keterangan", "keterangankegiatan", "description"),
    ),
    Column(
        "funding",
        "Sumber Pembiayaan",
        18,
        ("sumberpembiayaan", "sumberdana", "pembiayaan", "fundingsources", "fundingsource"),
    ),
    Column("authority", "Kewenangan", 12, ("kewenangan", "authority")),
    Column(
        "funding_note",
        "Rincian Pembiayaan",
        20,
        ("rincianpembiayaan", "rinciansumberpembiayaan", "fundingdetails"),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def _compact(text: str) -> str:
    """`Sasaran - Sasaran yang perlu di-capai` → `sasaransasaranyangperludicapai`."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " dan ")
    text = re.sub(r"\([^)]*\)", " ", text)  # "(contoh: 2025)" and similar hints
    return re.sub(r"[^0-9a-z]+", "", text)


_HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_compact(_column.header), *_column.synonyms):
        _HEADER_LOOKUP.setdefault(_name, _column.key)


# --- funding sources and authorities -------------------------------------------------------

# The names written into exported files; fixed Indonesian so a file reads back in any language.
FUNDING_NAMES: dict[str, str] = {
    FundingSource.DANA_DESA: "Dana Desa",
    FundingSource.ADD: "ADD",
    FundingSource.BUMDES: "BUMDes",
    FundingSource.CSR: "CSR",
    FundingSource.SWADAYA: "Swadaya",
    FundingSource.APBD_KABUPATEN: "APBD Kabupaten",
    FundingSource.APBD_PROVINSI: "APBD Provinsi",
    FundingSource.APBN: "APBN",
    FundingSource.OPD_TEKNIS: "OPD teknis",
    FundingSource.LAINNYA: "Lainnya",
}
AUTHORITY_NAMES: dict[str, str] = {
    Authority.DESA: "Desa",
    Authority.KABUPATEN: "Kabupaten",
    Authority.PROVINSI: "Provinsi",
    Authority.PUSAT: "Pusat",
    Authority.SWADAYA: "Swadaya",
    Authority.PIHAK_LAIN: "Pihak lain",
}


def _words(text: str) -> str:
    """Lowercase words separated by single spaces, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[0-9a-z]+", text))


# Whole-phrase names (after _words()).
_FUNDING_EXACT: dict[str, str] = {_words(name): code for code, name in FUNDING_NAMES.items()}
_FUNDING_EXACT.update(
    {
        "dd": FundingSource.DANA_DESA,
        "dana desa": FundingSource.DANA_DESA,
        "alokasi dana desa": FundingSource.ADD,
        "bumdes": FundingSource.BUMDES,
        "bum des": FundingSource.BUMDES,
        "bumdesa": FundingSource.BUMDES,
        "operasional bumdes": FundingSource.BUMDES,
        "swadaya masyarakat": FundingSource.SWADAYA,
        "apbd": FundingSource.APBD_KABUPATEN,
        "apbd kab": FundingSource.APBD_KABUPATEN,
        "apbd kabupaten": FundingSource.APBD_KABUPATEN,
        "apbd prov": FundingSource.APBD_PROVINSI,
        "apbd provinsi": FundingSource.APBD_PROVINSI,
        "opd": FundingSource.OPD_TEKNIS,
        "opd teknis": FundingSource.OPD_TEKNIS,
        "dinas": FundingSource.OPD_TEKNIS,
        "lain lain": FundingSource.LAINNYA,
        "lainnya": FundingSource.LAINNYA,
        "other": FundingSource.LAINNYA,
    }
)
# Words that, found inside a longer phrase, clearly name a source ("Dinas pertanian (penyuluh)",
# "biaya penyuluh dinas pertanian"). The original text is then kept as the funding details.
_FUNDING_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"\balokasi dana desa\b|\badd\b", FundingSource.ADD),
    (r"\bdana desa\b|\bdd\b|\bapbdes\b", FundingSource.DANA_DESA),
    (r"\bbum ?des(a)?\b", FundingSource.BUMDES),
    (r"\bcsr\b|\bswasta\b", FundingSource.CSR),
    (r"\bswadaya\b|\bgotong royong\b", FundingSource.SWADAYA),
    (r"\bapbd (kab|kabupaten)\b", FundingSource.APBD_KABUPATEN),
    (r"\bapbd (prov|provinsi)\b", FundingSource.APBD_PROVINSI),
    (r"\bapbn\b|\bkementerian\b", FundingSource.APBN),
    (r"\bdinas\b|\bpenyuluh\b|\bopd\b", FundingSource.OPD_TEKNIS),
)
_EMPTY_MARKS = frozenset({"", "-", "–", "—", "none", "tidak ada", "tanpa biaya"})
_FUNDING_SPLIT = re.compile(r"[,;&/+\n]|\bdan\b|\band\b", re.IGNORECASE)

_AUTHORITY_EXACT: dict[str, str] = {_words(name): code for code, name in AUTHORITY_NAMES.items()}
_AUTHORITY_EXACT.update(
    {
        "village": Authority.DESA,
        "pemerintah desa": Authority.DESA,
        "pemdes": Authority.DESA,
        "kab": Authority.KABUPATEN,
        "pemkab": Authority.KABUPATEN,
        "pemerintah kabupaten": Authority.KABUPATEN,
        "district": Authority.KABUPATEN,
        "prov": Authority.PROVINSI,
        "pemprov": Authority.PROVINSI,
        "pemerintah provinsi": Authority.PROVINSI,
        "province": Authority.PROVINSI,
        "nasional": Authority.PUSAT,
        "pemerintah pusat": Authority.PUSAT,
        "kementerian": Authority.PUSAT,
        "masyarakat": Authority.SWADAYA,
        "pihak ketiga": Authority.PIHAK_LAIN,
        "csr": Authority.PIHAK_LAIN,
        "swasta": Authority.PIHAK_LAIN,
        "lainnya": Authority.PIHAK_LAIN,
        "lain lain": Authority.PIHAK_LAIN,
    }
)


def parse_funding(text: str) -> tuple[list[str], bool, list[str]]:
    """Free text → (codes in order, whether every part was an exact name, unknown parts)."""
    codes: list[str] = []
    exact = True
    unknown: list[str] = []
    if _words(text) in _EMPTY_MARKS or text.strip() in _EMPTY_MARKS:
        return [], True, []
    for part in _FUNDING_SPLIT.split(text):
        words = _words(part)
        if words in _EMPTY_MARKS:
            continue
        found = _FUNDING_EXACT.get(words)
        if found:
            if found not in codes:
                codes.append(found)
            continue
        exact = False
        # In the order they are written: "Dinas pertanian (penyuluh) Swadaya".
        found_at = [
            (match.start(), code)
            for pattern, code in _FUNDING_KEYWORDS
            if (match := re.search(pattern, words))
        ]
        matches = [code for _position, code in sorted(found_at)]
        if not matches:
            unknown.append(part.strip())
        for code in matches:
            if code not in codes:
                codes.append(code)
    return codes, exact, unknown


def parse_authority(text: str) -> str | None:
    words = _words(text)
    if not words:
        return Authority.DESA
    return _AUTHORITY_EXACT.get(words)


# --- periods and years ---------------------------------------------------------------------

_YEAR_RANGE = range(2000, 2101)


def parse_period(text: str) -> tuple[int, int]:
    """`2024-2025`, `2024–2025`, `2024 / 2025` or `2024` → (first year, last year)."""
    cleaned = str(text).strip()
    match = re.fullmatch(r"(\d{4})(?:\s*[-–—/]\s*|\s+s/?d\s+|\s+sampai\s+)?(\d{4})?", cleaned)
    if not match:
        raise ValidationError(
            _("Write the period as two years, like 2024-2025, or one year, like 2024."),
            code="period",
        )
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if start not in _YEAR_RANGE or end not in _YEAR_RANGE:
        raise ValidationError(_("The years of the period must lie between 2000 and 2100."))
    if end < start:
        raise ValidationError(_("The period ends before it starts (%(text)s).") % {"text": text})
    if end - start > 10:
        raise ValidationError(_("A plan period can cover at most ten years."))
    return start, end


def _parse_year(value: Any) -> int | None:
    """A year in a cell: 2025, 2025.0, "2025", "di tahun 2025". Raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    else:
        years = re.findall(r"(?<!\d)(\d{4})(?!\d)", str(value))
        if len(set(years)) != 1:
            raise ValueError(str(value))
        year = int(years[0])
    if year not in _YEAR_RANGE:
        raise ValueError(str(value))
    return year


# --- what a file holds, before it is written -------------------------------------------------


@dataclass
class ImportIssue:
    """One problem in a file. Sheet, row and column are empty for problems of the whole file."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter
    header: str = ""

    @property
    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            label = f"{self.column} ({self.header})" if self.header else self.column
            parts.append(_("column %(column)s") % {"column": label})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class PlanImportError(ValidationError):
    """The file cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = list(issues)
        super().__init__([str(issue) for issue in self.issues], code="plan_import")


@dataclass
class ParsedActivity:
    name: str
    description: str = ""
    funding_sources: list[str] = field(default_factory=list)
    funding_note: str = ""
    authority: str = Authority.DESA
    milestone_index: int | None = None  # index in its goal's milestones


@dataclass
class ParsedMilestone:
    statement: str
    target_value: str = ""
    target_year: int | None = None


@dataclass
class ParsedGoal:
    statement: str
    number: str = ""
    target: str = ""
    target_year: int | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)


@dataclass
class ImportResult:
    plan: LivelihoodPlan
    goals: int
    milestones: int
    activities: int


# Text limits of the models (TextField max_length is not enforced by model validation).
_MAX_LENGTHS = {
    "goal": Goal._meta.get_field("statement").max_length,
    "goal_target": Goal._meta.get_field("target").max_length,
    "milestone": Milestone._meta.get_field("statement").max_length,
    "milestone_target": Milestone._meta.get_field("target_value").max_length,
    "activity": Activity._meta.get_field("name").max_length,
    "description": Activity._meta.get_field("description").max_length,
    "funding_note": Activity._meta.get_field("funding_note").max_length,
}
_BULLET = re.compile(r"^\s*[•·▪◦●*\-–—]\s+")
_GOAL_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s+(?=\S)")
_SKIPPABLE_WORDS = frozenset({"", "-", "–", "—", "dst", "dsb", "dan seterusnya"})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _clean_item(text: str) -> str:
    """Drops a leading bullet ("• Musyawarah …") that people type in plan cells."""
    return _BULLET.sub("", text).strip()


class _SheetParser:
    """Reads one worksheet, row by row, into goals; collects issues instead of stopping."""

    def __init__(self, sheet_title: str, columns: dict[str, int]) -> None:
        self.sheet = sheet_title
        self.columns = columns  # key → 0-based index
        self.goals: list[ParsedGoal] = []
        self.issues: list[ImportIssue] = []
        self.goal: ParsedGoal | None = None
        self.milestone: ParsedMilestone | None = None
        self.data_rows = 0

    def issue(self, row: int, key: str, message: str) -> None:
        index = self.columns.get(key)
        letter = get_column_letter(index + 1) if index is not None else ""
        header = COLUMNS_BY_KEY[key].header if key in COLUMNS_BY_KEY else ""
        self.issues.append(ImportIssue(message, self.sheet, row, letter, header))

    def cell(self, values: Sequence[Any], key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(values):
            return None
        return values[index]

    def text(self, values: Sequence[Any], row: int, key: str) -> str:
        text = _text(self.cell(values, key))
        if key not in ("number", "funding", "authority", "goal_year", "milestone_year"):
            text = _clean_item(text)
        limit = _MAX_LENGTHS.get(key)
        if limit is not None and len(text) > limit:
            self.issue(
                row,
                key,
                _("This text is %(length)s characters long; at most %(limit)s fit here.")
                % {"length": len(text), "limit": limit},
            )
            text = text[:limit]
        return text

    def year(self, values: Sequence[Any], row: int, key: str) -> int | None:
        try:
            return _parse_year(self.cell(values, key))
        except ValueError:
            self.issue(row, key, _("Write a year between 2000 and 2100, such as 2025."))
            return None

    def read_row(self, row: int, values: Sequence[Any]) -> None:
        texts = {key: self.text(values, row, key) for key in self.columns}
        content = [_GOAL_NUMBER.sub("", text) for key, text in texts.items() if key != "number"]
        if all(_words(text) in _SKIPPABLE_WORDS for text in content):
            return  # empty, or the "3 Dst. - - -" line that ends a paper matrix
        self.data_rows += 1
        self._goal_part(row, values, texts)
        self._milestone_part(row, values, texts)
        self._activity_part(row, values, texts)

    def _goal_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        statement = texts.get("goal", "")
        number = texts.get("number", "")
        if statement and "number" not in self.columns:
            # Matriks 1 writes the number inside the goal cell: "1 Semua warga …".
            statement = _GOAL_NUMBER.sub("", statement)
        starts_new = bool(statement) and (
            self.goal is None
            or statement != self.goal.statement
            or (bool(number) and number != self.goal.number)
        )
        if starts_new:
            self.goal = ParsedGoal(statement=statement, number=number)
            self.goals.append(self.goal)
            self.milestone = None
        target = texts.get("goal_target", "")
        year = self.year(values, row, "goal_year") if "goal_year" in self.columns else None
        if not (target or year):
            return
        if self.goal is None:
            key = "goal_target" if target else "goal_year"
            self.issue(row, key, _("A goal target is given but there is no goal above it."))
            return
        if target:
            if self.goal.target and self.goal.target != target:
                self.issue(row, "goal_target", _("This goal already has another target."))
            self.goal.target = target
        if year:
            if self.goal.target_year and self.goal.target_year != year:
                self.issue(row, "goal_year", _("This goal already has another target year."))
            self.goal.target_year = year

    def _milestone_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        statement = texts.get("milestone", "")
        if statement:
            if self.goal is None:
                self.issue(
                    row,
                    "milestone",
                    _("This intermediate goal has no goal: write the goal on this row or above."),
                )
                return
            if self.milestone is None or statement != self.milestone.statement:
                self.milestone = ParsedMilestone(statement=statement)
                self.goal.milestones.append(self.milestone)
        target = texts.get("milestone_target", "")
        year = (
            self.year(values, row, "milestone_year") if "milestone_year" in self.columns else None
        )
        if not (target or year):
            return
        if self.milestone is None:
            key = "milestone_target" if target else "milestone_year"
            self.issue(
                row, key, _("A target value is given but there is no intermediate goal above it.")
            )
            return
        if target:
            if self.milestone.target_value and self.milestone.target_value != target:
                self.issue(
                    row, "milestone_target", _("This intermediate goal already has another target.")
                )
            self.milestone.target_value = target
        if year:
            if self.milestone.target_year and self.milestone.target_year != year:
                self.issue(
                    row,
                    "milestone_year",
                    _("This intermediate goal already has another target year."),
                )
            self.milestone.target_year = year

    def _activity_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        name = texts.get("activity", "")
        if not name:
            details = [
                key
                for key in ("description", "funding", "authority", "funding_note")
                if _words(texts.get(key, "")) not in _EMPTY_MARKS
            ]
            if details:
                self.issue(row, details[0], _("This row has no activity for these details."))
            return
        if self.goal is None:
            self.issue(
                row,
                "activity",
                _("This activity has no goal: write the goal on this row or above."),
            )
            return
        authority = self._authority(row, texts.get("authority", ""))
        names = _list_items(_text(self.cell(values, "activity")))
        if len(names) < 2:
            self._add_activity(
                row,
                name,
                texts.get("description", ""),
                texts.get("funding", ""),
                texts.get("funding_note", ""),
                authority,
            )
            return
        # Matriks 1 copied from Word: one cell lists the activities as bullets, and the
        # description and funding cells list theirs line by line, in the same order.
        descriptions = self._lines_for(row, values, "description", len(names), single_ok=False)
        fundings = self._lines_for(row, values, "funding", len(names), single_ok=True)
        if descriptions is None or fundings is None:
            return
        for item, description, funding in zip(names, descriptions, fundings, strict=True):
            for key, text in (("activity", item), ("description", description)):
                self._check_length(row, key, text)
            self._add_activity(row, item, description, funding, "", authority)

    def _lines_for(
        self, row: int, values: Sequence[Any], key: str, count: int, *, single_ok: bool
    ) -> list[str] | None:
        raw = _text(self.cell(values, key))
        lines = [_clean_item(line) for line in raw.split("\n") if line.strip()]
        if not lines:
            return [""] * count
        if len(lines) == count:
            return lines
        if single_ok and len(lines) == 1:
            return lines * count
        self.issue(
            row,
            key,
            _(
                "The activity cell lists %(activities)s activities but this cell has %(lines)s "
                "lines. Give one line per activity, or put each activity on its own row."
            )
            % {"activities": count, "lines": len(lines)},
        )
        return None

    def _check_length(self, row: int, key: str, text: str) -> None:
        limit = _MAX_LENGTHS.get(key)
        if limit is not None and len(text) > limit:
            self.issue(
                row,
                key,
                _("This text is %(length)s characters long; at most %(limit)s fit here.")
                % {"length": len(text), "limit": limit},
            )

    def _authority(self, row: int, text: str) -> str:
        authority = parse_authority(text)
        if authority is None:
            self.issue(
                row,
                "authority",
                _("Unknown kewenangan “%(value)s”. Use one of: %(known)s.")
                % {"value": text, "known": ", ".join(AUTHORITY_NAMES.values())},
            )
            return Authority.DESA
        return authority

    def _add_activity(
        self,
        row: int,
        name: str,
        description: str,
        funding_text: str,
        note: str,
        authority: str,
    ) -> None:
        assert self.goal is not None
        activity = ParsedActivity(name=name, description=description, authority=authority)
        if self.milestone is not None:
            activity.milestone_index = self.goal.milestones.index(self.milestone)
        codes, exact, unknown = parse_funding(funding_text)
        if unknown:
            known = ", ".join(FUNDING_NAMES.values())
            self.issue(
                row,
                "funding",
                _("Unknown funding source “%(source)s”. Use one or more of: %(known)s.")
                % {"source": "”, “".join(unknown), "known": known},
            )
        activity.funding_sources = codes
        if not note and not exact:
            # Keep what people wrote ("biaya penyuluh dinas pertanian") next to the codes.
            note = funding_text
            limit = _MAX_LENGTHS["funding_note"] or 0
            if len(note) > limit:
                self.issue(
                    row,
                    "funding",
                    _("This text is %(length)s characters long; at most %(limit)s fit here.")
                    % {"length": len(note), "limit": limit},
                )
        activity.funding_note = note
        self.goal.activities.append(activity)


_LIST_ITEM = re.compile(r"^\s*(?:[•·▪◦●*\-–—]|\d{1,2}[.)])\s+")


def _list_items(raw: str) -> list[str]:
    """The items of a cell that is a bulleted or numbered list of two or more lines, else []."""
    lines = [line for line in raw.split("\n") if line.strip()]
    if len(lines) < 2 or not all(_LIST_ITEM.match(line) for line in lines):
        return []
    return [_LIST_ITEM.sub("", line).strip() for line in lines]


def _header_columns(values: Sequence[Any]) -> tuple[dict[str, int], list[tuple[str, int, int]]]:
    """Known columns of a candidate header row, and duplicates (key, first index, index)."""
    found: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    for index, value in enumerate(values):
        key = _HEADER_LOOKUP.get(_compact(_text(value)))
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
        parser = _SheetParser(ws.title, columns)
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


# --- checks of the whole import, and the write ----------------------------------------------


def desa_for_code(code: str) -> Region:
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise ValidationError(
            _("No desa has the code %(code)s. Check the Kemendagri code.") % {"code": code}
        )
    if region.level != Region.Level.DESA:
        raise ValidationError(
            _("%(name)s (%(code)s) is a %(level)s, not a desa.")
            % {"name": region.name, "code": region.code, "level": region.get_level_display()}
        )
    return region


def overlapping_plan(desa: Region, period_start: int, period_end: int) -> LivelihoodPlan | None:
    return (
        LivelihoodPlan.objects.filter(
            desa=desa, period_start__lte=period_end, period_end__gte=period_start
        )
        .order_by("period_start")
        .first()
    )


def _overlap_message(desa: Region, plan: LivelihoodPlan) -> str:
    return _(
        "Desa %(desa)s already has a plan for %(period)s, which overlaps this period. "
        "Edit that plan, or choose another period."
    ) % {"desa": desa.name, "period": plan.period_label}


@transaction.atomic
def plan_import(
    *,
    desa: Region,
    period_start: int,
    period_end: int,
    rows: Sequence[ParsedGoal],
    actor: Any,
) -> ImportResult:
    """Create a draft plan from parsed rows (goals with their milestones and activities).

    Refuses a period that overlaps a live plan of the same desa. Writes the plan, then its goals,
    milestones and activities in three bulk writes, each with its change-log entries.
    """
    if desa.level != Region.Level.DESA:
        raise ValidationError(_("Plans belong to a desa."))
    # Two imports for one desa at the same moment must not both pass the overlap check.
    history.lock_writers()  # before any row lock, as every writer does (docs/decisions/0012)
    Region.objects.select_for_update().filter(pk=desa.pk).exists()
    existing = overlapping_plan(desa, period_start, period_end)
    if existing is not None:
        raise ValidationError(_overlap_message(desa, existing), code="overlap")
    plan = history.create(
        LivelihoodPlan,
        actor=actor,
        desa=desa,
        period_start=period_start,
        period_end=period_end,
    )
    goals: list[Goal] = []
    milestones: list[Milestone] = []
    activities: list[Activity] = []
    for goal_position, parsed in enumerate(rows):
        goal = Goal(
            plan=plan,
            position=goal_position,
            statement=parsed.statement,
            target=parsed.target,
            target_year=parsed.target_year,
        )
        goals.append(goal)
        goal_milestones = [
            Milestone(
                goal=goal,
                position=position,
                statement=m.statement,
                target_value=m.target_value,
                target_year=m.target_year,
            )
            for position, m in enumerate(parsed.milestones)
        ]
        milestones.extend(goal_milestones)
        activities.extend(
            Activity(
                goal=goal,
                milestone=(
                    goal_milestones[a.milestone_index] if a.milestone_index is not None else None
                ),
                position=position,
                name=a.name,
                description=a.description,
                funding_sources=a.funding_sources,
                funding_note=a.funding_note,
                authority=a.authority,
            )
            for position, a in enumerate(parsed.activities)
        )
    history.bulk_create(Goal, goals, actor=actor)
    history.bulk_create(Milestone, milestones, actor=actor)
    history.bulk_create(Activity, activities, actor=actor)
    return ImportResult(plan, len(goals), len(milestones), len(activities))


def import_plan_file(
    *,
    stream: IO[bytes],
    size: int,
    desa_code: str,
    period: str,
    actor: Any,
) -> ImportResult:
    """Everything the web form and the command do: check, parse, validate, write — or refuse.

    Raises PlanImportError with every problem found; nothing is written then.
    """
    limit = settings.REMBUK_MAX_UPLOAD_BYTES
    if size > limit:
        raise PlanImportError(
            [
                ImportIssue(
                    _("The file is %(size)s MB; at most %(limit)s MB can be imported.")
                    % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"}
                )
            ]
        )
    issues: list[ImportIssue] = []
    desa: Region | None = None
    period_start = period_end = 0
    try:
        desa = desa_for_code(desa_code)
    except ValidationError as error:
        issues.extend(ImportIssue(message) for message in error.messages)
    try:
        period_start, period_end = parse_period(period)
    except ValidationError as error:
        issues.extend(ImportIssue(message) for message in error.messages)
    if desa is not None and period_start:
        existing = overlapping_plan(desa, period_start, period_end)
        if existing is not None:
            issues.append(ImportIssue(_overlap_message(desa, existing)))
    try:
        goals = read_plan_workbook(stream)
    except PlanImportError as error:
        issues.extend(error.issues)
        goals = []
    if issues or desa is None:
        raise PlanImportError(issues)
    try:
        return plan_import(
            desa=desa, period_start=period_start, period_end=period_end, rows=goals, actor=actor
        )
    except ValidationError as error:
        raise PlanImportError([ImportIssue(message) for message in error.messages]) from error


# --- writing workbooks ---------------------------------------------------------------------

_THIN = Side(style="thin", color="555555")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6ECE9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_ROW, _INFO_ROW, _HEADER_ROW = 1, 2, 4


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    # Text stays text, never a formula: rembuk.core.xlsx.workbook_bytes sees to it.
    cell = ws.cell(row=row, column=column, value=printable(value))
    cell.alignment = _WRAP
    cell.border = _BORDER


def _data_sheet(ws: Worksheet, info: str) -> None:
    ws.title = DATA_SHEET
    ws.cell(row=_TITLE_ROW, column=1, value=MATRIX_TITLE).font = Font(bold=True, size=14)
    ws.cell(row=_INFO_ROW, column=1, value=printable(info))
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=_HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"


def _authority_validation(ws: Worksheet, last_row: int) -> None:
    column = get_column_letter(_column_number("authority"))
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(AUTHORITY_NAMES.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kewenangan",
        error=_("Choose a kewenangan from the list."),
    )
    ws.add_data_validation(validation)
    validation.add(f"{column}{_HEADER_ROW + 1}:{column}{last_row}")


def _column_number(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)


def _write_goals(ws: Worksheet, blocks: Iterable[GoalBlock]) -> int:
    """Writes Matriks 1 rows under the header; returns the last row written."""
    col = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    row = _HEADER_ROW
    for block in blocks:
        goal = block.goal
        first_goal_row = row + 1
        # Activities without a milestone come first, so that reading the file back does not
        # hang them under the milestone above them.
        milestone_blocks = sorted(block.milestones, key=lambda mb: mb.milestone is not None)
        for milestone_block in milestone_blocks:
            first_milestone_row = row + 1
            activities: list[Activity | None] = [*milestone_block.activities] or [None]
            for activity in activities:
                row += 1
                for key in col:
                    _put(ws, row, col[key], None)
                if activity is not None:
                    _put(ws, row, col["activity"], activity.name)
                    _put(ws, row, col["description"], activity.description)
                    _put(
                        ws,
                        row,
                        col["funding"],
                        ", ".join(
                            FUNDING_NAMES.get(code, code) for code in activity.funding_sources
                        ),
                    )
                    _put(ws, row, col["funding_note"], activity.funding_note)
                    _put(
                        ws,
                        row,
                        col["authority"],
                        AUTHORITY_NAMES.get(activity.authority, activity.authority),
                    )
            milestone = milestone_block.milestone
            if milestone is not None:
                _put(ws, first_milestone_row, col["milestone"], milestone.statement)
                _put(ws, first_milestone_row, col["milestone_target"], milestone.target_value)
                _put(ws, first_milestone_row, col["milestone_year"], milestone.target_year)
                if row > first_milestone_row:
                    for key in ("milestone", "milestone_target", "milestone_year"):
                        ws.merge_cells(
                            start_row=first_milestone_row,
                            end_row=row,
                            start_column=col[key],
                            end_column=col[key],
                        )
        _put(ws, first_goal_row, col["number"], block.number)
        _put(ws, first_goal_row, col["goal"], goal.statement)
        _put(ws, first_goal_row, col["goal_target"], goal.target)
        _put(ws, first_goal_row, col["goal_year"], goal.target_year)
        if row > first_goal_row:
            for key in ("number", "goal", "goal_target", "goal_year"):
                ws.merge_cells(
                    start_row=first_goal_row,
                    end_row=row,
                    start_column=col[key],
                    end_column=col[key],
                )
    return row


def _region_info(desa: Region | None, period: str, status: str) -> str:
    if desa is None:
        return "Desa: …   Kecamatan: …   Kabupaten: …   Periode: …"
    kecamatan = desa.parent
    kabupaten = kecamatan.parent if kecamatan else None
    return (
        f"Desa: {desa.name} ({desa.code})   Kecamatan: {kecamatan.name if kecamatan else '-'}   "
        f"Kabupaten: {kabupaten.name if kabupaten else '-'}   Periode: {period}   Status: {status}"
    )


def export_plan_xlsx(plan: LivelihoodPlan) -> bytes:
    """The plan in the template layout: importing this file again gives the same plan."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    _data_sheet(ws, _region_info(plan.desa, plan.period_label, plan.get_status_display()))
    last_row = _write_goals(ws, plan_matrix(plan))
    _authority_validation(ws, max(last_row, _HEADER_ROW + 200))
    return workbook_bytes(workbook)


def _example_blocks() -> list[GoalBlock]:
    """Desa X's goal (Matriks 1 of the kecamatan guide), as unsaved objects.

    See docs/mechanism.md#the-worked-example-desa-x.
    """
    from rembuk.plans.selectors import MilestoneBlock

    goal = Goal(
        statement="Semua warga terbebas dari hutang pada rentenir",
        target="Tidak ada warga yang meminjam ke rentenir",
        target_year=2025,
    )
    milestone = Milestone(
        statement="Petani punya alternatif penjualan hasil panen dengan harga stabil saat panen",
        target_value="BUMDes membeli hasil panen petani",
        target_year=2025,
    )
    rows = [
        ("Musyawarah penetapan penyertaan modal di BUMDES", "Alokasi dana untuk modal ditetapkan "
         "di musyawarah desa akhir tahun 2023", ["dana_desa"], "desa"),
        ("Penyerahan modal Desa di BUMDES", "Dana dialokasikan di pencairan dana desa tahap I "
         "2024", ["dana_desa"], "desa"),
        ("Pelatihan pengelolaan unit usaha BUMDES", "Pelatihan 3 hari di Januari 2024", ["csr"],
         "pihak_lain"),
        ("Pembuatan business plan BUMDES", "Dikerjakan sebagai bagian dari pelatihan",
         ["csr", "bumdes"], "desa"),
        ("Pembelian hasil panen yang dijual petani oleh BUMDES", "Sesuai ketentuan yang telah "
         "disosialisasikan", ["bumdes"], "desa"),
        ("Konsultasi penanganan hama dengan penyuluh di kelompok tani", "Dalam pertemuan "
         "kelompok tani", ["swadaya", "opd_teknis"], "kabupaten"),
    ]  # fmt: skip
    activities = [
        Activity(name=name, description=description, funding_sources=funding, authority=auth)
        for name, description, funding, auth in rows
    ]
    return [GoalBlock(number=1, goal=goal, milestones=[MilestoneBlock(milestone, activities)])]


def _instructions(ws: Worksheet) -> None:
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 110
    lines: list[tuple[str, bool]] = [
        (_("How to fill in the village plan template"), True),
        (_("1. Fill in the sheet “%(sheet)s”; do not change its header row.") % {
            "sheet": DATA_SHEET}, False),
        (_("2. Write each goal once, on the first row of its block (or merge its cells). The "
           "rows below belong to it until the next goal."), False),
        (_("3. Write each intermediate goal (tujuan antara) once, on the first row of its "
           "activities. The rows below belong to it until the next one."), False),
        (_("4. Put each activity on its own row, with its description (when and how), funding "
           "sources and kewenangan."), False),
        (_("5. Target years are plain years, such as 2025."), False),
        (_("6. Several funding sources are separated by commas, for example: Dana Desa, "
           "Swadaya. Write - when there is no cost."), False),
        (_("7. The sheet “%(sheet)s” shows an example; it is not imported.") % {
            "sheet": EXAMPLE_SHEET}, False),
        (_("8. If the file has a mistake, nothing is imported and every mistake is listed with "
           "its row and column. Correct them and upload the file again."), False),
        ("", False),
        (_("Funding sources you can use"), True),
        *[(f"• {name}", False) for name in FUNDING_NAMES.values()],
        (_("Other accepted spellings: DD, Dana desa, BUMDES, Operasional BUMDES, Dinas "
           "pertanian (penyuluh), APBD."), False),
        ("", False),
        (_("Kewenangan (who is responsible) you can use"), True),
        *[(f"• {name}", False) for name in AUTHORITY_NAMES.values()],
        (_("Empty means Desa. Activities under Kabupaten, Provinsi or Pusat are proposals for "
           "the Musrenbang Kecamatan."), False),
    ]  # fmt: skip
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)


def template_xlsx() -> bytes:
    """The empty template: data sheet, instructions (Petunjuk) and an example (Contoh)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    _data_sheet(ws, _region_info(None, "", ""))
    _authority_validation(ws, _HEADER_ROW + 500)
    _instructions(workbook.create_sheet())
    example = workbook.create_sheet()
    _data_sheet(example, "Desa: X   Periode: 2024–2025")
    example.title = EXAMPLE_SHEET
    _write_goals(example, _example_blocks())
    return workbook_bytes(workbook)


def export_filename(plan: LivelihoodPlan, extension: str) -> str:
    from django.utils.text import slugify

    period = f"{plan.period_start}-{plan.period_end}"
    if plan.period_start == plan.period_end:
        period = str(plan.period_start)
    return f"rencana-{slugify(plan.desa.name) or plan.desa.code}-{period}.{extension}"
