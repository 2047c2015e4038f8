"""Kecamatan coordination meetings: each village's sheet (Matriks 3) with its challenges,
follow-ups and goal reviews; challenges and follow-ups written through
rembuk.meetings.services."""

import datetime
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from rembuk.api.endpoints.common import (
    HistoryPage,
    HistoryQuery,
    VersionedWrite,
    base_version,
    history_page,
    listed,
)
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
from rembuk.meetings import selectors, services
from rembuk.meetings.models import (
    TEXT_LIMIT,
    Challenge,
    CoordinationMeeting,
    FollowUp,
    MeetingSheet,
)
from rembuk.meetings.permissions import can_manage_some_meetings, can_read_meetings
from rembuk.people.models import Agency

router = Router(tags=["meetings"])

MeetingStatus = Literal["direncanakan", "berlangsung", "selesai"]
FollowUpKind = Literal["gagasan_desa_lain", "aksi_desa", "dukungan_kecamatan", "dukungan_opd"]
FollowUpOwner = Literal["desa", "kecamatan", "opd"]


class MeetingOut(Record):
    kecamatan: RegionRef
    kabupaten: RegionRef | None
    date: datetime.date
    start_time: datetime.time | None
    place: str
    status: str = Field(description="direncanakan, berlangsung (in progress) or selesai.")
    status_label: str
    purpose: str
    other_participants: str
    next_meeting_date: datetime.date | None
    documents_note: str = Field(description="How the villages get their documents.")
    closed_at: datetime.datetime | None
    previous_meeting_id: uuid.UUID | None


class ChallengeOut(Record):
    sheet_id: uuid.UUID
    goal_id: uuid.UUID | None
    milestone_id: uuid.UUID | None
    position: int
    text: str = Field(description="Kendala / tantangan: what is not going as planned.")
    cause: str
    learning: str
    blocked_activity_ids: list[str] = Field(description="The activities it holds up.")


class FollowUpOut(Record):
    sheet_id: uuid.UUID
    goal_id: uuid.UUID | None
    challenge_id: uuid.UUID | None
    position: int
    text: str
    kind: str = Field(
        description="gagasan_desa_lain, aksi_desa, dukungan_kecamatan or dukungan_opd."
    )
    kind_label: str
    owner: str = Field(description="desa, kecamatan or opd.")
    owner_label: str
    owner_agency_id: uuid.UUID | None
    due_date: datetime.date | None
    status: str = Field(description="As the meeting recorded it.")
    status_label: str
    status_now: str = Field(
        description="As far as Rembuk knows today (an answered support request: selesai)."
    )
    support_request_id: uuid.UUID | None
    source_lesson_id: uuid.UUID | None


class GoalReviewOut(Record):
    result: str = Field(description="tercapai, sebagian or tidak_tercapai.")
    result_label: str
    factors: str


class SheetRowOut(Schema):
    goal_id: uuid.UUID
    number: int
    goal_statement: str
    goal_target: str
    challenges: list[ChallengeOut]
    followups: list[FollowUpOut]
    goal_review: GoalReviewOut | None


class SheetOut(Record):
    desa: RegionRef
    plan_id: uuid.UUID | None
    position: int
    representatives: str
    notes: str
    rows: list[SheetRowOut] = Field(description="One row per goal of the village's plan.")
    general_challenges: list[ChallengeOut] = Field(description="Challenges on no goal.")
    general_followups: list[FollowUpOut] = Field(description="Follow-ups on no goal.")


class FollowUpReviewOut(Record):
    followup_id: uuid.UUID
    status: str
    note: str


class MeetingDetail(MeetingOut):
    sheets: list[SheetOut]
    followup_reviews: list[FollowUpReviewOut] = Field(
        description="Follow-ups of earlier meetings reviewed at this one."
    )


MeetingPage = page_schema(MeetingOut, "MeetingPage")


def _meeting_fields(meeting: CoordinationMeeting) -> dict:
    return {
        **record_fields(meeting),
        "kecamatan": region_ref(meeting.kecamatan),
        "kabupaten": region_ref(meeting.kecamatan.parent),
        "date": meeting.date,
        "start_time": meeting.start_time,
        "place": meeting.place,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "purpose": meeting.purpose,
        "other_participants": meeting.other_participants,
        "next_meeting_date": meeting.next_meeting_date,
        "documents_note": meeting.documents_note,
        "closed_at": meeting.closed_at,
        "previous_meeting_id": meeting.previous_meeting_id,
    }


def challenge_out(challenge: Challenge) -> ChallengeOut:
    return ChallengeOut(
        **record_fields(challenge),
        sheet_id=challenge.sheet_id,
        goal_id=challenge.goal_id,
        milestone_id=challenge.milestone_id,
        position=challenge.position,
        text=challenge.text,
        cause=challenge.cause,
        learning=challenge.learning,
        blocked_activity_ids=[str(a) for a in challenge.blocked_activity_ids or []],
    )


