"""seed_demo early in a year (10 February 2031, a frozen clock): the story is squeezed into the
weeks the year has had, so the dashboards still open on this year with this year's data."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.core.models import ChangeLog
from rembuk.demo.meetings import first_meeting
from rembuk.demo.tests.conftest import Seeded, seeded_on
from rembuk.district.selectors import year_summary
from rembuk.monitoring.models import VillageReview
from rembuk.people.models import User
from rembuk.plans.models import LivelihoodPlan
from rembuk.programme import selectors as dashboards
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest

TODAY = datetime.date(2031, 2, 10)
seeded = seeded_on(TODAY)
pytestmark = pytest.mark.django_db


def test_the_story_falls_in_this_year_in_its_order(seeded: Seeded):
    meeting = first_meeting()
    assert meeting is not None and meeting.date.year == 2031 and meeting.date < TODAY
    reviews = VillageReview.objects.filter(status=VillageReview.Status.HELD)
    assert all(datetime.date(2031, 1, 1) <= r.date < meeting.date for r in reviews)
    sent = KecamatanReport.objects.get(status=KecamatanReport.Status.SENT)
    assert sent.sent_at is not None and meeting.date <= timezone.localdate(sent.sent_at) <= TODAY
    assert set(LivelihoodPlan.objects.values_list("period_start", flat=True)) == {2031}
    # Plans were adopted at the turn of the year, before the meeting; nothing lies ahead of today
    # but what is planned.
    assert max(ChangeLog.objects.values_list("recorded_at", flat=True)) <= timezone.now()
    overdue = [r for r in SupportRequest.objects.select_related("agency") if r.due_state == "lewat"]
    assert [r.agency.short_name for r in overdue] == ["Distan"]


def test_the_dashboards_open_on_this_year_with_this_year_s_data(seeded: Seeded):
    scope = dashboards.dashboard_scope(User.objects.get(username="program"), None)
    board = dashboards.dashboard(scope, year=None, today=TODAY)
    assert board.year == 2031
    for key in ("kegiatan", "pertemuan", "dukungan", "tema"):
        assert board.tables[key].rows, key
    client = Client()
    client.force_login(User.objects.get(username="kecamatan.kodibalaghar"))
    page = client.get(reverse("programme:dashboard")).content.decode()
    assert "2031" in page


def test_the_kabupaten_team_has_its_three_meetings_this_year(seeded: Seeded):
    sbd = year_summary(Region.objects.get(code="53.18"), 2031)
    assert len(sbd.meetings) == 3 and not sbd.below_guideline
    assert sbd.held == 1  # the one that discussed Matriks 4; the others are to come
