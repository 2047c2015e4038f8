"""Who may download what a meeting produced.

Everyone who may read a kecamatan's meetings may download its sheets (they are shared back to
every village, seed 000 §4 steps 10–11); object scope comes from
rembuk.meetings.selectors.meeting_for_user (a meeting outside the user's region is a 404).
Invitation letters and share links made for printing are the kecamatan's: only the roles that
manage meetings get them.
"""

from __future__ import annotations

from typing import Any

from rembuk.meetings.permissions import (
    MEETING_MANAGE_ROLES,
    can_manage_meetings_of,
    can_read_meetings,
)
from rembuk.people.permissions import has_any_role


def can_download_meeting_files(user: Any) -> bool:
    return can_read_meetings(user)


def can_prepare_invitations(user: Any) -> bool:
    return has_any_role(user, MEETING_MANAGE_ROLES)


def can_manage_meeting(user: Any, kecamatan_code: str) -> bool:
    return can_manage_meetings_of(user, kecamatan_code)
