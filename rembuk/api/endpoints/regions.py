"""Regions: the Kemendagri tree (reference data every signed-in person may read)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from rembuk.api.filters import narrowed
from rembuk.api.pagination import Page, paginate
from rembuk.api.rules import rule
from rembuk.api.schemas import ListFilters, RegionRef, answers, page_schema, region_ref
from rembuk.core.permissions import signed_in
from rembuk.regions import selectors
from rembuk.regions.models import Region

router = Router(tags=["regions"])

Level = Literal["provinsi", "kabupaten", "kecamatan", "desa"]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: RegionRef | None
    is_kelurahan: bool = Field(description="A kelurahan (urban) rather than a desa.")


RegionPage = page_schema(RegionOut, "RegionPage")


def region_out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        level=region.level,
        parent=region_ref(region.parent),
        is_kelurahan=region.is_kelurahan,
    )


class RegionFilters(ListFilters):
    parent: str | None = Field(None, description="Only the children of this code.", max_length=20)
    level: Level | None = None
    q: str | None = Field(
        None, description="A name (any part) or the start of a code.", max_length=100
    )


@router.get("/regions", response=answers(RegionPage))
@rule(signed_in)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> Page:
    """Regions, by code: the children of one, those of a level, or a search."""
    regions = selectors.regions_listed(
        parent_code=filters.parent, level=filters.level, query=filters.q or ""
    )
    regions = narrowed(regions, filters, region_path="code")
    page = paginate(
        request, regions, order=("code", "id"), cursor=filters.cursor, limit=filters.limit
    )
    page.items = [region_out(region) for region in page.items]
    return page


@router.get("/regions/{code}", response=answers(RegionOut))
@rule(signed_in)
def region_detail(request: HttpRequest, code: str) -> RegionOut:
    """One region by its Kemendagri code."""
    return region_out(selectors.region_by_code(code))