def followup_out(followup: FollowUp) -> FollowUpOut:
    request = getattr(followup, "support_request", None)
    return FollowUpOut(
        **record_fields(followup),
        sheet_id=followup.sheet_id,
        goal_id=followup.goal_id,
        challenge_id=followup.challenge_id,
        position=followup.position,
        text=followup.text,
        kind=followup.kind,
        kind_label=followup.get_kind_display(),
        owner=followup.owner,
        owner_label=followup.get_owner_display(),
        owner_agency_id=followup.owner_agency_id,
        due_date=followup.due_date,
        status=followup.status,
        status_label=followup.get_status_display(),
        status_now=followup.status_now,
        support_request_id=request.pk if request is not None else None,
        source_lesson_id=followup.source_lesson_id,
    )


def _sheet_out(view: selectors.SheetView) -> SheetOut:
    sheet: MeetingSheet = view.sheet
    return SheetOut(
        **record_fields(sheet),
        desa=region_ref(sheet.desa),
        plan_id=sheet.plan_id,
        position=sheet.position,
        representatives=sheet.representatives,
        notes=sheet.notes,
        rows=[
            SheetRowOut(
                goal_id=row.goal.pk,
                number=row.block.number,
                goal_statement=row.goal.statement,
                goal_target=row.goal.target,
                challenges=[challenge_out(c) for c in row.challenges],
                followups=[followup_out(f) for f in row.followups],
                goal_review=GoalReviewOut(
                    **record_fields(row.review),
                    result=row.review.result,
                    result_label=row.review.get_result_display(),
                    factors=row.review.factors,
                )
                if row.review
                else None,
            )
            for row in view.rows
        ],
        general_challenges=[challenge_out(c) for c in view.general_challenges],
        general_followups=[followup_out(f) for f in view.general_followups],
    )


# --- reads ----------------------------------------------------------------------------------------


class MeetingFilters(ListFilters, DateRange):
    status: MeetingStatus | None = None


@router.get("/meetings", response=answers(MeetingPage))
@rule(can_read_meetings)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Page:
    """Kecamatan coordination meetings the caller may read, latest first."""
    return listed(
        request,
        selectors.meetings_visible_to(request.user),
        filters,
        region_path="kecamatan__code",
        date_path="date",
        order=("-date", "id"),
        out=lambda meeting: MeetingOut(**_meeting_fields(meeting)),
    )


@router.get("/meetings/{uuid:meeting_id}", response=answers(MeetingDetail))
@rule(can_read_meetings)
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> MeetingDetail:
    """One meeting with every village's sheet: its challenges, follow-ups and goal reviews per
    goal of the village's plan (Matriks 3)."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    return MeetingDetail(
        **_meeting_fields(meeting),
        sheets=[_sheet_out(view) for view in selectors.meeting_sheets(meeting)],
        followup_reviews=[
            FollowUpReviewOut(
                **record_fields(review),
                followup_id=review.followup_id,
                status=review.status,
                note=review.note,
            )
            for review in selectors.followup_reviews_of(meeting)
        ],
    )


@router.get("/meetings/{uuid:meeting_id}/history", response=answers(HistoryPage))
@rule(can_read_meetings)
def meeting_history(
    request: HttpRequest, meeting_id: uuid.UUID, query: Query[HistoryQuery]
) -> Page:
    """Riwayat: every change to the meeting and its sheets, newest first."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    return history_page(request, meeting.pk, query)


# --- writes: a challenge and a follow-up on a village's sheet -----------------------------------


def _sheet(request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID) -> MeetingSheet:
    """The sheet, if the caller runs this meeting (404 outside their region, 403 otherwise)."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    return selectors.sheet_of(meeting, sheet_id)


class ChallengeIn(Schema):
    goal_id: uuid.UUID | None = Field(None, description="A goal of the sheet's plan (its row).")
    text: str = Field(max_length=TEXT_LIMIT)
    cause: str = Field("", max_length=TEXT_LIMIT)
    learning: str = Field("", max_length=TEXT_LIMIT)
    blocked_activity_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=200, description="Activities of that goal it holds up."
    )


class ChallengePatch(VersionedWrite):
    text: str | None = Field(None, max_length=TEXT_LIMIT)
    cause: str | None = Field(None, max_length=TEXT_LIMIT)
    learning: str | None = Field(None, max_length=TEXT_LIMIT)
    blocked_activity_ids: list[uuid.UUID] | None = Field(None, max_length=200)


@router.post(
    "/meetings/{uuid:meeting_id}/sheets/{uuid:sheet_id}/challenges",
    response=answers(ChallengeOut, status=201, write=True),
)
@rule(can_manage_some_meetings)
def challenge_add(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, payload: ChallengeIn
) -> Status:
    """Record a challenge (kendala) on a village's sheet, on one of its goals."""
    sheet = _sheet(request, meeting_id, sheet_id)
    challenge = services.challenge_save(
        sheet=sheet,
        goal=selectors.goal_of(sheet, payload.goal_id),
        actor=request.user,
        text=payload.text,
        cause=payload.cause,
        learning=payload.learning,
        blocked_activity_ids=[str(a) for a in payload.blocked_activity_ids],
    )
    return Status(201, challenge_out(challenge))


