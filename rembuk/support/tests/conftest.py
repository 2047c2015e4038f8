"""Shared set-up: a meeting of Kodi Balaghar (53.18.11) whose Wainyapu sheet asks two agencies
of Sumba Barat Daya for support, turned into requests."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from rembuk.core.testing import MembershipFactory, UserFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.people.models import Agency, Role, User
from rembuk.people.services import agencies_seed
from rembuk.support.models import SupportRequest
from rembuk.support.services import requests_from_meeting

SBD = "53.18"
KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"
MEETING_DAY = datetime.date(2024, 3, 28)


def agency(short_name: str, kabupaten: str = SBD) -> Agency:
    return Agency.objects.get(kabupaten__code=kabupaten, short_name=short_name)


def opd_user(short_name: str) -> User:
    """Staff of one agency: the membership names the agency the user works for."""
    user: User = UserFactory(language="en")  # type: ignore[assignment]
    MembershipFactory(user=user, role=Role.OPD, region=region(SBD), agency=agency(short_name))
    return user


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read the English source messages; the Indonesian catalogue is checked on its own."""
    with translation.override("en"):
        yield


@pytest.fixture
def agencies(db: None) -> None:
    agencies_seed(kabupaten=region(SBD), actor=None)
    agencies_seed(kabupaten=region("81.05"), actor=None)


@pytest.fixture
def meeting(agencies: None) -> CoordinationMeeting:
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    meeting = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR), date=MEETING_DAY, villages=[plan.desa], actor=None
    )
    sheet = MeetingSheet.objects.select_related("plan", "desa").get(meeting=meeting)
    sheet.meeting = meeting
    goal = sheet.plan.goals.first()
    for text, short_name, due in (
        ("Kunjungan penyuluh pertanian ke desa.", "Distan", datetime.date(2024, 4, 15)),
        ("Pelatihan pelaporan keuangan desa.", "DPMD", None),
    ):
        meeting_services.followup_save(
            sheet=sheet,
            goal=goal,
            actor=None,
            text=text,
            kind=FollowUp.Kind.AGENCY_SUPPORT,
            owner=FollowUp.Owner.AGENCY,
            owner_agency=agency(short_name),
            due_date=due,
        )
    meeting_services.followup_save(sheet=sheet, goal=goal, actor=None, text="Aksi desa sendiri.")
    return meeting


@pytest.fixture
def requests(meeting: CoordinationMeeting) -> dict[str, SupportRequest]:
    requests_from_meeting(meeting=meeting, actor=None)
    return {
        r.agency.short_name: r
        for r in SupportRequest.objects.select_related("agency", "desa__parent")
    }


@pytest.fixture
def kabupaten_user(db: None) -> User:
    return user_with_role(Role.TIM_KABUPATEN, SBD, language="en")


@pytest.fixture
def distan_user(agencies: None) -> User:
    return opd_user("Distan")


@pytest.fixture
def village_user(db: None) -> User:
    return user_with_role(Role.TIM_DESA, WAINYAPU, language="en")
