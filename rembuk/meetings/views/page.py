"""The meeting page: one village's sheet on screen, with the meeting's villages around it;
opening, closing and re-opening the meeting; the order of the villages; blank entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.addresses import absolute_url
from rembuk.core.forms import add_service_errors, error_text
from rembuk.core.htmx import is_htmx, template_for
from rembuk.core.permissions import rule
from rembuk.core.slotted_urls import uuid_slot
from rembuk.core.templatetags.site_urls import fixed_urls
from rembuk.core.translated import choice_labels, per_language
from rembuk.meetings import selectors, services
from rembuk.meetings.forms import MeetingCloseForm
from rembuk.meetings.models import CoordinationMeeting, FollowUp, GoalReview, MeetingSheet
from rembuk.meetings.permissions import (
    can_manage_meetings_of,
    can_manage_some_meetings,
    can_read_meetings,
)
from rembuk.meetings.sheet_page import (
    SheetLine,
    carried_in_lines,
    carried_in_records,
    sheet_lines,
    sheet_page,
)
from rembuk.monitoring.selectors import review_digest
from rembuk.people.models import agency_choice_list

PAGE = "meetings/meeting_detail.html"
# Stand for the meeting's and a sheet's id in the URLs reversed once per process.
MEETING, SHEET = uuid_slot(1), uuid_slot(2)


def back_to_sheet(meeting: CoordinationMeeting, sheet: MeetingSheet, anchor: str = "") -> str:
    """The meeting page with this village's sheet on screen, at `anchor`."""
    url = reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={sheet.desa.code}"
    return url + (f"#{anchor}" if anchor else "")


def agency_choices(meeting: CoordinationMeeting) -> list[tuple[uuid.UUID, str, str]]:
    """The follow-up's agency list as (id, short name, full name as its title): written once
    per page in one loop ({% options %}), not a template loop per follow-up (docs/decisions/
    0025)."""
    return agency_choice_list(selectors.agency_names(meeting))


@dataclass(slots=True)  # not frozen: see sheet_page.PAGE_VALUES
class VillageLine:
    """A village in the order list, with what its line prints: built once per page, so the list
    does a lookup per value, not a chain of them and a reverse() per button."""

    id: uuid.UUID
    code: str
    name: str
    representatives: str
    move_url: str
    selected: bool  # its sheet is on this page
    projected: bool  # its sheet is on the projector


def village_lines(
    meeting: CoordinationMeeting, screen: selectors.OnScreen[SheetLine]
) -> list[VillageLine]:
    move = fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET)
    shown = screen.current.id if screen.current else None
    projected = screen.state.sheet_id if screen.state else None
    return [
        VillageLine(
            id=sheet.id,
            code=sheet.desa.code,
            name=sheet.desa.name,
            representatives=sheet.representatives,
            move_url=move.fill(meeting.id, sheet.id),
            selected=sheet.id == shown,
            projected=sheet.id == projected,
        )
        for sheet in screen.sheets
    ]


@per_language
def labelled(choices: type[models.Choices]) -> tuple[tuple[str, str], ...]:
    """The choices of `choices` with their labels translated, once per process and language:
    not cast again for every `<select>` that lists them, nor on every page."""
    return tuple(choice_labels(choices).items())


def sheet_urls(meeting: CoordinationMeeting, sheet_id: uuid.UUID | None) -> dict[str, str]:
    """The URLs every goal row and cell of the shown sheet posts to, reversed once per page
    (a cell's form prints them twice, and the page has a form per challenge and follow-up)."""
    table = fixed_urls()
    urls = {"presenter_move": table.slotted("meetings:presenter_move", MEETING).fill(meeting.id)}
    if sheet_id is not None:
        for name in ("challenge_save", "followup_save"):
            url = table.slotted(f"meetings:{name}", MEETING, SHEET)
            urls[name] = url.fill(meeting.id, sheet_id)
    return urls


@per_language
def close_form_labels() -> dict[str, str | int]:
    """What the page's closing fields print of MeetingCloseForm: its labels, help text and
    limit, read from the form's class (no form is built: its as_div cost the page 5,000
    function calls), once per process and language (shared: not to be changed). The page
    writes the fields; meeting_close() still parses the post."""
    fields = MeetingCloseForm.base_fields
    note = fields["documents_note"]
    assert isinstance(note, forms.CharField)
    return {
        "next_meeting_date": str(fields["next_meeting_date"].label),
        "documents_note": str(note.label),
        "documents_note_help": str(note.help_text),
        "documents_note_limit": note.max_length or 0,
    }


