"""seed_demo, in the order the mechanism runs: the pilot regions, the people, the plans, the
coordination meetings of Kodi Balaghar (the kecamatan guide's example, rembuk.demo.meetings),
then the follow-up loop (docs/mechanism.md#kecamatan-coordination-meeting onwards): the
villages' reviews, the kecamatan's Matriks 4 (sending it turns the "dukungan OPD" follow-ups
into support requests), the agencies' answers, the kabupaten team's meetings, the stages, and
the lessons drafted from the closed meeting.

Owns one rule: seeding is idempotent. What exists is left alone, so a second run writes nothing
and only prints the logins again. Everything goes through the services the web pages use, so
the demo obeys the same rules and has a history like any other record; the story is placed
around the day it runs (rembuk.demo.calendar) and each change is recorded on its own day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.district import seed_district_demo
from rembuk.demo.evaluation import seed_evaluation_demo
from rembuk.demo.learning import seed_learning_demo
from rembuk.demo.meetings import ensure_meetings
from rembuk.demo.monitoring import seed_monitoring_demo
from rembuk.demo.people import (
    DEMO_USERS,
    Login,
    demo_logins,
    demo_password,
    ensure_agencies,
    ensure_memberships,
    ensure_user,
)
from rembuk.demo.plans import DEMO_KECAMATAN, ensure_plans
from rembuk.demo.programme import seed_programme_demo
from rembuk.demo.reports import seed_reports_demo
from rembuk.demo.support import seed_support_demo
from rembuk.people.models import User
from rembuk.regions.models import Region
from rembuk.regions.services import regions_import

FOLLOW_UP_DEMOS: tuple[Callable[[dict[str, User], DemoCalendar], str], ...] = (
    seed_monitoring_demo,
    seed_reports_demo,
    seed_support_demo,
    seed_district_demo,
    seed_programme_demo,
    seed_learning_demo,
)


@dataclass
class SeedResult:
    plans_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    agencies_created: int = 0
    meetings_created: int = 0
    village_reviews_created: int = 0
    assets_created: int = 0
    meetings_skipped: str = ""
    regions_imported: bool = False
    summaries: list[str] = field(default_factory=list)  # one line per part of the loop


def _ensure_regions(result: SeedResult) -> None:
    if Region.objects.filter(code__in=DEMO_KECAMATAN).count() < len(DEMO_KECAMATAN):
        regions_import()
        result.regions_imported = True


@transaction.atomic
def demo_seed(calendar: DemoCalendar | None = None) -> tuple[SeedResult, list[Login]]:
    """Create whatever of the demo is missing; return what was done and the logins to print."""
    calendar = calendar or DemoCalendar.now()
    result = SeedResult()
    _ensure_regions(result)
    password = demo_password()
    users: dict[str, Any] = {}
    for spec in DEMO_USERS:
        users[spec.username], created = ensure_user(spec, password)
        result.users_created += created
    admin = users["admin"]
    result.agencies_created = ensure_agencies(admin)
    for spec in DEMO_USERS:
        result.memberships_created += ensure_memberships(users[spec.username], spec, admin)
    result.assets_created = seed_evaluation_demo(admin, calendar)
    result.plans_created = ensure_plans(
        {
            "81.05.15": users["kecamatan.telukwaru"],
            "53.18.11": users["kecamatan.kodibalaghar"],
        },
        calendar,
    )
    meetings = ensure_meetings(users["kecamatan.kodibalaghar"], calendar)
    result.meetings_created = meetings.meetings_created
    result.village_reviews_created = meetings.reviews_created
    result.meetings_skipped = meetings.skipped
    active = {user.username: user for user in User.objects.filter(is_active=True)}
    result.summaries = [seed(active, calendar) for seed in FOLLOW_UP_DEMOS]
    return result, demo_logins(password)
