"""The meeting page and meeting mode cost the same number of queries for 2 villages as for 20."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

WEWEWA_BARAT = "53.18.04"  # 20 desa in the pilot data
KODI_BALAGHAR = "53.18.11"
# Session, user, memberships, meeting, sheets, presenter state, the shown sheet's rows
# (challenges, follow-ups, reviews, goals, milestones, activities), carried-in follow-ups; the
# meeting page adds village-session warnings, agencies and share links; both add the village's
# latest monitoring review (1 query when it has none, 3 when it has one). The projector's poll
# also reads the last change recorded (its ETag).
PINNED = {"meetings:meeting_detail": 18, "meetings:meeting_mode": 14, "poll": 15}
# A poll whose stage has not changed: session, user, memberships, meeting, presenter state,
# the last change recorded — and nothing of the sheets (ADR 0029).
UNCHANGED_POLL = 6
# Session, user, memberships, the meetings listed, the sheets, their six parts (sheet_pages),
# the decisions about the village.
VILLAGE_PAGE = 13
HTMX = {"HTTP_HX_REQUEST": "true"}


def meeting_with_full_plans(kecamatan_code: str, villages: int) -> CoordinationMeeting:
    kecamatan = region(kecamatan_code)
    desas = list(kecamatan.children.order_by("code")[:villages])
    assert len(desas) == villages
    for desa in desas:
        full_plan(desa.code, goals=3, activities_per_goal=10)
    meeting = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=None
    )
    sheet = meeting.sheets.select_related("plan").order_by("position").first()
    sheet.meeting = meeting
    goal = sheet.plan.goals.first()
    services.challenge_save(sheet=sheet, goal=goal, actor=None, text="Kendala")
    services.followup_save(sheet=sheet, goal=goal, actor=None, text="Tindak lanjut")
    services.presenter_move(meeting=meeting, sheet=sheet, row=1)
    return meeting


def queries_for(url: str, client: Client, **headers: str) -> int:
    client.get(url, **headers)  # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "headers", "pinned"),
    [
        ("meetings:meeting_detail", {}, "meetings:meeting_detail"),
        ("meetings:meeting_mode", {}, "meetings:meeting_mode"),
        ("meetings:meeting_mode", HTMX, "poll"),  # the projector's poll
    ],
)
def test_the_same_number_of_queries_for_2_and_20_villages(name, headers, pinned):
    small = meeting_with_full_plans(KODI_BALAGHAR, 2)
    large = meeting_with_full_plans(WEWEWA_BARAT, 20)
    client = Client()
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    small_count = queries_for(reverse(name, args=[small.id]), client, **headers)
    large_count = queries_for(reverse(name, args=[large.id]), client, **headers)
    assert small_count == large_count
    assert large_count == PINNED[pinned]


def test_a_poll_that_finds_its_stage_unchanged_reads_none_of_the_sheets():
    meeting = meeting_with_full_plans(WEWEWA_BARAT, 20)
    client = Client()
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    url = reverse("meetings:meeting_mode", args=[meeting.id])
    client.get(url)  # the page the projector opens (it sets the CSRF cookie its polls send)
    tag = client.get(url, **HTMX)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=tag, **HTMX)
    assert response.status_code == 304
    tables = " ".join(query["sql"] for query in captured)
    assert "meetings_meetingsheet" not in tables and "plans_goal" not in tables
    assert len(captured) == UNCHANGED_POLL


def test_the_village_page_reads_every_sheet_in_the_same_number_of_queries():
    """The village's page shows every sheet of its kecamatan's last meeting (read as values:
    meetings.sheet_page.sheet_pages)."""
    counts = []
    for kecamatan_code, villages in ((KODI_BALAGHAR, 2), (WEWEWA_BARAT, 20)):
        meeting = meeting_with_full_plans(kecamatan_code, villages)
        desa = meeting.sheets.order_by("position").first().desa
        client = Client()
        client.force_login(user_with_role(Role.TIM_DESA, desa.code))
        counts.append(queries_for(reverse("meetings:village_meetings"), client))
    assert counts == [VILLAGE_PAGE, VILLAGE_PAGE]
