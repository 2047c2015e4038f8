"""Where the projector is: the village sheet and goal row meeting mode shows (ADR 0007), and
how far into a tall row the presenter has read (ADR 0016)."""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.meetings import selectors
from rembuk.meetings.models import (
    CoordinationMeeting,
    MeetingSheet,
    PresenterState,
)


def presenter_move(
    *, meeting: CoordinationMeeting, sheet: MeetingSheet | None, row: int | None
) -> PresenterState:
    """Show a village sheet on the projector, from its beginning at the top (row None: its
    opening, or its first row when it has nothing to hear first), or one of its goal rows.

    Showing the row already on screen keeps the part of it the room is reading, and it is a show
    all the same: `shows` moves, so that every screen, one scrolled by wheel or touch too, goes
    back to that part (ADR 0016)."""
    if sheet is not None and sheet.meeting_id != meeting.id:
        raise ValidationError(_("This village is not on the meeting's list."))
    state = selectors.presenter_state(meeting)
    if row is None:
        # One rule for where a village begins (_start_row), here where the state is written:
        # the opening holds nothing for a village with nothing to hear first.
        return _show(meeting=meeting, sheet=sheet, row=_start_row(meeting, sheet), fraction=0.0)
    row = max(0, row)
    here = state is not None and state.sheet_id == (sheet.id if sheet else None)
    fraction = state.row_fraction if state is not None and here and state.row == row else 0.0
    return _show(meeting=meeting, sheet=sheet, row=row, fraction=fraction)


@transaction.atomic
def _show(
    *, meeting: CoordinationMeeting, sheet: MeetingSheet | None, row: int | None, fraction: float
) -> PresenterState:
    """Write what the projector shows and move its count of shows (in the database, so that two
    shows at once count two)."""
    place = {"sheet": sheet, "row": row, "row_fraction": fraction}
    moved = PresenterState.objects.filter(meeting=meeting).update(
        **place, shows=F("shows") + 1, changed_at=timezone.now()
    )
    if not moved:
        PresenterState.objects.create(meeting=meeting, **place, shows=1)
    return PresenterState.objects.select_related("sheet").get(meeting=meeting)


@transaction.atomic
def presenter_scroll(
    *, meeting: CoordinationMeeting, sheet: MeetingSheet, row: int | None, fraction: float
) -> PresenterState | None:
    """Record how far the presenter has read into the row on screen (a share of its height,
    0 to 1), for the room's other screens to show the same part of it.

    The presenter names the village and row it scrolled in; when the projector has moved on
    meanwhile (another step, the laptop's "show this row"), the position belongs to a row no
    longer on screen and is dropped: it must not move the room. Returns the state, or None
    when dropped."""
    if not math.isfinite(fraction) or not 0 <= fraction <= 1:
        raise ValidationError(_("The position within the row must be between 0 and 1."))
    if sheet.meeting_id != meeting.id:
        raise ValidationError(_("This village is not on the meeting's list."))
    screen = selectors.sheet_on_screen(meeting)
    if screen.current is None or screen.current.id != sheet.id:
        return None
    shown = selectors.row_on_screen(
        screen.row,
        has_opening=selectors.sheet_has_opening(meeting, sheet),
        row_count=selectors.sheet_row_count(sheet),
    )
    if shown != row:
        return None
    state, _created = PresenterState.objects.update_or_create(
        meeting=meeting, defaults={"sheet": sheet, "row": shown, "row_fraction": fraction}
    )
    return state


PRESENTER_STEPS = ("next-village", "previous-village", "next-row", "previous-row")


def presenter_step(*, meeting: CoordinationMeeting, step: str) -> PresenterState:
    """One step of the projector, as the arrow keys take it through the meeting.

    A village starts at its opening (its monitoring results and the follow-ups it carries) when
    it has one, else at its first row; ↓ goes from the opening into the rows and ↑ back. A step
    past either end stays where it is.
    """
    if step not in PRESENTER_STEPS:
        raise ValidationError(_("Unknown step."))
    screen = selectors.sheet_on_screen(meeting)
    current = screen.current
    if current is None:  # a meeting without villages: nothing to step to
        return screen.state or _show(meeting=meeting, sheet=None, row=None, fraction=0.0)
    row = screen.row if screen.on_projector else _start_row(meeting, current)
    if step in ("next-village", "previous-village"):
        neighbour = screen.next_sheet if step == "next-village" else screen.previous_sheet
        if neighbour is not None:
            current, row = neighbour, _start_row(meeting, neighbour)
    else:
        opening = selectors.sheet_has_opening(meeting, current)
        count = selectors.sheet_row_count(current)
        row = selectors.row_on_screen(row, has_opening=opening, row_count=count)
        if step == "next-row":
            row = 0 if row is None else min(row + 1, max(count - 1, 0))
        elif row is not None:
            row = None if row == 0 and opening else max(row - 1, 0)
    state = screen.state
    if state is not None and state.sheet_id == current.id and state.row == row:
        return state  # a step past either end: the room keeps its place and its part of the row
    return _show(meeting=meeting, sheet=current, row=row, fraction=0.0)


def presenter_go(
    *,
    meeting: CoordinationMeeting,
    sheet: MeetingSheet | None = None,
    row: int | None = None,
    step: str = "",
) -> PresenterState:
    """Move the projector as the laptop asked: to a village sheet and row (None: its opening)
    when a sheet is named, else one step (PRESENTER_STEPS)."""
    if sheet is not None:
        return presenter_move(meeting=meeting, sheet=sheet, row=row)
    return presenter_step(meeting=meeting, step=step)


def _start_row(meeting: CoordinationMeeting, sheet: MeetingSheet | None) -> int | None:
    if sheet is None or selectors.sheet_has_opening(meeting, sheet):
        return None
    return 0
