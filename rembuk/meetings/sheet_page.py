"""The village sheets on screen, read as values (docs/decisions/0025, 0029).

meeting_sheets() gives the documents and the API model instances for every goal, activity,
challenge and follow-up of every sheet. The screens read values instead: meeting mode and the
village's page show Matriks 3 read-only (sheet_page, sheet_pages), and the meeting page shows
one sheet and edits it cell by cell: it reads that sheet's rows here as plain values (no
instances, no prefetch machinery), and each row carries what its cells print — the form values, the
`was_` values of its save state (rembuk.core.autosave), the display labels — built once in
Python, so the template does one lookup per cell.

Six queries, whatever the size of the plan: challenges, follow-ups, goal reviews, goals,
milestones, activities. The page's list of villages (sheet_lines) and of the follow-ups carried
in from earlier meetings (carried_in_lines) are read as values here too.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rembuk.core.autosave import values_shown
from rembuk.core.prepared import PreparedRead, PreparedValues
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
    blocked_share,
)
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone, year_unless_named

CHALLENGE_FIELDS = ("text", "cause", "learning", "blocked_activity_ids")
FOLLOWUP_FIELDS = ("text", "kind", "owner", "owner_agency", "due_date")
REVIEW_FIELDS = ("result", "factors")


# PAGE_VALUES: the values made by the hundred for every meeting page (a line per village of
# the order list, per activity of the open sheet) are slotted dataclasses but not frozen: a
# frozen one sets each field through object.__setattr__, 0.9 µs a value against 0.2. Nothing
# changes them once made.
@dataclass(slots=True)  # not frozen: see PAGE_VALUES
class ActivityLine:
    id: uuid.UUID
    name: str
    text: str  # the id as printed: a checkbox's value, as a challenge's blocked list holds it


@dataclass(frozen=True, slots=True)
class MilestoneLine:
    statement: str
    target_value: str
    shown_target_year: int | None


@dataclass(frozen=True, slots=True)
class MilestoneRows:
    """A milestone and its activities; `milestone` None holds those that name no milestone."""

    milestone: MilestoneLine | None
    activities: list[ActivityLine]


@dataclass(frozen=True, slots=True)
class GoalLine:
    id: uuid.UUID
    key: str  # the id as hex: the cells' element ids
    statement: str
    target: str
    shown_target_year: int | None


# One checkbox of a challenge's "holds up" list: (activity id as text, its name, checked).
ActivityCheck = tuple[str, str, bool]


@dataclass(frozen=True, slots=True)
class ChallengeCell:
    id: uuid.UUID
    key: str
    version: int
    text: str
    cause: str
    learning: str
    blocked_count: int
    checks: list[ActivityCheck]
    holds_up: tuple[int, int] | None  # (blocked, out of): see Challenge.holds_up
    fields: dict[str, str]  # the save state's `was_` values

    @property
    def pk(self) -> uuid.UUID:  # the save state's name for it
        return self.id


@dataclass(frozen=True, slots=True)
class FollowUpCell:
    id: uuid.UUID
    key: str
    version: int
    text: str
    kind: str
    owner: str
    owner_agency_id: uuid.UUID | None
    due_date: datetime.date | None
    kind_label: str
    owner_label: str  # the agency's short name, else who does it
    fields: dict[str, str]

    @property
    def pk(self) -> uuid.UUID:
        return self.id


@dataclass(frozen=True, slots=True)
class ReviewCell:
    id: uuid.UUID
    version: int
    result: str
    result_label: str
    factors: str
    fields: dict[str, str]

    @property
    def pk(self) -> uuid.UUID:
        return self.id


@dataclass
class PageRow:
    """One goal of the village's plan with what the meeting recorded on it (a Matriks 3 row)."""

    goal: GoalLine
    milestones: list[MilestoneRows]
    activities: list[ActivityLine]
    activity_texts: set[str]  # the activities' ids as text, what Challenge.holds_up compares
    challenges: list[ChallengeCell] = field(default_factory=list)
    followups: list[FollowUpCell] = field(default_factory=list)
    review: ReviewCell | None = None

    @property
    def blank_checks(self) -> list[ActivityCheck]:
        """The "holds up" checkboxes of a new challenge: none checked."""
        return [(activity.text, activity.name, False) for activity in self.activities]


