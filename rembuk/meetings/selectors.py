"""Reads of coordination meetings, limited to what the user may see.

meeting_sheets() assembles every village sheet of a meeting — the plan rows of Matriks 2 with
the challenges, follow-ups and goal reviews recorded on them (Matriks 3) — in a fixed number of
queries, whatever the number of villages. The meeting page, meeting mode, the posters, the XLSX
and DOCX files and the share page all read it.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import (
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core.lookups import UNREADABLE_ID, one_or_404
from rembuk.core.models import ChangeLog
from rembuk.core.prepared import PreparedRead, PreparedRecords, PreparedShapes
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
    PresenterState,
    ShareLink,
)
from rembuk.meetings.permissions import (
    can_manage_meetings_of,
    can_read_kecamatan_meetings,
)
from rembuk.meetings.sheet_page import SheetLine, nothing_recorded
from rembuk.monitoring.models import VillageReview
from rembuk.monitoring.selectors import latest_reviews
from rembuk.people.models import Agency
from rembuk.people.permissions import READ_ROLES, scope_codes, scope_filter
from rembuk.plans.models import Goal, LivelihoodPlan
from rembuk.plans.selectors import GoalBlock, goal_block, goals_with_rows
from rembuk.regions import codes
from rembuk.regions.models import Region
from rembuk.regions.selectors import kecamatan_by_code

# Everyone with a role in a kecamatan — including the villages in it — sees its meetings:
# the sheets are shared back to every village (docs/mechanism.md#closing-and-sharing-back).


def _kecamatan_of_desa_roles(user: Any) -> set[str]:
    """A desa-level role sees the meetings of the kecamatan its desa belongs to."""
    return {
        codes.kecamatan_of(code) for code in scope_codes(user) if codes.depth(code) == codes.DESA
    }


def meetings_visible_to(user: Any) -> QuerySet[CoordinationMeeting]:
    own_scope = scope_filter(user, "kecamatan__code", READ_ROLES)
    kecamatan_of_desa = _kecamatan_of_desa_roles(user)
    condition = own_scope
    if kecamatan_of_desa:
        condition = own_scope | Q(kecamatan__code__in=kecamatan_of_desa)
    return CoordinationMeeting.objects.filter(condition).select_related(
        "kecamatan", "kecamatan__parent", "kecamatan__parent__parent"
    )


def can_see_meeting_in(user: Any, kecamatan_code: str) -> bool:
    """The rule of meetings_visible_to(), for one meeting already read."""
    return any(
        codes.covers(scope, kecamatan_code) for scope in scope_codes(user, READ_ROLES)
    ) or kecamatan_code in _kecamatan_of_desa_roles(user)


# Every meeting page opens its meeting by id: the read (with the kecamatan, kabupaten and
# provinsi the pages print) is compiled once per thread (rembuk.core.prepared), and the rule of
# meetings_visible_to() is checked on the record read, against the memberships of the request.
_MEETING_BY_ID = PreparedRecords(
    CoordinationMeeting,
    lambda meeting_id: CoordinationMeeting.objects.filter(pk=meeting_id).order_by(),
    CoordinationMeeting._meta.pk,
    related=("kecamatan", "kecamatan__parent", "kecamatan__parent__parent"),
)


def meeting_for_user(user: Any, meeting_id: uuid.UUID | str) -> CoordinationMeeting:
    try:
        found = _MEETING_BY_ID.records(meeting_id)
    except UNREADABLE_ID as missing:
        raise Http404 from missing
    if not found or not can_see_meeting_in(user, found[0].kecamatan.code):
        raise Http404
    meeting: CoordinationMeeting = found[0]
    return meeting


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
        return nothing_recorded(self)


def meeting_sheets(meeting: CoordinationMeeting, desa_code: str | None = None) -> list[SheetView]:
    """Every sheet of the meeting (or one desa's), in discussion order. Constant queries."""
    sheets_qs = MeetingSheet.objects.filter(meeting=meeting).select_related("desa", "plan")
    if desa_code is not None:
        sheets_qs = sheets_qs.filter(desa__code=desa_code)
    return sheet_views(meeting, list(sheets_qs.order_by("position", "desa__name")))


def sheet_views(meeting: CoordinationMeeting, sheets: list[MeetingSheet]) -> list[SheetView]:
    """meeting_sheets() for sheets already read with their desa and plan: their challenges,
    follow-ups, reviews and plan rows. Six queries."""
    prefetch_related_objects(
        sheets,
        Prefetch("challenges", queryset=Challenge.objects.order_by("position", "changed_at")),
        Prefetch(
            "followups",
            # The support request (rembuk.support) rides along in the same query.
            queryset=FollowUp.objects.select_related(
                "owner_agency", "support_request__agency"
            ).order_by("position", "changed_at"),
        ),
        Prefetch("goal_reviews", queryset=GoalReview.objects.all()),
    )
    plan_ids = [sheet.plan_id for sheet in sheets if sheet.plan_id]
    goals = list(goals_with_rows(plan_id__in=plan_ids))
    goals_by_plan: dict[uuid.UUID | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        goals_by_plan[goal.plan_id].append(goal)

    views: list[SheetView] = []
    for sheet in sheets:
        sheet.meeting = meeting  # the caller's meeting: no query per sheet
        rows = [
            SheetRow(block=goal_block(number, goal))
            for number, goal in enumerate(goals_by_plan.get(sheet.plan_id, []), 1)
        ]
        by_goal: dict[uuid.UUID | None, SheetRow] = {row.goal.id: row for row in rows}
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


def followups_carried_in(kecamatan_id: Any, date: Any, meeting_id: Any) -> QuerySet[FollowUp]:
    """The rule of what a meeting carries in: follow-ups agreed at earlier meetings of its
    kecamatan that are not closed yet, in the order the sheet lists them.

    Those reviewed at this meeting stay listed even once closed, so the person who just marked
    one "selesai" still sees (and can correct) it here; that review is joined in as `here`.
    One home for the documents (carried_in_followups) and the meeting page (sheet_page).
    """
    closed = [FollowUp.Status.DONE, FollowUp.Status.NO_LONGER_RELEVANT]
    here = FilteredRelation(
        "reviews", condition=Q(reviews__meeting_id=meeting_id, reviews__is_deleted=False)
    )
    return (
        FollowUp.objects.filter(
            sheet__meeting__kecamatan_id=kecamatan_id,
            sheet__meeting__date__lt=date,
        )
        .annotate(here=here)
        .filter(~Q(status__in=closed) | Q(here__id__isnull=False))
        .order_by("sheet__desa__name", "sheet__meeting__date", "position")
    )


def carried_in_followups(meeting: CoordinationMeeting) -> QuerySet[FollowUp]:
    """followups_carried_in() as records, with their desa, meeting, agencies and this
    meeting's review (`review_here`, a list of at most one)."""
    return (
        followups_carried_in(meeting.kecamatan_id, meeting.date, meeting.pk)
        .select_related("sheet__desa", "sheet__meeting", "owner_agency", "support_request__agency")
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=FollowUpReview.objects.filter(meeting=meeting),
                to_attr="review_here",
            )
        )
    )


