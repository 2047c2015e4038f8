"""Support reacts to a meeting closing (rembuk.support.receivers): meetings knows nothing of it."""

from __future__ import annotations

import pytest

from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import CoordinationMeeting, FollowUp
from rembuk.meetings.signals import meeting_closed
from rembuk.support.models import SupportRequest
from rembuk.support.services import request_id_for


def test_closing_a_meeting_turns_its_agency_follow_ups_into_requests(meeting):
    assert not SupportRequest.objects.exists()
    meeting_services.meeting_close(meeting=meeting, actor=None, confirm_empty=True)
    agency_support = FollowUp.objects.filter(
        sheet__meeting=meeting, kind=FollowUp.Kind.AGENCY_SUPPORT
    )
    assert agency_support.count() == 2
    assert set(SupportRequest.objects.values_list("id", flat=True)) == {
        request_id_for(f.id) for f in agency_support
    }


@pytest.mark.django_db(transaction=True)  # the closing's own transaction rolls back
def test_a_meeting_is_not_closed_without_its_requests(meeting):
    def refuse(**kwargs: object) -> None:
        raise RuntimeError("the requests could not be made")

    meeting_closed.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            meeting_services.meeting_close(meeting=meeting, actor=None, confirm_empty=True)
    finally:
        meeting_closed.disconnect(dispatch_uid="test.refuse")
    meeting.refresh_from_db()
    assert meeting.status != CoordinationMeeting.Status.CLOSED
    assert not SupportRequest.objects.exists()
