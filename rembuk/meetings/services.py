"""Writes for the kecamatan coordination meeting (docs/mechanism.md#kecamatan-coordination-meeting;
"preparing, step N" and "running, step N" are its numbered steps).

Rules owned here:
- a meeting belongs to a kecamatan, invites at least one desa of that kecamatan, and a
  kecamatan holds at most one meeting a day;
- creating a meeting creates one sheet per invited desa, in the order given, with the desa's
  plan that covers the meeting year (else its latest plan), and links the kecamatan's previous
  meeting so that its open follow-ups are carried in for review;
- what is recorded on a sheet (challenges, follow-ups, goal reviews) hangs on a goal of that
  sheet's plan; a challenge holds up only activities of its own goal;
- a follow-up is owned by the desa, the kecamatan or an agency (OPD) of the same kabupaten, and
  is not due before the meeting;
- texts are at most 5,000 characters, refused with a message that says so;
- a closed meeting is read-only; the kecamatan may re-open it (the record stays one record,
  every change is in the history) — closing with empty sheets needs an explicit confirmation
  that names the empty villages;
- share links are read-only, expire (90 days by default) and can be revoked; their token is a
  public id plus an HMAC of it, so the server can print the same URL again (a QR code on a
  poster) without storing the token.

Every write to a replicated record goes through rembuk.core.history in one transaction;
updates take base_version so a stale edit to a cell somebody else changed raises
history.EditConflict, and edits to other cells merge.
"""

from __future__ import annotations

import base64
import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.addresses import absolute_url
from rembuk.core.editing import KEEP, Direction, Keep, given, move, next_position
from rembuk.meetings import selectors
from rembuk.meetings.models import (
    TEXT_LIMIT,
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
    PresenterState,
    ShareLink,
)
from rembuk.meetings.signals import meeting_closed
from rembuk.people.models import Agency
from rembuk.plans.models import Activity, Goal
from rembuk.regions.models import Region

SHARE_LINK_DAYS: Final = 90
# share_url_for() makes a fresh link when the reusable one would expire sooner than this.
SHARE_LINK_MIN_REMAINING: Final = datetime.timedelta(days=30)
_SHARE_SALT: Final = "rembuk.meetings.share-link"
_SHARE_ID_CHARS: Final = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud safely


