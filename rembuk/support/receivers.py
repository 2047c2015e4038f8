"""Support reacts to the meetings below it (docs/mechanism.md#support-requests).

When a kecamatan meeting closes, its "dukungan OPD" follow-ups leave the kecamatan as support
requests — in the closing transaction, so a meeting is never closed without them.
"""

from __future__ import annotations

from typing import Any

from rembuk.meetings.models import CoordinationMeeting
from rembuk.support.services import requests_from_meeting


def requests_on_meeting_closed(
    sender: Any, *, meeting: CoordinationMeeting, actor: Any, **kwargs: Any
) -> None:
    requests_from_meeting(meeting=meeting, actor=actor)
