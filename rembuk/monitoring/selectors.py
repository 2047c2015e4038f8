"""Reads of village monitoring records, limited to what the user may see.

review_sheet() lays a review over its plan (goal → milestone → activity, each activity with its
status, note, and the activities it holds up) in a fixed number of queries; review_digest() is
the short form the village's meeting sheet starts from (docs/mechanism.md#running-the-meeting,
step 3).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from rembuk.core.lookups import one_or_404
from rembuk.core.prepared import PreparedRecords
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.monitoring.permissions import REVIEW_RECORD_ROLES
from rembuk.people.permissions import READ_ROLES, has_role_over, scope_filter
from rembuk.plans.models import Activity, ActivityDependency, LivelihoodPlan
from rembuk.plans.selectors import GoalBlock, plan_matrix
from rembuk.regions.models import Region

# Statuses that hold other activities up: what the meeting should talk about first.
TROUBLE = (ActivityStatus.BLOCKED, ActivityStatus.LATE)


def latest_reviews(desa_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, VillageReview]:
    """The latest monitoring session (held or planned) of each desa. One query."""
    latest: dict[uuid.UUID, VillageReview] = {}
    for review in VillageReview.objects.filter(desa_id__in=list(desa_ids)).order_by(
        "desa_id", "-date", "-changed_at"
    ):
        latest.setdefault(review.desa_id, review)
    return latest


def saved_versions(review: VillageReview) -> tuple[int, dict[uuid.UUID, int]]:
    """The versions saved now: the review's, and each activity row's by activity (two queries),
    for a form to start its next save from after a clash."""
    version = VillageReview.objects.values_list("version", flat=True).get(pk=review.pk)
    rows = ActivityProgress.objects.filter(review=review).values_list("activity_id", "version")
    return version, dict(rows)


# --- scope ----------------------------------------------------------------------------------


def desa_for_reader(user: Any, code: str) -> Region:
    """The desa, or 404 when it does not exist or lies outside the user's region."""
    desa = (
        Region.objects.filter(code=code, level=Region.Level.DESA)
        .select_related("parent", "parent__parent")
        .first()
    )
    if desa is None or not has_role_over(user, desa.code, READ_ROLES):
        raise Http404
    return desa


def desa_for_recorder(user: Any, code: str) -> Region:
    desa = desa_for_reader(user, code)
    if not has_role_over(user, desa.code, REVIEW_RECORD_ROLES):
        raise Http404
    return desa


def _reviews(user: Any, roles: Iterable[str]) -> QuerySet[VillageReview]:
    return VillageReview.objects.filter(scope_filter(user, "desa__code", roles)).select_related(
        "desa", "desa__parent", "desa__parent__parent", "plan"
    )


# Above this many desa the index asks the person to go through a kecamatan instead.
INDEX_LIMIT = 300


@dataclass
class DesaLine:
    desa: Region
    latest: VillageReview | None


def desa_lines_for(user: Any) -> list[DesaLine] | None:
    """The desa in the user's scope with their latest session; None when too many. 2 queries."""
    desas = list(
        Region.objects.filter(level=Region.Level.DESA)
        .filter(scope_filter(user, "code", READ_ROLES))
        .select_related("parent")
        .order_by("parent__name", "name")[: INDEX_LIMIT + 1]
    )
    if len(desas) > INDEX_LIMIT:
        return None
    latest = latest_reviews(d.id for d in desas)
    return [DesaLine(d, latest.get(d.id)) for d in desas]


def reviews_visible_to(user: Any) -> QuerySet[VillageReview]:
    """Every village review the user may read."""
    return _reviews(user, READ_ROLES)


def review_for_reader(user: Any, review_id: uuid.UUID | str) -> VillageReview:
    return one_or_404(_reviews(user, READ_ROLES), pk=review_id)


def review_for_recorder(user: Any, review_id: uuid.UUID | str) -> VillageReview:
    return one_or_404(_reviews(user, REVIEW_RECORD_ROLES), pk=review_id)


