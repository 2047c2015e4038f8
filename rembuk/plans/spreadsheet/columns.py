"""The vocabulary of a plan workbook: its sheets and columns (found by their header text, with the
synonyms of Matriks 1, Matriks 10 and our own template, never by position), and how cells name
funding sources, kewenangan, periods and years."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rembuk.plans import services
from rembuk.plans.models import Authority, FundingSource

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


def compact_header(text: str) -> str:
    """`Sasaran - Sasaran yang perlu di-capai` → `sasaransasaranyangperludicapai`."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " dan ")
    text = re.sub(r"\([^)]*\)", " ", text)  # "(contoh: 2025)" and similar hints
    return re.sub(r"[^0-9a-z]+", "", text)


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (compact_header(_column.header), *_column.synonyms):
        HEADER_LOOKUP.setdefault(_name, _column.key)


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


def plain_words(text: str) -> str:
    """Lowercase words separated by single spaces, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"[0-9a-z]+", text))


# Whole-phrase names (after plain_words()).
_FUNDING_EXACT: dict[str, str] = {plain_words(name): code for code, name in FUNDING_NAMES.items()}
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
EMPTY_MARKS = frozenset({"", "-", "–", "—", "none", "tidak ada", "tanpa biaya"})
_FUNDING_SPLIT = re.compile(r"[,;&/+\n]|\bdan\b|\band\b", re.IGNORECASE)

_AUTHORITY_EXACT: dict[str, str] = {
    plain_words(name): code for code, name in AUTHORITY_NAMES.items()
}
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
    if plain_words(text) in EMPTY_MARKS or text.strip() in EMPTY_MARKS:
        return [], True, []
    for part in _FUNDING_SPLIT.split(text):
        words = plain_words(part)
        if words in EMPTY_MARKS:
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
    words = plain_words(text)
    if not words:
        return Authority.DESA
    return _AUTHORITY_EXACT.get(words)


# --- periods and years ---------------------------------------------------------------------

_YEAR_RANGE = range(services.FIRST_YEAR, services.LAST_YEAR + 1)


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
    if end - start + 1 > services.MAX_PERIOD_YEARS:
        raise ValidationError(_("A plan period can cover at most ten years."))
    return start, end


def parse_year(value: Any) -> int | None:
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
