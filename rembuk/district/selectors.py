"""Reads of the kabupaten team's meetings, limited to what the user may see.

meeting_agenda() assembles a meeting's agenda grouped as the team discusses it — the kecamatan
reports received, then the support requests by agency (those with no agency yet under
"Belum ada OPD"), then free topics — in a fixed number of queries whatever its length. The
meeting page and the minutes (PDF, DOCX) both read it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core.lookups import one_or_404
from rembuk.district.models import MEETINGS_PER_YEAR, AgendaItem, DistrictMeeting
from rembuk.district.permissions import (
    DISTRICT_READ_ROLES,
    can_manage_district_meetings_of,
)
from rembuk.people.models import Agency, agency_choice_list
from rembuk.people.permissions import scope_codes, scope_filter
from rembuk.regions.codes import below, under_any
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.support.models import SupportRequest

OPEN_REQUEST = ~Q(status__in=[SupportRequest.Status.DONE, SupportRequest.Status.DECLINED])


# --- kabupaten and meetings in scope ----------------------------------------------------------


def kabupatens_visible_to(user: Any) -> list[Region]:
    codes = scope_codes(user, DISTRICT_READ_ROLES)
    queryset = Region.objects.filter(level=Region.Level.KABUPATEN)
    if codes != [""]:
        # A grant over a province covers its kabupaten; over a kabupaten, itself.
        queryset = queryset.filter(under_any("code", codes))
    return list(queryset.order_by("code"))


def kabupaten_for_reader(user: Any, code: str) -> Region:
    region = next((k for k in kabupatens_visible_to(user) if k.code == code), None)
    if region is None:
        raise Http404
    return region


def meetings_visible_to(user: Any) -> QuerySet[DistrictMeeting]:
    return DistrictMeeting.objects.filter(
        scope_filter(user, "kabupaten__code", DISTRICT_READ_ROLES)
    ).select_related("kabupaten")


def meeting_for_user(user: Any, meeting_id: uuid.UUID | str) -> DistrictMeeting:
    return one_or_404(meetings_visible_to(user), pk=meeting_id)


def meeting_for_manager(user: Any, meeting_id: uuid.UUID | str) -> DistrictMeeting:
    """404 outside the user's kabupaten; 403 for a reader who may not manage it (an OPD)."""
    meeting = meeting_for_user(user, meeting_id)
    if not can_manage_district_meetings_of(user, meeting.kabupaten.code):
        raise PermissionDenied
    return meeting


def agenda_item_of(meeting: DistrictMeeting, item_id: uuid.UUID) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_related("report", "request").get(
            pk=item_id, meeting=meeting
        )
    except AgendaItem.DoesNotExist as missing:
        raise Http404 from missing
    item.meeting = meeting
    return item


@dataclass
class YearSummary:
    """The meetings of one kabupaten in one year, against the guideline of 3 a year."""

    year: int
    meetings: list[DistrictMeeting]
    held: int
    planned: int

    @property
    def counted(self) -> int:
        return self.held + self.planned

    @property
    def below_guideline(self) -> bool:
        return self.counted < MEETINGS_PER_YEAR

    @property
    def missing(self) -> int:
        return max(0, MEETINGS_PER_YEAR - self.counted)


def year_summary(kabupaten: Region, year: int) -> YearSummary:
    meetings = list(
        DistrictMeeting.objects.filter(kabupaten=kabupaten, date__year=year)
        .annotate(item_count=Count("agenda_items", filter=Q(agenda_items__is_deleted=False)))
        .order_by("date")
    )
    held = sum(1 for m in meetings if m.status == DistrictMeeting.Status.HELD)
    return YearSummary(year, meetings, held=held, planned=len(meetings) - held)


def years_with_meetings(kabupaten: Region) -> list[int]:
    dates = DistrictMeeting.objects.filter(kabupaten=kabupaten).dates("date", "year")
    return sorted({d.year for d in dates} | {timezone.localdate().year})


# --- the agenda -------------------------------------------------------------------------------