def nothing_recorded(sheet: Any) -> bool:
    """A sheet (SheetPage, or selectors.SheetView of records) with no challenge, follow-up or
    goal review on it."""
    return not (
        any(row.challenges or row.followups or row.review for row in sheet.rows)
        or sheet.general_challenges
        or sheet.general_followups
    )


@dataclass
class SheetPage:
    rows: list[PageRow]
    # Entries not tied to a goal of the plan (the plan changed, or recorded generally).
    general_challenges: list[ChallengeCell] = field(default_factory=list)
    general_followups: list[FollowUpCell] = field(default_factory=list)

    def row_of(self, goal_id: uuid.UUID) -> PageRow | None:
        return next((row for row in self.rows if row.goal.id == goal_id), None)

    @property
    def is_empty(self) -> bool:
        return nothing_recorded(self)


@dataclass(slots=True)  # not frozen: see PAGE_VALUES
class SheetDesa:
    id: uuid.UUID
    code: str
    name: str


@dataclass(slots=True)  # not frozen: see PAGE_VALUES
class SheetPlan:
    id: uuid.UUID
    period_start: int
    period_end: int

    period_label = property(LivelihoodPlan.period_label.fget)  # type: ignore[attr-defined]  # the plan's own rule


@dataclass(slots=True)  # not frozen: see PAGE_VALUES
class SheetLine:
    """A village's sheet as the meeting page shows it, read as values: what the page reads of
    a MeetingSheet (its desa and plan included), for the twenty villages of the order list
    and the one on screen."""

    id: uuid.UUID
    version: int
    desa: SheetDesa
    plan: SheetPlan | None
    representatives: str

    @property
    def pk(self) -> uuid.UUID:
        return self.id

    @property
    def desa_id(self) -> uuid.UUID:
        return self.desa.id

    @property
    def plan_id(self) -> uuid.UUID | None:
        return self.plan.id if self.plan else None

    @property
    def fields(self) -> dict[str, str]:
        """The attendance cell's `was_` values (rembuk.core.autosave)."""
        return values_shown({"representatives": self.representatives}, ["representatives"])


# The page's reads by one id, their SQL compiled once per thread (rembuk.core.prepared): the
# page sends them on every load, and compiling cost more than running them.
_ORDER = ("position", "changed_at")
_SHEET_LINES = PreparedRead(
    lambda meeting_id: (
        MeetingSheet.objects.filter(meeting_id=meeting_id)
        .order_by("position", "desa__name")
        .values_list(
            "id",
            "version",
            "representatives",
            "desa_id",
            "desa__code",
            "desa__name",
            "plan_id",
            "plan__period_start",
            "plan__period_end",
        )
    ),
    MeetingSheet._meta.get_field("meeting"),
)


# The columns each part of a sheet is read with, one sheet's (sheet_page: prepared reads by one
# id) or several's (sheet_pages: one read each, with the sheet's or plan's id in front).
GOAL_COLUMNS = ("id", "statement", "target", "target_year")
MILESTONE_COLUMNS = ("id", "goal_id", "statement", "target_value", "target_year")
ACTIVITY_COLUMNS = ("id", "goal_id", "milestone_id", "name")
CHALLENGE_COLUMNS = ("id", "version", "goal_id", *CHALLENGE_FIELDS)
FOLLOWUP_COLUMNS = (
    "id",
    "version",
    "goal_id",
    "text",
    "kind",
    "owner",
    "owner_agency_id",
    "owner_agency__short_name",
    "due_date",
)
REVIEW_COLUMNS = ("id", "version", "goal_id", *REVIEW_FIELDS)


def _plan_part(model: Any, plan_path: str, columns: tuple[str, ...]) -> PreparedRead:
    """One part of a plan (its goals, milestones or activities) in order, by the plan's id."""
    return PreparedRead(
        lambda plan_id: (
            model.objects.filter(**{plan_path: plan_id}).order_by(*_ORDER).values_list(*columns)
        ),
        Goal._meta.get_field("plan"),
    )


