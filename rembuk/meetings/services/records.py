"""What is recorded on a village's sheet: challenges, follow-ups, goal reviews, and the
reviews of follow-ups carried in from earlier meetings."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.editing import KEEP, Keep, given, next_position
from rembuk.meetings import selectors
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
)
from rembuk.meetings.services.checks import (
    check_editable,
    check_goal_of_sheet,
    check_lengths,
)
from rembuk.people.models import Agency
from rembuk.plans.models import Activity, Goal

# --- new entries under their cell's key ------------------------------------------------------


def _entry_under_key[M: (Challenge, FollowUp)](
    model: type[M], sheet: MeetingSheet, key: uuid.UUID
) -> tuple[M | None, uuid.UUID | None]:
    """(the entry to update instead, or None; the id the new entry takes, or None for a fresh
    one), decided under the change log's writer lock. A new entry takes its cell's key as its
    id, so that the same new entry sent twice — the page resends it when the first answer was
    lost, and both copies may arrive together — is one entry: the second finds the first here,
    even when the view saw the key free before the first was written, and updates it. A key
    naming an entry of this sheet that was deleted is refused; one naming a record elsewhere
    (forged, or a stale page's) is not used and that record is left alone."""
    history.lock_writers()
    # Deleted records keep their ids (they are tombstones): all_objects, not objects.
    taken = model.all_objects.select_for_update().filter(pk=key).first()
    if taken is None:
        return None, key
    if taken.sheet_id != sheet.pk:
        return None, None
    if taken.is_deleted:
        raise ValidationError(
            _("Someone else deleted this entry. Copy your text if you need it, then reload."),
            code="deleted",
        )
    return taken, None


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
    new_id: uuid.UUID | None = None,
) -> Challenge:
    """Create (challenge=None) or update a Kendala/Tantangan on a goal row (running, steps
    3–5). A new one takes `new_id` when given (the cell's key: see _entry_under_key), or
    updates the entry that took it meanwhile."""
    check_editable(sheet.meeting)
    if challenge is None and new_id is not None:
        challenge, new_id = _entry_under_key(Challenge, sheet, new_id)
    changes = given(text=text, cause=cause, learning=learning)
    check_lengths(Challenge, changes)
    row_goal = challenge.goal if challenge is not None else goal
    if blocked_activity_ids is not KEEP:
        changes["blocked_activity_ids"] = _check_blocked(row_goal, blocked_activity_ids)
    if challenge is None:
        check_goal_of_sheet(sheet, goal)
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
            **({"id": new_id} if new_id else {}),
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
    new_id: uuid.UUID | None = None,
) -> FollowUp:
    """Create or update a Gagasan solusi & tindak lanjut on a goal row (running, steps 6–8). A
    new one takes `new_id` when given (the cell's key: see _entry_under_key), or updates the
    entry that took it meanwhile."""
    check_editable(sheet.meeting)
    if followup is None and new_id is not None:
        followup, new_id = _entry_under_key(FollowUp, sheet, new_id)
    changes = given(text=text, kind=kind, owner=owner, owner_agency=owner_agency, due_date=due_date)
    check_lengths(FollowUp, {k: v for k, v in changes.items() if k == "text"})
    _check_followup(sheet, changes)
    if followup is None:
        check_goal_of_sheet(sheet, goal)
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
            **({"id": new_id} if new_id else {}),
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
    check_lengths(FollowUpReview, {k: v for k, v in changes.items() if k == "note"})
    review = selectors.followup_review_at(meeting, followup)
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
    check_goal_of_sheet(sheet, goal)
    changes = given(result=result, factors=factors)
    if "result" in changes and changes["result"] not in GoalReview.Result.values:
        raise ValidationError({"result": _("Choose whether the goal was achieved.")})
    check_lengths(GoalReview, {k: v for k, v in changes.items() if k == "factors"})
    review = selectors.goal_review_of(sheet, goal)
    if review is None:
        if "result" not in changes:
            raise ValidationError({"result": _("Choose whether the goal was achieved.")})
        return history.create(GoalReview, actor=actor, sheet=sheet, goal=goal, **changes)
    return history.update(review, actor=actor, base_version=base_version, **changes)