def _live_count(status: str | None = None) -> Count:
    condition = Q(progress__is_deleted=False)
    if status is not None:
        condition &= Q(progress__status=status)
    return Count("progress", filter=condition)


def reviews_of_desa(desa: Region) -> list[VillageReview]:
    """The desa's sessions, latest first, with how many activities each recorded. One query."""
    return list(
        VillageReview.objects.filter(desa=desa)
        .select_related("plan")
        .annotate(
            recorded=_live_count(),
            done=_live_count(ActivityStatus.DONE),
            blocked=_live_count(ActivityStatus.BLOCKED),
            late=_live_count(ActivityStatus.LATE),
        )
        .order_by("-date", "-changed_at")
    )


# --- dependencies ---------------------------------------------------------------------------


def dependents_by_activity(plan_id: uuid.UUID) -> dict[uuid.UUID, list[Activity]]:
    """depends_on id → the live activities waiting for it, in plan order. One query."""
    dependents: dict[uuid.UUID, list[Activity]] = defaultdict(list)
    links = (
        ActivityDependency.objects.filter(
            activity__goal__plan_id=plan_id,
            activity__is_deleted=False,
            activity__goal__is_deleted=False,
            depends_on__is_deleted=False,
        )
        .select_related("activity")
        .order_by("activity__goal__position", "activity__position", "activity__changed_at")
    )
    for link in links:
        dependents[link.depends_on_id].append(link.activity)
    return dependents


def held_up_by(
    activity_id: uuid.UUID, dependents: dict[uuid.UUID, list[Activity]]
) -> list[Activity]:
    """Everything that waits for the activity, directly first, then through others."""
    found: list[Activity] = []
    seen = {activity_id}
    frontier = [activity_id]
    while frontier:
        following: list[uuid.UUID] = []
        for current in frontier:
            for waiting in dependents.get(current, []):
                if waiting.pk not in seen:
                    seen.add(waiting.pk)
                    found.append(waiting)
                    following.append(waiting.pk)
        frontier = following
    return found


def dependencies_of(activity: Activity) -> list[Activity]:
    """The activities `activity` waits for. One query."""
    return [
        link.depends_on
        for link in ActivityDependency.objects.filter(
            activity=activity, depends_on__is_deleted=False
        )
        .select_related("depends_on")
        .order_by("depends_on__goal__position", "depends_on__position")
    ]


# --- one review over its plan ---------------------------------------------------------------


@dataclass
class ActivityLine:
    activity: Activity
    progress: ActivityProgress | None
    holds_up: list[Activity] = field(default_factory=list)
    direct: int = 0  # how many of holds_up wait for it directly

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else ""

    @property
    def in_trouble(self) -> bool:
        return self.status in TROUBLE


@dataclass
class MilestoneLines:
    statement: str
    lines: list[ActivityLine]


@dataclass
class GoalLines:
    block: GoalBlock
    milestones: list[MilestoneLines]


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class ReviewSheet:
    review: VillageReview | None
    goals: list[GoalLines]
    lines: list[ActivityLine]

    @property
    def trouble(self) -> list[ActivityLine]:
        return [line for line in self.lines if line.in_trouble]

    @property
    def counts(self) -> list[StatusCount]:
        return status_counts([line.status for line in self.lines if line.status])

    @property
    def not_recorded(self) -> int:
        return sum(1 for line in self.lines if not line.status)


def status_counts(statuses: Iterable[str]) -> list[StatusCount]:
    tally: dict[str, int] = defaultdict(int)
    for status in statuses:
        tally[status] += 1
    return [
        StatusCount(value, str(label), tally[value])
        for value, label in ActivityStatus.choices
        if tally.get(value)
    ]


