"""The kabupaten team's meetings (Pertemuan koordinasi tim kabupaten) with their agenda:
reports received, support requests by agency, decisions and assignments."""

import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from rembuk.api.endpoints.common import listed
from rembuk.api.pagination import Page
from rembuk.api.rules import rule
from rembuk.api.schemas import (
    DateRange,
    ListFilters,
    Record,
    RegionRef,
    answers,
    page_schema,
    record_fields,
    region_ref,
)
from rembuk.district import selectors
from rembuk.district.models import DistrictMeeting
from rembuk.district.permissions import can_read_some_district_meetings

router = Router(tags=["kabupaten-meetings"])

DistrictMeetingStatus = Literal["direncanakan", "terlaksana"]


class DistrictMeetingOut(Record):
    kabupaten: RegionRef
    date: datetime.date
    place: str
    status: str = Field(description="direncanakan (planned) or terlaksana (held).")
    status_label: str
    participants: str
    minutes: str = Field(description="The general notes of the minutes.")


class AgendaItemOut(Record):
    number: int = Field(description="The item's number on the agenda and in the minutes.")
    group: str = Field(description="laporan, an agency's id, tanpa-opd or lain.")
    group_label: str
    title: str
    report_id: uuid.UUID | None
    request_id: uuid.UUID | None
    decision: str
    assigned_agency_id: uuid.UUID | None
    assignment: str
    assignment_due: datetime.date | None


class DistrictMeetingDetail(DistrictMeetingOut):
    agenda: list[AgendaItemOut]


DistrictMeetingPage = page_schema(DistrictMeetingOut, "DistrictMeetingPage")


def _meeting_fields(meeting: DistrictMeeting) -> dict:
    return {
        **record_fields(meeting),
        "kabupaten": region_ref(meeting.kabupaten),
        "date": meeting.date,
        "place": meeting.place,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "participants": meeting.participants,
        "minutes": meeting.minutes,
    }


class DistrictMeetingFilters(ListFilters, DateRange):
    status: DistrictMeetingStatus | None = None


@router.get("/kabupaten-meetings", response=answers(DistrictMeetingPage))
@rule(can_read_some_district_meetings)
def kabupaten_meeting_list(request: HttpRequest, filters: Query[DistrictMeetingFilters]) -> Page:
    """The kabupaten team's meetings the caller may read, latest first."""
    return listed(
        request,
        selectors.meetings_visible_to(request.user),
        filters,
        region_path="kabupaten__code",
        date_path="date",
        order=("-date", "id"),
        out=lambda meeting: DistrictMeetingOut(**_meeting_fields(meeting)),
    )


@router.get("/kabupaten-meetings/{uuid:meeting_id}", response=answers(DistrictMeetingDetail))
@rule(can_read_some_district_meetings)
def kabupaten_meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> DistrictMeetingDetail:
    """One kabupaten meeting with its agenda, grouped and numbered as the minutes print it."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    agenda = selectors.meeting_agenda(meeting)
    return DistrictMeetingDetail(
        **_meeting_fields(meeting),
        agenda=[
            AgendaItemOut(
                **record_fields(item),
                number=item.number,  # type: ignore[attr-defined]
                group=group.key,
                group_label=group.label,
                title=str(item),
                report_id=item.report_id,
                request_id=item.request_id,
                decision=item.decision,
                assigned_agency_id=item.assigned_agency_id,
                assignment=item.assignment,
                assignment_due=item.assignment_due,
            )
            for group in agenda.groups
            for item in group.items
        ],
    )


ENUMERATIONS = {DistrictMeetingStatus: DistrictMeeting.Status}
