"""Loading the official region list. Owns one rule: an import is idempotent — unchanged rows
are left alone, new codes are added, a changed name is updated through the change log (so the
old name stays in the history), and codes missing from the file are reported, never deleted.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.regions.models import Region, region_id_for

DATA_DIR = Path(__file__).resolve().parent / "data"
PILOT_FILE = DATA_DIR / "pilot.csv"
NATIONAL_FILE = DATA_DIR / "indonesia.csv.gz"
EXPECTED_HEADER = ["code", "name", "level", "parent_code"]


@dataclass
class ImportResult:
    created: int = 0
    renamed: int = 0
    unchanged: int = 0
    missing_from_file: list[str] = field(default_factory=list)


def _rows(path: Path) -> Iterator[dict[str, str]]:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    with raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        reader = csv.reader(text)
        header = next(reader, None)
        if header != EXPECTED_HEADER:
            raise ValidationError(
                _("%(file)s: the first row must be %(header)s.")
                % {"file": path.name, "header": ",".join(EXPECTED_HEADER)}
            )
        for line_number, row in enumerate(reader, start=2):
            if len(row) != 4:
                raise ValidationError(
                    _("%(file)s row %(row)d: expected 4 columns, found %(n)d.")
                    % {"file": path.name, "row": line_number, "n": len(row)}
                )
            code, name, level, parent_code = (value.strip() for value in row)
            if level not in Region.Level.values or not code or not name:
                raise ValidationError(
                    _("%(file)s row %(row)d: invalid region row.")
                    % {"file": path.name, "row": line_number}
                )
            yield {"code": code, "name": name, "level": level, "parent_code": parent_code}


@transaction.atomic
def regions_import(*, path: Path = PILOT_FILE, actor: Any = None) -> ImportResult:
    result = ImportResult()
    existing = {
        code: (pk, name) for pk, code, name in Region.all_objects.values_list("id", "code", "name")
    }
    seen: set[str] = set()
    new_regions: list[Region] = []
    for row in _rows(path):
        code = row["code"]
        seen.add(code)
        if code not in existing:
            new_regions.append(
                Region(
                    id=region_id_for(code),
                    code=code,
                    name=row["name"],
                    level=row["level"],
                    parent_id=region_id_for(row["parent_code"]) if row["parent_code"] else None,
                )
            )
        elif existing[code][1] != row["name"]:
            region = Region.all_objects.get(pk=existing[code][0])
            history.update(region, actor=actor, name=row["name"])
            result.renamed += 1
        else:
            result.unchanged += 1
    if new_regions:
        history.bulk_create(Region, new_regions, actor=actor, batch_size=2000)
    result.created = len(new_regions)
    result.missing_from_file = sorted(set(existing) - seen)
    return result