def _lines(
    activities: Iterable[Activity],
    progress: dict[uuid.UUID, ActivityProgress],
    dependents: dict[uuid.UUID, list[Activity]],
) -> list[ActivityLine]:
    lines = []
    for activity in activities:
        row = progress.get(activity.pk)
        line = ActivityLine(activity, row)
        if line.in_trouble:
            line.holds_up = held_up_by(activity.pk, dependents)
            line.direct = len(dependents.get(activity.pk, []))
        lines.append(line)
    return lines


def review_sheet(plan: LivelihoodPlan | None, review: VillageReview | None) -> ReviewSheet:
    """The plan's activities with what `review` recorded on each (None: a blank form).

    Five queries whatever the size of the plan (three for the plan, progress, dependencies).
    """
    if plan is None:
        return ReviewSheet(review, [], [])
    progress: dict[uuid.UUID, ActivityProgress] = {}
    if review is not None and review.pk:
        progress = {row.activity_id: row for row in ActivityProgress.objects.filter(review=review)}
    dependents = dependents_by_activity(plan.pk)
    goals: list[GoalLines] = []
    every: list[ActivityLine] = []
    for block in plan_matrix(plan):
        milestones = []
        for mblock in block.milestones:
            lines = _lines(mblock.activities, progress, dependents)
            every.extend(lines)
            statement = mblock.milestone.statement if mblock.milestone else ""
            milestones.append(MilestoneLines(statement, lines))
        goals.append(GoalLines(block, milestones))
    return ReviewSheet(review, goals, every)


# --- the digest on the village's meeting sheet ----------------------------------------------


@dataclass
class ReviewDigest:
    review: VillageReview
    counts: list[StatusCount]
    activity_total: int
    trouble: list[ActivityLine]

    @property
    def not_recorded(self) -> int:
        return max(0, self.activity_total - sum(c.count for c in self.counts))


def _latest_held_review(desa_id: uuid.UUID, on_or_before: datetime.date) -> QuerySet[Any]:
    """The desa's latest held session up to the day, with the number of activities its plan
    has now (`activity_total`)."""
    plan_activities = (
        Activity.objects.filter(
            goal__plan=OuterRef("plan"), goal__is_deleted=False, is_deleted=False
        )
        .order_by()
        .values("goal__plan")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        VillageReview.objects.filter(
            desa_id=desa_id, status=VillageReview.Status.HELD, date__lte=on_or_before
        )
        .annotate(activity_total=Coalesce(Subquery(plan_activities), 0))
        .order_by("-date", "-changed_at")[:1]
    )


# Every meeting page (and its projector and share pages) starts from it: compiled once per
# thread (rembuk.core.prepared), read on every request.
_LATEST_HELD_REVIEW = PreparedRecords(
    VillageReview,
    _latest_held_review,
    VillageReview._meta.get_field("desa"),
    VillageReview._meta.get_field("date"),
    annotations=("activity_total",),
)


def review_digest(desa_id: uuid.UUID, on_or_before: datetime.date) -> ReviewDigest | None:
    """The desa's latest held session up to `on_or_before`, in short: date, counts by status,
    the blocked and late activities with their notes and what they hold up, and the two texts
    the meeting starts from. One query when there is none, three otherwise."""
    found = _LATEST_HELD_REVIEW.records(desa_id, on_or_before)
    review = found[0] if found else None
    if review is None:
        return None
    rows = list(
        ActivityProgress.objects.filter(
            review=review, activity__is_deleted=False, activity__goal__is_deleted=False
        )
        .select_related("activity")
        .order_by("activity__goal__position", "activity__position", "activity__changed_at")
    )
    dependents = dependents_by_activity(review.plan_id) if review.plan_id else {}
    trouble = _lines(
        [row.activity for row in rows if row.status in TROUBLE],
        {row.activity_id: row for row in rows},
        dependents,
    )
    return ReviewDigest(
        review=review,
        counts=status_counts(row.status for row in rows),
        activity_total=review.activity_total,  # type: ignore[attr-defined]
        trouble=trouble,
    )