# --- scoping helpers for the views ------------------------------------------------------------


def meeting_for_manager(user: Any, meeting_id: uuid.UUID | str) -> CoordinationMeeting:
    """404 outside the user's region; 403 when the user may read the meeting but not run it."""
    meeting = meeting_for_user(user, meeting_id)
    if not can_manage_meetings_of(user, meeting.kecamatan.code):
        raise PermissionDenied
    return meeting


def kecamatan_for_reader(user: Any, code: str) -> Region:
    """The kecamatan, or 404 unless the user may read its meetings."""
    kecamatan = kecamatan_by_code(code)
    if kecamatan is None or not can_read_kecamatan_meetings(user, code):
        raise Http404
    return kecamatan


def kecamatan_for_manager(user: Any, code: str) -> Region:
    """The kecamatan, or 404 unless the user may schedule its meetings."""
    kecamatan = kecamatan_by_code(code)
    if kecamatan is None or not can_manage_meetings_of(user, code):
        raise Http404
    return kecamatan


def kecamatans_visible_to(user: Any, query: str = "") -> QuerySet[Region]:
    """Kecamatan whose meetings the user may read (for the meetings index), by code; `query`
    narrows them to a name containing it or a code starting with it."""
    scopes = scope_codes(user, READ_ROLES)
    kecamatans = Region.objects.filter(level=Region.Level.KECAMATAN).order_by("code")
    if scopes != [""]:
        own = Q(pk__in=[])
        for code in scopes:
            if codes.depth(code) >= codes.DESA:
                own |= Q(code=codes.kecamatan_of(code))
            else:
                own |= codes.under("code", code)
        kecamatans = kecamatans.filter(own)
    if query:
        kecamatans = kecamatans.filter(
            Q(name__icontains=query) | codes.starting_with("code", query)
        )
    return kecamatans


