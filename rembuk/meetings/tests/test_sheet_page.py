"""The meeting page's sheet read as values says what meeting_sheets() (the documents, the
projector) says, and the page's cells carry the save state the views write after a save."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core import history
from rembuk.core.autosave import saved_values
from rembuk.meetings import selectors, services
from rembuk.meetings.sheet_page import (
    CHALLENGE_FIELDS,
    FOLLOWUP_FIELDS,
    REVIEW_FIELDS,
    sheet_lines,
    sheet_page,
)
from rembuk.meetings.tests.conftest import WAINYAPU

pytestmark = pytest.mark.django_db


def test_the_values_match_the_sheet_the_documents_read(recorded):
    page = sheet_page(recorded)
    (view,) = selectors.meeting_sheets(recorded.meeting, WAINYAPU)
    assert [row.goal.id for row in page.rows] == [row.goal.id for row in view.rows]
    for row, expected in zip(page.rows, view.rows, strict=True):
        assert row.goal.statement == expected.goal.statement
        assert row.goal.shown_target_year == expected.goal.shown_target_year
        assert [
            (m.milestone and m.milestone.statement, [a.id for a in m.activities])
            for m in row.milestones
        ] == [
            (m.milestone and m.milestone.statement, [a.id for a in m.activities])
            for m in expected.block.milestones
        ]
        assert [a.id for a in row.activities] == [a.id for a in expected.block.activities]
        goal_activities = {str(a.id) for a in expected.block.activities}
        for cell, challenge in zip(row.challenges, expected.challenges, strict=True):
            assert cell.id == challenge.id
            assert cell.fields == saved_values(challenge, list(CHALLENGE_FIELDS))
            assert cell.holds_up == challenge.holds_up(goal_activities)
            assert [value for value, _, checked in cell.checks if checked] == [
                str(a.id)
                for a in expected.block.activities
                if str(a.id) in challenge.blocked_activity_ids
            ]
        for cell, followup in zip(row.followups, expected.followups, strict=True):
            assert cell.id == followup.id
            assert cell.fields == saved_values(followup, list(FOLLOWUP_FIELDS))
            assert cell.kind_label == followup.get_kind_display()
            owner = followup.owner_agency
            assert cell.owner_label == (owner.short_name if owner else followup.get_owner_display())
        if expected.review is None:
            assert row.review is None
        else:
            assert row.review.fields == saved_values(expected.review, list(REVIEW_FIELDS))
            assert row.review.result_label == expected.review.get_result_display()
    assert [c.id for c in page.general_challenges] == [c.id for c in view.general_challenges]
    # What the rows hold: the challenge holds up 2 of its goal's 3 activities; the activity
    # without a milestone still shows, after the goal's milestone.
    assert page.rows[0].challenges[0].holds_up == (2, 3)
    assert page.rows[1].milestones[-1].milestone is None
    assert [a.name for a in page.rows[1].milestones[-1].activities] == ["Tanpa tonggak"]
    assert page.rows[0].followups[0].owner_label == "Distan"


def test_six_queries_whatever_the_plan(recorded):
    with CaptureQueriesContext(connection) as captured:
        sheet_page(recorded)
    assert len(captured) == 6


def test_a_closed_meeting_prints_the_labels_and_what_a_challenge_holds_up(recorded, kecamatan_user):
    services.meeting_close(
        meeting=recorded.meeting,
        actor=kecamatan_user,
        next_meeting_date=None,
        documents_note="",
        confirm_empty=True,
    )
    client = Client()
    client.force_login(kecamatan_user)
    url = reverse("meetings:meeting_detail", args=[recorded.meeting.id]) + f"?desa={WAINYAPU}"
    page = client.get(url).content.decode()
    # The read-only cells, in Indonesian (the page's default language).
    assert '<p class="blocked">Ini menghambat 2 dari 3 kegiatan.</p>' in page
    assert "Dukungan OPD · Distan · paling lambat 2 Mei 2024" in page
    assert "Tinjauan akhir periode: Sebagian" in page


def test_the_village_lines_say_what_the_sheet_list_says(meeting, plans, kecamatan_user):
    """The page's sheets read as values: the same villages in the same order, with what the
    page prints of each — a sheet without a plan included."""
    first, second = selectors.meeting_sheet_list(meeting)
    services.sheet_update(sheet=first, actor=kecamatan_user, representatives="Kepala Desa")
    history.update(second, actor=None, plan=None)
    sheets = selectors.meeting_sheet_list(meeting)
    lines = sheet_lines(meeting)
    assert [line.id for line in lines] == [sheet.id for sheet in sheets]
    for line, sheet in zip(lines, sheets, strict=True):
        assert (line.version, line.representatives) == (sheet.version, sheet.representatives)
        assert (line.desa.id, line.desa.code, line.desa.name) == (
            sheet.desa_id,
            sheet.desa.code,
            sheet.desa.name,
        )
        assert line.plan_id == sheet.plan_id
        assert line.fields == saved_values(sheet, ["representatives"])
    assert lines[0].plan.period_label == sheets[0].plan.period_label
    assert lines[1].plan is None
