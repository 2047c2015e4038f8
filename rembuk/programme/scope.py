"""Which regions a dashboard covers, and the one rule for the programme's villages.

A programme village is a desa with a plan, a village review, a meeting sheet or a stage set by
hand. rembuk.programme.rollups applies that rule when it keeps each such desa's DesaFigures row,
so every list of programme villages — the dashboards' lists, their XLSX files, the API's stages
— reads those rows, after bringing them up to date (`programme_desas`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rembuk.core.prepared import PreparedRecords
from rembuk.core.translated import kept_gettext as _
from rembuk.people.permissions import has_role_over, scope_codes
from rembuk.programme import rollups
from rembuk.programme.models import DesaFigures
from rembuk.programme.permissions import DASHBOARD_ROLES
from rembuk.regions import codes
from rembuk.regions.models import Region


def programme_desas(region_codes: list[str], *, refresh: bool = True) -> QuerySet[DesaFigures]:
    """The programme's villages in these regions ([""]: the whole country; []: none), one
    DesaFigures row each, brought up to date first (refresh=False: the caller just did, as a
    dashboard does once per request)."""
    if refresh:
        rollups.refresh()
    return DesaFigures.objects.filter(codes.under_any("code", region_codes))


@dataclass
class DashboardScope:
    # The regions the dashboard covers, none inside another; [""] is the whole country.
    codes: list[str]
    region: Region | None  # the one region the dashboard is about, when there is one

    @property
    def title(self) -> str:
        if self.region is None:
            return _("Programme dashboard")
        return _("Dashboard: %(region)s") % {"region": self.region.name}

    @property
    def row_depth(self) -> int:
        """The level its tables list: one below the broadest region covered, at most kecamatan."""
        return min(min(codes.depth(code) for code in self.codes) + 1, codes.KECAMATAN)

    @property
    def by_agency(self) -> bool:
        """Requests are listed per agency within kabupaten, per region above them."""
        return all(codes.depth(code) >= codes.KABUPATEN for code in self.codes)


# A region a dashboard may be about (codes are unique), its SQL compiled once per thread.
_REGION = PreparedRecords(
    Region,
    lambda code: Region.objects.filter(code=code).exclude(level=Region.Level.DESA)[:1],
    Region._meta.get_field("code"),
)


def _region(code: str) -> Region | None:
    found = _REGION.records(code)
    return found[0] if found else None


def dashboard_scope(user: Any, code: str | None = None) -> DashboardScope:
    """The region a dashboard covers: `code` if the user may see it, else their whole scope."""
    if code:
        region = _region(code)
        if region is None or not has_role_over(user, region.code, DASHBOARD_ROLES):
            raise Http404
        return DashboardScope(codes=[region.code], region=region)
    # Dashboard roles are granted at a kecamatan or above; anything deeper is not a dashboard.
    found = [
        c
        for c in codes.outermost(scope_codes(user, DASHBOARD_ROLES))
        if codes.depth(c) <= codes.KECAMATAN
    ]
    if not found:
        raise Http404
    region = None
    if len(found) == 1 and found != [""]:
        region = _region(found[0])
    return DashboardScope(codes=found, region=region)


def desa_listed(scope: DashboardScope) -> int:
    """How many villages a list of villages of the dashboard (stages, quiet ones) may hold."""
    return programme_desas(scope.codes).count()
