"""The Matriks 4 demo: drafted and sent once, Wailangira's row as seed 000's Desa X example."""

from __future__ import annotations

import pytest

from rembuk.core.testing import user_with_role
from rembuk.demo.reports import SEED_GOALS, seed_reports_demo
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports.models import KecamatanReport

pytestmark = pytest.mark.django_db


def test_the_demo_report_is_sent_once_with_the_seed_wording(meeting: CoordinationMeeting) -> None:
    users = {"kecamatan.kodibalaghar": user_with_role(Role.KECAMATAN, "53.18.11")}

    first = seed_reports_demo(users)
    again = seed_reports_demo(users)

    assert "dikirim 02-04-2024" in first and "sudah terkirim" in again
    report = KecamatanReport.objects.get(meeting=meeting)
    assert report.status == KecamatanReport.Status.SENT
    assert report.sent_at is not None and report.sent_at.date().isoformat() == "2024-04-02"
    row = report.rows.get(desa__code="53.18.11.2001")
    assert row.goals_and_efforts == SEED_GOALS
    assert row.support_needed.splitlines()[2] == (
        "Penugasan/penjadwalan penyuluh pertanian dari dinas pertanian untuk desa Wailangira."
    )


def test_without_the_meeting_the_demo_says_so(db: None) -> None:
    users = {"kecamatan.kodibalaghar": user_with_role(Role.KECAMATAN, "53.18.11")}
    assert "dilewati" in seed_reports_demo(users)
