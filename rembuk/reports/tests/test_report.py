from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rembuk.core import history
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp
from rembuk.reports.report import build_meeting_report, meeting_with_regions
from rembuk.reports.testing import meeting_with_villages


def test_the_report_holds_matriks_3_rows_of_the_seed_example(meeting: CoordinationMeeting) -> None:
    report = build_meeting_report(meeting)
    x = report.villages[0]
    assert (x.desa_name, x.date, x.village_head) == (
        "Wainyapu",
        "28 Maret 2024",
        "Kepala Desa Wainyapu",
    )
    first, second = x.rows
    assert first.goal == "Semua warga terbebas dari hutang pada rentenir"
    assert first.target == "(tahun 2025)"
    assert first.milestones[0].statement.startswith("Petani punya alternatif penjualan")
    assert len(first.milestones[0].activities) == 7
    assert first.challenges[0].blocked_note == "menghambat 6 dari 7 kegiatan"
    assert first.challenges[0].cause.startswith("Keterlambatan ini disebabkan")
    assert [f.kind for f in first.followups] == ["Dukungan OPD", "Dukungan OPD"]
    assert first.followups[0].due == "30 April 2024"
    assert second.followups[1].owner == "Desa Wainyapu"
    assert report.day_date == "Kamis, 28 Maret 2024"
    assert report.time == "09.00 WITA s.d. selesai"
    assert report.next_meeting == "Kamis, 20 Juni 2024"


def test_records_tied_to_no_goal_appear_on_a_general_row(meeting: CoordinationMeeting) -> None:
    sheet = meeting.sheets.get(desa__code="53.18.11.2001")
    history.create(Challenge, actor=None, sheet=sheet, text="Jalan desa rusak")
    history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        text="Lapor ke Dinas PU",
        kind=FollowUp.Kind.KECAMATAN_SUPPORT,
        owner=FollowUp.Owner.KECAMATAN,
    )
    village = build_meeting_report(meeting).villages[1]
    assert village.general is not None
    assert village.general.challenges[0].text == "Jalan desa rusak"
    assert village.general.followups[0].owner == "Kecamatan Kodi Balaghar"


def test_building_the_report_costs_the_same_queries_for_one_village_as_for_twenty(
    db: Any, django_assert_num_queries: Any
) -> None:
    # As the views get them: with the kecamatan and kabupaten (meeting_for_user does the same).
    small = meeting_with_regions(meeting_with_villages(1, goals=2, activities=3).pk)
    # Sheets and 3 prefetches, goals and 2 prefetches, carried-in follow-ups (none: the large
    # meeting is the earlier one). Share links are one more query (rembuk.reports.sharing).
    with CaptureQueriesContext(connection) as one:
        build_meeting_report(small)
    large = meeting_with_regions(
        meeting_with_villages(20, goals=2, activities=3, date=datetime.date(2024, 1, 4)).pk
    )
    with django_assert_num_queries(len(one.captured_queries)):
        report = build_meeting_report(large)
    assert len(report.villages) == 20
