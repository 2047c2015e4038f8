"""Meeting mode: one village's Matriks 3 full-screen on the projector, following the laptop
that drives it through the server (ADR 0007)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import rembuk
from rembuk.core.conditional import not_modified, not_modified_response, weak_etag
from rembuk.core.forms import error_text
from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import rule
from rembuk.meetings import selectors, services
from rembuk.meetings.models import CoordinationMeeting, PresenterState
from rembuk.meetings.permissions import (
    can_manage_meetings_of,
    can_manage_some_meetings,
    can_read_meetings,
)
from rembuk.meetings.sheet_page import (
    carried_in_lines,
    carried_in_records,
    sheet_lines,
    sheet_page,
)
from rembuk.meetings.views.page import PAGE, back_to_sheet, meeting_context
from rembuk.monitoring.selectors import review_digest

STAGE = "meetings/meeting_mode.html"


def _stage_context(
    request: HttpRequest, meeting: CoordinationMeeting, state: PresenterState | None
) -> dict[str, Any]:
    # Read as values, as the meeting page reads its sheet (docs/decisions/0025): the stage is
    # drawn again after every change while the meeting runs.
    screen = selectors.choose_on_screen(sheet_lines(meeting), meeting, state=state)
    current = screen.current
    view = sheet_page(current) if current else None
    rows = len(view.rows) if view else 0
    carried = (
        carried_in_records([f for f in carried_in_lines(meeting) if f.desa_id == current.desa_id])
        if current
        else []
    )
    latest_review = review_digest(current.desa_id, meeting.date) if current else None
    has_opening = bool(latest_review or carried)
    row = selectors.row_on_screen(screen.row, has_opening=has_opening, row_count=rows)
    return {
        "meeting": meeting,
        "sheets": screen.sheets,
        "current": current,
        "index": screen.index,
        "view": view,
        "row": row,
        # How far into that row the presenter has read (meeting-mode.js follows it).
        "row_fraction": screen.state.row_fraction if screen.on_projector and screen.state else 0,
        # How many times the laptop has shown a village or row: when it moves, every screen goes
        # to the part of the row the room reads, even with the row and the part unchanged.
        "shows": screen.state.shows if screen.state else 0,
        "row_count": rows,
        "opening": row is None,
        "has_opening": has_opening,
        "previous_sheet": screen.previous_sheet,
        "next_sheet": screen.next_sheet,
        "carried_here": carried,
        "latest_review": latest_review,
        "can_drive": can_manage_meetings_of(request.user, meeting.kecamatan.code),
    }


def _stage_tag(
    request: HttpRequest, meeting: CoordinationMeeting, state: PresenterState | None
) -> str:
    """The ETag of the stage this person gets now: what it is drawn from, who looks (their
    CSRF secret is in its forms), in which language, on which day (a follow-up falls due),
    by which Rembuk (an upgrade draws it anew)."""
    return weak_etag(
        *selectors.stage_drawn_from(meeting, state),
        request.user.pk,
        request.META.get("CSRF_COOKIE", ""),
        get_language(),
        timezone.localdate(),
        rembuk.version(),
    )


@rule(can_read_meetings)
def meeting_mode(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Full-screen Matriks 3 of one village for the projector; follows the server's state.

    Every screen polls the stage every two seconds, mostly to find it unchanged: the poll
    carries the ETag of the stage it holds (the browser revalidates it) and gets a 304 without
    the stage being drawn when nothing it is drawn from has changed (ADR 0029)."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    state = selectors.presenter_state(meeting)
    if not is_htmx(request):
        return render(request, STAGE, _stage_context(request, meeting, state))
    tag = _stage_tag(request, meeting, state)
    if not_modified(request, tag):
        response = not_modified_response(tag)
    else:
        response = render(request, f"{STAGE}#stage", _stage_context(request, meeting, state))
        response["ETag"] = tag
    # Kept by this browser only, and asked again each time (never shown unrevalidated); kept
    # apart from the whole page at the same address, which is never kept.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("HX-Request", "Cookie"))
    return response


def _posted_row(value: str | None) -> int | None:
    """The row a "show on the projector" button names; empty: the village's opening."""
    try:
        return max(0, int(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _posted_fraction(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ValidationError(_("The position within the row must be between 0 and 1.")) from None


@rule(can_manage_some_meetings)
@require_POST
def presenter_move(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Move the projector: to a village (sheet) and row, or one step (step=±village/±row); or,
    with `fraction`, say how far into the row on screen (sheet, row) the presenter has read."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    wanted = request.POST.get("sheet")
    if "fraction" in request.POST:
        # Posted by meeting-mode.js once a ↓/↑ step within a tall row has ended; nothing to
        # render (the presenter's screen is already there, the others follow by polling).
        try:
            services.presenter_scroll(
                meeting=meeting,
                sheet=selectors.sheet_of(meeting, wanted or ""),
                row=_posted_row(request.POST.get("row")),
                fraction=_posted_fraction(request.POST["fraction"]),
            )
        except ValidationError as error:
            return HttpResponseBadRequest(error_text(error))
        return HttpResponse(status=204)
    try:
        state = services.presenter_go(
            meeting=meeting,
            sheet=selectors.sheet_of(meeting, wanted) if wanted else None,
            row=_posted_row(request.POST.get("row")),
            step=request.POST.get("step", ""),
        )
    except ValidationError as error:
        return HttpResponseBadRequest(error_text(error))
    back = request.POST.get("back")
    if is_htmx(request):
        if back == "page":
            # The meeting page: refresh the list of villages so "on screen" moves along.
            return render(request, f"{PAGE}#village_order", meeting_context(request, meeting))
        return render(request, f"{STAGE}#stage", _stage_context(request, meeting, state))
    if back == "page" and state.sheet is not None:
        anchor = f"row-{state.row}" if state.row is not None else "sheet"
        return redirect(back_to_sheet(meeting, state.sheet, anchor))
    return redirect("meetings:meeting_mode", meeting.id)
