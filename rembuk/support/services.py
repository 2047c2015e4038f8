"""Writes to support requests.

Rules owned here:
- every follow-up of kind "dukungan OPD" of a meeting becomes exactly one SupportRequest, whose
  id is derived from the follow-up's (request_id_for), so nodes that do it independently agree;
- a new request starts as "diajukan" with a SUBMITTED event; the agency named at the meeting
  (if any) is kept as the proposal the kabupaten team triages;
- the life of a request (TRANSITIONS): the kabupaten team accepts a new request for an agency of
  the desa's kabupaten, reroutes it to another (a reason is required; the request goes back to
  "diterima" for the new agency) or declines it (a reason is required); the agency schedules it
  (a date is required), starts it, closes it (a response to the village is required) or
  declines it. Each step is a SupportRequestEvent dated by the person (today by default, never
  in the future), so the request's page reads like a logbook;
- who may take a step is checked by the views and the API (rembuk.support.permissions); these
  functions check what the step needs;
- a step taken from an older version of the request (base_version) is refused with
  EditConflict when a field it sets changed since — another step was taken meanwhile.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.meetings.models import CoordinationMeeting, FollowUp
from rembuk.people.models import Agency
from rembuk.support.models import SupportRequest, SupportRequestEvent

Status = SupportRequest.Status
Kind = SupportRequestEvent.Kind

# The steps an agency may take from each status. Skipping forward is allowed (an answer given
# by telephone closes an accepted request without a visit); going back is not.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.DECLINED}),
    Status.ACCEPTED: frozenset(
        {Status.SCHEDULED, Status.IN_PROGRESS, Status.DONE, Status.DECLINED}
    ),
    Status.SCHEDULED: frozenset(
        {Status.SCHEDULED, Status.IN_PROGRESS, Status.DONE, Status.DECLINED}
    ),
    Status.IN_PROGRESS: frozenset({Status.DONE, Status.DECLINED}),
    Status.DONE: frozenset(),
    Status.DECLINED: frozenset(),
}

# Fixed namespace: changing it would fork every request id already made.
REQUEST_NAMESPACE = uuid.UUID("6f1d2c9e-5b0a-4a43-9a57-0d3c1c2f8e11")


def request_id_for(followup_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(REQUEST_NAMESPACE, str(followup_id))


def event_id_for(request_id: uuid.UUID, kind: str) -> uuid.UUID:
    """The SUBMITTED event is made wherever the request is; it needs a shared id too."""
    return uuid.uuid5(REQUEST_NAMESPACE, f"{request_id}:{kind}")


@transaction.atomic
def requests_from_meeting(*, meeting: CoordinationMeeting, actor: Any) -> list[SupportRequest]:
    """Turn the meeting's "dukungan OPD" follow-ups into requests. Idempotent; returns new ones."""
    followups = list(
        FollowUp.objects.filter(
            sheet__meeting=meeting, kind=FollowUp.Kind.AGENCY_SUPPORT, sheet__is_deleted=False
        ).select_related("sheet")
    )
    existing = set(
        SupportRequest.all_objects.filter(
            id__in=[request_id_for(f.id) for f in followups]
        ).values_list("id", flat=True)
    )
    created = []
    today = timezone.localdate()
    for followup in followups:
        request_id = request_id_for(followup.id)
        if request_id in existing:
            continue
        request = history.create(
            SupportRequest,
            actor=actor,
            id=request_id,
            followup=followup,
            desa_id=followup.sheet.desa_id,
            agency_id=followup.owner_agency_id,
            text=followup.text,
            due_date=followup.due_date,
        )
        history.create(
            SupportRequestEvent,
            actor=actor,
            id=event_id_for(request_id, SupportRequestEvent.Kind.SUBMITTED),
            request=request,
            kind=SupportRequestEvent.Kind.SUBMITTED,
            date=min(today, meeting.date),
            to_status=SupportRequest.Status.SUBMITTED,
            to_agency_id=followup.owner_agency_id,
        )
        created.append(request)
    return created


# --- the life of a request ---------------------------------------------------------------------