class EmptySheetsError(ValidationError):
    """Closing would leave villages with nothing recorded; carries their names."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("Nothing was recorded for %(villages)s. Confirm to close the meeting anyway.")
            % {"villages": ", ".join(names)},
            code="empty_sheets",
        )


# --- shared checks --------------------------------------------------------------------------


def _check_lengths(model: type[models.Model], values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None) or TEXT_LIMIT
        if isinstance(value, str) and len(value) > limit:
            errors[name] = _(
                "%(field)s is too long: %(length)d characters, at most %(limit)d are allowed. "
                "Shorten it or split it into two entries."
            ) % {
                "field": str(getattr(field, "verbose_name", name)).capitalize(),
                "length": len(value),
                "limit": limit,
            }
    if errors:
        raise ValidationError(errors)


def check_editable(meeting: CoordinationMeeting) -> None:
    if meeting.status == CoordinationMeeting.Status.CLOSED:
        raise ValidationError(
            _("This meeting is closed. The kecamatan can re-open it to change the record."),
            code="closed",
        )


def _check_goal_of_sheet(sheet: MeetingSheet, goal: Goal | None) -> None:
    if goal is not None and goal.plan_id != sheet.plan_id:
        raise ValidationError(
            _("This goal is not in the plan of desa %(desa)s.") % {"desa": sheet.desa.name},
            code="goal",
        )


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
    _check_lengths(CoordinationMeeting, {"place": place, "purpose": purpose})
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
    _check_lengths(CoordinationMeeting, {k: v for k, v in changes.items() if isinstance(v, str)})
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
    empty_village_names: Sequence[str] = (),
) -> CoordinationMeeting:
    """Close the meeting (running, step 11). Villages with nothing recorded on their sheet are
    worked out here and refused with EmptySheetsError (naming them) unless `confirm_empty`.

    `empty_village_names` is ignored — the service decides which sheets are empty; it is still
    accepted for callers written when the view worked them out (demo data, older tests)."""
    check_editable(meeting)
    _check_lengths(CoordinationMeeting, {"documents_note": documents_note})
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
    _check_lengths(MeetingSheet, changes)
    return history.update(sheet, actor=actor, base_version=base_version, **changes)


# --- challenges -----------------------------------------------------------------------------


def _check_blocked(goal: Goal | None, activity_ids: Iterable[str]) -> list[str]:
    wanted = sorted({str(a) for a in activity_ids if str(a).strip()})
    if not wanted:
        return []
    if goal is None:
        raise ValidationError(
            {"blocked_activity_ids": _("Only a challenge on a goal can hold up its activities.")}
        )
    try:
        ids = [uuid.UUID(a) for a in wanted]
    except ValueError as bad:
        raise ValidationError({"blocked_activity_ids": _("Unknown activity.")}) from bad
    known = set(Activity.objects.filter(goal=goal, pk__in=ids).values_list("pk", flat=True))
    if len(known) != len(ids):
        raise ValidationError(
            {"blocked_activity_ids": _("Choose only activities of this goal.")}, code="activity"
        )
    return [str(a) for a in ids]


@transaction.atomic
def challenge_save(
    *,
    sheet: MeetingSheet,
    actor: Any,
    challenge: Challenge | None = None,
    goal: Goal | None = None,
    base_version: int | None = None,
    text: str | Keep = KEEP,
    cause: str | Keep = KEEP,
    learning: str | Keep = KEEP,
    blocked_activity_ids: Sequence[str] | Keep = KEEP,
) -> Challenge:
    """Create (challenge=None) or update a Kendala/Tantangan on a goal row (running, steps
    3–5)."""
    check_editable(sheet.meeting)
    changes = given(text=text, cause=cause, learning=learning)
    _check_lengths(Challenge, changes)
    row_goal = challenge.goal if challenge is not None else goal
    if blocked_activity_ids is not KEEP:
        changes["blocked_activity_ids"] = _check_blocked(row_goal, blocked_activity_ids)
    if challenge is None:
        _check_goal_of_sheet(sheet, goal)
        if not str(changes.get("text", "")).strip():
            raise ValidationError(
                {"text": _("Write what is not going as planned first.")}, code="required"
            )
        return history.create(
            Challenge,
            actor=actor,
            sheet=sheet,
            goal=goal,
            position=next_position(Challenge.objects.filter(sheet=sheet, goal=goal)),
            **changes,
        )
    if challenge.sheet_id != sheet.id:
        raise ValidationError(_("This challenge belongs to another sheet."))
    if "text" in changes and not str(changes["text"]).strip():
        raise ValidationError(
            {"text": _("A challenge needs a text. Delete it if it is no longer needed.")}
        )
    return history.update(challenge, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def challenge_delete(*, challenge: Challenge, actor: Any) -> None:
    check_editable(challenge.sheet.meeting)
    history.soft_delete(challenge, actor=actor)


# --- follow-ups -----------------------------------------------------------------------------


def _check_followup(sheet: MeetingSheet, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "kind" in values and values["kind"] not in FollowUp.Kind.values:
        errors["kind"] = _("Choose the kind of follow-up.")
    if "owner" in values and values["owner"] not in FollowUp.Owner.values:
        errors["owner"] = _("Choose who owns the follow-up.")
    agency = values.get("owner_agency")
    if isinstance(agency, Agency) and agency.kabupaten_id != sheet.meeting.kecamatan.parent_id:
        errors["owner_agency"] = _(
            "%(agency)s is an agency of another kabupaten. Choose an agency of %(kabupaten)s."
        ) % {"agency": agency.name, "kabupaten": sheet.meeting.kecamatan.parent}
    due = values.get("due_date")
    if isinstance(due, datetime.date) and due < sheet.meeting.date:
        errors["due_date"] = _("The due date cannot be before the meeting (%(date)s).") % {
            "date": sheet.meeting.date.strftime("%d-%m-%Y")
        }
    if errors:
        raise ValidationError(errors)


def _settle_owner(
    current_owner: str, current_agency: Agency | None, changes: dict[str, Any]
) -> None:
    """An agency owner needs an agency; any other owner has none."""
    owner = changes.get("owner", current_owner)
    agency = changes.get("owner_agency", current_agency)
    if owner == FollowUp.Owner.AGENCY and agency is None:
        raise ValidationError({"owner_agency": _("Choose the agency (OPD) that owns it.")})
    if owner != FollowUp.Owner.AGENCY and agency is not None:
        changes["owner_agency"] = None


@transaction.atomic
def followup_save(
    *,
    sheet: MeetingSheet,
    actor: Any,
    followup: FollowUp | None = None,
    goal: Goal | None = None,
    base_version: int | None = None,
    text: str | Keep = KEEP,
    kind: str | Keep = KEEP,
    owner: str | Keep = KEEP,
    owner_agency: Agency | Keep | None = KEEP,
    due_date: datetime.date | Keep | None = KEEP,
) -> FollowUp:
    """Create or update a Gagasan solusi & tindak lanjut on a goal row (running, steps 6–8)."""
    check_editable(sheet.meeting)
    changes = given(text=text, kind=kind, owner=owner, owner_agency=owner_agency, due_date=due_date)
    _check_lengths(FollowUp, {k: v for k, v in changes.items() if k == "text"})
    _check_followup(sheet, changes)
    if followup is None:
        _check_goal_of_sheet(sheet, goal)
        if not str(changes.get("text", "")).strip():
            raise ValidationError({"text": _("Write the follow-up first.")}, code="required")
        changes.setdefault("kind", FollowUp.Kind.VILLAGE_ACTION)
        changes.setdefault("owner", FollowUp.Owner.DESA)
        _settle_owner(FollowUp.Owner.DESA, None, changes)
        return history.create(
            FollowUp,
            actor=actor,
            sheet=sheet,
            goal=goal,
            position=next_position(FollowUp.objects.filter(sheet=sheet, goal=goal)),
            **changes,
        )
    if followup.sheet_id != sheet.id:
        raise ValidationError(_("This follow-up belongs to another sheet."))
    if "text" in changes and not str(changes["text"]).strip():
        raise ValidationError(
            {"text": _("A follow-up needs a text. Delete it if it is no longer needed.")}
        )
    _settle_owner(followup.owner, followup.owner_agency, changes)
    return history.update(followup, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def followup_delete(*, followup: FollowUp, actor: Any) -> None:
    check_editable(followup.sheet.meeting)
    history.soft_delete(followup, actor=actor)


@transaction.atomic
def followup_review_record(
    *,
    meeting: CoordinationMeeting,
    followup: FollowUp,
    actor: Any,
    status: str | Keep = KEEP,
    note: str | Keep = KEEP,
    base_version: int | None = None,
) -> FollowUpReview:
    """Review a follow-up agreed at an earlier meeting (the Catatan under running, step 9).

    The review is kept on this meeting, and the follow-up's own status follows it so that the
    village, the kecamatan and the next meeting all see the same state.
    """
    check_editable(meeting)
    if followup.sheet.meeting.kecamatan_id != meeting.kecamatan_id or not (
        followup.sheet.meeting.date < meeting.date
    ):
        raise ValidationError(_("This follow-up was not agreed at an earlier meeting here."))
    changes = given(status=status, note=note)
    if "status" in changes and changes["status"] not in FollowUp.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    _check_lengths(FollowUpReview, {k: v for k, v in changes.items() if k == "note"})
    review = FollowUpReview.objects.filter(meeting=meeting, followup=followup).first()
    if review is None:
        # Starts from what Rembuk knows now (an answered support request: done).
        changes.setdefault("status", followup.status_now)
        review = history.create(
            FollowUpReview, actor=actor, meeting=meeting, followup=followup, **changes
        )
    else:
        review = history.update(review, actor=actor, base_version=base_version, **changes)
    if followup.status != review.status:
        history.update(followup, actor=actor, status=review.status)
    return review


# --- goal reviews ---------------------------------------------------------------------------


@transaction.atomic
def goal_review_record(
    *,
    sheet: MeetingSheet,
    goal: Goal,
    actor: Any,
    result: str | Keep = KEEP,
    factors: str | Keep = KEEP,
    base_version: int | None = None,
) -> GoalReview:
    """The end-of-period review of a goal: tercapai / sebagian / tidak tercapai (running,
    step 5)."""
    check_editable(sheet.meeting)
    _check_goal_of_sheet(sheet, goal)
    changes = given(result=result, factors=factors)
    if "result" in changes and changes["result"] not in GoalReview.Result.values:
        raise ValidationError({"result": _("Choose whether the goal was achieved.")})
    _check_lengths(GoalReview, {k: v for k, v in changes.items() if k == "factors"})
    review = GoalReview.objects.filter(sheet=sheet, goal=goal).first()
    if review is None:
        if "result" not in changes:
            raise ValidationError({"result": _("Choose whether the goal was achieved.")})
        return history.create(GoalReview, actor=actor, sheet=sheet, goal=goal, **changes)
    return history.update(review, actor=actor, base_version=base_version, **changes)


# --- share links ----------------------------------------------------------------------------


def _signature(public_id: str) -> str:
    digest = salted_hmac(_SHARE_SALT, public_id, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:22]


def share_token(link: ShareLink) -> str:
    return f"{link.public_id}.{_signature(link.public_id)}"


def share_link_is_active(link: ShareLink, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return link.revoked_at is None and link.expires_at > now


@transaction.atomic
def share_link_create(*, sheet: MeetingSheet, actor: Any, days: int = SHARE_LINK_DAYS) -> ShareLink:
    if not 1 <= days <= 366:
        raise ValidationError(_("A share link lasts between 1 and 366 days."))
    return ShareLink.objects.create(
        sheet=sheet,
        public_id=get_random_string(12, _SHARE_ID_CHARS),
        created_by=actor if actor is not None and getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def share_link_revoke(*, link: ShareLink, actor: Any) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_link_resolve(token: str) -> ShareLink | None:
    """The active link a token names, or None (unknown, forged, expired or revoked)."""
    public_id, dot, signature = (token or "").partition(".")
    if not dot or not public_id or len(public_id) > 16:
        return None
    link = (
        ShareLink.objects.filter(public_id=public_id)
        .select_related("sheet", "sheet__desa", "sheet__meeting", "sheet__meeting__kecamatan")
        .first()
    )
    # Compare even when the id is unknown, so timing tells nothing about which ids exist.
    expected = _signature(public_id)
    if not constant_time_compare(expected, signature) or link is None:
        return None
    if not share_link_is_active(link):
        return None
    if link.sheet.is_deleted or link.sheet.meeting.is_deleted:
        return None
    return link


def share_url_for(
    sheet: MeetingSheet, request_or_base_url: HttpRequest | str, *, actor: Any = None
) -> str:
    """The absolute URL of an active share link for the sheet, made when needed.

    Reuses the newest active link unless it expires within SHARE_LINK_MIN_REMAINING, so a poster
    printed today carries a link that still works for weeks.
    """
    soon = timezone.now() + SHARE_LINK_MIN_REMAINING
    link = (
        ShareLink.objects.filter(sheet=sheet, revoked_at__isnull=True, expires_at__gt=soon)
        .order_by("-expires_at")
        .first()
    )
    if link is None:
        link = share_link_create(sheet=sheet, actor=actor)
    path = reverse("meetings:shared_sheet", kwargs={"token": share_token(link)})
    if isinstance(request_or_base_url, str):
        return request_or_base_url.rstrip("/") + path
    return absolute_url(request_or_base_url, path)


# --- the projector --------------------------------------------------------------------------


def presenter_move(
    *, meeting: CoordinationMeeting, sheet: MeetingSheet | None, row: int | None
) -> PresenterState:
    """Point the projector at a village sheet and a goal row (None: the village's opening)."""
    if sheet is not None and sheet.meeting_id != meeting.id:
        raise ValidationError(_("This village is not on the meeting's list."))
    state, _created = PresenterState.objects.update_or_create(
        meeting=meeting, defaults={"sheet": sheet, "row": None if row is None else max(0, row)}
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
    if current is None:
        return presenter_move(meeting=meeting, sheet=None, row=None)
    on_projector = screen.state is not None and screen.state.sheet_id == current.id
    row = screen.row if on_projector else _start_row(meeting, current)
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
    return presenter_move(meeting=meeting, sheet=current, row=row)


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
