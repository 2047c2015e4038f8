"""Browsing villages with their plans: the region tree (kabupaten → kecamatan → desa, with the
plans counted below each region), search by name or code, and "my villages".

These pages live in plans, above people and regions, because they show plans; config/urls.py
mounts them where they have always been (/wilayah/ as "regions:…", /akun/desa-saya/ as
"people:my_villages"), see urls_browse.py.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rembuk.core.htmx import is_htmx, template_for
from rembuk.core.permissions import rule, signed_in
from rembuk.people import selectors as people_selectors
from rembuk.people.permissions import can_edit_plan_of
from rembuk.plans import selectors
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions import selectors as region_selectors
from rembuk.regions.models import Region

# Enough to find a region by a few letters on a phone; more is noise, not help.
PICK_LIMIT = 12


@rule(signed_in)
def region_list(request: HttpRequest) -> HttpResponse:
    groups, showing_all = selectors.kabupaten_overview(
        request.user, show_all=request.GET.get("semua") == "1"
    )
    return render(
        request, "regions/region_list.html", {"groups": groups, "showing_all": showing_all}
    )


@rule(signed_in)
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_selectors.region_by_code(code)
    context: dict[str, object] = {
        "region": region,
        "breadcrumbs": region_selectors.breadcrumbs(region),
        "children": selectors.children_with_counts(region, request.user),
    }
    if region.level == Region.Level.DESA:
        context["plans"] = selectors.plans_of_desa(request.user, region)
        context["can_create_plan"] = can_edit_plan_of(request.user, region.code)
    return render(request, "regions/region_detail.html", context)


@rule(signed_in)
def region_search(request: HttpRequest) -> HttpResponse:
    """Full page, or for htmx the results fragment; `pick=1` gives <option>s for a datalist of
    regions the person may grant roles over (the invitation form)."""
    # The invitation form's field is called region_code; it sends its own value.
    query = (request.GET.get("q") or request.GET.get("region_code") or "").strip()[:100]
    if request.GET.get("pick") == "1":
        options = list(people_selectors.grantable_regions_search(request.user, query)[:PICK_LIMIT])
        return render(request, "regions/region_search.html#options", {"options": options})
    results = region_selectors.region_search(query)
    page = Paginator(results, region_selectors.SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template_for(request, "regions/region_search.html", "results"),
        {"query": query, "page": page, "is_fragment": is_htmx(request)},
    )


@rule(signed_in)
def my_villages(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "people/my_villages.html",
        {
            "mine": selectors.my_villages(request.user),
            "ADOPTED": LivelihoodPlan.Status.ADOPTED,
        },
    )