def _step_date(request: SupportRequest, date: datetime.date | None) -> datetime.date:
    """Today by default; never in the future, never before the last step (the logbook reads in
    order of dates)."""
    today = timezone.localdate()
    day = today if date is None else date
    if day > today:
        raise ValidationError(
            _("The date of a step cannot be in the future. Record it on the day it happens."),
            code="future_date",
        )
    last = (
        SupportRequestEvent.objects.filter(request=request)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if last is not None and day < last:
        raise ValidationError(
            _("The date of a step cannot be before the previous step (%(date)s).")
            % {"date": last.strftime("%d-%m-%Y")},
            code="date_before_last_step",
        )
    return day


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


def _check_transition(request: SupportRequest, to_status: str) -> None:
    if to_status not in TRANSITIONS[request.status]:
        raise ValidationError(
            _("A request that is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": request.get_status_display(), "wanted": Status(to_status).label},
            code="invalid_transition",
        )


def _check_agency(request: SupportRequest, agency: Agency | None) -> Agency:
    if agency is None:
        raise ValidationError(_("Choose the agency (OPD) that should answer."), code="required")
    kabupaten_id = request.desa.parent.parent_id if request.desa.parent else None
    if agency.kabupaten_id != kabupaten_id:
        raise ValidationError(
            _("%(agency)s is not an agency of this village's kabupaten.")
            % {"agency": agency.short_name},
            code="wrong_kabupaten",
        )
    return agency


def _record(
    request: SupportRequest,
    *,
    actor: Any,
    kind: str,
    date: datetime.date,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
    from_agency: Agency | None = None,
    to_agency: Agency | None = None,
    set_date: datetime.date | None = None,
) -> SupportRequestEvent:
    return history.create(
        SupportRequestEvent,
        actor=actor,
        request=request,
        kind=kind,
        date=date,
        note=note,
        from_status=from_status,
        to_status=to_status,
        from_agency=from_agency,
        to_agency=to_agency,
        set_date=set_date,
    )


def _move(
    request: SupportRequest,
    *,
    to_status: str,
    actor: Any,
    kind: str,
    date: datetime.date,
    note: str = "",
    set_date: datetime.date | None = None,
    **changes: Any,
) -> SupportRequest:
    from_status = request.status
    updated = history.update(request, actor=actor, status=to_status, **changes)
    _record(
        updated,
        actor=actor,
        kind=kind,
        date=date,
        note=note,
        from_status=from_status,
        to_status=to_status,
        to_agency=updated.agency,
        set_date=set_date,
    )
    return updated


@transaction.atomic
def request_accept(
    *,
    request: SupportRequest,
    agency: Agency | None,
    actor: Any,
    date: datetime.date | None = None,
    note: str = "",
    due_date: datetime.date | None = None,
    base_version: int | None = None,
) -> SupportRequest:
    """The kabupaten team accepts a new request for an agency (by default the one proposed)."""
    history.check_base_version(
        request, base_version=base_version, fields=("status", "agency_id", "due_date")
    )
    day = _step_date(request, date)
    _check_transition(request, Status.ACCEPTED)
    agency = _check_agency(request, agency)
    changes: dict[str, Any] = {"agency": agency}
    if due_date is not None:
        changes["due_date"] = due_date
    return _move(
        request,
        to_status=Status.ACCEPTED,
        actor=actor,
        kind=Kind.ACCEPTED,
        date=day,
        note=note.strip(),
        set_date=due_date,
        **changes,
    )


@transaction.atomic
def request_reroute(
    *,
    request: SupportRequest,
    agency: Agency | None,
    note: str,
    actor: Any,
    date: datetime.date | None = None,
    base_version: int | None = None,
) -> SupportRequest:
    """Send an open request to another agency; it waits there as "diterima" (not yet planned)."""
    history.check_base_version(
        request, base_version=base_version, fields=("status", "agency_id", "scheduled_for")
    )
    day = _step_date(request, date)
    reason = _required(note, _("Write why the request goes to another agency."))
    if request.is_closed:
        raise ValidationError(
            _("A closed request cannot be rerouted. Record a new request at the next meeting."),
            code="closed",
        )
    agency = _check_agency(request, agency)
    if agency.pk == request.agency_id:
        raise ValidationError(
            _("The request is already with %(agency)s. Choose another agency.")
            % {"agency": agency.short_name},
            code="same_agency",
        )
    previous = request.agency
    from_status = request.status
    updated = history.update(
        request, actor=actor, agency=agency, status=Status.ACCEPTED, scheduled_for=None
    )
    _record(
        updated,
        actor=actor,
        kind=Kind.REROUTED,
        date=day,
        note=reason,
        from_status=from_status,
        to_status=Status.ACCEPTED,
        from_agency=previous,
        to_agency=agency,
    )
    return updated


@transaction.atomic
def request_decline(
    *,
    request: SupportRequest,
    reason: str,
    actor: Any,
    date: datetime.date | None = None,
    base_version: int | None = None,
) -> SupportRequest:
    """The kabupaten team or the agency declines; the village reads the reason."""
    history.check_base_version(
        request, base_version=base_version, fields=("status", "decline_reason", "closed_on")
    )
    day = _step_date(request, date)
    reason = _required(reason, _("Write why the request is declined; the village will read it."))
    _check_transition(request, Status.DECLINED)
    return _move(
        request,
        to_status=Status.DECLINED,
        actor=actor,
        kind=Kind.DECLINED,
        date=day,
        note=reason,
        decline_reason=reason,
        closed_on=day,
    )


@transaction.atomic
def request_schedule(
    *,
    request: SupportRequest,
    scheduled_for: datetime.date | None,
    actor: Any,
    date: datetime.date | None = None,
    note: str = "",
    base_version: int | None = None,
) -> SupportRequest:
    """The agency plans its answer (a visit, a training) for a date; again to reschedule."""
    history.check_base_version(
        request, base_version=base_version, fields=("status", "scheduled_for")
    )
    day = _step_date(request, date)
    if scheduled_for is None:
        raise ValidationError(_("Write the date the support is planned for."), code="required")
    _check_transition(request, Status.SCHEDULED)
    return _move(
        request,
        to_status=Status.SCHEDULED,
        actor=actor,
        kind=Kind.STATUS,
        date=day,
        note=note.strip(),
        set_date=scheduled_for,
        scheduled_for=scheduled_for,
    )


@transaction.atomic
def request_start(
    *,
    request: SupportRequest,
    actor: Any,
    date: datetime.date | None = None,
    note: str = "",
    base_version: int | None = None,
) -> SupportRequest:
    history.check_base_version(request, base_version=base_version, fields=("status",))
    day = _step_date(request, date)
    _check_transition(request, Status.IN_PROGRESS)
    return _move(
        request,
        to_status=Status.IN_PROGRESS,
        actor=actor,
        kind=Kind.STATUS,
        date=day,
        note=note.strip(),
    )


@transaction.atomic
def request_close(
    *,
    request: SupportRequest,
    response: str,
    actor: Any,
    date: datetime.date | None = None,
    note: str = "",
    base_version: int | None = None,
) -> SupportRequest:
    """Done: the response is what the village and the next meeting read."""
    history.check_base_version(
        request, base_version=base_version, fields=("status", "response", "closed_on")
    )
    day = _step_date(request, date)
    answer = _required(response, _("Write the response to the village before closing the request."))
    _check_transition(request, Status.DONE)
    return _move(
        request,
        to_status=Status.DONE,
        actor=actor,
        kind=Kind.STATUS,
        date=day,
        note=note.strip(),
        response=answer,
        closed_on=day,
    )


@transaction.atomic
def request_due_date_set(
    *,
    request: SupportRequest,
    due_date: datetime.date | None,
    actor: Any,
    date: datetime.date | None = None,
    note: str = "",
    base_version: int | None = None,
) -> SupportRequest:
    """Set, move or clear the due date of an open request."""
    history.check_base_version(request, base_version=base_version, fields=("due_date",))
    day = _step_date(request, date)
    if request.is_closed:
        raise ValidationError(
            _("This request is closed; its due date no longer matters."), code="closed"
        )
    if due_date == request.due_date:
        return request
    updated = history.update(request, actor=actor, due_date=due_date)
    _record(
        updated, actor=actor, kind=Kind.DUE_DATE, date=day, note=note.strip(), set_date=due_date
    )
    return updated


@transaction.atomic
def request_note_add(
    *,
    request: SupportRequest,
    note: str,
    actor: Any,
    date: datetime.date | None = None,
    base_version: int | None = None,
) -> SupportRequestEvent:
    """A dated note without a change of status (a phone call, a letter sent)."""
    history.check_base_version(request, base_version=base_version, fields=())
    day = _step_date(request, date)
    text = _required(note, _("Write the note."))
    return _record(request, actor=actor, kind=Kind.NOTE, date=day, note=text)
