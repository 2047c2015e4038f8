"""Writes to village monitoring records.

Rules owned here (the village's own session and what it found, see
docs/mechanism.md#village-monitoring):
- a VillageReview belongs to a desa (a Region of level desa) and, when it records results, to
  one plan of that desa (by default the plan whose period covers the session's year);
- a session marked as held cannot lie in the future; a session with results is held;
- everything but the date is optional (no form for the system's sake:
  docs/mechanism.md#not-a-reporting-burden);
- an activity's progress (status + short note) names an activity of the review's plan; a note
  needs a status; clearing the status removes the row;
- the village (tim_desa, fasilitator_desa) records it, or the kecamatan, the district
  facilitators or the programme team on its behalf;
- edits carry the version they started from: a clash with a concurrent save of the same field
  or the same activity raises ReviewConflict (with the current values) and writes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.history import EditConflict
from rembuk.monitoring.models import (
    NOTE_LIMIT,
    TEXT_LIMIT,
    ActivityProgress,
    ActivityStatus,
    VillageReview,
    is_still_to_come,
)
from rembuk.monitoring.permissions import can_record_review_of
from rembuk.plans.models import Activity, LivelihoodPlan
from rembuk.regions.models import Region


@transaction.atomic
def village_review_record(
    *,
    desa: Region,
    date: datetime.date,
    status: str = VillageReview.Status.PLANNED,
    summary: str = "",
    plan: LivelihoodPlan | None = None,
    actor: Any,
) -> VillageReview:
    """Record the date of a village's monitoring and learning session (planned or held)."""
    if desa.level != Region.Level.DESA:
        raise ValidationError(_("A monitoring session belongs to a desa."), code="not_desa")
    if status not in VillageReview.Status.values:
        raise ValidationError(_("Choose whether the session is planned or held."), code="status")
    if status == VillageReview.Status.HELD and is_still_to_come(date):
        raise ValidationError(
            _("A session that was held cannot have a date in the future."), code="future"
        )
    if plan is not None and plan.desa_id != desa.id:
        raise ValidationError(_("This plan belongs to another desa."), code="plan")
    return history.create(
        VillageReview, actor=actor, desa=desa, date=date, status=status, summary=summary, plan=plan
    )


# --- the review with its results ---------------------------------------------------------


@dataclass(frozen=True)
class ProgressEntry:
    """What the person chose for one activity: a status ("" = nothing recorded) and a note.

    base_version is the version of the activity's progress row the form started from (None when
    there was none), so a concurrent change to the same activity is caught, not overwritten.
    """

    status: str = ""
    note: str = ""
    base_version: int | None = None


class ReviewConflict(EditConflict):
    """Someone else saved the same review fields or activity statuses meanwhile.

    `current` holds the review's current field values, `progress` the current progress rows of
    the activities that clashed (None when the row was removed meanwhile).
    """

    def __init__(
        self,
        fields: dict[str, Any],
        progress: dict[uuid.UUID, ActivityProgress | None],
        labels: list[str],
        version: int | None = None,
    ) -> None:
        self.current = fields
        self.progress = progress
        self.model = VillageReview
        self.version = version
        ValidationError.__init__(
            self,
            _(
                "Someone else changed this review (%(what)s) while you were editing. The "
                "current values are shown; check them and save again."
            )
            % {"what": "; ".join(labels)},
            code="edit_conflict",
        )


REVIEW_TEXT_FIELDS = ("off_track", "support_needed", "learning", "summary")


def review_field_label(name: str) -> str:
    """A field of VillageReview as the page labels it."""
    return str(getattr(VillageReview._meta.get_field(name), "verbose_name", name)).capitalize()


def current_plan(desa: Region, date: datetime.date) -> LivelihoodPlan | None:
    """The desa's plan whose period covers `date`, else its latest plan. One query."""
    plans = list(LivelihoodPlan.objects.filter(desa=desa).order_by("-period_start", "-changed_at"))
    covering = [p for p in plans if p.period_start <= date.year <= p.period_end]
    return (covering or plans or [None])[0]


def _check_actor(actor: Any, desa: Region) -> None:
    # Views check scope through selectors first (a 404); this keeps the API and CLI honest too.
    if actor is not None and not can_record_review_of(actor, desa.code):
        raise PermissionDenied(_("You may not record the monitoring of this desa."))