def meeting_context(request: HttpRequest, meeting: CoordinationMeeting) -> dict[str, Any]:
    screen = selectors.choose_on_screen(
        sheet_lines(meeting), meeting, desa_code=request.GET.get("desa")
    )
    sheets, current = screen.sheets, screen.current
    carried = carried_in_lines(meeting)
    # Each carried follow-up once on the page: the shown village's in its sheet (the full
    # record, with its review form), the others' listed below with a link to their sheet.
    shown_desa = current.desa_id if current else None
    can_manage = can_manage_meetings_of(request.user, meeting.kecamatan.code)
    editable = can_manage and meeting.status != CoordinationMeeting.Status.CLOSED
    period_ended = bool(current and current.plan and current.plan.period_end < meeting.date.year)
    return {
        "meeting": meeting,
        "villages": village_lines(meeting, screen),
        "current": current,
        "view": sheet_page(current) if current else None,
        "previous_sheet": screen.previous_sheet,
        "next_sheet": screen.next_sheet,
        "carried": carried,
        "carried_here": carried_in_records(
            [line for line in carried if line.desa_id == shown_desa]
        ),
        "carried_elsewhere": [line for line in carried if line.desa_id != shown_desa],
        "latest_review": review_digest(current.desa_id, meeting.date) if current else None,
        "warnings": selectors.meeting_review_warnings(meeting, sheets),
        "agency_choices": agency_choices(meeting),
        "sheet_urls": sheet_urls(meeting, current.id if current else None),
        "state": screen.state,
        "can_manage": can_manage,
        "editable": editable,
        "period_ended": period_ended,
        "share_links": _with_urls(
            request, selectors.share_links_of(meeting).get(current.id, []) if current else []
        ),
        "kinds": labelled(FollowUp.Kind),
        "owners": labelled(FollowUp.Owner),
        "statuses": labelled(FollowUp.Status),
        "results": labelled(GoalReview.Result),
        "close_form": close_form_labels() if editable else None,
    }


def _with_urls(request: HttpRequest, links: list[Any]) -> list[Any]:
    for link in links:
        link.url = absolute_url(
            request, reverse("meetings:shared_sheet", args=[services.share_token(link)])
        )
    return links


@rule(can_read_meetings)
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    context = meeting_context(request, meeting)
    return render(request, template_for(request, PAGE, "workspace"), context)


@rule(can_manage_some_meetings)
@require_POST
def meeting_open(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    try:
        services.meeting_open(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("meetings:meeting_detail", meeting.id)


@rule(can_manage_some_meetings)
def meeting_close(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Close (docs/mechanism.md#running-the-meeting, step 11); with empty sheets, a confirmation
    page names them first (the service works them out)."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    form = MeetingCloseForm(request.POST or None)
    empty: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_close(
                meeting=meeting,
                actor=request.user,
                next_meeting_date=form.cleaned_data["next_meeting_date"],
                documents_note=form.cleaned_data["documents_note"],
                confirm_empty=form.cleaned_data["confirm_empty"],
            )
        except services.EmptySheetsError as refused:
            empty = refused.names
            form = MeetingCloseForm(initial={**form.cleaned_data, "confirm_empty": True})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is closed. Its record is now read-only."))
            return redirect("meetings:meeting_detail", meeting.id)
    return render(
        request, "meetings/meeting_close.html", {"meeting": meeting, "form": form, "empty": empty}
    )


@rule(can_manage_some_meetings)
@require_POST
def meeting_reopen(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    services.meeting_reopen(meeting=meeting, actor=request.user)
    messages.success(request, _("The meeting is open again; every change is kept in its history."))
    return redirect("meetings:meeting_detail", meeting.id)


@rule(can_manage_some_meetings)
@require_POST
def sheet_move(request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    direction = request.POST.get("direction", "")
    try:
        services.sheet_move(sheet=sheet, direction=direction, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        return render(request, f"{PAGE}#village_order", meeting_context(request, meeting))
    return redirect(reverse("meetings:meeting_detail", args=[meeting.id]) + "#villages")


@rule(can_manage_some_meetings)
@require_POST
def item_delete(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, kind: str, item_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    goal_id = None
    try:
        if kind == "kendala":
            challenge = selectors.challenge_of(sheet, item_id)
            goal_id = challenge.goal_id
            services.challenge_delete(challenge=challenge, actor=request.user)
        elif kind == "tindak-lanjut":
            followup = selectors.followup_of(sheet, item_id)
            goal_id = followup.goal_id
            services.followup_delete(followup=followup, actor=request.user)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        return HttpResponse("")
    # Back to the row the item was on, as its saves go back to it (not to the sheet's top).
    return redirect(back_to_sheet(meeting, sheet, f"goal-{goal_id}" if goal_id else ""))


@rule(can_manage_some_meetings)
def blank_item(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, kind: str, goal_id: uuid.UUID
) -> HttpResponse:
    """An empty challenge or follow-up form for a goal row ("+ add another", htmx)."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    goal = selectors.goal_of(sheet, goal_id)
    if kind not in ("kendala", "tindak-lanjut") or goal is None:
        raise Http404
    if not is_htmx(request):
        # Without JavaScript (or opened in a new tab) the link leads to the row's own blank
        # form, which every row of an open sheet shows, not to a bare fragment of the page.
        entries = "challenges" if kind == "kendala" else "followups"
        return redirect(back_to_sheet(meeting, sheet, f"{entries}-{goal.id}"))
    row = sheet_page(sheet).row_of(goal.id)
    context = {
        "meeting": meeting,
        "current": sheet,
        "row": row,
        "editable": True,
        "agency_choices": agency_choices(meeting),
        "sheet_urls": sheet_urls(meeting, sheet.id),
        "kinds": labelled(FollowUp.Kind),
        "owners": labelled(FollowUp.Owner),
        "new_key": uuid.uuid4().hex,
    }
    fragment = "challenge_new" if kind == "kendala" else "followup_new"
    return render(request, f"{PAGE}#{fragment}", context)
