"""Shared set-up: a kecamatan (Kodi Balaghar, 53.18.11) with plans and a meeting."""

from __future__ import annotations

import datetime

import pytest

from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting
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
