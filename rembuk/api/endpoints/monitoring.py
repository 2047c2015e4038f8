"""Village reviews (pemantauan dan pembelajaran desa): the status of each activity of the plan
as the village found it, recorded through rembuk.monitoring.services."""

import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from rembuk.api.endpoints.common import (
    HistoryPage,
    HistoryQuery,
    base_version,
    history_page,
    listed,
)
from rembuk.api.pagination import Page
from rembuk.api.rules import rule
from rembuk.api.schemas import (
    MAX_VERSION,
    DateRange,
    ListFilters,
    Record,
    RegionRef,
    answers,
    page_schema,
    record_fields,
    region_ref,
)
from rembuk.monitoring import selectors, services
from rembuk.monitoring.models import NOTE_LIMIT, TEXT_LIMIT, ActivityStatus, VillageReview
from rembuk.monitoring.permissions import can_read_reviews, can_record_some_review

router = Router(tags=["reviews"])

ReviewStatus = Literal["direncanakan", "terlaksana"]
ActivityStatusCode = Literal[
    "belum_mulai", "berjalan", "selesai", "terlambat", "terhambat", "batal"
]


class ReviewOut(Record):
    desa: RegionRef
    kecamatan: RegionRef | None
    kabupaten: RegionRef | None
    plan_id: uuid.UUID | None
    date: datetime.date
    status: str = Field(description="direncanakan (planned) or terlaksana (held).")
    status_label: str
    summary: str
    off_track: str = Field(description="What is not going as planned, and why.")
    support_needed: str
    learning: str


class ActivityProgressOut(Schema):
    activity_id: uuid.UUID
    activity_name: str
    goal_id: uuid.UUID
    milestone_id: uuid.UUID | None
    status: str = Field(description="An activity status, or '' when none was recorded.")
    status_label: str
    note: str
    version: int = Field(
        description="The version of this activity's status at this review (0: none yet). Send "
        "it back when you change it."
    )
    holds_up: list[uuid.UUID] = Field(
        description="For a blocked or late activity: the activities waiting for it."
    )


class StatusCountOut(Schema):
    status: str
    label: str
    count: int


class ReviewDetail(ReviewOut):
    activities: list[ActivityProgressOut]
    counts: list[StatusCountOut]
    not_recorded: int


ReviewPage = page_schema(ReviewOut, "ReviewPage")


def _review_fields(review: VillageReview) -> dict:
    kecamatan = review.desa.parent
    return {
        **record_fields(review),
        "desa": region_ref(review.desa),
        "kecamatan": region_ref(kecamatan),
        "kabupaten": region_ref(kecamatan.parent if kecamatan else None),
        "plan_id": review.plan_id,
        "date": review.date,
        "status": review.status,
        "status_label": review.get_status_display(),
        "summary": review.summary,
        "off_track": review.off_track,
        "support_needed": review.support_needed,
        "learning": review.learning,
    }


def review_detail_of(review: VillageReview) -> ReviewDetail:
    sheet = selectors.review_sheet(review.plan, review)
    labels = dict(ActivityStatus.choices)
    return ReviewDetail(
        **_review_fields(review),
        activities=[
            ActivityProgressOut(
                activity_id=line.activity.pk,
                activity_name=line.activity.name,
                goal_id=line.activity.goal_id,
                milestone_id=line.activity.milestone_id,
                status=line.status,
                status_label=str(labels.get(line.status, "")),
                note=line.progress.note if line.progress else "",
                version=line.progress.version if line.progress else 0,
                holds_up=[waiting.pk for waiting in line.holds_up],
            )
            for line in sheet.lines
        ],
        counts=[
            StatusCountOut(status=count.status, label=count.label, count=count.count)
            for count in sheet.counts
        ],
        not_recorded=sheet.not_recorded,
    )


class ReviewFilters(ListFilters, DateRange):
    status: ReviewStatus | None = None


@router.get("/reviews", response=answers(ReviewPage))
@rule(can_read_reviews)
def review_list(request: HttpRequest, filters: Query[ReviewFilters]) -> Page:
    """Village reviews the caller may read, latest first; dates filter the session's date."""
    return listed(
        request,
        selectors.reviews_visible_to(request.user),
        filters,
        region_path="desa__code",
        date_path="date",
        order=("-date", "id"),
        out=lambda review: ReviewOut(**_review_fields(review)),
    )


