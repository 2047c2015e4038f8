"""Kemendagri region codes: the one home of their arithmetic.

Codes nest by dotted parts of fixed width: `53` (provinsi) > `53.18` (kabupaten) >
`53.18.11` (kecamatan) > `53.18.11.2006` (desa). So "a region and everything below it" is the
code itself or any code that starts with the code and a dot, and the region a code lies in is
the code cut to fewer parts. Everything that cuts, compares or filters codes does it here.

under() is the one condition for "this region and below" in a query. It is written so the
database can answer it from the index on the code column, on SQLite and on PostgreSQL, whatever
collation the database was created with:

    code >= '53.18' AND code < '53.18z' AND (code = '53.18' OR code LIKE '53.18.%')

The range is what the index serves; the LIKE keeps the answer exact. A plain
`LIKE '53.18.%'` cannot use the index on SQLite (Django's LIKE ignores case there, the index
does not) and scans every row. A range alone (`>= '53.18.' AND < '53.18/'`) is exact only under
byte order: under a linguistic collation (PostgreSQL created with en_US.UTF-8, which ignores
punctuation when it compares) the dots drop out and that range finds nothing below the region.
Every code below `X` sorts at or after `X` and before `X` followed by a letter in any
collation, since digits and dots sort before letters, so the range above is never too narrow.
See docs/decisions/0018-dashboard-figures-kept-as-rollups.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Value
from django.db.models.functions import Concat

SEPARATOR = "."
# Sorts after every digit and dot in byte order and in linguistic collations alike.
_AFTER_EVERY_CODE = "z"

PROVINSI, KABUPATEN, KECAMATAN, DESA = 1, 2, 3, 4
LEVELS = {PROVINSI: "provinsi", KABUPATEN: "kabupaten", KECAMATAN: "kecamatan", DESA: "desa"}


def depth(code: str) -> int:
    """How many parts a code has: 1 for a provinsi … 4 for a desa; 0 for "" (the country)."""
    return code.count(SEPARATOR) + 1 if code else 0


def cut(code: str, parts: int) -> str:
    """The code of the region at `parts` parts that holds `code` (the code itself when it is
    not deeper): cut("53.18.11.2006", 2) == "53.18"."""
    return SEPARATOR.join(code.split(SEPARATOR)[:parts])


def provinsi_of(code: str) -> str:
    return cut(code, PROVINSI)


def kabupaten_of(code: str) -> str:
    return cut(code, KABUPATEN)


def kecamatan_of(code: str) -> str:
    return cut(code, KECAMATAN)


def parent_of(code: str) -> str:
    """`53.18.11` → `53.18`; a provinsi's parent is "" (the country)."""
    return cut(code, depth(code) - 1)


def ancestors(code: str) -> list[str]:
    """The codes above a code, broadest first: `53.18.11.2006` → [`53`, `53.18`, `53.18.11`]."""
    return [cut(code, parts) for parts in range(1, depth(code))]


def with_ancestors(code: str) -> list[str]:
    """The code and every code above it: `53.18.11` → [`53`, `53.18`, `53.18.11`]."""
    return [*ancestors(code), code] if code else []


def covers(scope: str, code: str) -> bool:
    """True when `code` is the region `scope` or lies below it ("" covers everything)."""
    return not scope or code == scope or code.startswith(scope + SEPARATOR)


def outermost(codes: Iterable[str]) -> list[str]:
    """The codes that no other code of the list covers, sorted: [53, 53.18, 81.05] → [53, 81.05].
    Summing figures over these counts nothing twice."""
    kept: list[str] = []
    for code in sorted(set(codes), key=lambda c: (depth(c), c)):
        if not any(covers(broader, code) for broader in kept):
            kept.append(code)
    return sorted(kept)


def is_kelurahan(code: str) -> bool:
    """A desa code whose last part starts with 1 is a kelurahan (2: desa, 3: desa adat)."""
    return depth(code) == DESA and code.rsplit(SEPARATOR, 1)[-1].startswith("1")


# --- conditions for queries -------------------------------------------------------------------


def _index_range(path: str, start: str) -> Q:
    return Q(**{f"{path}__gte": start, f"{path}__lt": start + _AFTER_EVERY_CODE})


def under(path: str, code: str) -> Q:
    """Rows whose region code at `path` is `code` or lies below it, answered from the index.
    `code` "" means the whole country (no condition)."""
    if not code:
        return Q()
    exact = Q(**{path: code}) | Q(**{f"{path}__startswith": code + SEPARATOR})
    return _index_range(path, code) & exact


def under_any(path: str, codes: Iterable[str]) -> Q:
    """Rows under any of `codes` (nothing when there are none; everything when one is "")."""
    condition = Q(pk__in=[])
    for code in outermost(codes):
        if not code:
            return Q()
        condition |= under(path, code)
    return condition


def below_outer(path: str) -> Q:
    """Rows whose code at `path` lies strictly below the region of the outer query (inside an
    Exists over regions): a range on the code index, so each outer region costs a seek."""
    return Q(
        **{
            f"{path}__gte": Concat(OuterRef("code"), Value(SEPARATOR)),
            f"{path}__lt": Concat(OuterRef("code"), Value(SEPARATOR + _AFTER_EVERY_CODE)),
        }
    )


def below(path: str, code: str) -> Q:
    """Rows strictly below `code` (not the region itself)."""
    return starting_with(path, code + SEPARATOR)


def starting_with(path: str, text: str) -> Q:
    """Rows whose code at `path` starts with `text` (a code being typed: `53.18.1`)."""
    return _index_range(path, text) & Q(**{f"{path}__startswith": text})
