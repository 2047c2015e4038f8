"""Support requests routed to agencies (OPD): the list by region, agency, status and due
state, each request with its logbook, and a request's next step through
rembuk.support.services (triage by the kabupaten team, the answer by the agency)."""

import datetime
import uuid
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema

from rembuk.api.endpoints.common import (
    HistoryPage,
    HistoryQuery,
    VersionedWrite,
    base_version,
    history_page,
    listed,
)
from rembuk.api.pagination import Page
from rembuk.api.problems import UNION_TAGS
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
from rembuk.people.models import Agency
from rembuk.support import selectors, services
from rembuk.support.models import TEXT_LIMIT, SupportRequest, SupportRequestEvent
from rembuk.support.permissions import (
    STEPS,
    can_read_requests,
    can_take_step,
    can_work_on_some,
)

router = Router(tags=["support-requests"])

RequestStatus = Literal["diajukan", "diterima", "dijadwalkan", "berjalan", "selesai", "ditolak"]
DueState = Literal["tanpa_tenggat", "terjadwal", "segera", "lewat", "selesai"]


class AgencyRef(Schema):
    id: uuid.UUID
    short_name: str
    name: str


def _agency_ref(agency: Agency | None) -> AgencyRef | None:
    if agency is None:
        return None
    return AgencyRef(id=agency.pk, short_name=agency.short_name, name=agency.name)


class RequestOut(Record):
    desa: RegionRef
    kecamatan: RegionRef | None
    kabupaten: RegionRef | None
    meeting_id: uuid.UUID = Field(description="The kecamatan meeting that agreed it.")
    meeting_date: datetime.date
    followup_id: uuid.UUID
    agency: AgencyRef | None = Field(description="The agency (OPD) it is with.")
    text: str = Field(description="The support needed.")
    status: str = Field(
        description="diajukan (awaiting the kabupaten team), diterima, dijadwalkan, berjalan, "
        "selesai or ditolak."
    )
    status_label: str
    due_date: datetime.date | None
    due_state: str = Field(
        description="tanpa_tenggat, terjadwal, segera (within 14 days), lewat (overdue) or "
        "selesai — on today's date."
    )
    due_state_label: str
    scheduled_for: datetime.date | None
    response: str = Field(description="The agency's answer to the village.")
    decline_reason: str
    closed_on: datetime.date | None


class LogbookEntry(Record):
    kind: str
    kind_label: str
    date: datetime.date
    from_status: str
    to_status: str
    from_agency_id: uuid.UUID | None
    to_agency_id: uuid.UUID | None
    note: str
    set_date: datetime.date | None = Field(description="The date this step set, if any.")
    recorded_by: str | None


class RequestDetail(RequestOut):
    logbook: list[LogbookEntry] = Field(description="Every step, oldest first.")


RequestPage = page_schema(RequestOut, "RequestPage")


def _request_fields(request: SupportRequest, today: datetime.date) -> dict:
    kecamatan = request.desa.parent
    meeting = request.followup.sheet.meeting
    due = request.due_state_on(today)
    return {
        **record_fields(request),
        "desa": region_ref(request.desa),
        "kecamatan": region_ref(kecamatan),
        "kabupaten": region_ref(kecamatan.parent if kecamatan else None),
        "meeting_id": meeting.pk,
        "meeting_date": meeting.date,
        "followup_id": request.followup_id,
        "agency": _agency_ref(request.agency),
        "text": request.text,
        "status": request.status,
        "status_label": request.get_status_display(),
        "due_date": request.due_date,
        "due_state": due.value,
        "due_state_label": str(due.label),
        "scheduled_for": request.scheduled_for,
        "response": request.response,
        "decline_reason": request.decline_reason,
        "closed_on": request.closed_on,
    }


def _logbook_entry(event: SupportRequestEvent) -> LogbookEntry:
    return LogbookEntry(
        **record_fields(event),
        kind=event.kind,
        kind_label=event.get_kind_display(),
        date=event.date,
        from_status=event.from_status,
        to_status=event.to_status,
        from_agency_id=event.from_agency_id,
        to_agency_id=event.to_agency_id,
        note=event.note,
        set_date=event.set_date,
        recorded_by=str(event.changed_by) if event.changed_by else None,
    )


def request_detail_of(request: SupportRequest) -> RequestDetail:
    return RequestDetail(
        **_request_fields(request, timezone.localdate()),
        logbook=[_logbook_entry(event) for event in selectors.events_of(request)],
    )


# --- reads ----------------------------------------------------------------------------------------


class RequestFilters(ListFilters, DateRange):
    status: RequestStatus | None = None
    due_state: DueState | None = Field(None, description="On today's date.")
    agency: uuid.UUID | None = Field(None, description="Only those with this agency.")


@router.get("/support-requests", response=answers(RequestPage))
@rule(can_read_requests)
def support_request_list(request: HttpRequest, filters: Query[RequestFilters]) -> Page:
    """Support requests the caller may read (an agency's staff: their agency's), newest meeting
    first; dates filter the date of the meeting that agreed them."""
    today = timezone.localdate()
    requests = selectors.requests_visible_to(request.user)
    if filters.due_state:
        requests = requests.filter(SupportRequest.due_state_q(filters.due_state, today))
    if filters.agency:
        requests = requests.filter(agency_id=filters.agency)
    return listed(
        request,
        requests,
        filters,
        region_path="desa__code",
        date_path="followup__sheet__meeting__date",
        order=("-followup__sheet__meeting__date", "id"),
        out=lambda item: RequestOut(**_request_fields(item, today)),
    )


