"""The meeting page reads the carried-in follow-ups as values (sheet_page.carried_in_lines): the
same follow-ups, order, statuses and reviews as carried_in_followups(), and the full record
only for the village on screen."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, region
from rembuk.meetings import selectors, services
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.meetings.sheet_page import carried_in_lines
from rembuk.meetings.tests.conftest import KODI_BALAGHAR, MEETING_DAY, WAINYAPU, second_desa
from rembuk.meetings.tests.test_query_counts import PINNED
from rembuk.people.models import User

pytestmark = pytest.mark.django_db


def _sheet(meeting: CoordinationMeeting, code: str) -> MeetingSheet:
    sheet = meeting.sheets.select_related("plan", "desa").get(desa__code=code)
    sheet.meeting = meeting
    return sheet


@pytest.fixture
def later(meeting: CoordinationMeeting, plans, kecamatan_user: User) -> CoordinationMeeting:
    """The next meeting, with four follow-ups of the first: open, with a support request the
    agency accepted, done (not carried), and one of the other village reviewed here."""
    here, there = _sheet(meeting, WAINYAPU), _sheet(meeting, second_desa())

    def followup(sheet: MeetingSheet, text: str, **fields) -> FollowUp:
        goal = sheet.plan.goals.first()
        return services.followup_save(
            sheet=sheet, goal=goal, actor=kecamatan_user, text=text, **fields
        )

    followup(here, "Latih operator", kind="aksi_desa")
    distan = AgencyFactory(kabupaten=region("53.18"), short_name="Distan")
    supported = followup(
        here,
        "Bantu bibit",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=distan,
    )
    done = followup(here, "Sudah beres", kind="aksi_desa")
    history.update(done, actor=None, status=FollowUp.Status.DONE)
    reviewed = followup(there, "Perbaiki jalan", kind="aksi_desa")
    services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    # Closing made the request (support listens to the meetings); its agency accepted it.
    request = FollowUp.objects.get(pk=supported.pk).support_request
    history.update(request, actor=None, status="diterima")
    later = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=90),
        villages=[p.desa for p in plans],
        actor=kecamatan_user,
    )
    services.followup_review_record(
        meeting=later, followup=reviewed, actor=kecamatan_user, status="selesai", note="Diaspal"
    )
    return later


def test_the_lines_are_the_carried_in_follow_ups_with_their_statuses(later):
    records = list(selectors.carried_in_followups(later))
    lines = carried_in_lines(later)
    assert [line.id for line in lines] == [f.id for f in records]
    assert sorted(line.text for line in lines) == [
        "Bantu bibit",
        "Latih operator",
        "Perbaiki jalan",
    ]
    for line, record in zip(lines, records, strict=True):
        assert (line.desa_id, line.desa_code, line.desa_name) == (
            record.sheet.desa_id,
            record.sheet.desa.code,
            record.sheet.desa.name,
        )
        review = record.review_here[0] if record.review_here else None
        expected = review.get_status_display() if review else record.status_now_label
        assert line.status_label == expected
        assert (line.review and line.review.pk) == (review and review.pk)
    # The accepted request says more than the follow-up's own status; the review here wins.
    status = {line.text: line.status_label for line in lines}
    assert status == {
        "Bantu bibit": "Berjalan",
        "Latih operator": "Belum",
        "Perbaiki jalan": "Selesai",
    }
    reviewed = next(line for line in lines if line.review)
    assert (reviewed.text, reviewed.review.note) == ("Perbaiki jalan", "Diaspal")


def test_the_page_shows_the_shown_villages_in_full_and_lists_the_others(later, kecamatan_user):
    client = Client()
    client.force_login(kecamatan_user)
    url = reverse("meetings:meeting_detail", args=[later.id])
    page = client.get(f"{url}?desa={second_desa()}").content.decode()
    carried_here, _, elsewhere = page.partition('id="carried"')
    # The reviewed one, in full with its review form as saved.
    assert "Perbaiki jalan" in carried_here and ">Diaspal</textarea>" in carried_here
    assert '<input type="hidden" name="was_status" value="selesai">' in carried_here
    # The others listed below, each linking to its village's sheet, with its status now.
    assert f'href="?desa={WAINYAPU}#carried-here"' in elsewhere
    assert "Bantu bibit" in elsewhere and "· Berjalan" in elsewhere
    assert "Perbaiki jalan" not in elsewhere


def test_carried_in_follow_ups_cost_two_queries(later, kecamatan_user):
    """The list is one query whatever it holds (reviews joined in); the full records of the
    village on screen one more — as carried_in_followups() and its reviews were."""
    client = Client()
    client.force_login(kecamatan_user)
    url = reverse("meetings:meeting_detail", args=[later.id])
    counts = []
    for desa in (WAINYAPU, second_desa()):
        client.get(f"{url}?desa={desa}")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{url}?desa={desa}").status_code == 200
        counts.append(len(captured))
    # Each village has carried-in follow-ups here; the page reads the previous meeting too
    # (for the monitoring-session warnings), not read for a first meeting.
    assert counts == [PINNED["meetings:meeting_detail"] + 2] * 2
