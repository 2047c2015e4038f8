"""Reads of the region tree: lists with child counts and search, each in a constant number of
queries whatever the number of regions (the national file holds 91,599).

Regions are reference data that every signed-in person may browse; the plan counts shown next to
them are limited to the plans the person may see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Length
from django.http import Http404

from rembuk.core.permissions import region_q
from rembuk.people.models import Agency
from rembuk.people.permissions import PEOPLE_ADMIN_ROLES, READ_ROLES, scope_codes
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions import codes
from rembuk.regions.models import Region

SEARCH_PAGE_SIZE = 25
# A code, or the start of one: digits separated by dots ("53", "53.18.11", "53.18.11.20").
_CODE_LIKE = re.compile(r"^\d+(\.\d*)*$")

Level = Region.Level


def region_by_code(code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist as missing:
        raise Http404 from missing


def breadcrumbs(region: Region) -> list[Region]:
    """The ancestors of a region, from the provinsi down, in one query."""
    above = region.ancestor_codes()
    if not above:
        return []
    return list(Region.objects.filter(code__in=above).order_by("code"))


def _live(path: str) -> Q:
    return Q(**{f"{path}__is_deleted": False})


def _plan_count(user: Any, prefix: str) -> Count | Value:
    """Count of the plans (under desa reached by `prefix`) that the user may see."""
    scopes = scope_codes(user, READ_ROLES)
    if not scopes:
        return Value(0)
    condition = Q(**{f"{prefix}plans__is_deleted": False})
    if scopes != [""]:
        condition &= region_q(f"{prefix}code", scopes)
    return Count(f"{prefix}plans", filter=condition, distinct=True)


def with_counts(regions: QuerySet[Region], level: str, user: Any) -> QuerySet[Region]:
    """Annotate regions of one level with what lies below them, in the same single query.

    provinsi and kabupaten: `child_count` and `grandchild_count` (e.g. kecamatan and desa of a
    kabupaten); kecamatan: `child_count` (desa) and `plan_count`; desa: `plan_count`.
    Plan counts include only plans the user may see.
    """
    if level in (Level.PROVINSI, Level.KABUPATEN):
        return regions.annotate(
            child_count=Count("children", filter=_live("children"), distinct=True),
            grandchild_count=Count(
                "children__children", filter=_live("children__children"), distinct=True
            ),
        )
    if level == Level.KECAMATAN:
        return regions.annotate(
            child_count=Count("children", filter=_live("children"), distinct=True),
            plan_count=_plan_count(user, "children__"),
        )
    return regions.annotate(plan_count=_plan_count(user, ""))


def children_with_counts(region: Region, user: Any) -> list[Region]:
    children = Region.objects.filter(parent=region).order_by("code")
    child_level = {
        Level.PROVINSI: Level.KABUPATEN,
        Level.KABUPATEN: Level.KECAMATAN,
        Level.KECAMATAN: Level.DESA,
    }.get(Level(region.level))
    if child_level is None:
        return []
    return list(with_counts(children, child_level, user))


@dataclass
class ProvinsiGroup:
    provinsi: Region
    kabupaten: list[Region] = field(default_factory=list)


def _kabupaten_with_data() -> Q:
    """Kabupaten where the programme works: they hold a plan or an agency (OPD)."""
    # Two plain id subqueries: much cheaper than a correlated EXISTS per kabupaten nationally.
    with_plans = LivelihoodPlan.objects.values("desa__parent__parent_id")
    with_agencies = Agency.objects.values("kabupaten_id")
    return Q(pk__in=with_plans) | Q(pk__in=with_agencies)


def _with_grouped_counts(kabupaten: list[Region]) -> list[Region]:
    """Counts for every kabupaten of the country: two grouped queries over the region table
    are three times faster than one query joining 83,000 desa to their kabupaten."""
    kecamatan = dict(
        Region.objects.filter(level=Level.KECAMATAN)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    desa = dict(
        Region.objects.filter(level=Level.DESA)
        .values_list("parent__parent_id")
        .annotate(n=Count("id"))
        .values_list("parent__parent_id", "n")
    )
    for kab in kabupaten:
        kab.child_count = kecamatan.get(kab.pk, 0)  # type: ignore[attr-defined]
        kab.grandchild_count = desa.get(kab.pk, 0)  # type: ignore[attr-defined]
    return kabupaten


def kabupaten_overview(user: Any, *, show_all: bool = False) -> tuple[list[ProvinsiGroup], bool]:
    """Kabupaten with counts, grouped by provinsi, in a constant number of queries.

    By default only kabupaten where the programme has data (one query); all of them when asked,
    or when no kabupaten has data yet (three more). Returns the groups and whether the list is
    the full one.
    """
    base = Region.objects.filter(level=Level.KABUPATEN).select_related("parent").order_by("code")
    kabupaten: list[Region] = []
    if not show_all:
        kabupaten = list(with_counts(base.filter(_kabupaten_with_data()), Level.KABUPATEN, user))
    if not kabupaten:
        show_all = True
        kabupaten = _with_grouped_counts(list(base))
    groups: dict[str, ProvinsiGroup] = {}
    for kab in kabupaten:
        provinsi = kab.parent
        if provinsi is None:
            continue
        groups.setdefault(provinsi.code, ProvinsiGroup(provinsi)).kabupaten.append(kab)
    return list(groups.values()), show_all


def region_search(query: str, *, within: Iterable[str] | None = None) -> QuerySet[Region]:
    """Regions whose name contains `query` (any case) or whose code starts with it.

    Broader levels first (kabupaten before kecamatan before desa), then by code. `within`
    limits the search to regions under those codes (e.g. where a person may grant roles).
    """
    query = query.strip()
    if not query:
        return Region.objects.none()
    if _CODE_LIKE.match(query):
        prefix = query.rstrip(".")
        matches = codes.under("code", prefix) | codes.starting_with("code", query)
    else:
        matches = Q(name__icontains=query)
    regions = Region.objects.filter(matches)
    if within is not None:
        scopes = list(within)
        if scopes != [""]:
            regions = regions.filter(region_q("code", scopes))
    return regions.select_related("parent", "parent__parent").order_by(Length("code"), "code")


def grantable_regions_search(user: Any, query: str) -> QuerySet[Region]:
    """Regions a people administrator may grant roles over that match the query."""
    return region_search(query, within=scope_codes(user, PEOPLE_ADMIN_ROLES))


def regions_listed(
    *, parent_code: str | None = None, level: str | None = None, query: str = ""
) -> QuerySet[Region]:
    """Regions (reference data anyone signed in may read): the children of a parent, those of
    one level, or those a search matches — any of these together."""
    regions = region_search(query) if query.strip() else Region.objects.all()
    if parent_code:
        regions = regions.filter(parent__code=parent_code)
    if level:
        regions = regions.filter(level=level)
    return regions.select_related("parent")
