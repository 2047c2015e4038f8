"""Each role starts on its own work (the start page, rembuk.home), and only its own."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, MembershipFactory, full_plan, region, user_with_role
from rembuk.district.services import district_meeting_create
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.monitoring.services import village_review_record
from rembuk.people.models import Role, User
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db

KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"
KAHALE = "53.18.11.2002"
TODAY = datetime.date(2025, 5, 20)


@pytest.fixture(autouse=True)
def _on_a_day_in_may():  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 5, 20, 10, 0), tick=False):
        yield


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_of(user: User) -> str:
    response = client_of(user).get(reverse("home:index"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())  # as it reads, lines joined


def request_of(sheet: MeetingSheet, text: str, **fields) -> SupportRequest:  # type: ignore[no-untyped-def]
    followup = history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        text=text,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
    )
    return history.create(
        SupportRequest, actor=None, followup=followup, desa=sheet.desa, text=text, **fields
    )


@pytest.fixture
def kecamatan_world():  # type: ignore[no-untyped-def]
    """Kodi Balaghar: a closed April meeting with two requests, the next one in June; Wainyapu
    held its monitoring session, Kahale has none."""
    distan = AgencyFactory(kabupaten=region("53.18"), name="Dinas Pertanian", short_name="Distan")
    dpmd = AgencyFactory(kabupaten=region("53.18"), name="DPMD", short_name="DPMD")
    plans = [full_plan(code, goals=1, activities_per_goal=2) for code in (WAINYAPU, KAHALE)]
    villages = [plan.desa for plan in plans]
    april = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2025, 4, 10),
        villages=villages,
        actor=None,
    )
    meeting_services.meeting_close(meeting=april, confirm_empty=True, actor=None)
    wainyapu_sheet = MeetingSheet.objects.get(meeting=april, desa__code=WAINYAPU)
    kahale_sheet = MeetingSheet.objects.get(meeting=april, desa__code=KAHALE)
    late = request_of(
        wainyapu_sheet,
        "Kunjungan penyuluh pertanian",
        agency=distan,
        status=SupportRequest.Status.SCHEDULED,
        due_date=datetime.date(2025, 5, 1),
    )
    other = request_of(
        kahale_sheet,
        "Pelatihan operator desa",
        agency=dpmd,
        status=SupportRequest.Status.SUBMITTED,
    )
    answered = request_of(
        wainyapu_sheet,
        "Pendampingan laporan keuangan",
        agency=dpmd,
        status=SupportRequest.Status.DONE,
        response="Laporan sudah diunggah ke Siskeudes.",
        closed_on=datetime.date(2025, 5, 2),
    )
    village_review_record(
        desa=villages[0], date=datetime.date(2025, 5, 15), status="terlaksana", actor=None
    )
    june = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2025, 6, 12),
        villages=villages,
        place="Aula Kantor Camat",
        actor=None,
    )
    return {
        "distan": distan,
        "dpmd": dpmd,
        "late": late,
        "other": other,
        "answered": answered,
        "june": june,
    }


def test_the_brand_and_the_login_lead_to_the_start_page(client):
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("home:index")


def test_the_kecamatan_starts_on_its_next_meeting_and_the_villages_without_monitoring(
    kecamatan_world,
):
    page = page_of(user_with_role(Role.KECAMATAN, KODI_BALAGHAR))
    june = kecamatan_world["june"]
    assert reverse("meetings:meeting_detail", args=[june.id]) in page
    assert "Kamis, 12 Juni 2025" in page
    assert "1 desa belum mengadakan pemantauan sebelum pertemuan itu: Kahale" in page
    # The April meeting's Matriks 4 is not sent yet: a button to draft it.
    assert "Susun laporan kecamatan (Matriks 4)" in page
    assert "Kunjungan penyuluh pertanian" in page  # overdue, from its villages


def test_with_no_meeting_planned_the_kecamatan_is_asked_to_schedule_one():
    full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    page = page_of(user_with_role(Role.KECAMATAN, KODI_BALAGHAR))
    assert "Belum ada pertemuan yang direncanakan" in page
    assert reverse("meetings:meeting_create", args=[KODI_BALAGHAR]) in page


def test_the_village_starts_on_its_plan_review_requests_and_next_meeting(kecamatan_world):
    page = page_of(user_with_role(Role.TIM_DESA, WAINYAPU))
    assert "Desa Wainyapu" in page and "Rencana 2024" in page
    assert "Terbaru: 15 Mei 2025" in page
    assert "Kunjungan penyuluh pertanian" in page and "Lewat tenggat" in page
    assert "Laporan sudah diunggah ke Siskeudes." in page  # the answer, to read
    assert "Kamis, 12 Juni 2025" in page
    # Nothing of the neighbouring village.
    assert "Pelatihan operator desa" not in page and "Kahale" not in page


def test_the_agency_starts_on_its_own_requests_by_due_state(kecamatan_world):
    staff = user_with_role(Role.TIM_PROGRAM, "81", username="petrus")
    MembershipFactory(
        user=staff, role=Role.OPD, region=region("53.18"), agency=kecamatan_world["distan"]
    )
    page = page_of(staff)
    assert "Dinas Pertanian" in page and "Lewat tenggat" in page
    assert "Kunjungan penyuluh pertanian" in page
    assert "Pelatihan operator desa" not in page  # another agency's request


def test_the_kabupaten_team_starts_on_its_queue_the_overdue_and_its_next_meeting(
    kecamatan_world,
):
    district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2025, 7, 17), place="Bappeda", actor=None
    )
    page = page_of(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    assert "Pelatihan operator desa" in page  # waiting to be routed
    assert "Kunjungan penyuluh pertanian" in page  # overdue
    assert "Kamis, 17 Juli 2025" in page
    assert "2025: 0 terlaksana, 1 direncanakan" in page
    assert reverse("meetings:meeting_detail", args=[kecamatan_world["june"].id]) in page


def test_the_programme_team_and_a_superuser_start_on_the_dashboard():
    for user in (
        user_with_role(Role.TIM_PROGRAM, "53"),
        User.objects.create_superuser("root", password="x"),
    ):
        response = client_of(user).get(reverse("home:index"))
        assert response.status_code == 302
        assert response.url == reverse("programme:dashboard")


def test_someone_without_a_role_is_told_whom_to_ask():
    user = User.objects.create_user("baru", password="x")
    assert "Tim Program" in page_of(user)


def test_the_kecamatan_start_page_costs_the_same_queries_for_2_villages_as_for_11():
    def count(kecamatan_code: str, villages: int) -> int:
        desas = list(region(kecamatan_code).children.order_by("code")[:villages])
        for desa in desas:
            full_plan(desa.code, goals=1, activities_per_goal=1)
        meeting_services.meeting_create(
            kecamatan=region(kecamatan_code),
            date=datetime.date(2025, 6, 12),
            villages=desas,
            actor=None,
        )
        client = client_of(user_with_role(Role.KECAMATAN, kecamatan_code))
        client.get(reverse("home:index"))
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("home:index"))
        return len(captured)

    assert count(KODI_BALAGHAR, 2) == count("81.05.15", 11)