def recent_meetings_of(
    user: Any, kecamatans: Iterable[Region], shown: int
) -> dict[Any, tuple[list[CoordinationMeeting], int]]:
    """Per kecamatan id: its `shown` latest meetings the user may read, and how many there are.
    One query, for the kecamatan of one page of the index."""
    by_kecamatan: dict[Any, list[CoordinationMeeting]] = defaultdict(list)
    for meeting in (
        meetings_visible_to(user).filter(kecamatan__in=list(kecamatans)).order_by("-date")
    ):
        by_kecamatan[meeting.kecamatan_id].append(meeting)
    return {key: (found[:shown], len(found)) for key, found in by_kecamatan.items()}


def meetings_of_kecamatan(kecamatan: Region) -> QuerySet[CoordinationMeeting]:
    return CoordinationMeeting.objects.filter(kecamatan=kecamatan).order_by("-date")


@dataclass
class VillageLine:
    """One desa of a kecamatan, for the scheduling page and the invitation list."""

    desa: Region
    plan: LivelihoodPlan | None
    latest_review: VillageReview | None


def kecamatan_villages(kecamatan: Region, year: int | None = None) -> list[VillageLine]:
    """Every desa of the kecamatan with its plan for `year` and its latest session. 3 queries."""
    desas = list(Region.objects.filter(parent=kecamatan, level=Region.Level.DESA).order_by("name"))
    ids = [d.id for d in desas]
    plans = plans_for_meeting(ids, year or timezone.localdate().year)
    reviews = latest_reviews(ids)
    return [VillageLine(d, plans.get(d.id), reviews.get(d.id)) for d in desas]


