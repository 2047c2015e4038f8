"""seed_demo run once per test module, on a day of the module's choosing (a frozen clock).

Seeding the whole demo takes a good part of a minute, so a module seeds once, inside a
transaction that is rolled back when the module is done; each test runs in a savepoint within
it (pytest-django's `db`), reading the same seeded data. The clock stays on the chosen day for
the module's tests, so due states and dashboards are read as on that day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from rembuk.core.models import ChangeLog
from rembuk.evaluation.models import LivelihoodAssets
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp
from rembuk.people.models import User
from rembuk.plans.models import Activity, LivelihoodPlan
from rembuk.support.models import SupportRequest


@dataclass
class Seeded:
    today: datetime.date
    first_output: str
    second_output: str
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def counts() -> dict[str, int]:
    return {
        "plans": LivelihoodPlan.all_objects.count(),
        "activities": Activity.all_objects.count(),
        "users": User.objects.count(),
        "meetings": CoordinationMeeting.all_objects.count(),
        "challenges": Challenge.all_objects.count(),
        "followups": FollowUp.all_objects.count(),
        "requests": SupportRequest.all_objects.count(),
        "assets": LivelihoodAssets.all_objects.count(),
        "changelog": ChangeLog.objects.count(),
    }


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def seeded_on(day: datetime.date, *, twice: bool = True):  # type: ignore[no-untyped-def]
    """A module fixture: the demo seeded with the clock on `day`, 10:00 local time — twice, to
    show that a second run changes nothing, unless the module only reads the data."""

    @pytest.fixture(scope="module")
    def seeded(django_db_setup, django_db_blocker) -> Iterator[Seeded]:  # type: ignore[no-untyped-def]
        moment = datetime.datetime.combine(day, datetime.time(10), ZoneInfo(settings.TIME_ZONE))
        with time_machine.travel(moment, tick=True), django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                first = seed()
                after_first = counts()
                second = seed() if twice else ""
                yield Seeded(day, first, second, after_first, counts())
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return seeded
