"""Scheduling, opening, closing and re-opening a meeting; its villages' sheets."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.editing import KEEP, Direction, Keep, given, move
from rembuk.meetings import selectors
from rembuk.meetings.models import (
    CoordinationMeeting,
    MeetingSheet,
)
from rembuk.meetings.services.checks import (
    EmptySheetsError,
    check_editable,
    check_lengths,
)
from rembuk.meetings.signals import meeting_closed
from rembuk.regions.models import Region

# --- meetings -------------------------------------------------------------------------------


def _check_meeting_day(
    kecamatan: Region, date: datetime.date, exclude: CoordinationMeeting | None = None
) -> None:
    same_day = CoordinationMeeting.objects.filter(kecamatan=kecamatan, date=date)
    if exclude is not None:
        same_day = same_day.exclude(pk=exclude.pk)
    if same_day.exists():
        raise ValidationError(
            {
                "date": _(
                    "Kecamatan %(kecamatan)s already has a meeting on %(date)s. "
                    "Open that meeting, or choose another day."
                )
                % {"kecamatan": kecamatan.name, "date": date.strftime("%d-%m-%Y")}
            }
        )


@transaction.atomic
def meeting_create(
    *,
    kecamatan: Region,
    date: datetime.date,
    villages: Sequence[Region],
    actor: Any,
    start_time: datetime.time | None = None,
    place: str = "",
    purpose: str = "",
) -> CoordinationMeeting:
    """Schedule a meeting and prepare one pre-filled sheet per invited desa.

    Preparing, steps 2 and 4–6.
    """
    if kecamatan.level != Region.Level.KECAMATAN:
        raise ValidationError(_("A coordination meeting belongs to a kecamatan."))
    if not villages:
        raise ValidationError(
            {"villages": _("Invite at least one desa to the meeting.")}, code="no_villages"
        )
    outside = [v.name for v in villages if v.parent_id != kecamatan.id]
    if outside:
        raise ValidationError(
            {
                "villages": _("These villages are not in kecamatan %(kecamatan)s: %(names)s.")
                % {"kecamatan": kecamatan.name, "names": ", ".join(outside)}
            }
        )
    check_lengths(CoordinationMeeting, {"place": place, "purpose": purpose})
    _check_meeting_day(kecamatan, date)
    previous = (
        CoordinationMeeting.objects.filter(kecamatan=kecamatan, date__lt=date)
        .order_by("-date")
        .first()
    )
    meeting = history.create(
        CoordinationMeeting,
        actor=actor,
        kecamatan=kecamatan,
        date=date,
        start_time=start_time,
        place=place,
        purpose=purpose,
        previous_meeting=previous,
    )
    unique_villages = list({v.id: v for v in villages}.values())
    plans = selectors.plans_for_meeting([v.id for v in unique_villages], date.year)
    history.bulk_create(
        MeetingSheet,
        [
            MeetingSheet(meeting=meeting, desa=desa, plan=plans.get(desa.id), position=position)
            for position, desa in enumerate(unique_villages)
        ],
        actor=actor,
    )
    # A later meeting that was scheduled before this one now follows it.
    for later in CoordinationMeeting.objects.filter(kecamatan=kecamatan, date__gt=date):
        if later.previous_meeting_id != meeting.id and (
            later.previous_meeting is None or later.previous_meeting.date < date
        ):
            history.update(later, actor=actor, previous_meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: CoordinationMeeting,
    actor: Any,
    base_version: int | None = None,
    date: datetime.date | Keep = KEEP,
    start_time: datetime.time | Keep | None = KEEP,
    place: str | Keep = KEEP,
    purpose: str | Keep = KEEP,
    other_participants: str | Keep = KEEP,
) -> CoordinationMeeting:
    check_editable(meeting)
    changes = given(
        date=date,
        start_time=start_time,
        place=place,
        purpose=purpose,
        other_participants=other_participants,
    )
    check_lengths(CoordinationMeeting, {k: v for k, v in changes.items() if isinstance(v, str)})
    if "date" in changes and changes["date"] != meeting.date:
        _check_meeting_day(meeting.kecamatan, changes["date"], exclude=meeting)
    return history.update(meeting, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def meeting_open(*, meeting: CoordinationMeeting, actor: Any) -> CoordinationMeeting:
    """Start the meeting (running, step 1). Re-opening a closed one goes through meeting_reopen."""
    check_editable(meeting)
    return history.update(meeting, actor=actor, status=CoordinationMeeting.Status.OPEN)


@transaction.atomic
def meeting_close(
    *,
    meeting: CoordinationMeeting,
    actor: Any,
    next_meeting_date: datetime.date | None = None,
    documents_note: str = "",
    confirm_empty: bool = False,
) -> CoordinationMeeting:
    """Close the meeting (running, step 11). Villages with nothing recorded on their sheet are
    worked out here and refused with EmptySheetsError (naming them) unless `confirm_empty`."""
    check_editable(meeting)
    check_lengths(CoordinationMeeting, {"documents_note": documents_note})
    if next_meeting_date is not None and next_meeting_date <= meeting.date:
        raise ValidationError(
            {"next_meeting_date": _("The next meeting must come after this one.")}
        )
    if not confirm_empty:
        empty = selectors.empty_sheet_names(meeting)
        if empty:
            raise EmptySheetsError(empty)
    closed = history.update(
        meeting,
        actor=actor,
        status=CoordinationMeeting.Status.CLOSED,
        next_meeting_date=next_meeting_date,
        documents_note=documents_note,
        closed_at=history.recording_time(),
    )
    # The "dukungan OPD" follow-ups leave the kecamatan as support requests
    # (docs/mechanism.md#support-requests): support listens (rembuk.support.receivers).
    meeting_closed.send(sender=CoordinationMeeting, meeting=closed, actor=actor)
    return closed


@transaction.atomic
def meeting_reopen(*, meeting: CoordinationMeeting, actor: Any) -> CoordinationMeeting:
    """A closed meeting back to "in progress", e.g. to correct the record. Logged like any edit."""
    if meeting.status != CoordinationMeeting.Status.CLOSED:
        return meeting
    return history.update(
        meeting, actor=actor, status=CoordinationMeeting.Status.OPEN, closed_at=None
    )


# --- sheets ---------------------------------------------------------------------------------


@transaction.atomic
def sheet_move(*, sheet: MeetingSheet, direction: Direction, actor: Any) -> None:
    """Swap a village with its neighbour in the discussion order (running, step 2)."""
    check_editable(sheet.meeting)
    move(
        sheet,
        MeetingSheet.objects.filter(meeting_id=sheet.meeting_id).order_by("position", "desa__name"),
        direction,
        actor=actor,
        missing_message=_("This village is no longer on the meeting's list."),
    )


@transaction.atomic
def sheet_update(
    *,
    sheet: MeetingSheet,
    actor: Any,
    base_version: int | None = None,
    representatives: str | Keep = KEEP,
    notes: str | Keep = KEEP,
) -> MeetingSheet:
    check_editable(sheet.meeting)
    changes = given(representatives=representatives, notes=notes)
    check_lengths(MeetingSheet, changes)
    return history.update(sheet, actor=actor, base_version=base_version, **changes)