class Village(Protocol):
    """A desa as the warnings read it: a Region, or a sheet's desa read as values."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def name(self) -> str: ...


@dataclass
class ReviewWarning:
    desa: Village
    message: str


def review_warnings(
    villages: list[Village], date: datetime.date, since: datetime.date | None = None
) -> list[ReviewWarning]:
    """Villages whose own monitoring session is missing or falls after the meeting
    (docs/mechanism.md#preparing-the-meeting, step 2).

    A session counts when it lies on or before the meeting date and after the previous meeting
    (`since`). One query.
    """
    sessions = VillageReview.objects.filter(desa_id__in=[v.id for v in villages]).order_by("date")
    return _warnings(villages, sessions.values_list("desa_id", "date"), date, since)


# The sessions of a meeting's villages, by the meeting's id, its SQL compiled once per thread
# (rembuk.core.prepared): the meeting page asks on every load.
_MEETING_SESSIONS = PreparedRead(
    lambda meeting_id: (
        VillageReview.objects.filter(
            desa_id__in=MeetingSheet.objects.filter(meeting_id=meeting_id).values("desa_id")
        )
        .order_by("date")
        .values_list("desa_id", "date")
    ),
    MeetingSheet._meta.get_field("meeting"),
)


def _warnings(
    villages: list[Village],
    sessions: Iterable[tuple[uuid.UUID, datetime.date]],
    date: datetime.date,
    since: datetime.date | None,
) -> list[ReviewWarning]:
    """review_warnings() for these sessions (desa, date) in date order."""
    by_desa: dict[uuid.UUID, list[datetime.date]] = defaultdict(list)
    for desa_id, day in sessions:
        by_desa[desa_id].append(day)
    warnings: list[ReviewWarning] = []
    # Translated once per call, not once per village.
    after = _(
        "Desa %(desa)s holds its own monitoring session on %(session)s, after the "
        "meeting (%(meeting)s). Its results will not be ready."
    )
    none = _(
        "Desa %(desa)s has no monitoring session recorded before the meeting. Ask the "
        "village when it will hold one, or record the date on its behalf."
    )
    for desa in villages:
        days = by_desa.get(desa.id, [])
        counted = [d for d in days if d <= date and (since is None or d > since)]
        if counted:
            continue
        later = [d for d in days if d > date]
        if later:
            message = after % {
                "desa": desa.name,
                "session": later[0].strftime("%d-%m-%Y"),
                "meeting": date.strftime("%d-%m-%Y"),
            }
        else:
            message = none % {"desa": desa.name}
        warnings.append(ReviewWarning(desa, message))
    return warnings


def meeting_review_warnings(
    meeting: CoordinationMeeting, sheets: Iterable[ShownSheet]
) -> list[ReviewWarning]:
    """review_warnings() for the meeting's villages (`sheets`: all of them, in order), since
    the previous meeting. One query (two with a previous meeting not yet read)."""
    previous = meeting.previous_meeting if meeting.previous_meeting_id else None
    since = previous.date if previous is not None else None
    sessions = _MEETING_SESSIONS.rows(meeting.id)
    return _warnings([s.desa for s in sheets], sessions, meeting.date, since)


def meeting_sheet_list(meeting: CoordinationMeeting) -> list[MeetingSheet]:
    """The invited villages in discussion order, with desa and plan. One query."""
    sheets = list(
        MeetingSheet.objects.filter(meeting=meeting)
        .select_related("desa", "plan")
        .order_by("position", "desa__name")
    )
    for sheet in sheets:
        sheet.meeting = meeting  # spare a query per sheet when a service checks the meeting
    return sheets


def sheet_of(meeting: CoordinationMeeting, sheet_id: uuid.UUID | str) -> MeetingSheet:
    sheet = one_or_404(
        MeetingSheet.objects.select_related("desa", "plan"), pk=sheet_id, meeting=meeting
    )
    sheet.meeting = meeting
    return sheet


def goal_of(sheet: MeetingSheet, goal_id: uuid.UUID | str | None) -> Goal | None:
    if not goal_id:
        return None
    return one_or_404(Goal.objects, pk=goal_id, plan_id=sheet.plan_id)


def challenge_of(sheet: MeetingSheet, challenge_id: uuid.UUID | str) -> Challenge:
    challenge = one_or_404(Challenge.objects.select_related("goal"), pk=challenge_id, sheet=sheet)
    challenge.sheet = sheet
    return challenge


def followup_of(sheet: MeetingSheet, followup_id: uuid.UUID | str) -> FollowUp:
    followup = one_or_404(
        FollowUp.objects.select_related("owner_agency"), pk=followup_id, sheet=sheet
    )
    followup.sheet = sheet
    return followup


def carried_in_followup_of(meeting: CoordinationMeeting, followup_id: uuid.UUID | str) -> FollowUp:
    return one_or_404(
        FollowUp.objects.select_related("sheet__meeting", "sheet__desa"),
        pk=followup_id,
        sheet__meeting__kecamatan=meeting.kecamatan,
        sheet__meeting__date__lt=meeting.date,
    )


def _agencies_of(meeting: CoordinationMeeting) -> QuerySet[Agency]:
    """The agencies (OPD) of the meeting's kabupaten: the only ones that may own a follow-up."""
    return Agency.objects.filter(kabupaten_id=meeting.kecamatan.parent_id).order_by("name")


def agencies_for(meeting: CoordinationMeeting) -> list[Agency]:
    return list(_agencies_of(meeting))


_AGENCY_NAMES = PreparedRead(
    lambda kabupaten_id: (
        Agency.objects.filter(kabupaten_id=kabupaten_id)
        .order_by("name")
        .values_list("id", "short_name", "name")
    ),
    Agency._meta.get_field("kabupaten"),
)


def agency_names(meeting: CoordinationMeeting) -> list[tuple[uuid.UUID, str, str]]:
    """agencies_for() as (id, short name, name): what a follow-up's agency list prints. Its
    SQL compiled once per thread (the meeting page asks on every load)."""
    return _AGENCY_NAMES.rows(meeting.kecamatan.parent_id)


def plans_for_meeting(desa_ids: Iterable[uuid.UUID], year: int) -> dict[uuid.UUID, LivelihoodPlan]:
    """Each desa's plan covering `year`, else its latest plan. One query."""
    chosen: dict[uuid.UUID, LivelihoodPlan] = {}
    plans = LivelihoodPlan.objects.filter(desa_id__in=list(desa_ids)).order_by(
        "desa_id", "-period_start", "-changed_at"
    )
    for plan in plans:
        current = chosen.get(plan.desa_id)
        covers = plan.period_start <= year <= plan.period_end
        if current is None or (covers and not current.period_start <= year <= current.period_end):
            chosen[plan.desa_id] = plan
    return chosen


def sheet_has_opening(meeting: CoordinationMeeting, sheet: MeetingSheet) -> bool:
    """Whether the village opens with something to hear before its rows: the results of its
    own monitoring session (held by the meeting day) or follow-ups carried from earlier
    meetings. Two queries at most."""
    held = VillageReview.objects.filter(
        desa_id=sheet.desa_id, status=VillageReview.Status.HELD, date__lte=meeting.date
    )
    return (
        held.exists() or carried_in_followups(meeting).filter(sheet__desa_id=sheet.desa_id).exists()
    )


def sheet_row_count(sheet: MeetingSheet) -> int:
    """How many goal rows the village's sheet shows (one per goal of its plan)."""
    return Goal.objects.filter(plan_id=sheet.plan_id).count() if sheet.plan_id else 0


_PRESENTER_STATE = PreparedRecords(
    PresenterState,
    lambda meeting_id: PresenterState.objects.filter(meeting_id=meeting_id),
    PresenterState._meta.get_field("meeting"),
)


def presenter_state(meeting: CoordinationMeeting) -> PresenterState | None:
    """The projector's state (one per meeting, or none yet). Its SQL compiled once per thread:
    every load of the meeting page and each projector step ask."""
    found = _PRESENTER_STATE.records(meeting.id)
    return found[0] if found else None


# --- what is on screen ------------------------------------------------------------------------


# A sheet as the meeting's screens read it: a MeetingSheet, or the meeting page's values.
type ShownSheet = MeetingSheet | SheetLine


@dataclass
class OnScreen[S: ShownSheet]:
    """The meeting's villages in discussion order, and the one on screen."""

    sheets: list[S]
    current: S | None
    state: PresenterState | None

    @property
    def on_projector(self) -> bool:
        """Whether `current` is the village the projector shows."""
        return (
            self.state is not None
            and self.current is not None
            and self.state.sheet_id == self.current.id
        )

    @property
    def row(self) -> int | None:
        """The goal row the projector shows on `current`; None: the village's opening, or a
        village the projector is not on."""
        return self.state.row if self.on_projector and self.state is not None else None

    @property
    def index(self) -> int:
        return self.sheets.index(self.current) if self.current is not None else 0

    @property
    def previous_sheet(self) -> S | None:
        return self.sheets[self.index - 1] if self.current is not None and self.index > 0 else None

    @property
    def next_sheet(self) -> S | None:
        after = self.index + 1
        return self.sheets[after] if self.current is not None and after < len(self.sheets) else None


class Unread(Enum):
    """A value a caller has not read yet (the selector reads it)."""

    STATE = "unread"


def sheet_on_screen(
    meeting: CoordinationMeeting,
    *,
    desa_code: str | None = None,
    state: PresenterState | Unread | None = Unread.STATE,
) -> OnScreen[MeetingSheet]:
    """Which village sheet is on screen (choose_on_screen), the sheets with desa and plan.
    Two queries (one when the caller has read the projector's state).

    The meeting page (reading its sheets as values), meeting mode and the projector's steps
    all choose through choose_on_screen, so they agree on the village."""
    return choose_on_screen(meeting_sheet_list(meeting), meeting, desa_code=desa_code, state=state)


def choose_on_screen[S: ShownSheet](
    sheets: list[S],
    meeting: CoordinationMeeting,
    *,
    desa_code: str | None = None,
    state: PresenterState | Unread | None = Unread.STATE,
) -> OnScreen[S]:
    """The desa a page asks for (the meeting page's `?desa=`), else the one the projector
    shows, else the first. One query (the projector's state), none when the caller read it."""
    if state is Unread.STATE:
        state = presenter_state(meeting)
    projected = next((s for s in sheets if state is not None and s.id == state.sheet_id), None)
    current = next((s for s in sheets if desa_code and s.desa.code == desa_code), None)
    if current is None:
        current = projected or (sheets[0] if sheets else None)
    return OnScreen(sheets=sheets, current=current, state=state)


def _last_change_around(places: int, kecamatan: str, *above: str) -> QuerySet[Any, Any]:
    """The log's newest change placed in the kecamatan (at it or at one of its villages) or at
    a region above it (`above`, `places` of them: the country, the provinsi, the kabupaten).
    Each place's newest change is one step down the index on (scope_code, seq); the
    kecamatan's places are its regions, read by their codes' index."""
    assert places == len(above)

    def newest_at(scope: Any) -> Coalesce:
        newest = ChangeLog.objects.filter(scope_code=scope).order_by("-seq").values("seq")[:1]
        return Coalesce(Subquery(newest), Value(0))

    within = (
        Region.objects.filter(codes.under("code", kecamatan))
        .annotate(newest=newest_at(OuterRef("code")))
        .order_by("-newest")
        .values("newest")[:1]
    )
    newest = [Coalesce(Subquery(within), Value(0)), *(newest_at(code) for code in above)]
    return ChangeLog.objects.filter(seq=Greatest(*newest)).values_list("change_id")


_LAST_CHANGE_AROUND = PreparedShapes(_last_change_around)


def latest_change_around(kecamatan_code: str) -> Any:
    """The id of the last change this database recorded to a record a meeting of this
    kecamatan can show, None before the first: every record of the kecamatan and of its
    villages (the meeting, the sheets, plans, challenges, follow-ups, reviews, support
    requests, the regions themselves), and the records placed above it (the kabupaten's
    agencies, the memberships of the people who lead it, the region names). A change in
    another kecamatan does not move it. One query."""
    above = ["", *codes.ancestors(kecamatan_code)]
    rows = _LAST_CHANGE_AROUND.rows(len(above), kecamatan_code, *above)
    return rows[0][0] if rows else None


def stage_drawn_from(meeting: CoordinationMeeting, state: PresenterState | None) -> tuple[Any, ...]:
    """What meeting mode's stage is drawn from, besides who looks and when: the meeting, the
    projector's position, and the last change recorded in or above the meeting's kecamatan
    (every sheet, plan, review, follow-up, support request, agency or membership it shows is
    a replicated record placed there: any write to one moves it; ADR 0029). Equal values,
    equal stage. One query."""
    position = (
        (state.sheet_id, state.row, state.row_fraction, state.shows, state.changed_at)
        if state is not None
        else None
    )
    return (meeting.pk, position, latest_change_around(meeting.kecamatan.code))


def row_on_screen(row: int | None, *, has_opening: bool, row_count: int) -> int | None:
    """The row to show: a village with nothing to hear first (no opening) starts on its first
    row, and no row past the last one. None: the village's opening."""
    if row is None and not has_opening:
        row = 0
    return None if row is None else min(row, max(row_count - 1, 0))


def empty_sheet_names(meeting: CoordinationMeeting) -> list[str]:
    """The villages with nothing recorded on their sheet, in discussion order."""
    return [view.sheet.desa.name for view in meeting_sheets(meeting) if view.is_empty]


_SHARE_LINKS = PreparedRecords(
    ShareLink,
    lambda meeting_id: ShareLink.objects.filter(sheet__meeting_id=meeting_id).order_by(
        "-created_at"
    ),
    MeetingSheet._meta.get_field("meeting"),
)


def share_links_of(meeting: CoordinationMeeting) -> dict[uuid.UUID, list[ShareLink]]:
    """Every share link of the meeting's sheets, newest first, by sheet. One query."""
    links: dict[uuid.UUID, list[ShareLink]] = defaultdict(list)
    for link in _SHARE_LINKS.records(meeting.id):
        links[link.sheet_id].append(link)
    return links


def share_link_of(meeting: CoordinationMeeting, link_id: int | str) -> ShareLink:
    return one_or_404(ShareLink.objects.select_related("sheet"), pk=link_id, sheet__meeting=meeting)


def village_followups(desa_codes: list[str]) -> QuerySet[FollowUp]:
    """Every follow-up agreed about these villages, newest meeting first (decisions page)."""
    return (
        FollowUp.objects.filter(sheet__desa__code__in=desa_codes)
        .select_related(
            "sheet__desa", "sheet__meeting", "owner_agency", "goal", "support_request__agency"
        )
        .order_by("-sheet__meeting__date", "sheet__desa__name", "position")
    )


def own_desa_codes(user: Any) -> list[str]:
    return [code for code in scope_codes(user, READ_ROLES) if codes.depth(code) == codes.DESA]


def followup_reviews_of(meeting: CoordinationMeeting) -> QuerySet[FollowUpReview]:
    """The earlier follow-ups reviewed at this meeting
    (docs/mechanism.md#reviewing-earlier-follow-ups)."""
    return FollowUpReview.objects.filter(meeting=meeting).order_by("changed_at")


def agency_by_id(agency_id: uuid.UUID | str) -> Agency | None:
    """Any agency by id, or None: the follow-up service judges whether it may own one
    (an unreadable id is a ValidationError, as a refusal)."""
    return Agency.objects.filter(pk=agency_id).first()


def desa_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code, level=Region.Level.DESA).first()


def goal_review_of(sheet: MeetingSheet, goal: Goal) -> GoalReview | None:
    return GoalReview.objects.filter(sheet=sheet, goal=goal).first()


def followup_review_at(meeting: CoordinationMeeting, followup: FollowUp) -> FollowUpReview | None:
    """The review of a carried-in follow-up recorded at this meeting, if any."""
    return FollowUpReview.objects.filter(meeting=meeting, followup=followup).first()


def agency_of_meeting(meeting: CoordinationMeeting, agency_id: uuid.UUID | str) -> Agency | None:
    """An agency of the meeting's kabupaten by id, or None."""
    return next((a for a in agencies_for(meeting) if str(a.pk) == str(agency_id)), None)
