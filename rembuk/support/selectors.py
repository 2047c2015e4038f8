"""Reads of support requests, limited to what the user may see (rembuk.support.permissions).

A request outside the user's scope — or, for agency staff, of another agency — is a 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from rembuk.core.lookups import one_or_404
from rembuk.people.models import Agency, agency_choice_list
from rembuk.people.permissions import scope_codes, scope_filter
from rembuk.regions.codes import KECAMATAN, depth
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest, SupportRequestEvent
from rembuk.support.permissions import (
    AGENCY_ROLES,
    REGION_READ_ROLES,
    TRIAGE_ROLES,
    agency_ids_of,
    can_read_region_requests,
)

RELATED = (
    "desa",
    "desa__parent",
    "desa__parent__parent",
    "agency",
    "followup__sheet__meeting",
)


def requests_visible_to(user: Any) -> QuerySet[SupportRequest]:
    condition = scope_filter(user, "desa__code", REGION_READ_ROLES)
    agencies = agency_ids_of(user)
    if agencies:
        condition |= Q(agency_id__in=agencies) & scope_filter(user, "desa__code", AGENCY_ROLES)
    return SupportRequest.objects.filter(condition).select_related(*RELATED)


def request_for_user(user: Any, request_id: uuid.UUID | str) -> SupportRequest:
    return one_or_404(requests_visible_to(user), pk=request_id)


@dataclass
class Filters:
    status: str = ""
    agency: str = ""
    kecamatan: str = ""

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        status = query.get("status", "")
        return cls(
            status=status if status in SupportRequest.Status.values else "",
            agency=query.get("opd", "").strip(),
            kecamatan=query.get("kecamatan", "").strip(),
        )


def filtered_requests(user: Any, filters: Filters) -> QuerySet[SupportRequest]:
    requests = requests_visible_to(user)
    if filters.status:
        requests = requests.filter(status=filters.status)
    if filters.agency:
        try:
            requests = requests.filter(agency_id=uuid.UUID(filters.agency))
        except ValueError:
            requests = requests.none()
    if filters.kecamatan:
        requests = requests.filter(desa__parent__code=filters.kecamatan)
    return requests.order_by("desa__parent__name", "desa__name", "due_date", "changed_at")


def triage_queue(user: Any) -> QuerySet[SupportRequest]:
    """New requests ("diajukan") the user's kabupaten team has to route."""
    return (
        SupportRequest.objects.filter(
            scope_filter(user, "desa__code", TRIAGE_ROLES),
            status=SupportRequest.Status.SUBMITTED,
        )
        .select_related(*RELATED)
        .order_by("followup__sheet__meeting__date", "desa__name")
    )


def status_counts(user: Any) -> dict[str, int]:
    rows = requests_visible_to(user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def filter_choices(
    user: Any, filters: Filters, *, at_most: int
) -> tuple[list[tuple[uuid.UUID, str, str]] | None, list[Region] | None]:
    """The agencies, as a list to choose one from shows them (agency_choice_list), and the
    kecamatan that occur among the user's requests (within the kecamatan chosen, for the
    agencies). Either is None where it holds more than `at_most`: a national team's requests
    name thousands; the kecamatan is then typed as a code, and the agencies are offered once
    it narrows them. Two queries. Every kabupaten has its own Distan: where the agencies come
    from more than one, each names its kabupaten."""
    visible = requests_visible_to(user).order_by()
    found = list(
        Region.objects.filter(id__in=visible.values("desa__parent_id")).order_by("name")[
            : at_most + 1
        ]
    )
    kecamatan = found if len(found) <= at_most else None
    if filters.kecamatan:
        visible = visible.filter(desa__parent__code=filters.kecamatan)
    rows = list(
        Agency.objects.filter(id__in=visible.values("agency_id"))
        .order_by()
        .values_list("id", "short_name", "name", "kabupaten__name")[: at_most + 1]
    )
    if len(rows) > at_most:
        return None, kecamatan
    several = len({kabupaten for *_, kabupaten in rows}) > 1
    agencies = agency_choice_list(
        (agency, f"{short} · {kabupaten}", f"{name} · {kabupaten}")
        if several
        else (agency, short, name)
        for agency, short, name, kabupaten in rows
    )
    return agencies, kecamatan


def agencies_for(request: SupportRequest) -> list[Agency]:
    """The agencies a request may go to: those of its desa's kabupaten. One query."""
    kabupaten_id = request.desa.parent.parent_id if request.desa.parent else None
    return list(Agency.objects.filter(kabupaten_id=kabupaten_id).order_by("name"))


def events_of(request: SupportRequest) -> list[SupportRequestEvent]:
    """The logbook, oldest first. One query."""
    return list(
        SupportRequestEvent.objects.filter(request=request)
        .select_related("from_agency", "to_agency", "changed_by")
        .order_by("date", "changed_at")
    )


def region_for_reader(user: Any, code: str) -> Region:
    """A desa or kecamatan whose requests the user may read, or 404."""
    region = (
        Region.objects.filter(code=code, level__in=[Region.Level.DESA, Region.Level.KECAMATAN])
        .select_related("parent")
        .first()
    )
    if region is None or not can_read_region_requests(user, code):
        raise Http404
    return region


def requests_of_region(region: Region) -> QuerySet[SupportRequest]:
    """Every request of a desa, or of every desa of a kecamatan, newest meeting first."""
    requests = SupportRequest.objects.filter(Q(desa=region) | Q(desa__parent=region))
    return requests.select_related(*RELATED).order_by(
        "desa__name", "-followup__sheet__meeting__date", "followup__position"
    )


def own_regions(user: Any) -> list[Region]:
    """The desa and kecamatan a village or kecamatan user has a requests page for. One query."""
    codes = [c for c in scope_codes(user, REGION_READ_ROLES) if depth(c) >= KECAMATAN]
    return list(Region.objects.filter(code__in=codes).order_by("code"))
