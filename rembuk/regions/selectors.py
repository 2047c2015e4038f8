"""Reads of the region tree: one region, its breadcrumbs, lists and search, each in a constant
number of queries whatever the number of regions (the national file holds 91,599).

Regions are reference data that every signed-in person may read. What lies in them (plans,
people) is counted by the apps that own it: plans.selectors counts the plans below each region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from rembuk.core.permissions import region_q
from rembuk.regions import codes
from rembuk.regions.models import Region

SEARCH_PAGE_SIZE = 25
# A code, or the start of one: digits separated by dots ("53", "53.18.11", "53.18.11.20").
_CODE_LIKE = re.compile(r"^\d+(\.\d*)*$")


def region_by_code(code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist as missing:
        raise Http404 from missing


def desa_by_code(code: str) -> Region | None:
    """The desa with this code, or None (no region, or a region of another level)."""
    return Region.objects.filter(code=code, level=Region.Level.DESA).first()


def kecamatan_by_code(code: str) -> Region | None:
    """The kecamatan with this code, or None."""
    return Region.objects.filter(code=code, level=Region.Level.KECAMATAN).first()


def breadcrumbs(region: Region) -> list[Region]:
    """The ancestors of a region, from the provinsi down, in one query."""
    above = region.ancestor_codes()
    if not above:
        return []
    return list(Region.objects.filter(code__in=above).order_by("code"))


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
