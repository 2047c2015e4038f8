"""Matriks 4 services: drafting from a meeting, wording, sending, correcting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from rembuk.core import history
from rembuk.core.history import EditConflict
from rembuk.core.models import ChangeLog
from rembuk.core.testing import AgencyFactory, region, user_with_role
from rembuk.demo import desa_x
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports import services
from rembuk.reports.matrix4 import EMPTY_SHEET, NO_PLAN
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.testing import add_sheet, record_seed_x, seed_x_plan
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the services' messages in the source language (English); the
    Indonesian a person sees is checked by the view and browser tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def writer() -> Any:
    return user_with_role(Role.KECAMATAN, "53.18.11")


def rows_of(report: KecamatanReport) -> list[KecamatanReportRow]:
    return list(report.rows.order_by("position"))


def test_drafting_makes_one_row_per_village_in_discussion_order(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)

    assert report.status == KecamatanReport.Status.DRAFT
    assert report.edition == 1
    assert report.kecamatan.code == "53.18.11"
    rows = rows_of(report)
    assert [row.desa.code for row in rows] == ["53.18.11.2006", "53.18.11.2001"]


def test_the_drafted_row_words_goals_challenges_with_causes_and_follow_ups(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    row = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[0]

    goals = row.goals_and_efforts.splitlines()
    assert len(goals) == 2  # one line per goal of the plan
    assert goals[0].startswith(desa_x.GOAL_1)
    assert "Upaya: Musyawarah penetapan penyertaan modal di BUMDES" in goals[0]
    assert "dan 3 kegiatan lainnya" in goals[0]  # 7 activities, 4 named
    challenges = row.challenges.splitlines()
    assert len(challenges) == 3
    assert "(menghambat 6 dari 7 kegiatan)" in challenges[0]
    assert "Penyebab: " + desa_x.CHALLENGE_FINANCE_CAUSE in challenges[0]
    support = row.support_needed.splitlines()
    assert support[0].startswith(desa_x.FOLLOWUP_ASSISTANCE.rstrip("."))
    assert "tenggat 30 April 2024" in support[0]
    assert len(support) == 4


def test_a_village_with_an_empty_sheet_gets_a_row_that_says_so(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    empty = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[1]

    assert empty.challenges == EMPTY_SHEET
    assert empty.support_needed == ""
    assert empty.goals_and_efforts.startswith(desa_x.GOAL_1)


def test_a_village_without_a_plan_is_named_as_such(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    add_sheet(meeting, "53.18.11.2002", None, 2)
    row = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[2]
    assert row.goals_and_efforts == NO_PLAN


def test_drafting_twice_opens_the_existing_draft(meeting: CoordinationMeeting, writer: Any) -> None:
    first = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    again = services.kecamatan_report_draft(meeting=meeting, actor=writer)

    assert again.pk == first.pk
    assert KecamatanReport.objects.filter(meeting=meeting).count() == 1
    assert KecamatanReportRow.objects.filter(report=first).count() == 2


def test_editing_a_cell_is_logged_with_who(meeting: CoordinationMeeting, writer: Any) -> None:
    row = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[0]

    saved = services.kecamatan_report_row_update(
        row=row, actor=writer, base_version=row.version, challenges="Satu\r\nDua  \n"
    )

    assert saved.challenges == "Satu\nDua"
    entry = ChangeLog.objects.filter(object_id=row.pk).order_by("-seq").first()
    assert entry is not None and entry.actor == writer
    assert entry.changes["challenges"][1] == "Satu\nDua"


def test_a_stale_edit_of_the_same_cell_is_refused_with_the_current_text(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    row = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[0]
    started_from = row.version
    services.kecamatan_report_row_update(
        row=row, actor=writer, base_version=started_from, challenges="Teks orang lain"
    )

    with pytest.raises(EditConflict) as conflict:
        services.kecamatan_report_row_update(
            row=row, actor=writer, base_version=started_from, challenges="Teks saya"
        )
    assert conflict.value.current == {"challenges": "Teks orang lain"}
    # Another cell of the same row merges.
    merged = services.kecamatan_report_row_update(
        row=row, actor=writer, base_version=started_from, support_needed="Dukungan"
    )
    assert merged.challenges == "Teks orang lain" and merged.support_needed == "Dukungan"


def test_a_note_longer_than_the_page_allows_is_refused_and_the_draft_keeps_its_note(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    report = services.kecamatan_report_note_update(report=report, actor=writer, note="Catatan")

    with translation.override("en"), pytest.raises(ValidationError, match="at most 5000"):
        services.kecamatan_report_note_update(report=report, actor=writer, note="x" * 100_000)

    assert KecamatanReport.objects.get(pk=report.pk).note == "Catatan"


def test_moving_a_village_renumbers_the_rows(meeting: CoordinationMeeting, writer: Any) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    second = rows_of(report)[1]

    services.kecamatan_report_row_move(row=second, actor=writer, offset=-1)

    assert [r.desa.code for r in rows_of(report)] == ["53.18.11.2001", "53.18.11.2006"]
    assert [r.position for r in rows_of(report)] == [0, 1]


def test_sending_locks_the_report_and_records_when_and_who(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)

    sent = services.kecamatan_report_send(report=report, actor=writer)

    assert sent.status == KecamatanReport.Status.SENT
    assert sent.sent_by == writer and sent.sent_at is not None
    assert sent.is_locked
    row = rows_of(sent)[0]
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.kecamatan_report_row_update(row=row, actor=writer, challenges="diam-diam")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.kecamatan_report_note_update(report=sent, actor=writer, note="x")
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.kecamatan_report_send(report=sent, actor=writer)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.kecamatan_report_row_move(row=row, actor=writer, offset=1)


def test_sending_may_give_an_earlier_date_but_not_a_future_one(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    with pytest.raises(ValidationError, match="future"):
        services.kecamatan_report_send(
            report=report, actor=writer, sent_at=timezone.now() + datetime.timedelta(days=2)
        )
    when = timezone.make_aware(datetime.datetime(2024, 4, 2, 10, 0))
    sent = services.kecamatan_report_send(report=report, actor=writer, sent_at=when)
    assert sent.sent_at == when


def test_sending_turns_the_dukungan_opd_follow_ups_into_support_requests(
    db: Any, writer: Any
) -> None:
    from rembuk.reports.testing import make_meeting

    meeting = make_meeting("53.18.11")
    sheet = add_sheet(meeting, "53.18.11.2006", seed_x_plan("53.18.11.2006"), 0)
    record_seed_x(sheet, agency=AgencyFactory(kabupaten=region("53.18")))
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)

    services.kecamatan_report_send(report=report, actor=writer)

    # Three follow-ups of kind "dukungan OPD" on seed X's sheet.
    assert SupportRequest.objects.filter(followup__sheet=sheet).count() == 3


def test_a_report_with_no_village_cannot_be_sent(db: Any, writer: Any) -> None:
    from rembuk.reports.testing import make_meeting

    report = services.kecamatan_report_draft(meeting=make_meeting("53.18.11"), actor=writer)
    with pytest.raises(ValidationError, match="no village"):
        services.kecamatan_report_send(report=report, actor=writer)


def test_a_correction_is_a_new_draft_copied_from_the_sent_report(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    first_row = rows_of(report)[0]
    services.kecamatan_report_row_update(row=first_row, actor=writer, challenges="Versi satu")
    services.kecamatan_report_note_update(report=report, actor=writer, note="Catatan")
    sent = services.kecamatan_report_send(report=report, actor=writer)

    correction = services.kecamatan_report_correct(report=sent, actor=writer)

    assert correction.edition == 2 and correction.previous == sent
    assert correction.status == KecamatanReport.Status.DRAFT
    assert correction.note == "Catatan"
    assert rows_of(correction)[0].challenges == "Versi satu"
    # The sent version is untouched until the correction is sent; correcting again opens the
    # same draft, and drafting from the meeting opens it too.
    sent.refresh_from_db()
    assert sent.status == KecamatanReport.Status.SENT
    assert services.kecamatan_report_correct(report=sent, actor=writer).pk == correction.pk
    assert services.kecamatan_report_draft(meeting=meeting, actor=writer).pk == correction.pk

    services.kecamatan_report_row_update(
        row=rows_of(correction)[0], actor=writer, challenges="Versi dua"
    )
    services.kecamatan_report_send(report=correction, actor=writer)

    sent.refresh_from_db()
    assert sent.status == KecamatanReport.Status.SUPERSEDED
    assert rows_of(sent)[0].challenges == "Versi satu"  # both stay readable
    with pytest.raises(ValidationError, match="newer version"):
        services.kecamatan_report_correct(report=sent, actor=writer)


def test_a_draft_needs_no_correction(meeting: CoordinationMeeting, writer: Any) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    with pytest.raises(ValidationError, match="still a draft"):
        services.kecamatan_report_correct(report=report, actor=writer)


def test_a_report_row_cannot_be_written_around_the_change_log(
    meeting: CoordinationMeeting, writer: Any
) -> None:
    from rembuk.core.models import HistoryBypassError

    row = rows_of(services.kecamatan_report_draft(meeting=meeting, actor=writer))[0]
    row.challenges = "x"
    with pytest.raises(HistoryBypassError):
        row.save()
    assert history.history_for(row.report_id).exists()
