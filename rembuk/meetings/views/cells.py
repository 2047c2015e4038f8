"""The autosaving cells of a village's sheet: challenges, follow-ups, goal reviews, reviews of
carried-in follow-ups, the village's representatives and the other participants.

Each is saved as it is typed and by a Save button without JavaScript (rembuk.core.autosave):
only the fields whose value differs from what the page showed go to the service, so two people
editing different cells of the same record both land.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core import autosave
from rembuk.core.permissions import rule
from rembuk.core.posted import posted_date
from rembuk.meetings import selectors, services
from rembuk.meetings.models import Challenge, FollowUp
from rembuk.meetings.permissions import can_manage_some_meetings
from rembuk.meetings.views.page import back_to_sheet

CHALLENGE_FIELDS = ["text", "cause", "learning", "blocked_activity_ids"]
FOLLOWUP_FIELDS = ["text", "kind", "owner", "owner_agency", "due_date"]
GOAL_REVIEW_FIELDS = ["result", "factors"]
FOLLOWUP_REVIEW_FIELDS = ["status", "note"]


def _gone(request: HttpRequest, key: str, names: list[str], redirect_to: str) -> HttpResponse:
    """The cell's record was deleted by someone else while this page was open."""
    return autosave.respond(
        request,
        key=key,
        obj=None,
        fields={name: str(request.POST.get(f"was_{name}", "")) for name in names},
        error=ValidationError(
            _("Someone else deleted this entry. Copy your text if you need it, then reload.")
        ),
        redirect_to=redirect_to,
    )


def entry_of[M: (Challenge, FollowUp)](
    model: type[M], find: Callable[[Any, str], M], sheet: Any, post: Any
) -> tuple[M | None, uuid.UUID | None]:
    """(the cell's record or None for a new entry, the id a new entry takes). A new entry is
    created under its cell's key, so the same new entry sent again — its first save arrived
    but the answer did not, and the page resends it without an id (static/js/rembuk.js) — is
    found by its key and updated, not added twice. Raises Http404 for an id that is not on the
    sheet (deleted meanwhile), and for a key naming an entry of this sheet that was deleted (sent
    again after someone deleted it). A key that is no uuid or names a record elsewhere, live or
    deleted, is not used: the new entry takes a fresh id and that record is left alone. This is
    read before the write lock: two copies arriving together may both find the key free, so
    the service decides again under its lock (services.records._entry_under_key)."""
    if post.get("id"):
        return find(sheet, post["id"]), None
    try:
        key = uuid.UUID(hex=str(post.get("key", "")))
    except ValueError:
        return None, None
    try:
        return find(sheet, str(key)), None
    except Http404:
        # Deleted records keep their ids (they are tombstones): all_objects, not objects.
        taken = model.all_objects.filter(pk=key).values("sheet_id").first()
        if taken is None:
            return None, key
        if taken["sheet_id"] == sheet.pk:
            raise
        return None, None


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
        challenge, new_id = entry_of(Challenge, selectors.challenge_of, sheet, post)
    except Http404:
        return _gone(request, key, CHALLENGE_FIELDS, back_to_sheet(meeting, sheet))
    goal = selectors.goal_of(sheet, post.get("goal")) if challenge is None else challenge.goal
    return autosave.save(
        request,
        key=key,
        obj=challenge,
        names=CHALLENGE_FIELDS,
        multi=("blocked_activity_ids",),
        create=challenge is None,
        write=lambda changes, version: services.challenge_save(
            sheet=sheet,
            challenge=challenge,
            goal=goal,
            actor=request.user,
            base_version=version,
            new_id=new_id,
            **changes,
        ),
        redirect_to=back_to_sheet(meeting, sheet, f"goal-{goal.id}" if goal else ""),
    )


@rule(can_manage_some_meetings)
@require_POST
def followup_save(request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    post = request.POST
    key = post.get("key", "") or uuid.uuid4().hex
    try:
        followup, new_id = entry_of(FollowUp, selectors.followup_of, sheet, post)
    except Http404:
        return _gone(request, key, FOLLOWUP_FIELDS, back_to_sheet(meeting, sheet))
    goal = selectors.goal_of(sheet, post.get("goal")) if followup is None else None
    goal_id = followup.goal_id if followup is not None else (goal.id if goal else None)

    def write(changes: dict[str, Any], version: int | None) -> FollowUp:
        if "owner_agency" in changes:
            agency_id = changes["owner_agency"]
            changes["owner_agency"] = selectors.agency_by_id(agency_id) if agency_id else None
            if agency_id and changes["owner_agency"] is None:
                raise ValidationError(_("Unknown agency."))
        if "due_date" in changes:
            changes["due_date"] = posted_date(changes["due_date"])
        return services.followup_save(
            sheet=sheet,
            followup=followup,
            goal=goal,
            actor=request.user,
            base_version=version,
            new_id=new_id,
            **changes,
        )

    return autosave.save(
        request,
        key=key,
        obj=followup,
        names=FOLLOWUP_FIELDS,
        # A new follow-up takes every field as typed, including the defaults shown.
        changes=None if followup is not None else {n: post.get(n, "") for n in FOLLOWUP_FIELDS},
        create=followup is None,
        write=write,
        redirect_to=back_to_sheet(meeting, sheet, f"goal-{goal_id}" if goal_id else ""),
    )


@rule(can_manage_some_meetings)
@require_POST
def goal_review_save(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID, goal_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    goal = selectors.goal_of(sheet, goal_id)
    if goal is None:
        raise Http404
    return autosave.save(
        request,
        obj=selectors.goal_review_of(sheet, goal),
        names=GOAL_REVIEW_FIELDS,
        write=lambda changes, version: services.goal_review_record(
            sheet=sheet, goal=goal, actor=request.user, base_version=version, **changes
        ),
        redirect_to=back_to_sheet(meeting, sheet, f"goal-{goal.id}"),
    )


@rule(can_manage_some_meetings)
@require_POST
def followup_review_save(
    request: HttpRequest, meeting_id: uuid.UUID, followup_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    followup = selectors.carried_in_followup_of(meeting, followup_id)
    return autosave.save(
        request,
        obj=selectors.followup_review_at(meeting, followup),
        names=FOLLOWUP_REVIEW_FIELDS,
        write=lambda changes, version: services.followup_review_record(
            meeting=meeting, followup=followup, actor=request.user, base_version=version, **changes
        ),
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.id]) + "#carried",
    )


@rule(can_manage_some_meetings)
@require_POST
def sheet_attendance(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    return autosave.save(
        request,
        obj=sheet,
        names=["representatives"],
        write=lambda changes, version: services.sheet_update(
            sheet=sheet, actor=request.user, base_version=version, **changes
        ),
        redirect_to=back_to_sheet(meeting, sheet, "villages"),
    )


@rule(can_manage_some_meetings)
@require_POST
def meeting_participants(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    return autosave.save(
        request,
        obj=meeting,
        names=["other_participants"],
        write=lambda changes, version: services.meeting_update(
            meeting=meeting, actor=request.user, base_version=version, **changes
        ),
        redirect_to=reverse("meetings:meeting_detail", args=[meeting.id]) + "#participants",
    )