def previous_meeting(meeting: DistrictMeeting) -> DistrictMeeting | None:
    return (
        DistrictMeeting.objects.filter(kabupaten_id=meeting.kabupaten_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )


def reports_received_since(kabupaten: Region, since: datetime.date | None) -> QuerySet[Any]:
    """Kecamatan reports sent to the kabupaten after `since` (a meeting day), or all."""
    reports = KecamatanReport.objects.filter(
        kecamatan__parent=kabupaten, status=KecamatanReport.Status.SENT
    )
    if since is not None:
        # Sent after the day of the previous meeting: what it could not have discussed.
        start = datetime.datetime.combine(
            since + datetime.timedelta(days=1),
            datetime.time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        reports = reports.filter(sent_at__gte=start)
    return reports.select_related("kecamatan").order_by("kecamatan__name", "sent_at")


def open_requests_of(kabupaten: Region) -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(OPEN_REQUEST, below("desa__code", kabupaten.code))
        .select_related("agency", "desa", "desa__parent")
        .order_by("agency__short_name", "desa__parent__name", "desa__name", "changed_at")
    )


@dataclass
class AgendaSources:
    previous: DistrictMeeting | None
    new_reports: list[KecamatanReport]
    new_requests: list[SupportRequest]

    @property
    def count(self) -> int:
        return len(self.new_reports) + len(self.new_requests)


def agenda_sources(meeting: DistrictMeeting) -> AgendaSources:
    """What "Susun agenda" would add: reports and open requests not on the agenda yet."""
    previous = previous_meeting(meeting)
    on_agenda = AgendaItem.objects.filter(meeting=meeting)
    kabupaten = meeting.kabupaten
    reports = reports_received_since(kabupaten, previous.date if previous else None).exclude(
        pk__in=on_agenda.filter(report__isnull=False).values("report_id")
    )
    requests = open_requests_of(kabupaten).exclude(
        pk__in=on_agenda.filter(request__isnull=False).values("request_id")
    )
    return AgendaSources(previous, list(reports), list(requests))


@dataclass
class AgendaGroup:
    key: str  # "laporan", an agency id, "tanpa-opd", "lain"
    label: str
    items: list[AgendaItem] = field(default_factory=list)


def _group_items(items: list[AgendaItem]) -> list[AgendaGroup]:
    reports = AgendaGroup("laporan", _("Kecamatan reports received"))
    by_agency: dict[uuid.UUID, AgendaGroup] = {}
    no_agency = AgendaGroup("tanpa-opd", _("Belum ada OPD (no agency yet)"))
    other = AgendaGroup("lain", _("Other topics"))
    for item in items:
        if item.report_id is not None:
            reports.items.append(item)
        elif item.request is not None and item.request.agency is not None:
            agency = item.request.agency
            group = by_agency.setdefault(
                agency.pk, AgendaGroup(str(agency.pk), f"{agency.name} ({agency.short_name})")
            )
            group.items.append(item)
        elif item.request is not None:
            no_agency.items.append(item)
        else:
            other.items.append(item)
    agencies = sorted(by_agency.values(), key=lambda g: g.label.lower())
    groups = [g for g in (reports, *agencies, no_agency, other) if g.items]
    # One numbering through the whole agenda, as the minutes print it.
    number = 0
    for group in groups:
        for item in group.items:
            number += 1
            item.number = number  # type: ignore[attr-defined]
    return groups


@dataclass
class MeetingAgenda:
    meeting: DistrictMeeting
    groups: list[AgendaGroup]
    agencies: list[Agency]

    @cached_property
    def agency_choices(self) -> list[tuple[uuid.UUID, str, str]]:
        """The agencies as an assignment's list shows them (people.models.agency_choice_list)."""
        return agency_choice_list(
            (agency.pk, agency.short_name, agency.name) for agency in self.agencies
        )

    @property
    def item_count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def meeting_agenda(meeting: DistrictMeeting) -> MeetingAgenda:
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "report",
            "report__kecamatan",
            "request",
            "request__agency",
            "request__desa",
            "request__desa__parent",
            "assigned_agency",
        )
        .prefetch_related(
            Prefetch(
                "report__rows",
                queryset=KecamatanReportRow.objects.select_related("desa").order_by(
                    "position", "desa__name"
                ),
            )
        )
        .order_by("position", "changed_at")
    )
    for item in items:
        item.meeting = meeting
    agencies = list(Agency.objects.filter(kabupaten_id=meeting.kabupaten_id).order_by("name"))
    return MeetingAgenda(meeting, _group_items(items), agencies)


def agency_of(meeting: DistrictMeeting, agency_id: uuid.UUID | str) -> Agency | None:
    """An agency of the meeting's kabupaten by id, or None (unknown, elsewhere, unreadable)."""
    try:
        return Agency.objects.filter(kabupaten_id=meeting.kabupaten_id, pk=agency_id).first()
    except (ValueError, ValidationError):
        return None
