"""Where lessons travelled: the programme team's page (selectors.lessons_travelled)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core.testing import MembershipFactory, full_plan, region, user_with_role
from rembuk.learning import services
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.meetings.tests.conftest import KODI_BALAGHAR, MEETING_DAY
from rembuk.people.models import Role

from .conftest import WAINYAPU, WARU, make_lesson, other_desa

pytestmark = pytest.mark.django_db
URL = reverse("learning:lessons_travelled")
TELUK_WARU = "81.05.15"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def adopt(meeting, desa_code, lesson, actor, text="penyuluh tidak datang"):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=desa_code)
    goal = sheet.plan.goals.order_by("position").first()
    return services.lesson_adopt(
        lesson=lesson, sheet=sheet, goal=goal, actor=actor, challenge_text=text
    )


@pytest.fixture
def travels(meeting, kecamatan_user):
    """A Teluk Waru lesson, shared beyond its kabupaten, taken up by Wainyapu (done, as the
    next meeting's review says) and by a village of Teluk Waru itself; dismissed once."""
    lesson = make_lesson(
        WARU,
        "Penyuluh perikanan tidak pernah datang ke kampung",
        what_was_tried="Nelayan belajar dari video di telepon",
        shared_beyond_kabupaten=True,
    )
    followup = adopt(meeting, WAINYAPU, lesson, kecamatan_user)
    second_village = other_desa(KODI_BALAGHAR, WAINYAPU)
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=second_village)
    services.lesson_dismiss(
        lesson=lesson,
        sheet=sheet,
        goal=None,
        challenge_text="penyuluh tidak datang",
        actor=kecamatan_user,
    )
    later = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=90),
        villages=[region(WAINYAPU)],
        actor=kecamatan_user,
    )
    meeting_services.followup_review_record(
        meeting=later,
        followup=followup,
        status=FollowUp.Status.DONE,
        note="Kelompok tani menonton video bersama setiap Sabtu; hasil panen naik.",
        actor=kecamatan_user,
    )
    seram_desa = other_desa(TELUK_WARU, WARU)
    full_plan(seram_desa, goals=1, activities_per_goal=1)
    seram_user = user_with_role(Role.KECAMATAN, TELUK_WARU)
    seram_meeting = meeting_services.meeting_create(
        kecamatan=region(TELUK_WARU),
        date=MEETING_DAY,
        villages=[region(seram_desa)],
        actor=seram_user,
    )
    adopt(seram_meeting, seram_desa, lesson, seram_user)
    return lesson


def test_the_programme_team_sees_where_a_lesson_travelled_and_how_it_went_there(travels):
    program = user_with_role(Role.TIM_PROGRAM, "53", language="en")
    MembershipFactory(user=program, role=Role.TIM_PROGRAM, region=region("81"))
    html = client_for(program).get(URL).content.decode()
    assert travels.what_happened in html
    assert region(WAINYAPU).name in html and region(other_desa(TELUK_WARU, WARU)).name in html
    assert "Kelompok tani menonton video bersama" in html  # the review at the next meeting
    assert 'class="badge status-selesai"' in html and 'class="badge status-belum"' in html
    assert "did not fit once" in html


def test_a_kabupaten_team_sees_only_the_adoptions_in_its_kabupaten(travels):
    sbd = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    html = sbd.get(URL).content.decode()
    assert region(WAINYAPU).name in html
    assert region(other_desa(TELUK_WARU, WARU)).name not in html
    # The filter cannot widen the scope either.
    assert region(other_desa(TELUK_WARU, WARU)).name not in sbd.get(URL, {"kabupaten": "81.05"})


def test_kecamatan_and_village_staff_may_not_open_the_page(travels):
    for role, code in ((Role.KECAMATAN, KODI_BALAGHAR), (Role.TIM_DESA, WAINYAPU)):
        assert client_for(user_with_role(role, code)).get(URL).status_code == 403


def test_the_page_costs_the_same_queries_for_one_adoption_as_for_many(
    meeting, kecamatan_user, travels
):
    program = client_for(user_with_role(Role.TIM_PROGRAM, "53"))
    program.get(URL)
    with CaptureQueriesContext(connection) as few:
        program.get(URL)
    neighbour = other_desa(KODI_BALAGHAR, WAINYAPU)
    for n in range(3):
        lesson = make_lesson(WARU, f"Bibit rumput laut mati {n}", shared_beyond_kabupaten=True)
        adopt(meeting, WAINYAPU, lesson, kecamatan_user)
        adopt(meeting, neighbour, lesson, kecamatan_user)
    with CaptureQueriesContext(connection) as many:
        html = program.get(URL).content.decode()
    assert "Bibit rumput laut mati 2" in html
    assert len(few) == len(many)


def test_a_lessons_page_lists_only_the_adoptions_at_meetings_its_reader_may_read(travels):
    """The lesson is shared beyond its kabupaten, so everyone reads it; where it travelled is
    part of other kecamatan's meeting records, which a reader elsewhere may not open (404)."""
    detail = reverse("learning:lesson_detail", args=[travels.pk])
    wainyapu = MeetingSheet.objects.get(desa__code=WAINYAPU, meeting__date=MEETING_DAY)
    seram_desa = other_desa(TELUK_WARU, WARU)
    seram_sheet = MeetingSheet.objects.get(desa__code=seram_desa)
    # A village of Seram Bagian Timur: its own kecamatan's adoption, not Sumba Barat Daya's.
    waru = client_for(user_with_role(Role.TIM_DESA, WARU))
    html = waru.get(detail).content.decode()
    assert region(seram_desa).name in html
    assert region(WAINYAPU).name not in html
    assert (
        waru.get(reverse("meetings:meeting_detail", args=[wainyapu.meeting_id])).status_code == 404
    )
    # Sumba Barat Daya's kabupaten team: its kabupaten's adoption, not Seram Bagian Timur's.
    sbd = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    html = sbd.get(detail).content.decode()
    assert region(WAINYAPU).name in html
    assert region(seram_desa).name not in html
    assert (
        sbd.get(reverse("meetings:meeting_detail", args=[seram_sheet.meeting_id])).status_code
        == 404
    )
