"""A dashboard table as an XLSX file, built by the task worker when it lists many villages
(rembuk.reports.background). The list of every village's stage over the whole country holds
one row per programme desa (more than 80,000 at national size, about 10 s of work); a
kecamatan's or a kabupaten's list is answered in the request as before. Registered in
ProgrammeConfig.ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from rembuk.people.models import User
from rembuk.programme import selectors
from rembuk.programme.spreadsheet import table_xlsx
from rembuk.reports.background import Build, DocumentKind, ExportFile, register
from rembuk.reports.exports import XLSX

DASHBOARD_TABLE = "dashboard-table"
# bench/bench_dashboard.py: every village's stage in Nusa Tenggara Timur (3,442 desa) takes
# 0.3–0.5 s, about 0.1 ms a village; past this many villages, more than half a second.
TABLE_SYNC_VILLAGES = 5_000
# The tables that list villages; the others list regions, agencies or themes and stay short.
VILLAGE_TABLES = frozenset({"tahapan-desa", "tanpa-catatan"})


@dataclass(frozen=True)
class TableFile:
    scope: selectors.DashboardScope
    code: str  # the region asked for, "" for the person's own dashboard
    key: str
    year: int | None


def table_ref(user: Any, code: str | None, key: str, year: int | None) -> str:
    """Whose export it is comes first: a dashboard without a region is the asker's own scope,
    so only the person who asked opens the file again."""
    return f"{user.pk}|{code or ''}|{key}|{year or ''}"


def _table_file(user: Any, ref: str) -> TableFile:
    parts = ref.split("|")
    if len(parts) != 4:
        raise Http404
    owner, code, key, year = parts
    if owner != str(user.pk) or key not in selectors.TABLE_KEYS:
        raise Http404
    scope = selectors.dashboard_scope(user, code or None)
    return TableFile(scope=scope, code=code, key=key, year=int(year) if year.isdigit() else None)


def _load(ref: str) -> TableFile:
    # The worker builds what the view allowed, with the asker's scope as it is now.
    return _table_file(User.objects.get(pk=ref.split("|", 1)[0]), ref)


def _villages(table: TableFile, fmt: str) -> int:
    if table.key not in VILLAGE_TABLES:
        return 1
    return selectors.desa_listed(table.scope)


def _build(table: TableFile, build: Build) -> ExportFile:
    board = selectors.dashboard(
        table.scope, year=table.year, today=timezone.localdate(), only=table.key
    )
    region = table.scope.region
    place = slugify(region.name) if region else "program"
    return ExportFile(
        f"dasbor-{place}-{table.key}-{board.year}.xlsx",
        XLSX,
        table_xlsx(board, board.tables[table.key]),
    )


def _back(table: TableFile) -> tuple[str, str]:
    if table.code:
        url = reverse("programme:region_dashboard", args=[table.code])
    else:
        url = reverse("programme:dashboard")
    if table.year:
        url += f"?tahun={table.year}"
    return url, table.scope.title


def register_dashboard_tables() -> None:
    register(
        DocumentKind(
            key=DASHBOARD_TABLE,
            record=_table_file,
            load=_load,
            formats=frozenset({"xlsx"}),
            parts=_villages,
            sync_parts=TABLE_SYNC_VILLAGES,
            build=_build,
            back=_back,
        )
    )