@router.get("/reviews/{uuid:review_id}", response=answers(ReviewDetail))
@rule(can_read_reviews)
def review_detail(request: HttpRequest, review_id: uuid.UUID) -> ReviewDetail:
    """One review with every activity of its plan: status, note, and what it holds up."""
    return review_detail_of(selectors.review_for_reader(request.user, review_id))


@router.get("/reviews/{uuid:review_id}/history", response=answers(HistoryPage))
@rule(can_read_reviews)
def review_history(request: HttpRequest, review_id: uuid.UUID, query: Query[HistoryQuery]) -> Page:
    """Riwayat: every change to the review and its activity statuses, newest first."""
    review = selectors.review_for_reader(request.user, review_id)
    return history_page(request, review.pk, query)


# --- writes -----------------------------------------------------------------------------------


class ProgressIn(Schema):
    activity_id: uuid.UUID
    status: ActivityStatusCode | Literal[""] = Field(
        description="The activity's status; '' clears what was recorded."
    )
    note: str = Field("", max_length=NOTE_LIMIT)
    version: int = Field(
        0,
        ge=0,
        le=MAX_VERSION,
        description="The version of this activity's status you started from (0: none).",
    )


class ReviewIn(Schema):
    desa: str = Field(description="The desa's code.", max_length=20)
    date: datetime.date = Field(description="The day of the session (a later day: planned).")
    summary: str = Field("", max_length=TEXT_LIMIT)
    off_track: str = Field("", max_length=TEXT_LIMIT)
    support_needed: str = Field("", max_length=TEXT_LIMIT)
    learning: str = Field("", max_length=TEXT_LIMIT)
    progress: list[ProgressIn] = Field(default_factory=list, max_length=500)


class ReviewPatch(Schema):
    version: int | None = Field(
        None,
        ge=0,
        le=MAX_VERSION,
        description="The review's version you started from (or send If-Match).",
    )
    date: datetime.date | None = None
    summary: str | None = Field(None, max_length=TEXT_LIMIT)
    off_track: str | None = Field(None, max_length=TEXT_LIMIT)
    support_needed: str | None = Field(None, max_length=TEXT_LIMIT)
    learning: str | None = Field(None, max_length=TEXT_LIMIT)
    progress: list[ProgressIn] = Field(
        default_factory=list,
        max_length=500,
        description="Only the activities you change; each with the version you started from.",
    )


def _entries(progress: list[ProgressIn]) -> dict[uuid.UUID, services.ProgressEntry]:
    return {
        item.activity_id: services.ProgressEntry(
            status=item.status, note=item.note, base_version=item.version
        )
        for item in progress
    }


@router.post("/reviews", response=answers(ReviewDetail, status=201, write=True))
@rule(can_record_some_review)
def review_create(request: HttpRequest, payload: ReviewIn) -> Status:
    """Record a village's review with the status of its activities (all but the date may be
    left out)."""
    desa = selectors.desa_for_recorder(request.user, payload.desa)
    review = services.village_review_create(
        desa=desa,
        date=payload.date,
        progress=_entries(payload.progress),
        summary=payload.summary,
        off_track=payload.off_track,
        support_needed=payload.support_needed,
        learning=payload.learning,
        actor=request.user,
    )
    return Status(201, review_detail_of(selectors.review_for_reader(request.user, review.pk)))


@router.patch("/reviews/{uuid:review_id}", response=answers(ReviewDetail, write=True))
@rule(can_record_some_review)
def review_edit(request: HttpRequest, review_id: uuid.UUID, payload: ReviewPatch) -> ReviewDetail:
    """Change a review: its date and texts (only the fields sent) and the activities listed."""
    review = selectors.review_for_recorder(request.user, review_id)
    sent = payload.model_dump(exclude_unset=True)
    changes = {
        name: sent[name] if name == "date" else sent[name] or ""
        for name in ("date", *services.REVIEW_TEXT_FIELDS)
        if name in sent
    }
    services.village_review_update(
        review=review,
        base_version=base_version(request, payload.version),
        progress=_entries(payload.progress),
        actor=request.user,
        **changes,
    )
    return review_detail_of(selectors.review_for_reader(request.user, review_id))


ENUMERATIONS = {ReviewStatus: VillageReview.Status, ActivityStatusCode: ActivityStatus}
