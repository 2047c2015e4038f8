"""Writes for the kecamatan coordination meeting (docs/mechanism.md#kecamatan-coordination-meeting;
"preparing, step N" and "running, step N" are its numbered steps).

Rules owned here:
- a meeting belongs to a kecamatan, invites at least one desa of that kecamatan, and a
  kecamatan holds at most one meeting a day;
- creating a meeting creates one sheet per invited desa, in the order given, with the desa's
  plan that covers the meeting year (else its latest plan), and links the kecamatan's previous
  meeting so that its open follow-ups are carried in for review;
- what is recorded on a sheet (challenges, follow-ups, goal reviews) hangs on a goal of that
  sheet's plan; a challenge holds up only activities of its own goal;
- a follow-up is owned by the desa, the kecamatan or an agency (OPD) of the same kabupaten, and
  is not due before the meeting;
- texts are at most 5,000 characters, refused with a message that says so;
- a closed meeting is read-only; the kecamatan may re-open it (the record stays one record,
  every change is in the history) — closing with empty sheets needs an explicit confirmation
  that names the empty villages;
- share links are read-only, expire (90 days by default) and can be revoked; their token is a
  public id plus an HMAC of it, so the server can print the same URL again (a QR code on a
  poster) without storing the token.

Every write to a replicated record goes through rembuk.core.history in one transaction;
updates take base_version so a stale edit to a cell somebody else changed raises
history.EditConflict, and edits to other cells merge.

One module per part, re-exported here so callers write `services.meeting_close(...)`:
checks (shared checks), meetings (a meeting and its sheets), records (what a sheet records),
sharing (share links), projector (meeting mode's position).
"""

from __future__ import annotations

from rembuk.meetings.services.checks import (
    EmptySheetsError,
    check_editable,
    check_goal_of_sheet,
    check_lengths,
)
from rembuk.meetings.services.meetings import (
    meeting_close,
    meeting_create,
    meeting_open,
    meeting_reopen,
    meeting_update,
    sheet_move,
    sheet_update,
)
from rembuk.meetings.services.projector import (
    PRESENTER_STEPS,
    presenter_go,
    presenter_move,
    presenter_scroll,
    presenter_step,
)
from rembuk.meetings.services.records import (
    challenge_delete,
    challenge_save,
    followup_delete,
    followup_review_record,
    followup_save,
    goal_review_record,
)
from rembuk.meetings.services.sharing import (
    SHARE_LINK_DAYS,
    SHARE_LINK_MIN_REMAINING,
    share_link_create,
    share_link_is_active,
    share_link_resolve,
    share_link_revoke,
    share_token,
    share_url_for,
)

__all__ = [
    "PRESENTER_STEPS",
    "SHARE_LINK_DAYS",
    "SHARE_LINK_MIN_REMAINING",
    "EmptySheetsError",
    "challenge_delete",
    "challenge_save",
    "check_editable",
    "check_goal_of_sheet",
    "check_lengths",
    "followup_delete",
    "followup_review_record",
    "followup_save",
    "goal_review_record",
    "meeting_close",
    "meeting_create",
    "meeting_open",
    "meeting_reopen",
    "meeting_update",
    "presenter_go",
    "presenter_move",
    "presenter_scroll",
    "presenter_step",
    "share_link_create",
    "share_link_is_active",
    "share_link_resolve",
    "share_link_revoke",
    "share_token",
    "share_url_for",
    "sheet_move",
    "sheet_update",
]
