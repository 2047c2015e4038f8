"""Reads for the programme stages and the dashboards, already limited to the viewer's region.

dashboard() assembles a dashboard from the tables rembuk.programme.tables builds out of the
kept figures (the charts, the XLSX files and the API are drawn from the same tables).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rembuk.people.permissions import READ_ROLES, has_role_over, scope_codes
from rembuk.programme import rollups, tables
from rembuk.programme.permissions import DASHBOARD_ROLES
from rembuk.programme.scope import DashboardScope, dashboard_scope, desa_listed, programme_desas
from rembuk.programme.tables import TABLE_KEYS, Table
from rembuk.regions.models import Region

__all__ = [
    "TABLE_KEYS",
    "Dashboard",
    "DashboardScope",
    "Table",
    "dashboard",
    "dashboard_scope",
    "desa_for_user",
    "desa_listed",
    "stage_desas_visible_to",
]

DESA_ON_PAGE = 50  # the two lists of villages show this many rows; their XLSX has all of them


# --- a desa's stages --------------------------------------------------------------------------


def desa_for_user(user: Any, code: str, roles: frozenset[str] = READ_ROLES) -> Region:
    """The desa, or 404 when it does not exist or lies outside the user's region for `roles`."""
    desa = (
        Region.objects.filter(code=code, level=Region.Level.DESA)
        .select_related("parent", "parent__parent")
        .first()
    )
    if desa is None or not has_role_over(user, desa.code, roles):
        raise Http404
    return desa


def stage_desas_visible_to(user: Any) -> QuerySet[Region]:
    """The programme's villages whose stages the user may read (every role reads the stages of
    the desa it reads), with their kecamatan and kabupaten: the programme villages' one rule
    (rembuk.programme.scope), as the dashboards list them."""
    listed = programme_desas(scope_codes(user, READ_ROLES))
    return Region.objects.filter(
        pk__in=listed.values("desa_id"), level=Region.Level.DESA
    ).select_related("parent", "parent__parent")


# --- dashboards ---------------------------------------------------------------------------------


@dataclass
class Dashboard:
    scope: DashboardScope
    year: int
    years: list[int]
    today: datetime.date
    desa_count: int
    tables: dict[str, Table]
    # The regions above this one the viewer may open, broadest first: (code, name).
    trail: list[tuple[str, str]] = field(default_factory=list)


def _trail(scope: DashboardScope, user: Any) -> list[tuple[str, str]]:
    """The regions above the dashboard's own that the viewer may open as dashboards too."""
    if scope.region is None:
        return []
    above = [
        code for code in scope.region.ancestor_codes() if has_role_over(user, code, DASHBOARD_ROLES)
    ]
    if not above:
        return []
    return list(Region.objects.filter(code__in=above).order_by("code").values_list("code", "name"))


def dashboard(
    scope: DashboardScope,
    *,
    year: int | None,
    today: datetime.date,
    only: str | None = None,
    user: Any = None,
) -> Dashboard:
    """The tables of the dashboard of `scope` for `year` (None: the default year).

    For the page (`only` None) the two lists of villages hold their first DESA_ON_PAGE rows;
    `only` builds that one table, with every row, for its XLSX file."""
    rollups.refresh()
    wanted = [only] if only else list(TABLE_KEYS)
    figures = tables.Figures(scope, year, today, listing=bool(tables.PLACE_TABLES & set(wanted)))
    built = tables.build(figures, wanted, limit=None if only else DESA_ON_PAGE)
    return Dashboard(
        scope=scope,
        year=figures.year,
        years=sorted(set(figures.years) | {today.year}),
        today=today,
        desa_count=figures.desa_count,
        tables=built,
        trail=_trail(scope, user) if user is not None and not only else [],
    )
