"""Shared set-up: a kecamatan (Kodi Balaghar, 53.18.11) with plans and a meeting."""

from __future__ import annotations

import datetime

import pytest

from rembuk.core.testing import ActivityFactory, AgencyFactory, full_plan, region, user_with_role
from rembuk.meetings import selectors, services
from rembuk.meetings.models import CoordinationMeeting, FollowUp
from rembuk.people.models import Role, User
from rembuk.plans.models import LivelihoodPlan

KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"
MEETING_DAY = datetime.date(2024, 3, 28)


def second_desa() -> str:
    return (
        region(KODI_BALAGHAR)
        .children.exclude(code=WAINYAPU)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )


@pytest.fixture
def kecamatan_user(db: None) -> User:
    return user_with_role(Role.KECAMATAN, KODI_BALAGHAR)


@pytest.fixture
def plans(db: None) -> list[LivelihoodPlan]:
    return [
        full_plan(WAINYAPU, goals=2, activities_per_goal=3),
        full_plan(second_desa(), goals=2, activities_per_goal=3),
    ]


@pytest.fixture
def meeting(plans: list[LivelihoodPlan], kecamatan_user: User) -> CoordinationMeeting:
    return services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY,
        start_time=datetime.time(9, 0),
        place="Aula Kantor Camat",
        villages=[plan.desa for plan in plans],
        actor=kecamatan_user,
    )


@pytest.fixture
def recorded(meeting, kecamatan_user):
    """Wainyapu's sheet with a challenge holding up two activities, a follow-up owned by an
    agency, one by the village, a goal review, an activity without a milestone and a challenge
    recorded without a goal."""
    sheet = selectors.sheet_of(meeting, meeting.sheets.get(desa__code=WAINYAPU).id)
    goals = list(sheet.plan.goals.order_by("position"))
    ActivityFactory(goal=goals[1], milestone=None, name="Tanpa tonggak")
    activities = list(goals[0].activities.order_by("position"))
    agency = AgencyFactory(kabupaten=region("53.18"), short_name="Distan")
    save = {"sheet": sheet, "actor": kecamatan_user}
    services.challenge_save(
        **save,
        goal=goals[0],
        text="Bibit terlambat",
        cause="Jalan rusak",
        blocked_activity_ids=[str(activities[0].id), str(activities[2].id)],
    )
    services.challenge_save(**save, text="Dicatat tanpa tujuan")
    services.followup_save(
        **save,
        goal=goals[0],
        text="Minta bibit",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=agency,
        due_date=datetime.date(2024, 5, 2),
    )
    services.followup_save(
        **save, goal=goals[1], text="Gotong royong", kind=FollowUp.Kind.VILLAGE_ACTION
    )
    services.goal_review_record(**save, goal=goals[1], result="sebagian", factors="Hujan")
    return sheet