def _check_texts(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            errors[name] = _(
                "%(field)s is too long: %(length)d characters, at most %(limit)d are allowed."
            ) % {
                "field": review_field_label(name),
                "length": len(value),
                "limit": TEXT_LIMIT,
            }
    if errors:
        raise ValidationError(errors)


def _has_results(progress: Mapping[uuid.UUID, ProgressEntry], texts: dict[str, Any]) -> bool:
    return any(e.status or e.note.strip() for e in progress.values()) or any(
        str(v).strip() for v in texts.values()
    )


def _status_for(date: datetime.date, has_results: bool) -> str:
    """A session dated up to today is held; a later one is only planned and has no results."""
    if not is_still_to_come(date):
        return VillageReview.Status.HELD
    if has_results:
        raise ValidationError(
            {
                "date": _(
                    "Results can only be recorded for a session that has taken place: "
                    "the date cannot be in the future."
                )
            }
        )
    return VillageReview.Status.PLANNED


def _activities_of(
    plan: LivelihoodPlan | None, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Activity]:
    wanted = list(ids)
    if not wanted:
        return {}
    if plan is None:
        raise ValidationError(
            _("This review is not tied to a plan, so it cannot record activities."),
            code="no_plan",
        )
    found = {
        a.pk: a
        for a in Activity.objects.filter(pk__in=wanted, goal__plan=plan, goal__is_deleted=False)
    }
    if len(found) != len(set(wanted)):
        raise ValidationError(
            _("Some activities are not part of this desa's plan. Reload the page and try again."),
            code="activity_other_plan",
        )
    return found


def _apply_progress(
    review: VillageReview,
    progress: Mapping[uuid.UUID, ProgressEntry],
    actor: Any,
) -> dict[uuid.UUID, ActivityProgress | None]:
    """Create, change or clear one progress row per activity. Returns the clashing activities."""
    activities = _activities_of(review.plan, progress)
    existing = {
        row.activity_id: row
        for row in ActivityProgress.objects.filter(review=review, activity_id__in=list(progress))
    }
    clashes: dict[uuid.UUID, ActivityProgress | None] = {}
    for activity_id, entry in progress.items():
        activity = activities[activity_id]
        if entry.status and entry.status not in ActivityStatus.values:
            raise ValidationError(_("Choose one of the statuses shown."), code="status")
        if len(entry.note) > NOTE_LIMIT:
            raise ValidationError(
                _("The note on “%(activity)s” is too long: at most %(limit)d characters.")
                % {"activity": activity.name[:80], "limit": NOTE_LIMIT},
                code="note_length",
            )
        if not entry.status and entry.note.strip():
            raise ValidationError(
                _("Choose a status for “%(activity)s” to keep its note.")
                % {"activity": activity.name[:80]},
                code="note_without_status",
            )
        row = existing.get(activity_id)
        if row is None:
            if entry.status:
                history.create(
                    ActivityProgress,
                    actor=actor,
                    review=review,
                    activity=activity,
                    status=entry.status,
                    note=entry.note.strip(),
                )
            continue
        # Someone created or changed this row since the form was shown.
        started_from = 0 if entry.base_version is None else entry.base_version
        if not entry.status:
            if row.version != started_from:
                clashes[activity_id] = row
            else:
                history.soft_delete(row, actor=actor)
            continue
        try:
            history.update(
                row,
                actor=actor,
                base_version=started_from,
                status=entry.status,
                note=entry.note.strip(),
            )
        except EditConflict:
            clashes[activity_id] = row
    return clashes


def _raise_conflict(
    review: VillageReview,
    fields: dict[str, Any],
    clashes: dict[uuid.UUID, ActivityProgress | None],
    version: int,
) -> None:
    labels = [review_field_label(name) for name in fields]
    names = dict(Activity.objects.filter(pk__in=list(clashes)).values_list("pk", "name"))
    labels += [str(names.get(activity_id, ""))[:60] for activity_id in clashes]
    raise ReviewConflict(fields, clashes, labels, version)


@transaction.atomic
def village_review_create(
    *,
    desa: Region,
    date: datetime.date,
    plan: LivelihoodPlan | None = None,
    progress: Mapping[uuid.UUID, ProgressEntry] | None = None,
    off_track: str = "",
    support_needed: str = "",
    learning: str = "",
    summary: str = "",
    actor: Any,
) -> VillageReview:
    """Record a village's monitoring session with what it found (everything but the date
    optional). The plan defaults to the desa's plan for the year of the session."""
    if desa.level != Region.Level.DESA:
        raise ValidationError(_("A monitoring session belongs to a desa."), code="not_desa")
    _check_actor(actor, desa)
    progress = progress or {}
    texts = {
        "off_track": off_track.strip(),
        "support_needed": support_needed.strip(),
        "learning": learning.strip(),
        "summary": summary.strip(),
    }
    _check_texts(texts)
    if plan is None:
        plan = current_plan(desa, date)
    elif plan.desa_id != desa.id:
        raise ValidationError(_("This plan belongs to another desa."), code="plan")
    status = _status_for(date, _has_results(progress, texts))
    review = history.create(
        VillageReview, actor=actor, desa=desa, plan=plan, date=date, status=status, **texts
    )
    # A brand-new review has no rows anyone else could have touched.
    _apply_progress(review, progress, actor)
    return review


@transaction.atomic
def village_review_update(
    *,
    review: VillageReview,
    base_version: int | None,
    actor: Any,
    progress: Mapping[uuid.UUID, ProgressEntry] | None = None,
    **changes: Any,
) -> VillageReview:
    """Change a review: its date and texts (`changes`, only the fields the person changed) and
    the activities in `progress`. A clash with a concurrent save raises ReviewConflict and
    writes nothing."""
    unknown = set(changes) - {"date", *REVIEW_TEXT_FIELDS}
    if unknown:
        raise ValueError(f"Not editable on a review: {sorted(unknown)}")
    _check_actor(actor, review.desa)
    progress = progress or {}
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    _check_texts({k: v for k, v in changes.items() if k in REVIEW_TEXT_FIELDS})
    if "date" in changes and changes["date"] is None:
        raise ValidationError({"date": _("Give the date of the session.")})
    texts = {name: changes.get(name, getattr(review, name)) for name in REVIEW_TEXT_FIELDS}
    has_results = _has_results(progress, texts) or review.progress.exists()
    changes["status"] = _status_for(changes.get("date", review.date), has_results)
    if review.plan_id is None:
        changes["plan"] = current_plan(review.desa, changes.get("date", review.date))
    clashing_fields: dict[str, Any] = {}
    # What a retry must start from, should anything clash (this transaction then rolls back).
    version_now = VillageReview.all_objects.filter(pk=review.pk).values_list("version", flat=True)
    start_again_from = version_now.get()
    try:
        review = history.update(review, actor=actor, base_version=base_version, **changes)
    except EditConflict as conflict:
        clashing_fields = conflict.current
        review = VillageReview.objects.select_related("desa", "plan").get(pk=review.pk)
    clashes = _apply_progress(review, progress, actor)
    if clashing_fields or clashes:
        _raise_conflict(review, clashing_fields, clashes, start_again_from)
    return review
