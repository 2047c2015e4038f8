"""The demo's first part: the pilot regions, the people, the plans and the meetings of Kodi
Balaghar (seed 000's example, rembuk.demo.meetings). seed_demo then runs the follow-up loop on
top of it (rembuk.demo.monitoring, reports, support, district, programme, learning).

Owns one rule: seeding is idempotent. What exists is left alone, so a second run writes nothing
and only prints the logins again. Everything goes through the services the web pages use, so
the demo obeys the same rules and its plans have a history like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from rembuk.demo.meetings import ensure_meetings
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
from rembuk.regions.models import Region
from rembuk.regions.services import regions_import


@dataclass
class SeedResult:
    plans_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    agencies_created: int = 0
    meetings_created: int = 0
    village_reviews_created: int = 0
    meetings_skipped: str = ""
    regions_imported: bool = False


def _ensure_regions(result: SeedResult) -> None:
    if Region.objects.filter(code__in=DEMO_KECAMATAN).count() < len(DEMO_KECAMATAN):
        regions_import()
        result.regions_imported = True


@transaction.atomic
def demo_seed() -> tuple[SeedResult, list[Login]]:
    """Create whatever of the demo is missing; return what was done and the logins to print."""
    result = SeedResult()
    _ensure_regions(result)
    password = demo_password()
    users = {}
    for spec in DEMO_USERS:
        users[spec.username], created = ensure_user(spec, password)
        result.users_created += created
    admin = users["admin"]
    result.agencies_created = ensure_agencies(admin)
    for spec in DEMO_USERS:
        result.memberships_created += ensure_memberships(users[spec.username], spec, admin)
    result.plans_created = ensure_plans(
        {
            "81.05.15": users["kecamatan.telukwaru"],
            "53.18.11": users["kecamatan.kodibalaghar"],
        }
    )
    meetings = ensure_meetings(users["kecamatan.kodibalaghar"])
    result.meetings_created = meetings.meetings_created
    result.village_reviews_created = meetings.reviews_created
    result.meetings_skipped = meetings.skipped
    return result, demo_logins(password)