def _sheet_part(
    model: Any, columns: tuple[str, ...], order: tuple[str, ...] = _ORDER
) -> PreparedValues:
    """What the meeting recorded on one sheet (its challenges, follow-ups or goal reviews) in
    order, by the sheet's id."""
    return PreparedValues(
        lambda sheet_id: model.objects.filter(sheet_id=sheet_id).order_by(*order),
        columns,
        model._meta.get_field("sheet"),
    )


_GOALS = _plan_part(Goal, "plan_id", GOAL_COLUMNS)
_MILESTONES = _plan_part(Milestone, "goal__plan_id", MILESTONE_COLUMNS)
_ACTIVITIES = _plan_part(Activity, "goal__plan_id", ACTIVITY_COLUMNS)
_CHALLENGES = _sheet_part(Challenge, CHALLENGE_COLUMNS)
_FOLLOWUPS = _sheet_part(FollowUp, FOLLOWUP_COLUMNS)
_REVIEWS = _sheet_part(GoalReview, REVIEW_COLUMNS, order=())  # one per goal: no order


def _carried_in(kecamatan_id: Any, date: Any, meeting_id: Any) -> Any:
    """selectors.followups_carried_in() as values, with this meeting's review."""
    from rembuk.meetings import selectors  # selectors imports this module

    carried_in = selectors.followups_carried_in(kecamatan_id, date, meeting_id)
    # "here" is the selector's annotation, which its return type does not carry.
    return carried_in.values_list(  # type: ignore[misc]
        "id",
        "sheet__desa_id",
        "sheet__desa__code",
        "sheet__desa__name",
        "text",
        "status",
        "support_request__status",
        "here__id",
        "here__version",
        "here__status",
        "here__note",
    )


_CARRIED_IN = PreparedRead(
    _carried_in,
    CoordinationMeeting._meta.get_field("kecamatan"),
    CoordinationMeeting._meta.get_field("date"),
    FollowUpReview._meta.get_field("meeting"),
)


def sheet_lines(meeting: CoordinationMeeting) -> list[SheetLine]:
    """meeting_sheet_list() for the meeting page: the invited villages in discussion order
    with desa and plan, as values. One query of nine columns."""
    rows = _SHEET_LINES.rows(meeting.id)
    return [
        SheetLine(
            id=id_,
            version=version,
            desa=SheetDesa(desa_id, code, name),
            plan=SheetPlan(plan_id, start, end) if plan_id else None,
            representatives=representatives,
        )
        for id_, version, representatives, desa_id, code, name, plan_id, start, end in rows
    ]


def _goal_rows(plan_id: uuid.UUID | None) -> list[PageRow]:
    """The plan's goals in order, each with its milestones and activities in order (as
    plans.selectors.goal_block orders them). Three queries; none without a plan."""
    if plan_id is None:
        return []
    return _rows_of(_GOALS.rows(plan_id), _MILESTONES.rows(plan_id), _ACTIVITIES.rows(plan_id))


def _rows_of(
    goal_values: list[tuple[Any, ...]],
    milestone_values: list[tuple[Any, ...]],
    activity_values: list[tuple[Any, ...]],
) -> list[PageRow]:
    """A plan's goal rows from its goals, milestones and activities read in order (the
    columns of GOAL_COLUMNS, MILESTONE_COLUMNS, ACTIVITY_COLUMNS)."""
    milestones: dict[uuid.UUID, list[tuple[uuid.UUID, MilestoneLine]]] = defaultdict(list)
    for milestone_id, goal_id, statement, target_value, target_year in milestone_values:
        line = MilestoneLine(statement, target_value, year_unless_named(target_value, target_year))
        milestones[goal_id].append((milestone_id, line))
    activities: dict[uuid.UUID, list[tuple[uuid.UUID | None, ActivityLine]]] = defaultdict(list)
    for activity_id, goal_id, milestone_id, name in activity_values:
        activities[goal_id].append(
            (milestone_id, ActivityLine(activity_id, name, str(activity_id)))
        )
    rows = []
    for goal_id, statement, target, target_year in goal_values:
        by_milestone: dict[uuid.UUID | None, list[ActivityLine]] = defaultdict(list)
        for milestone_id, activity in activities.get(goal_id, []):
            by_milestone[milestone_id].append(activity)
        blocks = [
            MilestoneRows(line, by_milestone.pop(milestone_id, []))
            for milestone_id, line in milestones.get(goal_id, [])
        ]
        # Activities without a milestone (or pointing at a deleted one) still show.
        leftovers = [activity for lines in by_milestone.values() for activity in lines]
        if leftovers or not blocks:
            blocks.append(MilestoneRows(None, leftovers))
        goal = GoalLine(
            goal_id, goal_id.hex, statement, target, year_unless_named(target, target_year)
        )
        in_goal = [a for block in blocks for a in block.activities]
        rows.append(PageRow(goal, blocks, in_goal, {a.text for a in in_goal}))
    return rows