@router.patch(
    "/meetings/{uuid:meeting_id}/sheets/{uuid:sheet_id}/challenges/{uuid:challenge_id}",
    response=answers(ChallengeOut, write=True),
)
@rule(can_manage_some_meetings)
def challenge_edit(
    request: HttpRequest,
    meeting_id: uuid.UUID,
    sheet_id: uuid.UUID,
    challenge_id: uuid.UUID,
    payload: ChallengePatch,
) -> ChallengeOut:
    """Change a challenge (only the fields sent)."""
    sheet = _sheet(request, meeting_id, sheet_id)
    challenge = selectors.challenge_of(sheet, challenge_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        name: sent[name] or "" for name in ("text", "cause", "learning") if name in sent
    }
    if "blocked_activity_ids" in sent:
        changes["blocked_activity_ids"] = [str(a) for a in sent["blocked_activity_ids"] or []]
    challenge = services.challenge_save(
        sheet=sheet,
        challenge=challenge,
        actor=request.user,
        base_version=base_version(request, payload.version),
        **changes,
    )
    return challenge_out(challenge)


class FollowUpIn(Schema):
    goal_id: uuid.UUID | None = Field(None, description="A goal of the sheet's plan (its row).")
    text: str = Field(max_length=TEXT_LIMIT)
    kind: FollowUpKind = "aksi_desa"
    owner: FollowUpOwner = "desa"
    owner_agency_id: uuid.UUID | None = Field(
        None, description="For owner opd: an agency of the kabupaten (see /agencies)."
    )
    due_date: datetime.date | None = None


class FollowUpPatch(VersionedWrite):
    text: str | None = Field(None, max_length=TEXT_LIMIT)
    kind: FollowUpKind | None = None
    owner: FollowUpOwner | None = None
    owner_agency_id: uuid.UUID | None = None
    due_date: datetime.date | None = None


def _agency(sheet: MeetingSheet, agency_id: uuid.UUID | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = selectors.agency_of_meeting(sheet.meeting, agency_id)
    if agency is None:
        raise ValidationError({"owner_agency_id": _("Unknown agency.")}, code="unknown_agency")
    return agency


@router.post(
    "/meetings/{uuid:meeting_id}/sheets/{uuid:sheet_id}/followups",
    response=answers(FollowUpOut, status=201, write=True),
)
@rule(can_manage_some_meetings)
def followup_add(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, payload: FollowUpIn
) -> Status:
    """Record a follow-up (gagasan solusi & tindak lanjut) on a village's sheet."""
    sheet = _sheet(request, meeting_id, sheet_id)
    followup = services.followup_save(
        sheet=sheet,
        goal=selectors.goal_of(sheet, payload.goal_id),
        actor=request.user,
        text=payload.text,
        kind=payload.kind,
        owner=payload.owner,
        owner_agency=_agency(sheet, payload.owner_agency_id),
        due_date=payload.due_date,
    )
    return Status(201, followup_out(followup))


@router.patch(
    "/meetings/{uuid:meeting_id}/sheets/{uuid:sheet_id}/followups/{uuid:followup_id}",
    response=answers(FollowUpOut, write=True),
)
@rule(can_manage_some_meetings)
def followup_edit(
    request: HttpRequest,
    meeting_id: uuid.UUID,
    sheet_id: uuid.UUID,
    followup_id: uuid.UUID,
    payload: FollowUpPatch,
) -> FollowUpOut:
    """Change a follow-up (only the fields sent)."""
    sheet = _sheet(request, meeting_id, sheet_id)
    followup = selectors.followup_of(sheet, followup_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    if "text" in sent:
        changes["text"] = sent["text"] or ""
    for name in ("kind", "owner"):
        if sent.get(name) is not None:
            changes[name] = sent[name]
    if "owner_agency_id" in sent:
        changes["owner_agency"] = _agency(sheet, sent["owner_agency_id"])
    if "due_date" in sent:
        changes["due_date"] = sent["due_date"]
    followup = services.followup_save(
        sheet=sheet,
        followup=followup,
        actor=request.user,
        base_version=base_version(request, payload.version),
        **changes,
    )
    return followup_out(followup)


ENUMERATIONS = {
    MeetingStatus: CoordinationMeeting.Status,
    FollowUpKind: FollowUp.Kind,
    FollowUpOwner: FollowUp.Owner,
}
