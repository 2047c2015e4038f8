"""Shared set-up: Kabupaten Sumba Barat Daya (53.18) with a kecamatan meeting in Kodi Balaghar,
its Matriks 4 sent to the kabupaten, and support requests routed to agencies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.people.models import Agency, Role, User
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.support.models import SupportRequest

SUMBA_BARAT_DAYA = "53.18"
KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"


@pytest.fixture
def kabupaten_user(db: None) -> User:
    return user_with_role(Role.TIM_KABUPATEN, SUMBA_BARAT_DAYA, username="timkab.sbd")


@pytest.fixture
def distan(db: None) -> Agency:
    return AgencyFactory(name="Dinas Pertanian", short_name="Distan")  # type: ignore[return-value]


@pytest.fixture
def dpmd(db: None) -> Agency:
    return AgencyFactory(name="Dinas Pemberdayaan Masyarakat dan Desa", short_name="DPMD")  # type: ignore[return-value]


@pytest.fixture
def kecamatan_meeting(db: None) -> CoordinationMeeting:
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    return meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )


def make_request(
    meeting: CoordinationMeeting,
    text: str,
    *,
    agency: Agency | None = None,
    status: str = SupportRequest.Status.SUBMITTED,
    actor: Any = None,
) -> SupportRequest:
    sheet = MeetingSheet.objects.select_related("desa", "plan").filter(meeting=meeting).first()
    assert sheet is not None
    followup = history.create(
        FollowUp,
        actor=actor,
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        text=text,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=agency,
    )
    return history.create(
        SupportRequest,
        actor=actor,
        followup=followup,
        desa=sheet.desa,
        agency=agency,
        text=text,
        status=status,
        due_date=datetime.date(2024, 6, 30),
    )


def make_report(
    meeting: CoordinationMeeting | None,
    *,
    sent_at: datetime.datetime | None,
    kecamatan_code: str = KODI_BALAGHAR,
    status: str = KecamatanReport.Status.SENT,
    support: str = "Kunjungan penyuluh pertanian",
) -> KecamatanReport:
    report = history.create(
        KecamatanReport,
        actor=None,
        kecamatan=region(kecamatan_code),
        meeting=meeting,
        status=status,
        sent_at=sent_at,
    )
    desa = region(kecamatan_code).children.order_by("code").first()
    history.create(
        KecamatanReportRow,
        actor=None,
        report=report,
        desa=desa,
        position=0,
        goals_and_efforts="Semua warga terbebas dari hutang",
        challenges="Penyuluh tidak datang",
        support_needed=support,
    )
    return report


def aware(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=timezone.get_current_timezone())
