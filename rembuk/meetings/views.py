"""Pages of the kecamatan coordination meeting: schedule, prepare, run, project, share back.

The cells of a sheet are saved as they are typed (htmx posts the whole small form; only the
fields whose value differs from the `was_<field>` value the page was showing go to the service,
so two people editing different cells of the same record both land) and also by a normal Save
button without JavaScript.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core import dates, history_text
from rembuk.core.addresses import absolute_url
from rembuk.core.forms import error_text
from rembuk.core.history import EditConflict
from rembuk.core.htmx import is_htmx, template_for
from rembuk.core.permissions import public, rule
from rembuk.core.posted import base_version, changed_fields, posted_date
from rembuk.meetings import selectors, services
from rembuk.meetings.forms import (
    MeetingCloseForm,
    MeetingCreateForm,
    MeetingForm,
    VillageReviewForm,
)
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
)
from rembuk.meetings.permissions import (
    can_manage_meetings_of,
    can_manage_some_meetings,
    can_read_meetings,
    can_record_some_village_review,
    can_record_village_review,
    is_village_user,
)
from rembuk.monitoring.selectors import review_digest
from rembuk.monitoring.services import village_review_record
from rembuk.people.models import Agency
from rembuk.regions.models import Region

PAGE = "meetings/meeting_detail.html"


def _back_to_sheet(meeting: CoordinationMeeting, sheet: MeetingSheet, anchor: str = "") -> str:
    url = reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={sheet.desa.code}"
    return url + (f"#{anchor}" if anchor else "")


# --- index, kecamatan page, village sessions ---------------------------------------------------


@rule(can_read_meetings)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The kecamatan in the user's scope with their meetings; a village goes to its own page."""
    user = request.user
    kecamatans = selectors.kecamatans_visible_to(user)
    if is_village_user(user) and not can_manage_some_meetings(user):
        return redirect("meetings:village_meetings")
    if len(kecamatans) == 1:
        return redirect("meetings:kecamatan_meetings", kecamatans[0].code)
    meetings = list(
        selectors.meetings_visible_to(user).filter(kecamatan__in=kecamatans).order_by("-date")[:200]
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {"kecamatans": kecamatans, "meetings": meetings},
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
    try:
        desa = Region.objects.get(code=code, level=Region.Level.DESA)
    except Region.DoesNotExist as missing:
        raise Http404 from missing
    if not can_record_village_review(request.user, desa.code):
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
        reverse("meetings:kecamatan_meetings", args=[desa.parent.code]) + f"#desa-{desa.code}"
    )


# --- scheduling -----------------------------------------------------------------------------


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
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
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
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The meeting details are saved."))
            return redirect("meetings:meeting_detail", meeting.id)
    return render(
        request,
        "meetings/meeting_form.html",
        {"kecamatan": meeting.kecamatan, "form": form, "meeting": meeting},
    )


# --- the meeting page -----------------------------------------------------------------------