@router.get("/support-requests/{uuid:request_id}", response=answers(RequestDetail))
@rule(can_read_requests)
def support_request_detail(request: HttpRequest, request_id: uuid.UUID) -> RequestDetail:
    """One request with its logbook."""
    return request_detail_of(selectors.request_for_user(request.user, request_id))


@router.get("/support-requests/{uuid:request_id}/history", response=answers(HistoryPage))
@rule(can_read_requests)
def support_request_history(
    request: HttpRequest, request_id: uuid.UUID, query: Query[HistoryQuery]
) -> Page:
    """Riwayat: every change to the request and its logbook, newest first."""
    found = selectors.request_for_user(request.user, request_id)
    return history_page(request, found.pk, query)


# --- the next step ----------------------------------------------------------------------------


class StepBase(VersionedWrite):
    date: datetime.date | None = Field(
        None, description="The day the step happened (today when left out; never in the future)."
    )


class AcceptStep(StepBase):
    step: Literal["accept"]
    agency_id: uuid.UUID | None = Field(
        None, description="The agency to answer (left out: the one the meeting proposed)."
    )
    due_date: datetime.date | None = None
    note: str = Field("", max_length=TEXT_LIMIT)


class RerouteStep(StepBase):
    step: Literal["reroute"]
    agency_id: uuid.UUID
    note: str = Field(max_length=TEXT_LIMIT, description="Why it goes to another agency.")


class DeclineStep(StepBase):
    step: Literal["decline"]
    reason: str = Field(max_length=TEXT_LIMIT, description="The village reads it.")


class ScheduleStep(StepBase):
    step: Literal["schedule"]
    scheduled_for: datetime.date
    note: str = Field("", max_length=TEXT_LIMIT)


class StartStep(StepBase):
    step: Literal["start"]
    note: str = Field("", max_length=TEXT_LIMIT)


class CloseStep(StepBase):
    step: Literal["close"]
    response: str = Field(max_length=TEXT_LIMIT, description="The answer the village reads.")
    note: str = Field("", max_length=TEXT_LIMIT)


class DueDateStep(StepBase):
    step: Literal["due_date"]
    due_date: datetime.date | None = Field(description="null clears it.")
    note: str = Field("", max_length=TEXT_LIMIT)


class NoteStep(StepBase):
    step: Literal["note"]
    note: str = Field(max_length=TEXT_LIMIT)


StepIn = Annotated[
    AcceptStep
    | RerouteStep
    | DeclineStep
    | ScheduleStep
    | StartStep
    | CloseStep
    | DueDateStep
    | NoteStep,
    Field(discriminator="step"),
]


UNION_TAGS.update(STEPS)


def _agency(request: SupportRequest, agency_id: uuid.UUID | None) -> Agency | None:
    if agency_id is None:
        return None
    for agency in selectors.agencies_for(request):
        if agency.pk == agency_id:
            return agency
    raise ValidationError({"agency_id": _("Choose an agency from the list.")}, code="agency")


def _take(found: SupportRequest, payload: StepIn, actor: object, version: int) -> None:
    common: dict[str, Any] = {
        "request": found,
        "actor": actor,
        "date": payload.date,
        "base_version": version,
    }
    match payload:
        case AcceptStep():
            agency = _agency(found, payload.agency_id) if payload.agency_id else found.agency
            services.request_accept(
                agency=agency, due_date=payload.due_date, note=payload.note, **common
            )
        case RerouteStep():
            services.request_reroute(
                agency=_agency(found, payload.agency_id), note=payload.note, **common
            )
        case DeclineStep():
            services.request_decline(reason=payload.reason, **common)
        case ScheduleStep():
            services.request_schedule(
                scheduled_for=payload.scheduled_for, note=payload.note, **common
            )
        case StartStep():
            services.request_start(note=payload.note, **common)
        case CloseStep():
            services.request_close(response=payload.response, note=payload.note, **common)
        case DueDateStep():
            services.request_due_date_set(due_date=payload.due_date, note=payload.note, **common)
        case NoteStep():
            services.request_note_add(note=payload.note, **common)


@router.post(
    "/support-requests/{uuid:request_id}/steps", response=answers(RequestDetail, write=True)
)
@rule(can_work_on_some)
def support_request_step(
    request: HttpRequest, request_id: uuid.UUID, payload: Body[StepIn]
) -> RequestDetail:
    """Take a request's next step: the kabupaten team accepts, reroutes or declines a new
    request; the agency schedules, starts, closes (with its response) or declines it, moves
    its due date, or adds a note. Each step is dated and lands in the logbook."""
    found = selectors.request_for_user(request.user, request_id)
    if not can_take_step(request.user, found, payload.step):
        raise PermissionDenied(_("Your roles do not allow this step on this request."))
    _take(found, payload, request.user, base_version(request, payload.version))
    return request_detail_of(selectors.request_for_user(request.user, request_id))


ENUMERATIONS = {RequestStatus: SupportRequest.Status, DueState: SupportRequest.Due}
