"""Records of a village's year, written directly through the change log (rembuk.core.history),
so these tests do not depend on the services of the apps whose tables the dashboards read.
Each record is written with its rows in one transaction, as a person saves it: where commits run
their callbacks (browser tests) the dashboards' figures are computed once per record."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from rembuk.core import history
from rembuk.core.testing import region
from rembuk.evaluation.models import PlanEvaluation
from rembuk.learning.models import Lesson
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.monitoring.models import ActivityProgress, VillageReview
from rembuk.people.models import Agency
from rembuk.plans.models import Activity, Goal, LivelihoodPlan
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest, SupportRequestEvent

KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"
WAILANGIRA = "53.18.11.2001"
SUMBA_BARAT_DAYA = "53.18"
TELUK_WARU = "81.05.15"
WARU = "81.05.15.2001"


@transaction.atomic
def make_plan(desa: Region, *, adopted_on: datetime.date | None = None, activities: int = 3):
    plan = history.create(
        LivelihoodPlan,
        actor=None,
        desa=desa,
        period_start=2024,
        period_end=2025,
        status=LivelihoodPlan.Status.ADOPTED if adopted_on else LivelihoodPlan.Status.DRAFT,
        adopted_on=adopted_on,
    )
    goal = history.create(Goal, actor=None, plan=plan, statement="Tujuan 1")
    acts = [
        history.create(Activity, actor=None, goal=goal, position=n, name=f"Kegiatan {n}")
        for n in range(activities)
    ]
    return plan, acts


@transaction.atomic
def make_review(
    desa: Region,
    plan: LivelihoodPlan | None,
    day: datetime.date,
    statuses: dict[Activity, str] | None = None,
    *,
    held: bool = True,
) -> VillageReview:
    review = history.create(
        VillageReview,
        actor=None,
        desa=desa,
        plan=plan,
        date=day,
        status=VillageReview.Status.HELD if held else VillageReview.Status.PLANNED,
    )
    for activity, status in (statuses or {}).items():
        history.create(
            ActivityProgress, actor=None, review=review, activity=activity, status=status
        )
    return review


@transaction.atomic
def make_meeting(
    kecamatan: Region, day: datetime.date, desas: list[Region], *, closed: bool = True
) -> CoordinationMeeting:
    meeting = history.create(
        CoordinationMeeting,
        actor=None,
        kecamatan=kecamatan,
        date=day,
        status=CoordinationMeeting.Status.CLOSED if closed else CoordinationMeeting.Status.PLANNED,
    )
    for position, desa in enumerate(desas):
        history.create(MeetingSheet, actor=None, meeting=meeting, desa=desa, position=position)
    return meeting


@transaction.atomic
def make_request(
    meeting: CoordinationMeeting,
    desa: Region,
    *,
    agency: Agency | None = None,
    status: str = SupportRequest.Status.SUBMITTED,
    closed_on: datetime.date | None = None,
    **fields: Any,
) -> SupportRequest:
    sheet = meeting.sheets.get(desa=desa)
    followup = history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        text="Penyuluh pertanian datang ke desa",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
    )
    request = history.create(
        SupportRequest,
        actor=None,
        followup=followup,
        desa=desa,
        agency=agency,
        text=followup.text,
        status=status,
        closed_on=closed_on,
        **fields,
    )
    history.create(
        SupportRequestEvent,
        actor=None,
        request=request,
        kind=SupportRequestEvent.Kind.SUBMITTED,
        date=meeting.date,
        to_status=SupportRequest.Status.SUBMITTED,
    )
    return request


def make_evaluation(plan: LivelihoodPlan, day: datetime.date) -> PlanEvaluation:
    return history.create(PlanEvaluation, actor=None, plan=plan, date=day)


def make_lesson(desa: Region, day: datetime.date, themes: list[str]) -> Lesson:
    return history.create(
        Lesson,
        actor=None,
        desa=desa,
        happened_on=day,
        what_happened="Harga jagung jatuh",
        themes=themes,
    )


def agency(short_name: str, kabupaten: str = SUMBA_BARAT_DAYA) -> Agency:
    return history.create(
        Agency, actor=None, kabupaten=region(kabupaten), name=short_name, short_name=short_name
    )