def _meeting_context(request: HttpRequest, meeting: CoordinationMeeting) -> dict[str, Any]:
    sheets = selectors.meeting_sheet_list(meeting)
    state = selectors.presenter_state(meeting)
    wanted = request.GET.get("desa")
    current = next((s for s in sheets if s.desa.code == wanted), None)
    if current is None and state is not None:
        current = next((s for s in sheets if s.id == state.sheet_id), None)
    if current is None and sheets:
        current = sheets[0]
    views = selectors.meeting_sheets(meeting, current.desa.code) if current else []
    view = views[0] if views else None
    if view is not None:
        view.sheet.meeting = meeting
    carried = list(selectors.carried_in_followups(meeting))
    can_manage = can_manage_meetings_of(request.user, meeting.kecamatan.code)
    editable = can_manage and meeting.status != CoordinationMeeting.Status.CLOSED
    period_ended = bool(view and view.sheet.plan and view.sheet.plan.period_end < meeting.date.year)
    index = sheets.index(current) if current else 0
    return {
        "meeting": meeting,
        "sheets": sheets,
        "current": current,
        "view": view,
        "previous_sheet": sheets[index - 1] if current and index > 0 else None,
        "next_sheet": sheets[index + 1] if current and index + 1 < len(sheets) else None,
        "carried": carried,
        "carried_here": [f for f in carried if current and f.sheet.desa_id == current.desa_id],
        # Each carried follow-up once on the page: the shown village's in its sheet, the
        # others' listed below with a link to their sheet.
        "carried_elsewhere": [
            f for f in carried if not current or f.sheet.desa_id != current.desa_id
        ],
        "latest_review": review_digest(current.desa_id, meeting.date) if current else None,
        "warnings": selectors.meeting_review_warnings(meeting, sheets),
        "agencies": selectors.agencies_for(meeting),
        "state": state,
        "can_manage": can_manage,
        "editable": editable,
        "period_ended": period_ended,
        "share_links": _with_urls(
            request, selectors.share_links_of(meeting).get(current.id, []) if current else []
        ),
        "kinds": FollowUp.Kind.choices,
        "owners": FollowUp.Owner.choices,
        "statuses": FollowUp.Status.choices,
        "results": GoalReview.Result.choices,
        "close_form": MeetingCloseForm(
            initial={
                "next_meeting_date": meeting.next_meeting_date,
                "documents_note": meeting.documents_note,
            }
        ),
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
    context = _meeting_context(request, meeting)
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
    page names them first."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    form = MeetingCloseForm(request.POST or None)
    empty: list[str] = []
    if request.method == "POST" and form.is_valid():
        empty = [v.sheet.desa.name for v in selectors.meeting_sheets(meeting) if v.is_empty]
        try:
            services.meeting_close(
                meeting=meeting,
                actor=request.user,
                next_meeting_date=form.cleaned_data["next_meeting_date"],
                documents_note=form.cleaned_data["documents_note"],
                confirm_empty=form.cleaned_data["confirm_empty"],
                empty_village_names=empty,
            )
        except services.EmptySheetsError:
            form = MeetingCloseForm(
                initial={**form.cleaned_data, "confirm_empty": True},
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            empty = []
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


def _save_response(
    request: HttpRequest,
    *,
    key: str,
    fields: dict[str, Any],
    obj: Any = None,
    error: ValidationError | None = None,
    redirect_to: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """htmx: the cell's save state (hidden inputs + message). Without JS: back to the page."""
    conflict = error if isinstance(error, EditConflict) else None
    message = error_text(error) if error is not None else ""
    conflict_items: list[tuple[str, Any]] = []
    if conflict is not None and obj is not None:
        # The cells as the page labels them, with their values in people's words.
        conflict_items = history_text.readable_values(type(obj), conflict.current)
        message = _(
            "Someone else changed this while you were typing. Their text is shown below: "
            "merge it with yours, then keep typing to save."
        )
    if not is_htmx(request):
        if error is not None:
            messages.error(request, message)
            # Without JavaScript the page reloads with their text: keep the person's own too.
            for name, (label, value) in zip(
                conflict.current if conflict else {}, conflict_items, strict=False
            ):
                messages.info(request, f"{label}: {value}")
                messages.warning(
                    request,
                    _("Your text, not saved: %(text)s") % {"text": request.POST.get(name, "")},
                )
        return redirect(redirect_to)
    context = {
        "key": key,
        "obj": obj,
        "fields": fields,
        "error": error,
        "error_text": message,
        "conflict": conflict,
        "conflict_items": conflict_items,
        "saved_at": timezone.localtime() if error is None else None,
        **(extra or {}),
    }
    return render(request, f"{PAGE}#save_state", context)


def _shown_values(
    obj: Any, names: list[str], post: QueryDict, error: ValidationError | None = None
) -> dict[str, str]:
    """The `was_` values the page should now carry: the saved record's, else what was posted.

    After a refusal other than a conflict, the page keeps what it showed, so the person's text
    is sent again on the next try."""
    if error is not None and not isinstance(error, EditConflict):
        return {name: post.get(f"was_{name}", "") for name in names}
    shown: dict[str, str] = {}
    for name in names:
        if obj is not None:
            value = getattr(obj, name, "")
            if isinstance(value, list):
                value = ",".join(sorted(str(v) for v in value))
            elif isinstance(value, datetime.date):
                value = dates.shown(value)
            elif isinstance(value, Agency):
                value = str(value.pk)
            elif value is None:
                value = ""
            shown[name] = str(value)
        else:
            shown[name] = post.get(f"was_{name}", "")
    return shown


def _gone(request: HttpRequest, key: str, names: list[str], redirect_to: str) -> HttpResponse:
    """The cell's record was deleted by someone else while this page was open."""
    return _save_response(
        request,
        key=key,
        fields={name: request.POST.get(f"was_{name}", "") for name in names},
        error=ValidationError(
            _("Someone else deleted this entry. Copy your text if you need it, then reload.")
        ),
        redirect_to=redirect_to,
    )


CHALLENGE_FIELDS = ["text", "cause", "learning", "blocked_activity_ids"]


@rule(can_manage_some_meetings)
@require_POST
def challenge_save(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    post = request.POST
    key = post.get("key", "") or uuid.uuid4().hex
    try:
        challenge = selectors.challenge_of(sheet, post["id"]) if post.get("id") else None
    except Http404:
        return _gone(request, key, CHALLENGE_FIELDS, _back_to_sheet(meeting, sheet))
    goal = selectors.goal_of(sheet, post.get("goal")) if challenge is None else challenge.goal
    changes = changed_fields(post, CHALLENGE_FIELDS, multi=("blocked_activity_ids",))
    error: ValidationError | None = None
    obj: Challenge | None = challenge
    if changes or challenge is None:
        try:
            obj = services.challenge_save(
                sheet=sheet,
                challenge=challenge,
                goal=goal,
                actor=request.user,
                base_version=base_version(post),
                **changes,
            )
        except ValidationError as failure:
            error = failure
            if isinstance(failure, EditConflict) and challenge is not None:
                obj = Challenge.objects.get(pk=challenge.pk)
    shown = _shown_values(obj, CHALLENGE_FIELDS, post, error)
    return _save_response(
        request,
        key=key,
        fields=shown,
        obj=obj,
        error=error,
        redirect_to=_back_to_sheet(meeting, sheet, f"goal-{goal.id}" if goal else ""),
        extra={"blocked_count": len(obj.blocked_activity_ids) if obj is not None else 0},
    )


FOLLOWUP_FIELDS = ["text", "kind", "owner", "owner_agency", "due_date"]


@rule(can_manage_some_meetings)
@require_POST
def followup_save(request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    post = request.POST
    key = post.get("key", "") or uuid.uuid4().hex
    try:
        followup = selectors.followup_of(sheet, post["id"]) if post.get("id") else None
    except Http404:
        return _gone(request, key, FOLLOWUP_FIELDS, _back_to_sheet(meeting, sheet))
    goal = selectors.goal_of(sheet, post.get("goal")) if followup is None else None
    goal_id = followup.goal_id if followup is not None else (goal.id if goal else None)
    changes = changed_fields(post, FOLLOWUP_FIELDS)
    if followup is None:
        # A new follow-up takes every field as typed, including the defaults shown.
        changes = {name: post.get(name, "") for name in FOLLOWUP_FIELDS}
    error: ValidationError | None = None
    obj: FollowUp | None = followup
    try:
        if "owner_agency" in changes:
            agency_id = changes["owner_agency"]
            changes["owner_agency"] = (
                Agency.objects.filter(pk=agency_id).first() if agency_id else None
            )
            if agency_id and changes["owner_agency"] is None:
                raise ValidationError(_("Unknown agency."))
        if "due_date" in changes:
            changes["due_date"] = posted_date(changes["due_date"])
        if changes or followup is None:
            obj = services.followup_save(
                sheet=sheet,
                followup=followup,
                goal=goal,
                actor=request.user,
                base_version=base_version(post),
                **changes,
            )
    except ValidationError as failure:
        error = failure
        if isinstance(failure, EditConflict) and followup is not None:
            obj = FollowUp.objects.get(pk=followup.pk)
    shown = _shown_values(obj, FOLLOWUP_FIELDS, post, error)
    if obj is not None and obj.owner_agency_id:
        shown["owner_agency"] = str(obj.owner_agency_id)
    return _save_response(
        request,
        key=key,
        fields=shown,
        obj=obj,
        error=error,
        redirect_to=_back_to_sheet(meeting, sheet, f"goal-{goal_id}" if goal_id else ""),
    )


@rule(can_manage_some_meetings)
@require_POST
def item_delete(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, kind: str, item_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    try:
        if kind == "kendala":
            services.challenge_delete(
                challenge=selectors.challenge_of(sheet, item_id), actor=request.user
            )
        elif kind == "tindak-lanjut":
            services.followup_delete(
                followup=selectors.followup_of(sheet, item_id), actor=request.user
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        return HttpResponse("")
    return redirect(_back_to_sheet(meeting, sheet))


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
    views = selectors.meeting_sheets(meeting, sheet.desa.code)
    row = next((r for r in views[0].rows if r.goal.id == goal.id), None) if views else None
    context = {
        "meeting": meeting,
        "current": sheet,
        "row": row,
        "editable": True,
        "agencies": selectors.agencies_for(meeting),
        "kinds": FollowUp.Kind.choices,
        "owners": FollowUp.Owner.choices,
        "new_key": uuid.uuid4().hex,
    }
    fragment = "challenge_new" if kind == "kendala" else "followup_new"
    return render(request, f"{PAGE}#{fragment}", context)


@rule(can_manage_some_meetings)
@require_POST
def goal_review_save(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, goal_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    goal = selectors.goal_of(sheet, goal_id)
    assert goal is not None
    post = request.POST
    changes = changed_fields(post, ["result", "factors"])
    error: ValidationError | None = None
    obj: GoalReview | None = GoalReview.objects.filter(sheet=sheet, goal=goal).first()
    if changes:
        try:
            obj = services.goal_review_record(
                sheet=sheet,
                goal=goal,
                actor=request.user,
                base_version=base_version(post),
                **changes,
            )
        except ValidationError as failure:
            error = failure
    return _save_response(
        request,
        key=f"review-{goal.id}",
        fields=_shown_values(obj, ["result", "factors"], post, error),
        obj=obj,
        error=error,
        redirect_to=_back_to_sheet(meeting, sheet, f"goal-{goal.id}"),
    )


@rule(can_manage_some_meetings)
@require_POST
def followup_review_save(
    request: HttpRequest, meeting_id: uuid.UUID, followup_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    followup = selectors.carried_in_followup_of(meeting, followup_id)
    post = request.POST
    changes = changed_fields(post, ["status", "note"])
    error: ValidationError | None = None
    obj: FollowUpReview | None = FollowUpReview.objects.filter(
        meeting=meeting, followup=followup
    ).first()
    if changes:
        try:
            obj = services.followup_review_record(
                meeting=meeting,
                followup=followup,
                actor=request.user,
                base_version=base_version(post),
                **changes,
            )
        except ValidationError as failure:
            error = failure
    return _save_response(
        request,
        key=f"carried-{followup.id}",
        fields=_shown_values(obj, ["status", "note"], post, error),
        obj=obj,
        error=error,
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.id]) + "#carried",
    )


@rule(can_manage_some_meetings)
@require_POST
def sheet_attendance(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    post = request.POST
    changes = changed_fields(post, ["representatives"])
    error: ValidationError | None = None
    obj: MeetingSheet = sheet
    if changes:
        try:
            obj = services.sheet_update(
                sheet=sheet, actor=request.user, base_version=base_version(post), **changes
            )
        except ValidationError as failure:
            error = failure
    return _save_response(
        request,
        key=f"attendance-{sheet.id}",
        fields=_shown_values(obj, ["representatives"], post, error),
        obj=obj,
        error=error,
        redirect_to=_back_to_sheet(meeting, sheet, "villages"),
    )


@rule(can_manage_some_meetings)
@require_POST
def meeting_participants(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    post = request.POST
    changes = changed_fields(post, ["other_participants"])
    error: ValidationError | None = None
    obj: CoordinationMeeting = meeting
    if changes:
        try:
            obj = services.meeting_update(
                meeting=meeting, actor=request.user, base_version=base_version(post), **changes
            )
        except ValidationError as failure:
            error = failure
    return _save_response(
        request,
        key="participants",
        fields=_shown_values(obj, ["other_participants"], post, error),
        obj=obj,
        error=error,
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.id]) + "#participants",
    )


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
        context = _meeting_context(request, meeting)
        return render(request, f"{PAGE}#village_order", context)
    return redirect(reverse("meetings:meeting_detail", args=[meeting.id]) + "#villages")


# --- meeting mode (the projector) -------------------------------------------------------------


def _stage_context(request: HttpRequest, meeting: CoordinationMeeting) -> dict[str, Any]:
    sheets = selectors.meeting_sheet_list(meeting)
    state = selectors.presenter_state(meeting)
    current = None
    if state is not None:
        current = next((s for s in sheets if s.id == state.sheet_id), None)
    row: int | None = state.row if state is not None and current is not None else None
    if current is None and sheets:
        current = sheets[0]
    views = selectors.meeting_sheets(meeting, current.desa.code) if current else []
    view = views[0] if views else None
    rows = len(view.rows) if view else 0
    carried = (
        [f for f in selectors.carried_in_followups(meeting) if f.sheet.desa_id == current.desa_id]
        if current
        else []
    )
    latest_review = review_digest(current.desa_id, meeting.date) if current else None
    # The same rule as services.presenter_step: a village with nothing to hear first opens on
    # its first row.
    has_opening = bool(latest_review or carried)
    if row is None and not has_opening:
        row = 0
    if row is not None:
        row = min(row, max(rows - 1, 0))
    index = sheets.index(current) if current else 0
    return {
        "meeting": meeting,
        "sheets": sheets,
        "current": current,
        "index": index,
        "view": view,
        "row": row,
        "row_count": rows,
        "opening": row is None,
        "has_opening": has_opening,
        "previous_sheet": sheets[index - 1] if current and index > 0 else None,
        "next_sheet": sheets[index + 1] if current and index + 1 < len(sheets) else None,
        "carried_here": carried,
        "latest_review": latest_review,
        "can_drive": can_manage_meetings_of(request.user, meeting.kecamatan.code),
    }


@rule(can_read_meetings)
def meeting_mode(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Full-screen Matriks 3 of one village for the projector; follows the server's state."""
    meeting = selectors.meeting_for_user(request.user, meeting_id)
    context = _stage_context(request, meeting)
    return render(request, template_for(request, "meetings/meeting_mode.html", "stage"), context)


def _posted_row(value: str | None) -> int | None:
    """The row a "show on the projector" button names; empty: the village's opening."""
    try:
        return max(0, int(value)) if value not in (None, "") else None
    except ValueError:
        return None


@rule(can_manage_some_meetings)
@require_POST
def presenter_move(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Move the projector: to a village (sheet) and row, or one step (step=±village/±row)."""
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    wanted = request.POST.get("sheet")
    if wanted:
        sheet = selectors.sheet_of(meeting, wanted)
        state = services.presenter_move(
            meeting=meeting, sheet=sheet, row=_posted_row(request.POST.get("row"))
        )
    else:
        try:
            state = services.presenter_step(meeting=meeting, step=request.POST.get("step", ""))
        except ValidationError as error:
            return HttpResponseBadRequest(error_text(error))
    back = request.POST.get("back")
    if is_htmx(request):
        if back == "page":
            # The meeting page: refresh the list of villages so "on screen" moves along.
            return render(request, f"{PAGE}#village_order", _meeting_context(request, meeting))
        return render(request, "meetings/meeting_mode.html#stage", _stage_context(request, meeting))
    if back == "page" and state.sheet is not None:
        anchor = f"row-{state.row}" if state.row is not None else "sheet"
        return redirect(_back_to_sheet(meeting, state.sheet, anchor))
    return redirect("meetings:meeting_mode", meeting.id)


# --- sharing back -----------------------------------------------------------------------------


@rule(can_manage_some_meetings)
@require_POST
def share_link_create(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    services.share_link_create(sheet=sheet, actor=request.user)
    messages.success(
        request,
        _("A share link for desa %(desa)s is ready. Copy it into the village's WhatsApp group.")
        % {"desa": sheet.desa.name},
    )
    return redirect(_back_to_sheet(meeting, sheet, "share"))


@rule(can_manage_some_meetings)
@require_POST
def share_link_revoke(request: HttpRequest, meeting_id: uuid.UUID, link_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    link = selectors.share_link_of(meeting, link_id)
    services.share_link_revoke(link=link, actor=request.user)
    messages.success(request, _("The link no longer works."))
    sheet = selectors.sheet_of(meeting, link.sheet_id)
    return redirect(_back_to_sheet(meeting, sheet, "share"))


@public
def shared_sheet(request: HttpRequest, token: str) -> HttpResponse:
    """One village's sheet for a phone, without logging in. Unknown/expired/revoked: 404."""
    link = services.share_link_resolve(token)
    if link is None:
        raise Http404
    meeting = link.sheet.meeting
    views = selectors.meeting_sheets(meeting, link.sheet.desa.code)
    if not views:
        raise Http404
    response = render(
        request,
        "meetings/shared_sheet.html",
        {
            "meeting": meeting,
            "view": views[0],
            "link": link,
            "latest_review": review_digest(link.sheet.desa_id, meeting.date),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


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
    views = selectors.meeting_sheets(chosen) if chosen else []
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
