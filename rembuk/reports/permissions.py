"""Who may download what a meeting produced.

Everyone who may read a kecamatan's meetings may download its sheets (they are shared back to
every village, docs/mechanism.md#closing-and-sharing-back); object scope comes from
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
from rembuk.people.permissions import READ_ROLES, has_any_role, has_role_over


def can_download_meeting_files(user: Any) -> bool:
    return can_read_meetings(user)


def can_prepare_invitations(user: Any) -> bool:
    return has_any_role(user, MEETING_MANAGE_ROLES)


def can_manage_meeting(user: Any, kecamatan_code: str) -> bool:
    return can_manage_meetings_of(user, kecamatan_code)


# --- Matriks 4, the kecamatan's summary for the kabupaten ------------------------------------
# Written (drafted, worded, sent, corrected) by those who run the kecamatan's meetings. Read once
# sent by every role over the kecamatan or a region above it (the kabupaten team, OPD staff);
# a draft is the writers' own until it is sent. Object scope: rembuk.reports.selectors.


def can_write_kecamatan_reports_of(user: Any, kecamatan_code: str) -> bool:
    return has_role_over(user, kecamatan_code, MEETING_MANAGE_ROLES)


def can_read_kecamatan_reports_of(user: Any, kecamatan_code: str) -> bool:
    return has_role_over(user, kecamatan_code, READ_ROLES)


def can_read_some_kecamatan_reports(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_write_some_kecamatan_reports(user: Any) -> bool:
    return has_any_role(user, MEETING_MANAGE_ROLES)
