"""Pages of the kabupaten team's meetings: the year at a glance, one meeting, its minutes.

Decisions and the meeting's notes are saved as they are typed and by a Save button without
JavaScript (rembuk.core.autosave): only the fields whose value differs from what the page
showed go to the service, so two people recording different items at once both land.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rembuk.core import autosave
from rembuk.core.forms import error_text
from rembuk.core.permissions import rule
from rembuk.core.posted import posted_date
from rembuk.district import documents, selectors, services
from rembuk.district.forms import AgendaTopicForm, DistrictMeetingForm
from rembuk.district.models import MEETINGS_PER_YEAR, AgendaItem, DistrictMeeting
from rembuk.district.permissions import (
    can_manage_district_meetings_of,
    can_manage_some_district_meetings,
    can_read_some_district_meetings,
)
from rembuk.people.models import Agency
from rembuk.reports import background

PAGE = "district/meeting_detail.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEETING_FIELDS = ["date", "place", "participants", "minutes"]
ITEM_FIELDS = ["title", "decision", "assigned_agency", "assignment", "assignment_due"]


def _this_year() -> int:
    return timezone.localdate().year


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return _this_year()
    return year if 2000 <= year <= 2100 else _this_year()


# --- the kabupaten's year ---------------------------------------------------------------------


@rule(can_read_some_district_meetings)
def district_index(request: HttpRequest) -> HttpResponse:
    kabupatens = selectors.kabupatens_visible_to(request.user)
    if len(kabupatens) == 1:
        return redirect("district:kabupaten_meetings", kabupatens[0].code)
    return render(request, "district/index.html", {"kabupatens": kabupatens})


def _kabupaten_page(
    request: HttpRequest, code: str, form: DistrictMeetingForm | None = None, status: int = 200
) -> HttpResponse:
    kabupaten = selectors.kabupaten_for_reader(request.user, code)
    year = _year_from(request)
    can_manage = can_manage_district_meetings_of(request.user, kabupaten.code)
    if form is None and can_manage:
        form = DistrictMeetingForm()
    return render(
        request,
        "district/kabupaten_meetings.html",
        {
            "kabupaten": kabupaten,
            "summary": selectors.year_summary(kabupaten, year),
            "years": selectors.years_with_meetings(kabupaten),
            "guideline": MEETINGS_PER_YEAR,
            "can_manage": can_manage,
            "form": form,
        },
        status=status,
    )


@rule(can_read_some_district_meetings)
def kabupaten_meetings(request: HttpRequest, code: str) -> HttpResponse:
    """Meetings held and planned in a year; a warning below the guideline of 3 a year
    (docs/mechanism.md#kabupaten-team-meetings)."""
    return _kabupaten_page(request, code)


@rule(can_manage_some_district_meetings)
@require_POST
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    kabupaten = selectors.kabupaten_for_reader(request.user, code)
    if not can_manage_district_meetings_of(request.user, kabupaten.code):
        return HttpResponse(status=403)
    form = DistrictMeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.district_meeting_create(
                kabupaten=kabupaten,
                date=form.cleaned_data["date"],
                place=form.cleaned_data["place"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Meeting scheduled. Build its agenda next."))
            return redirect("district:meeting_detail", meeting.id)
    return _kabupaten_page(request, code, form=form, status=400)


# --- one meeting ------------------------------------------------------------------------------


@rule(can_read_some_district_meetings)
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    can_manage = can_manage_district_meetings_of(request.user, meeting.kabupaten.code)
    agenda = selectors.meeting_agenda(meeting)
    sources = selectors.agenda_sources(meeting) if can_manage else None
    return render(
        request,
        PAGE,
        {
            "meeting": meeting,
            "agenda": agenda,
            "sources": sources,
            "can_manage": can_manage,
            "topic_form": AgendaTopicForm(),
            "today": timezone.localdate(),
        },
    )


@rule(can_manage_some_district_meetings)
@require_POST
def meeting_save(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)

    def write(changes: dict[str, Any], version: int | None) -> DistrictMeeting:
        if "date" in changes:
            changes["date"] = posted_date(changes["date"])
        return services.district_meeting_update(
            meeting=meeting, actor=request.user, base_version=version, **changes
        )

    return autosave.save(
        request,
        obj=meeting,
        names=MEETING_FIELDS,
        write=write,
        redirect_to=reverse("district:meeting_detail", args=[meeting.id]) + "#notes",
    )


@rule(can_manage_some_district_meetings)
@require_POST
def meeting_status(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    try:
        if request.POST.get("status") == DistrictMeeting.Status.PLANNED:
            services.district_meeting_mark_planned(meeting=meeting, actor=request.user)
        else:
            services.district_meeting_mark_held(meeting=meeting, actor=request.user)
            messages.success(request, _("The meeting is marked held."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("district:meeting_detail", meeting.id)


@rule(can_manage_some_district_meetings)
@require_POST
def agenda_build(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    created = services.agenda_build(meeting=meeting, actor=request.user)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d item added to the agenda.",
                "%(count)d items added to the agenda.",
                len(created),
            )
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("Nothing new to add: every report and open request is on it."))
    return redirect(reverse("district:meeting_detail", args=[meeting.id]) + "#agenda")


@rule(can_manage_some_district_meetings)
@require_POST
def agenda_topic_add(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    form = AgendaTopicForm(request.POST)
    if form.is_valid():
        try:
            item = services.agenda_item_add(
                meeting=meeting, title=form.cleaned_data["title"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return redirect(
                reverse("district:meeting_detail", args=[meeting.id]) + f"#item-{item.id}"
            )
    else:
        messages.error(request, _("Write the topic first."))
    return redirect(reverse("district:meeting_detail", args=[meeting.id]) + "#agenda")


@rule(can_manage_some_district_meetings)
@require_POST
def agenda_item_save(
    request: HttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    item = selectors.agenda_item_of(meeting, item_id)

    def write(changes: dict[str, Any], version: int | None) -> AgendaItem:
        if "assignment_due" in changes:
            changes["assignment_due"] = posted_date(changes["assignment_due"])
        if "assigned_agency" in changes:
            changes["assigned_agency"] = _agency(meeting, changes["assigned_agency"])
        saved = services.agenda_item_save(
            item=item, actor=request.user, base_version=version, **changes
        )
        saved.meeting = meeting
        return saved

    return autosave.save(
        request,
        obj=item,
        names=ITEM_FIELDS,
        write=write,
        redirect_to=reverse("district:meeting_detail", args=[meeting.id]) + f"#item-{item.id}",
    )


def _agency(meeting: DistrictMeeting, value: str) -> Agency | None:
    if not value:
        return None
    agency = selectors.agency_of(meeting, value)
    if agency is None:
        raise ValidationError(_("Choose an agency of this kabupaten."))
    return agency


@rule(can_manage_some_district_meetings)
@require_POST
def agenda_item_delete(
    request: HttpRequest, meeting_id: uuid.UUID, item_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    item = selectors.agenda_item_of(meeting, item_id)
    services.agenda_item_delete(item=item, actor=request.user)
    messages.success(request, _("The item was taken off the agenda."))
    return redirect(reverse("district:meeting_detail", args=[meeting.id]) + "#agenda")


# --- minutes ----------------------------------------------------------------------------------


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@rule(can_read_some_district_meetings)
def minutes_pdf(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Long minutes are built by the worker while a page shows progress."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    return background.answer(request, documents.MINUTES, str(meeting.pk), "pdf")


@rule(can_read_some_district_meetings)
def minutes_docx(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    agenda = selectors.meeting_agenda(meeting)
    return _file(documents.minutes_docx(agenda), documents.minutes_filename(meeting, "docx"), DOCX)
