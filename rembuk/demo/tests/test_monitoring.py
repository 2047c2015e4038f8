"""The monitoring demo tells seed 000's story on top of the first part of the demo, and runs
twice safely."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from rembuk.demo.monitoring import seed_monitoring_demo
from rembuk.demo.seed_000 import BUMDES_ACTIVITIES, PEST_ACTIVITIES
from rembuk.monitoring.models import ActivityProgress, ActivityStatus
from rembuk.monitoring.selectors import review_digest
from rembuk.people.models import User
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_desa_x_starts_its_meeting_sheet_from_the_blocked_capital() -> None:
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    users = {user.username: user for user in User.objects.all()}
    # seed_demo may already call it (the lead wires the app demos in): either way, once done,
    # another run adds nothing.
    seed_monitoring_demo(users)
    rows = ActivityProgress.objects.count()
    assert rows > 0
    assert "0 sesi" in seed_monitoring_demo(users)
    assert ActivityProgress.objects.count() == rows

    wailangira = Region.objects.get(code="53.18.11.2001")
    digest = review_digest(wailangira.pk, datetime.date(2024, 3, 28))
    assert digest is not None
    trouble = {line.activity.name: line for line in digest.trouble}
    capital = trouble[BUMDES_ACTIVITIES[1]]
    assert capital.status == ActivityStatus.BLOCKED
    # 6 of the 7 BUMDes activities: the capital itself and the 5 that wait for it.
    assert {a.name for a in capital.holds_up} == set(BUMDES_ACTIVITIES[2:])
    assert trouble[PEST_ACTIVITIES[2]].status == ActivityStatus.BLOCKED
    assert "Dana Desa" in digest.review.support_needed or "DPMD" in digest.review.support_needed