def _challenge(values: dict[str, Any], row: PageRow | None) -> ChallengeCell:
    blocked = values["blocked_activity_ids"] or []
    blocked_text = {str(i) for i in blocked}
    activities = row.activities if row else []
    # The one rule of Challenge.holds_up (shared with the printouts), given the values.
    held = blocked_share(values["text"], blocked_text, row.activity_texts if row else set())
    return ChallengeCell(
        id=values["id"],
        key=values["id"].hex,
        version=values["version"],
        text=values["text"],
        cause=values["cause"],
        learning=values["learning"],
        blocked_count=len(blocked),
        checks=[(a.text, a.name, a.text in blocked_text) for a in activities],
        holds_up=held,
        fields=values_shown(values, CHALLENGE_FIELDS),
    )


def _followup(
    values: dict[str, Any], kinds: dict[str, str], owners: dict[str, str]
) -> FollowUpCell:
    agency_name = values["owner_agency__short_name"]
    values["owner_agency"] = values["owner_agency_id"]
    return FollowUpCell(
        id=values["id"],
        key=values["id"].hex,
        version=values["version"],
        text=values["text"],
        kind=values["kind"],
        owner=values["owner"],
        owner_agency_id=values["owner_agency_id"],
        due_date=values["due_date"],
        kind_label=kinds.get(values["kind"], values["kind"]),
        owner_label=agency_name
        if values["owner_agency_id"]
        else owners.get(values["owner"], values["owner"]),
        fields=values_shown(values, FOLLOWUP_FIELDS),
    )


def sheet_page(sheet: MeetingSheet | SheetLine) -> SheetPage:
    """The sheet's goal rows with its challenges, follow-ups and goal reviews, in the order the
    documents show them (meeting_sheets). Six queries."""
    return _page_of(
        _goal_rows(sheet.plan_id),
        _CHALLENGES.dicts(sheet.id),
        _FOLLOWUPS.dicts(sheet.id),
        _REVIEWS.dicts(sheet.id),
    )


def sheet_pages(sheets: list[SheetLine]) -> list[SheetPage]:
    """sheet_page() of each of several sheets (a meeting's, all shown on one page), in their
    order. Six queries, whatever the number of sheets."""
    plan_ids = [sheet.plan_id for sheet in sheets if sheet.plan_id]
    sheet_ids = [sheet.id for sheet in sheets]

    def by_plan(model: Any, plan_path: str, columns: tuple[str, ...]) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = defaultdict(list)
        if plan_ids:
            read = model.objects.filter(**{f"{plan_path}__in": plan_ids}).order_by(*_ORDER)
            for plan_id, *values in read.values_list(plan_path, *columns):
                found[plan_id].append(tuple(values))
        return found

    def by_sheet(model: Any, columns: tuple[str, ...], order: tuple[str, ...] = _ORDER) -> Any:
        found: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        read = model.objects.filter(sheet_id__in=sheet_ids).order_by(*order)
        for values in read.values("sheet_id", *columns):
            found[values.pop("sheet_id")].append(values)
        return found

    goals = by_plan(Goal, "plan_id", GOAL_COLUMNS)
    milestones = by_plan(Milestone, "goal__plan_id", MILESTONE_COLUMNS)
    activities = by_plan(Activity, "goal__plan_id", ACTIVITY_COLUMNS)
    challenges = by_sheet(Challenge, CHALLENGE_COLUMNS)
    followups = by_sheet(FollowUp, FOLLOWUP_COLUMNS)
    reviews = by_sheet(GoalReview, REVIEW_COLUMNS, order=())
    return [
        _page_of(
            _rows_of(goals[sheet.plan_id], milestones[sheet.plan_id], activities[sheet.plan_id])
            if sheet.plan_id
            else [],
            challenges[sheet.id],
            followups[sheet.id],
            reviews[sheet.id],
        )
        for sheet in sheets
    ]


