"""Reads of lessons, already scoped to what the user may see (outside it: 404)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from rembuk.core.lookups import UNREADABLE_ID, one_or_404
from rembuk.core.prepared import PreparedShapes
from rembuk.learning.models import Lesson, SuggestionJudgement
from rembuk.learning.permissions import TRAVEL_ROLES
from rembuk.learning.visibility import visible_lessons_q
from rembuk.meetings import selectors as meeting_selectors
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    MeetingSheet,
)
from rembuk.people.permissions import scope_filter
from rembuk.plans.models import Goal
from rembuk.regions.codes import below
from rembuk.regions.models import Region


def lessons_visible_to(user: Any) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(is_deleted=False)
        .filter(visible_lessons_q(user))
        .select_related("desa", "desa__parent")
    )


def lesson_for_user(user: Any, lesson_id: uuid.UUID | str) -> Lesson:
    return one_or_404(lessons_visible_to(user), pk=lesson_id)


def adoptions_of(lesson: Lesson, user: Any) -> QuerySet[FollowUp]:
    """Where this lesson travelled: follow-ups other villages took from it, and how they went,
    at the meetings `user` may read. A lesson shared beyond its kabupaten is read everywhere;
    the meeting records that took it up are not (meetings_visible_to: elsewhere a 404)."""
    meetings = meeting_selectors.meetings_visible_to(user).values("pk")
    return (
        FollowUp.objects.filter(source_lesson=lesson, is_deleted=False, sheet__meeting__in=meetings)
        .select_related("sheet__desa__parent", "sheet__meeting")
        .order_by("sheet__meeting__date")
    )


def dismissed_for(sheet: MeetingSheet, goal: Goal | None) -> set[uuid.UUID]:
    """Lessons dismissed for this meeting row: not offered there again."""
    return set(
        SuggestionJudgement.objects.filter(
            sheet=sheet, goal=goal, verdict=SuggestionJudgement.Verdict.DISMISSED
        ).values_list("lesson_id", flat=True)
    )


def capture_row(meeting: CoordinationMeeting) -> tuple[MeetingSheet | None, Goal | None]:
    """The village sheet and goal row the projector shows, where meeting mode's capture panel
    writes (as meeting mode's stage reads it): the sheet on screen; on the village's opening
    (row None) its first row."""
    on_screen = meeting_selectors.sheet_on_screen(meeting)
    current, state = on_screen.current, on_screen.state
    if current is None:
        return None, None
    if not current.plan_id:
        return current, None
    # The stage's rows are the plan's goals in this order (plans.selectors.goals_with_rows).
    goals = list(Goal.objects.filter(plan_id=current.plan_id).order_by("position", "changed_at"))
    if not goals:
        return current, None
    # The panel always writes on a goal row: the opening counts as the first row.
    row = meeting_selectors.row_on_screen(
        state.row if state is not None else None, has_opening=False, row_count=len(goals)
    )
    return current, goals[row or 0]


def captured_challenge(sheet: MeetingSheet | None, challenge_id: str) -> Challenge | None:
    """The challenge the capture panel already saved (sent back by the page), if it is still
    there on this sheet; anything else is None (a new challenge is noted)."""
    if not challenge_id or sheet is None:
        return None
    try:
        return Challenge.objects.get(pk=challenge_id, sheet=sheet, is_deleted=False)
    except (Challenge.DoesNotExist, *UNREADABLE_ID):
        return None


def kabupaten_choices() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.KABUPATEN, is_deleted=False).order_by("name")


def kecamatan_choices(kabupaten_code: str) -> QuerySet[Region]:
    if not kabupaten_code:
        return Region.objects.none()
    return Region.objects.filter(
        level=Region.Level.KECAMATAN, parent__code=kabupaten_code, is_deleted=False
    ).order_by("name")


# The search page's region filters, read on every search: compiled once per thread.
_KABUPATEN_OPTIONS = PreparedShapes(lambda _shape: kabupaten_choices().values_list("code", "name"))
_KECAMATAN_OPTIONS = PreparedShapes(
    lambda _shape, kabupaten_code: kecamatan_choices(kabupaten_code).values_list("code", "name")
)


def kabupaten_options() -> list[tuple[str, str]]:
    """(code, name) of kabupaten_choices()."""
    return _KABUPATEN_OPTIONS.rows(None)  # type: ignore[return-value]


def kecamatan_options(kabupaten_code: str) -> list[tuple[str, str]]:
    """(code, name) of kecamatan_choices(kabupaten_code)."""
    if not kabupaten_code:
        return []
    return _KECAMATAN_OPTIONS.rows(None, kabupaten_code)  # type: ignore[return-value]


@dataclass
class Adoption:
    """One village that took up a lesson, and how it went there."""

    followup: FollowUp
    status: str  # the follow-up's status now (later reviews and agencies' answers move it)
    status_label: str
    note: str  # what the latest review at a later meeting said
    own_outcome: str  # the adopting village's own lesson on that row, when one was drafted


@dataclass
class TravelledLesson:
    lesson: Lesson
    adoptions: list[Adoption] = field(default_factory=list)
    dismissals: int = 0


@dataclass
class Travels:
    lessons: list[TravelledLesson]
    villages: int  # villages that took up at least one lesson
    by_status: dict[str, int]  # adoptions per follow-up status
    dismissals: int


def lessons_travelled(user: Any, *, kabupaten: str = "") -> Travels:
    """Lessons taken up by other villages at their meetings (follow-ups of kind
    gagasan_desa_lain linked to the lesson) in the user's region, optionally in one kabupaten,
    with how each adoption went and how often the lesson was dismissed as not fitting. A
    constant number of queries whatever the number of lessons."""
    in_scope = scope_filter(user, "sheet__desa__code", TRAVEL_ROLES)
    if kabupaten:
        in_scope &= below("sheet__desa__code", kabupaten)
    followups = list(
        FollowUp.objects.filter(in_scope, source_lesson__isnull=False, is_deleted=False)
        .filter(source_lesson__is_deleted=False)
        .select_related(
            "source_lesson__desa__parent__parent",
            "sheet__desa__parent",
            "sheet__meeting",
            "support_request",
        )
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=FollowUpReview.objects.select_related("meeting").order_by(
                    "meeting__date", "changed_at"
                ),
            )
        )
        .order_by("sheet__meeting__date", "sheet__desa__name", "pk")
    )
    own_lessons = {
        (sheet_id, goal_id): outcome
        for sheet_id, goal_id, outcome in Lesson.objects.filter(
            challenge__sheet_id__in={f.sheet_id for f in followups}
        ).values_list("challenge__sheet_id", "challenge__goal_id", "outcome")
    }
    dismissed = dict(
        SuggestionJudgement.objects.filter(in_scope, verdict=SuggestionJudgement.Verdict.DISMISSED)
        .values_list("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    by_lesson: dict[uuid.UUID, TravelledLesson] = {}
    outcome_labels = dict(Lesson.Outcome.choices)
    for followup in followups:
        lesson = followup.source_lesson
        assert lesson is not None  # filtered above
        travelled = by_lesson.setdefault(
            lesson.pk, TravelledLesson(lesson, dismissals=dismissed.get(lesson.pk, 0))
        )
        reviews = list(followup.reviews.all())
        own = own_lessons.get((followup.sheet_id, followup.goal_id), "")
        travelled.adoptions.append(
            Adoption(
                followup=followup,
                status=followup.status_now,
                status_label=followup.status_now_label,
                note=next((r.note for r in reversed(reviews) if r.note), ""),
                own_outcome=str(outcome_labels.get(own, "")),
            )
        )
    ordered = sorted(
        by_lesson.values(),
        key=lambda t: (-len(t.adoptions), -t.adoptions[-1].followup.sheet.meeting.date.toordinal()),
    )
    statuses = Counter(adoption.status for t in ordered for adoption in t.adoptions)
    return Travels(
        lessons=ordered,
        villages=len({a.followup.sheet.desa_id for t in ordered for a in t.adoptions}),
        by_status={status: statuses.get(status, 0) for status in FollowUp.Status.values},
        dismissals=sum(dismissed.values()),
    )
