"""The meetings index, a kecamatan's villages and meetings, scheduling, and a village's page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.forms import add_service_errors, error_text
from rembuk.core.lists import page_of
from rembuk.core.permissions import rule
from rembuk.meetings import selectors, services
from rembuk.meetings.forms import MeetingCreateForm, MeetingForm, VillageReviewForm
from rembuk.meetings.permissions import (
    can_manage_meetings_of,
    can_manage_some_meetings,
    can_read_meetings,
    can_record_some_village_review,
    can_record_village_review,
    is_village_user,
)
from rembuk.meetings.sheet_page import sheet_lines, sheet_pages
from rembuk.monitoring.services import village_review_record
from rembuk.regions import codes

# Meetings a kecamatan's row shows on the index; its own page lists them all.
MEETINGS_SHOWN = 4


@rule(can_read_meetings)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The kecamatan in the user's scope with their latest meetings, a page at a time (a
    national team's holds 7,277); a village goes to its own page, one kecamatan to its."""
    user = request.user
    if is_village_user(user) and not can_manage_some_meetings(user):
        return redirect("meetings:village_meetings")
    query = request.GET.get("q", "").strip()
    kecamatans = selectors.kecamatans_visible_to(user, query)
    if not query:
        first = list(kecamatans[:2])
        if len(first) == 1:
            return redirect("meetings:kecamatan_meetings", first[0].code)
    page = page_of(request, kecamatans)
    recent = selectors.recent_meetings_of(user, page, MEETINGS_SHOWN)
    for kecamatan in page:
        kecamatan.recent_meetings, kecamatan.meeting_count = recent.get(kecamatan.pk, ([], 0))  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/meeting_list.html",
        {"page": page, "query": query, "searchable": query or page.paginator.num_pages > 1},
    )


@rule(can_read_meetings)
def kecamatan_meetings(request: HttpRequest, code: str) -> HttpResponse:
    """One kecamatan: its desa with their own session dates, and its meetings
    (docs/mechanism.md#preparing-the-meeting, steps 1–2)."""
    kecamatan = selectors.kecamatan_for_reader(request.user, code)
    villages = selectors.kecamatan_villages(kecamatan)
    for line in villages:
        line.can_record = can_record_village_review(request.user, line.desa.code)  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/kecamatan_meetings.html",
        {
            "kecamatan": kecamatan,
            "villages": villages,
            "meetings": list(selectors.meetings_of_kecamatan(kecamatan)),
            "can_manage": can_manage_meetings_of(request.user, kecamatan.code),
            "review_form": VillageReviewForm(initial={"date": timezone.localdate()}),
        },
    )


@rule(can_record_some_village_review)
@require_POST
def village_review_add(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_by_code(code)
    if desa is None or not can_record_village_review(request.user, desa.code):
        raise Http404
    form = VillageReviewForm(request.POST)
    if form.is_valid():
        try:
            village_review_record(
                desa=desa,
                date=form.cleaned_data["date"],
                status=form.cleaned_data["status"],
                actor=request.user,
            )
            messages.success(
                request,
                _("The monitoring session of desa %(desa)s is recorded.") % {"desa": desa.name},
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, _("Give the date of the session and whether it is held."))
    return redirect(
        reverse("meetings:kecamatan_meetings", args=[codes.kecamatan_of(desa.code)])
        + f"#desa-{desa.code}"
    )


@rule(can_manage_some_meetings)
def meeting_create(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = selectors.kecamatan_for_manager(request.user, code)
    villages = selectors.kecamatan_villages(kecamatan)
    choices = [(line.desa.code, line.desa.name) for line in villages]
    initial = {
        "villages": [line.desa.code for line in villages if line.plan is not None],
        "purpose": _("Sharing learning from the implementation of activities in the villages."),
    }
    form = MeetingCreateForm(request.POST or None, initial=initial, village_choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["villages"])
        invited = [line.desa for line in villages if line.desa.code in chosen]
        try:
            meeting = services.meeting_create(
                kecamatan=kecamatan,
                date=form.cleaned_data["date"],
                start_time=form.cleaned_data["start_time"],
                place=form.cleaned_data["place"],
                purpose=form.cleaned_data["purpose"],
                villages=invited,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The villages without a monitoring session are listed once, in the meeting
            # page's own warning box, not again as flashed messages above it.
            messages.success(
                request, _("The meeting is scheduled and a sheet is ready for each village.")
            )
            return redirect("meetings:meeting_detail", meeting.id)
    no_plan = [line.desa.name for line in villages if line.plan is None]
    return render(
        request,
        "meetings/meeting_form.html",
        {"kecamatan": kecamatan, "form": form, "villages": villages, "no_plan": no_plan},
    )


@rule(can_manage_some_meetings)
def meeting_edit(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    form = MeetingForm(
        request.POST or None,
        initial={
            "date": meeting.date,
            "start_time": meeting.start_time,
            "place": meeting.place,
            "purpose": meeting.purpose,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting details are saved."))
            return redirect("meetings:meeting_detail", meeting.id)
    return render(
        request,
        "meetings/meeting_form.html",
        {"kecamatan": meeting.kecamatan, "form": form, "meeting": meeting},
    )


@rule(can_read_meetings)
def village_meetings(request: HttpRequest) -> HttpResponse:
    """A village's one page: every sheet of its kecamatan's meetings, and decisions about it."""
    user = request.user
    own = selectors.own_desa_codes(user)
    meetings = list(selectors.meetings_visible_to(user).order_by("-date")[:50])
    chosen = None
    wanted = request.GET.get("rapat")
    if wanted:
        chosen = next((m for m in meetings if str(m.id) == wanted), None)
    if chosen is None and meetings:
        chosen = meetings[0]
    sheets = sheet_lines(chosen) if chosen else []
    views = list(zip(sheets, sheet_pages(sheets), strict=True))
    decisions = list(selectors.village_followups(own)) if own else []
    return render(
        request,
        "meetings/village_meetings.html",
        {
            "meetings": meetings,
            "chosen": chosen,
            "views": views,
            "own": own,
            "decisions": decisions,
        },
    )