def _page_of(
    rows: list[PageRow],
    challenges: list[dict[str, Any]],
    followups: list[dict[str, Any]],
    reviews: list[dict[str, Any]],
) -> SheetPage:
    """A sheet from its plan's goal rows and what the meeting recorded on it (the columns of
    CHALLENGE_COLUMNS, FOLLOWUP_COLUMNS, REVIEW_COLUMNS), each entry in its goal's row."""
    page = SheetPage(rows=rows)
    by_goal = {row.goal.id: row for row in page.rows}
    for values in challenges:
        row = by_goal.get(values["goal_id"])
        challenge = _challenge(values, row)
        (row.challenges if row else page.general_challenges).append(challenge)
    kinds = {value: str(label) for value, label in FollowUp.Kind.choices}
    owners = {value: str(label) for value, label in FollowUp.Owner.choices}
    for values in followups:
        row = by_goal.get(values["goal_id"])
        followup = _followup(values, kinds, owners)
        (row.followups if row else page.general_followups).append(followup)
    results = {value: str(label) for value, label in GoalReview.Result.choices}
    for values in reviews:
        if (row := by_goal.get(values["goal_id"])) is not None:
            row.review = ReviewCell(
                id=values["id"],
                version=values["version"],
                result=values["result"],
                result_label=results.get(values["result"], values["result"]),
                factors=values["factors"],
                fields=values_shown(values, REVIEW_FIELDS),
            )
    return page


# --- the follow-ups carried in from earlier meetings ------------------------------------------


@dataclass(frozen=True, slots=True)
class CarriedLine:
    """A carried-in follow-up as the meeting page lists it, read as values. `review`: its
    review at this meeting (built from the values, not read again), or None."""

    id: uuid.UUID
    desa_id: uuid.UUID
    desa_code: str
    desa_name: str
    text: str
    status_label: str  # the review's status, else the status as Rembuk knows it today
    review: FollowUpReview | None


def carried_in_lines(meeting: CoordinationMeeting) -> list[CarriedLine]:
    """carried_in_followups() for the meeting page: the same follow-ups in the same order, as
    values, each with its review at this meeting joined in. One query, built from a few
    columns: the page lists every carried-in follow-up but shows the full record only for the
    village on screen (carried_in_records)."""
    rows = _CARRIED_IN.rows(meeting.kecamatan_id, meeting.date, meeting.id)
    labels = {value: str(label) for value, label in FollowUp.Status.choices}
    lines = []
    for id_, desa_id, code, name, text, status, request, review_id, version, reviewed, note in rows:
        review = None
        if review_id is not None:
            review = FollowUpReview(
                id=review_id,
                version=version,
                meeting_id=meeting.id,
                followup_id=id_,
                status=reviewed,
                note=note,
            )
        label = labels[reviewed if review else FollowUp.status_given(status, request)]
        lines.append(CarriedLine(id_, desa_id, code, name, text, label, review))
    return lines


def carried_in_records(lines: list[CarriedLine]) -> list[FollowUp]:
    """The full records of these carried-in follow-ups, in their order, each with
    `review_here` as carried_in_followups() gives it. One query; none without lines."""
    if not lines:
        return []
    records = FollowUp.objects.filter(pk__in=[line.id for line in lines]).select_related(
        "sheet__desa", "sheet__meeting", "owner_agency", "support_request__agency"
    )
    by_id = {followup.id: followup for followup in records}
    for line in lines:
        by_id[line.id].review_here = [line.review] if line.review else []  # type: ignore[attr-defined]
    return [by_id[line.id] for line in lines]
