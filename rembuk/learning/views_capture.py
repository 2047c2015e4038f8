"""Meeting mode's capture panel: whoever drives the projector notes a challenge for the row on
screen, sees similar lessons from other villages as it is typed, and adds one as a follow-up of
kind gagasan_desa_lain.

The panel sits outside the polled stage (which is replaced every 2 s). The row it writes to is
read from PresenterState on the server at every request, never sent by the page, so the plain
form posts work without JavaScript and always land on the row the room is looking at. The
suggestions come from views.suggestions_context, the writes from
services.lesson_adopt_with_challenge.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.forms import error_text
from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import rule
from rembuk.learning import selectors as learning_selectors
from rembuk.learning import services as learning_services
from rembuk.learning.views import suggestions_context
from rembuk.meetings import selectors
from rembuk.meetings.models import Challenge, CoordinationMeeting
from rembuk.meetings.permissions import can_manage_some_meetings

PAGE = "learning/meeting_capture.html"


def _panel_context(
    request: HttpRequest,
    meeting: CoordinationMeeting,
    *,
    text: str,
    challenge: Challenge | None,
) -> dict[str, Any]:
    sheet, goal = learning_selectors.capture_row(meeting)
    target = (meeting, sheet, goal) if sheet is not None else None
    context = suggestions_context(
        request,
        text,
        exclude_desa_code=sheet.desa.code if sheet is not None else None,
        target=target,
    )
    context.update(
        meeting=meeting,
        capture={"sheet": sheet, "goal": goal, "challenge": challenge, "text": text},
        is_open=meeting.status != CoordinationMeeting.Status.CLOSED,
    )
    return context


@rule(can_manage_some_meetings)
def capture_suggestions(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """As the challenge is typed: up to three similar lessons (htmx), or the panel on a page of
    its own (without JavaScript, after saving)."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    text = request.GET.get("text", "")[:2000]
    sheet, _goal = learning_selectors.capture_row(meeting)
    challenge = learning_selectors.captured_challenge(sheet, request.GET.get("challenge", ""))
    context = _panel_context(request, meeting, text=text, challenge=challenge)
    if is_htmx(request):
        return render(request, "learning/suggestions.html#list", context)
    return render(request, PAGE, context)


@rule(can_manage_some_meetings)
@require_POST
def capture_save(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Save the typed challenge on the row on screen and, when a lesson was chosen, add it as
    a follow-up "gagasan dari desa lain" on the same row."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet, goal = learning_selectors.capture_row(meeting)
    if sheet is None:
        raise Http404
    # htmx sends the textarea as it is now; a plain form sends the text the suggestions were for.
    # Never cut: a text too long is refused by the service, with a message, and kept here.
    text = request.POST.get("text") or request.POST.get("shown_text") or ""
    challenge = learning_selectors.captured_challenge(sheet, request.POST.get("challenge", ""))
    lesson = None
    if request.POST.get("lesson"):
        lesson = learning_selectors.lesson_for_user(request.user, request.POST["lesson"])
    try:
        challenge, _followup = learning_services.lesson_adopt_with_challenge(
            lesson=lesson,
            sheet=sheet,
            goal=goal,
            text=text,
            challenge=challenge,
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if lesson is not None:
            messages.success(
                request,
                _("The idea from Desa %(desa)s is added to the follow-ups of this row.")
                % {"desa": lesson.desa.name},
            )
        else:
            messages.success(request, _("The challenge is noted on this row."))
    if is_htmx(request):
        context = _panel_context(request, meeting, text=text, challenge=challenge)
        return render(request, f"{PAGE}#panel", context)
    if lesson is None and challenge is not None:
        # Without JavaScript the suggestions come after saving, on the panel's own page.
        return _panel_page(meeting, text, challenge)
    return redirect("meetings:meeting_mode", meeting.pk)


def _panel_page(
    meeting: CoordinationMeeting, text: str, challenge: Challenge | None
) -> HttpResponse:
    query = {"text": text[:2000]}
    if challenge is not None:
        query["challenge"] = str(challenge.pk)
    url = reverse("learning:capture_suggestions", args=[meeting.pk])
    return redirect(url + "?" + urlencode(query))


@rule(can_manage_some_meetings)
@require_POST
def capture_dismiss(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """A suggested lesson does not fit the challenge typed for the row on screen: it is no
    longer offered there, and ranks lower for similar challenges."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet, goal = learning_selectors.capture_row(meeting)
    if sheet is None:
        raise Http404
    lesson = learning_selectors.lesson_for_user(request.user, request.POST.get("lesson", ""))
    text = (request.POST.get("text") or request.POST.get("shown_text") or "")[:2000]
    challenge = learning_selectors.captured_challenge(sheet, request.POST.get("challenge", ""))
    try:
        learning_services.lesson_dismiss(
            lesson=lesson, sheet=sheet, goal=goal, challenge_text=text, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The idea from Desa %(desa)s is no longer offered for this row.")
            % {"desa": lesson.desa.name},
        )
    if is_htmx(request):
        context = _panel_context(request, meeting, text=text, challenge=challenge)
        return render(request, f"{PAGE}#panel", context)
    return _panel_page(meeting, text, challenge)
