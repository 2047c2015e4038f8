"""Reads of coordination meetings, limited to what the user may see.

meeting_sheets() assembles every village sheet of a meeting — the plan rows of Matriks 2 with
the challenges, follow-ups and goal reviews recorded on them (Matriks 3) — in a fixed number of
queries, whatever the number of villages. The meeting page, meeting mode, the posters, the XLSX
and DOCX files and the share page all read it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
)
from rembuk.people.permissions import READ_ROLES, scope_codes, scope_filter
from rembuk.plans.models import Goal
from rembuk.plans.selectors import GoalBlock, goal_block, goals_with_rows

# Everyone with a role in a kecamatan — including the villages in it — sees its meetings:
# the sheets are shared back to every village (seed 000 §4 steps 10–11).


def meetings_visible_to(user: Any) -> QuerySet[CoordinationMeeting]:
    own_scope = scope_filter(user, "kecamatan__code", READ_ROLES)
    # A desa-level role sees the meetings of the kecamatan its desa belongs to.
    kecamatan_of_desa = {
        ".".join(code.split(".")[:3]) for code in scope_codes(user) if code.count(".") == 3
    }
    condition = own_scope
    if kecamatan_of_desa:
        from django.db.models import Q

        condition = own_scope | Q(kecamatan__code__in=kecamatan_of_desa)
    return CoordinationMeeting.objects.filter(condition).select_related(
        "kecamatan", "kecamatan__parent", "kecamatan__parent__parent"
    )


def meeting_for_user(user: Any, meeting_id: uuid.UUID | str) -> CoordinationMeeting:
    try:
        return meetings_visible_to(user).get(pk=meeting_id)
    except (CoordinationMeeting.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


@dataclass
class SheetRow:
    """One goal of the village's plan with what the meeting recorded on it (a Matriks 3 row)."""

    block: GoalBlock
    challenges: list[Challenge] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    review: GoalReview | None = None

    @property
    def goal(self) -> Goal:
        return self.block.goal


@dataclass
class SheetView:
    sheet: MeetingSheet
    rows: list[SheetRow]
    # Challenges and follow-ups not tied to a goal (the plan changed, or recorded generally).
    general_challenges: list[Challenge] = field(default_factory=list)
    general_followups: list[FollowUp] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            any(row.challenges or row.followups or row.review for row in self.rows)
            or self.general_challenges
            or self.general_followups
        )


def meeting_sheets(meeting: CoordinationMeeting, desa_code: str | None = None) -> list[SheetView]:
    """Every sheet of the meeting (or one desa's), in discussion order. Constant queries."""
    sheets_qs = MeetingSheet.objects.filter(meeting=meeting).select_related("desa", "plan")
    if desa_code is not None:
        sheets_qs = sheets_qs.filter(desa__code=desa_code)
    sheets = list(
        sheets_qs.order_by("position", "desa__name").prefetch_related(
            Prefetch("challenges", queryset=Challenge.objects.order_by("position", "changed_at")),
            Prefetch(
                "followups",
                queryset=FollowUp.objects.select_related("owner_agency").order_by(
                    "position", "changed_at"
                ),
            ),
            Prefetch("goal_reviews", queryset=GoalReview.objects.all()),
        )
    )
    plan_ids = [sheet.plan_id for sheet in sheets if sheet.plan_id]
    goals = list(goals_with_rows(plan_id__in=plan_ids))
    goals_by_plan: dict[uuid.UUID, list[Goal]] = defaultdict(list)
    for goal in goals:
        goals_by_plan[goal.plan_id].append(goal)

    views: list[SheetView] = []
    for sheet in sheets:
        rows = [
            SheetRow(block=goal_block(number, goal))
            for number, goal in enumerate(goals_by_plan.get(sheet.plan_id, []), 1)
        ]
        by_goal = {row.goal.id: row for row in rows}
        view = SheetView(sheet=sheet, rows=rows)
        for challenge in sheet.challenges.all():
            target = by_goal.get(challenge.goal_id)
            (target.challenges if target else view.general_challenges).append(challenge)
        for followup in sheet.followups.all():
            target = by_goal.get(followup.goal_id)
            (target.followups if target else view.general_followups).append(followup)
        for review in sheet.goal_reviews.all():
            if review.goal_id in by_goal:
                by_goal[review.goal_id].review = review
        views.append(view)
    return views


def carried_in_followups(meeting: CoordinationMeeting) -> QuerySet[FollowUp]:
    """Follow-ups agreed at earlier meetings of this kecamatan that are not closed yet."""
    return (
        FollowUp.objects.filter(
            sheet__meeting__kecamatan=meeting.kecamatan,
            sheet__meeting__date__lt=meeting.date,
        )
        .exclude(status__in=[FollowUp.Status.DONE, FollowUp.Status.NO_LONGER_RELEVANT])
        .select_related("sheet__desa", "sheet__meeting", "owner_agency")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=FollowUpReview.objects.filter(meeting=meeting),
                to_attr="review_here",
            )
        )
        .order_by("sheet__desa__name", "sheet__meeting__date", "position")
    )
