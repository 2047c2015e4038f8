"""Reads of village plans, already limited to what the user may see: a plan and its parts, the
Musrenbang proposals of a kecamatan, the region tree with the plans below each region, and
"my villages" with the latest plan of each.

plan_matrix() turns a plan into the rows of Matriks 1 with a fixed number of queries, whatever
the size of the plan: the PDF, the XLSX export and the other apps read it; the plan page reads
the same rows as values (matrix_page.matrix_rows).
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.http import Http404

from rembuk.core.lookups import UNREADABLE_ID, one_or_404
from rembuk.core.models import ReplicatedModel
from rembuk.core.permissions import region_q
from rembuk.core.prepared import PreparedRead
from rembuk.people.models import Agency
from rembuk.people.permissions import (
    PLAN_EDIT_ROLES,
    READ_ROLES,
    can_view_region,
    has_role_over,
    memberships,
    scope_codes,
    scope_filter,
)
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    ActivityDependency,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.regions.codes import below_outer, starting_with
from rembuk.regions.models import Region
from rembuk.regions.selectors import kecamatan_by_code


def plans_visible_to(user: Any) -> QuerySet[LivelihoodPlan]:
    return (
        LivelihoodPlan.objects.filter(scope_filter(user, "desa__code", READ_ROLES))
        .select_related("desa", "desa__parent", "desa__parent__parent")
        .order_by("desa__code", "-period_start")
    )


def _plan_in_scope(user: Any, plan_id: uuid.UUID | str, roles: frozenset[str]) -> LivelihoodPlan:
    """The live plan with its desa, kecamatan and kabupaten, or 404 unless the user holds one of
    `roles` over its desa. Read by id and checked against the memberships this request read
    (has_role_over, the same rule as scope_filter's condition): compiling the scope into the
    query cost more than the rest of the read."""
    plan = one_or_404(
        LivelihoodPlan.objects.select_related("desa", "desa__parent", "desa__parent__parent"),
        pk=plan_id,
    )
    if not has_role_over(user, plan.desa.code, roles):
        raise Http404
    return plan


def plan_for_user(user: Any, plan_id: uuid.UUID | str) -> LivelihoodPlan:
    """The plan, or 404 when it does not exist, is deleted, or lies outside the user's region."""
    return _plan_in_scope(user, plan_id, READ_ROLES)


def plan_editable_by(user: Any, plan_id: uuid.UUID | str) -> LivelihoodPlan:
    """The plan, or 404 unless the user may edit plans of its desa."""
    return _plan_in_scope(user, plan_id, PLAN_EDIT_ROLES)


@dataclass(frozen=True)
class PageRegion:
    code: str
    name: str

    def __getitem__(self, name: str) -> Any:  # the template engine asks value[name] first
        return getattr(self, name)


@dataclass(frozen=True)
class PagePlan:
    """What the plan page prints of a plan, its desa, kecamatan and kabupaten, as values."""

    id: uuid.UUID
    status: str
    period_start: int
    period_end: int
    adopted_on: datetime.date | None
    notes: str
    previous_plan_id: uuid.UUID | None
    desa: PageRegion
    kecamatan: PageRegion | None
    kabupaten: PageRegion | None

    period_label = property(LivelihoodPlan.period_label.fget)  # type: ignore[attr-defined]  # the plan's own rule

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    @property
    def pk(self) -> uuid.UUID:
        return self.id

    def get_status_display(self) -> str:
        return str(LivelihoodPlan.Status(self.status).label)

    @classmethod
    def of(cls, plan: LivelihoodPlan) -> PagePlan:
        """The same values from a plan read as a model (the edit views have one)."""
        regions = [plan.desa, plan.desa.parent]
        regions.append(regions[1].parent if regions[1] else None)
        desa, kecamatan, kabupaten = (
            PageRegion(region.code, region.name) if region else None for region in regions
        )
        assert desa is not None
        return cls(
            plan.pk,
            plan.status,
            plan.period_start,
            plan.period_end,
            plan.adopted_on,
            plan.notes,
            plan.previous_plan_id,
            desa,
            kecamatan,
            kabupaten,
        )


PAGE_PLAN_COLUMNS = (
    *("id", "status", "period_start", "period_end", "adopted_on", "notes", "previous_plan_id"),
    *("desa__code", "desa__name", "desa__parent__code", "desa__parent__name"),
    *("desa__parent__parent__code", "desa__parent__parent__name"),
)
# Its SQL compiled once per thread (rembuk.core.prepared): building it cost more than running it.
_PAGE_PLAN = PreparedRead(
    lambda plan_id: (
        LivelihoodPlan.objects.filter(pk=plan_id).order_by().values_list(*PAGE_PLAN_COLUMNS)
    ),
    LivelihoodPlan._meta.pk,
)


def page_plan_for_user(user: Any, plan_id: uuid.UUID | str) -> PagePlan:
    """plan_for_user() for the plan page: the same plan and the same rule (404 outside the
    user's region), read as values — a third of the calls of the model with its regions."""
    try:
        row = _PAGE_PLAN.rows(plan_id)
    except UNREADABLE_ID as missing:
        raise Http404 from missing
    if not row:
        raise Http404
    (id_, status, start, end, adopted_on, notes, previous, *regions) = row[0]
    desa_code, desa_name, kecamatan_code, kecamatan_name, kabupaten_code, kabupaten_name = regions
    if not has_role_over(user, desa_code, READ_ROLES):
        raise Http404
    return PagePlan(
        id_,
        status,
        start,
        end,
        adopted_on,
        notes,
        previous,
        desa=PageRegion(desa_code, desa_name),
        kecamatan=PageRegion(kecamatan_code, kecamatan_name) if kecamatan_code else None,
        kabupaten=PageRegion(kabupaten_code, kabupaten_name) if kabupaten_code else None,
    )


def goal_in_plan(plan: LivelihoodPlan, goal_id: uuid.UUID | str) -> Goal:
    """A live goal of the plan, or 404."""
    return one_or_404(Goal.objects, plan=plan, pk=goal_id)


def milestone_in_plan(plan: LivelihoodPlan, milestone_id: uuid.UUID | str) -> Milestone:
    """A live milestone of a live goal of the plan, or 404."""
    return one_or_404(Milestone.objects, goal__plan=plan, goal__is_deleted=False, pk=milestone_id)


def activity_in_plan(plan: LivelihoodPlan, activity_id: uuid.UUID | str) -> Activity:
    """A live activity of a live goal of the plan (with its goal), or 404."""
    return one_or_404(
        Activity.objects.select_related("goal"),
        goal__plan=plan,
        goal__is_deleted=False,
        pk=activity_id,
    )


@dataclass
class MilestoneBlock:
    milestone: Milestone | None  # None holds the goal's activities that name no milestone
    activities: list[Activity] = field(default_factory=list)


@dataclass
class GoalBlock:
    number: int
    goal: Goal
    milestones: list[MilestoneBlock] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        return [activity for block in self.milestones for activity in block.activities]

    @property
    def row_count(self) -> int:
        return max(1, sum(max(1, len(block.activities)) for block in self.milestones))


def goals_with_rows(**filters: Any) -> QuerySet[Goal]:
    """Goals in order with their milestones and activities prefetched in order (3 queries)."""
    return (
        Goal.objects.filter(**filters)
        .order_by("position", "changed_at")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "changed_at")),
            Prefetch("activities", queryset=Activity.objects.order_by("position", "changed_at")),
        )
    )


def plan_matrix(plan: LivelihoodPlan) -> list[GoalBlock]:
    """Goals in order, each with its milestones in order, each with its activities in order.

    Three queries, whatever the size of the plan.
    """
    goals = list(goals_with_rows(plan=plan))
    return [goal_block(number, goal) for number, goal in enumerate(goals, start=1)]


def goal_block(number: int, goal: Goal) -> GoalBlock:
    """One goal's rows; `goal` must come with milestones and activities prefetched in order."""
    by_milestone: dict[uuid.UUID | None, list[Activity]] = defaultdict(list)
    for activity in goal.activities.all():
        by_milestone[activity.milestone_id].append(activity)
    block = GoalBlock(number=number, goal=goal)
    for milestone in goal.milestones.all():
        block.milestones.append(MilestoneBlock(milestone, by_milestone.pop(milestone.id, [])))
    # Activities without a milestone (or pointing at a deleted one) still show.
    leftovers = [activity for activities in by_milestone.values() for activity in activities]
    if leftovers or not block.milestones:
        block.milestones.append(MilestoneBlock(None, leftovers))
    return block


def milestones_of(goal: Goal) -> list[Milestone]:
    """The live milestones of a goal, in their order (the choices of an activity form)."""
    return list(Milestone.objects.filter(goal=goal).order_by("position", "changed_at"))


def dependencies_of(activity: Activity) -> list[uuid.UUID]:
    """The ids of the activities this one waits for."""
    return list(
        ActivityDependency.objects.filter(activity=activity).values_list("depends_on_id", flat=True)
    )


def current_version(obj: ReplicatedModel) -> int | None:
    """The version of the record as stored now (after a stale edit), or None when it is gone."""
    return type(obj).objects.filter(pk=obj.pk).values_list("version", flat=True).first()


# --- the list of plans -----------------------------------------------------------------------


def kecamatan_with_plans(user: Any, *, at_most: int) -> list[Region] | None:
    """The kecamatan holding a plan the user may see, by name (the list's filter); None when
    the user's scope holds more than `at_most` kecamatan (counted from the regions, by the code
    index, before any plan is read)."""
    in_scope = Region.objects.filter(
        scope_filter(user, "code", READ_ROLES), level=Region.Level.KECAMATAN
    )
    if in_scope[: at_most + 1].count() > at_most:
        return None
    return list(
        Region.objects.filter(
            level=Region.Level.KECAMATAN, pk__in=plans_visible_to(user).values("desa__parent")
        ).order_by("name")
    )


def plans_listed(
    user: Any, *, kecamatan: str = "", query: str = "", status: str = "", year: str = ""
) -> QuerySet[LivelihoodPlan]:
    """The plans the user may see, narrowed by the list's filters: a kecamatan code, a desa name
    or the start of its code, a status, a year the period covers. Unknown statuses and years
    that are not numbers are ignored. Their counts come after, for the page shown
    (plans_counted): counted here, over every plan in scope, a national list joined every goal
    and activity of the country before it could take its first fifty."""
    plans = plans_visible_to(user)
    if kecamatan:
        plans = plans.filter(desa__parent__code=kecamatan)
    if query:
        plans = plans.filter(Q(desa__name__icontains=query) | starting_with("desa__code", query))
    if status in LivelihoodPlan.Status.values:
        plans = plans.filter(status=status)
    if year.isdigit():
        plans = plans.filter(period_start__lte=int(year), period_end__gte=int(year))
    return plans


def in_list_order(plans: QuerySet[LivelihoodPlan]) -> QuerySet[LivelihoodPlan]:
    """`plans` to be read in the list's order, by desa code. Every plan's desa is a desa: said,
    SQLite walks the regions' (level, code) index in that order instead of sorting every plan
    of the country for one page (60 → 4 ms). Counting them does not need it (plans_listed)."""
    return plans.filter(desa__level=Region.Level.DESA)


def plans_counted(plans: Iterable[LivelihoodPlan]) -> None:
    """Set `goal_count` and `activity_count` (live ones) on each of `plans`. One query."""
    plans = list(plans)
    counts = {
        row["plan_id"]: row
        for row in Goal.objects.filter(plan__in=plans, is_deleted=False)
        .order_by()
        .values("plan_id")
        .annotate(
            goals=Count("id", distinct=True),
            activities=Count("activities", filter=Q(activities__is_deleted=False)),
        )
    }
    for plan in plans:
        row = counts.get(plan.pk, {})
        plan.goal_count = row.get("goals", 0)  # type: ignore[attr-defined]
        plan.activity_count = row.get("activities", 0)  # type: ignore[attr-defined]


# --- Musrenbang Kecamatan proposals ----------------------------------------------------------


def kecamatan_for_user(user: Any, code: str) -> Region:
    """The kecamatan, or 404 when it does not exist or the user may not read it."""
    region = kecamatan_by_code(code)
    if region is None or not can_view_region(user, region.code):
        raise Http404
    return region


def musrenbang_activities(kecamatan: Region) -> list[Activity]:
    """Activities of every live plan in the kecamatan whose kewenangan lies above the desa.

    One query; ordered by desa, period, goal and activity so the caller can group by desa.
    """
    return list(
        Activity.objects.filter(
            authority__in=MUSRENBANG_AUTHORITIES,
            goal__plan__desa__parent=kecamatan,
            goal__plan__is_deleted=False,
            goal__is_deleted=False,
        )
        .select_related("goal", "goal__plan", "goal__plan__desa", "milestone")
        .order_by(
            "goal__plan__desa__code",
            "goal__plan__period_start",
            "goal__position",
            "goal__changed_at",
            "position",
            "changed_at",
        )
    )


@dataclass
class DesaProposals:
    desa: Region
    activities: list[Activity]


def musrenbang_proposals(kecamatan: Region) -> list[DesaProposals]:
    """The Musrenbang proposals of a kecamatan grouped by desa, in one query."""
    groups: list[DesaProposals] = []
    for activity in musrenbang_activities(kecamatan):
        desa = activity.goal.plan.desa
        if not groups or groups[-1].desa.pk != desa.pk:
            groups.append(DesaProposals(desa, []))
        groups[-1].activities.append(activity)
    return groups


# Above this many desa a plain code field replaces the select (a kabupaten-wide role).
DESA_SELECT_LIMIT = 1000


def desa_choices_for_planning(user: Any) -> list[tuple[str, str]] | None:
    """Desa whose plans the user may edit, as (code, label); None when too many to list."""
    desa = list(
        Region.objects.filter(level=Region.Level.DESA)
        .filter(scope_filter(user, "code", PLAN_EDIT_ROLES))
        .select_related("parent")
        .order_by("code")[: DESA_SELECT_LIMIT + 1]
    )
    if len(desa) > DESA_SELECT_LIMIT:
        return None
    return [(d.code, f"{d.name} — {d.parent.name if d.parent else ''} ({d.code})") for d in desa]


# --- the region tree, with the plans below each region ----------------------------------------
# Regions are reference data every signed-in person may browse; the plan counts beside them are
# limited to the plans the person may see.

Level = Region.Level


def _live(path: str) -> Q:
    return Q(**{f"{path}__is_deleted": False})


def _plan_count(user: Any, prefix: str) -> Count | Value:
    """Count of the plans (under desa reached by `prefix`) that the user may see."""
    scopes = scope_codes(user, READ_ROLES)
    if not scopes:
        return Value(0)
    condition = Q(**{f"{prefix}plans__is_deleted": False})
    if scopes != [""]:
        condition &= region_q(f"{prefix}code", scopes)
    return Count(f"{prefix}plans", filter=condition, distinct=True)


def with_counts(regions: QuerySet[Region], level: str, user: Any) -> QuerySet[Region]:
    """Annotate regions of one level with what lies below them, in the same single query.

    provinsi and kabupaten: `child_count` and `grandchild_count` (e.g. kecamatan and desa of a
    kabupaten); kecamatan: `child_count` (desa) and `plan_count`; desa: `plan_count`.
    Plan counts include only plans the user may see.
    """
    if level in (Level.PROVINSI, Level.KABUPATEN):
        return regions.annotate(
            child_count=Count("children", filter=_live("children"), distinct=True),
            grandchild_count=Count(
                "children__children", filter=_live("children__children"), distinct=True
            ),
        )
    if level == Level.KECAMATAN:
        return regions.annotate(
            child_count=Count("children", filter=_live("children"), distinct=True),
            plan_count=_plan_count(user, "children__"),
        )
    return regions.annotate(plan_count=_plan_count(user, ""))


def children_with_counts(region: Region, user: Any) -> list[Region]:
    children = Region.objects.filter(parent=region).order_by("code")
    child_level = {
        Level.PROVINSI: Level.KABUPATEN,
        Level.KABUPATEN: Level.KECAMATAN,
        Level.KECAMATAN: Level.DESA,
    }.get(Level(region.level))
    if child_level is None:
        return []
    return list(with_counts(children, child_level, user))


def plans_of_desa(user: Any, desa: Region) -> list[LivelihoodPlan]:
    """The plans of one desa that the user may see (its region page)."""
    return list(plans_visible_to(user).filter(desa=desa))


@dataclass
class ProvinsiGroup:
    provinsi: Region
    kabupaten: list[Region] = field(default_factory=list)


def _kabupaten_with_data() -> Q:
    """Kabupaten where the programme works: they hold an agency (OPD) or a plan. Asked per
    kabupaten, the agency first (one seek), then a plan by the range of its desa codes (a seek
    where it has one): a subquery of every plan's kabupaten joined the country's 83,762 plans to
    their desa and kecamatan on every read (150 ms on SQLite)."""
    with_agencies = Agency.objects.filter(kabupaten=OuterRef("pk"))
    with_plans = LivelihoodPlan.objects.filter(below_outer("desa__code"))
    return Q(Exists(with_agencies)) | Q(Exists(with_plans))


def _with_grouped_counts(kabupaten: list[Region]) -> list[Region]:
    """Counts for the kabupaten listed: two grouped queries over the region table. Where every
    kabupaten has data (a national hub) they are four times faster than one query joining each
    kabupaten to its kecamatan and their desa (430 ms against 110 ms on SQLite)."""
    if not kabupaten:
        return kabupaten
    kecamatan = dict(
        Region.objects.filter(level=Level.KECAMATAN)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    desa = dict(
        Region.objects.filter(level=Level.DESA)
        .values_list("parent__parent_id")
        .annotate(n=Count("id"))
        .values_list("parent__parent_id", "n")
    )
    for kab in kabupaten:
        kab.child_count = kecamatan.get(kab.pk, 0)  # type: ignore[attr-defined]
        kab.grandchild_count = desa.get(kab.pk, 0)  # type: ignore[attr-defined]
    return kabupaten


def kabupaten_overview(user: Any, *, show_all: bool = False) -> tuple[list[ProvinsiGroup], bool]:
    """Kabupaten with counts, grouped by provinsi, in a constant number of queries.

    By default only kabupaten where the programme has data (three queries); all of them when
    asked, or when no kabupaten has data yet (three more). Returns the groups and whether the
    list is the full one.
    """
    base = Region.objects.filter(level=Level.KABUPATEN).select_related("parent").order_by("code")
    kabupaten: list[Region] = []
    if not show_all:
        kabupaten = _with_grouped_counts(list(base.filter(_kabupaten_with_data())))
    if not kabupaten:
        show_all = True
        kabupaten = _with_grouped_counts(list(base))
    groups: dict[str, ProvinsiGroup] = {}
    for kab in kabupaten:
        provinsi = kab.parent
        if provinsi is None:
            continue
        groups.setdefault(provinsi.code, ProvinsiGroup(provinsi)).kabupaten.append(kab)
    return list(groups.values()), show_all


# --- my villages ---------------------------------------------------------------------------
# Computed from the reader's own memberships in a fixed number of queries, whatever the number
# of villages.


@dataclass
class VillageRow:
    desa: Region
    plan_id: uuid.UUID | None
    period_start: int | None
    period_end: int | None
    plan_status: str | None

    @property
    def period_label(self) -> str:
        if self.period_start is None:
            return ""
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    @property
    def status_label(self) -> str:
        return str(LivelihoodPlan.Status(self.plan_status).label) if self.plan_status else ""


@dataclass
class MyVillages:
    villages: list[VillageRow] = field(default_factory=list)
    kecamatan: list[Region] = field(default_factory=list)
    kabupaten: list[Region] = field(default_factory=list)
    everything: bool = False  # a superuser: everything is theirs; the region pages serve better

    @property
    def is_empty(self) -> bool:
        return not (self.villages or self.kecamatan or self.kabupaten or self.everything)


def _scope_by_level(user: Any) -> dict[str, list[str]]:
    by_level: dict[str, set[str]] = {level: set() for level in Level.values}
    for membership in memberships(user):
        by_level[membership.region.level].add(membership.region.code)
    return {level: sorted(codes) for level, codes in by_level.items()}


def _latest_plan(column: str) -> Subquery:
    latest = LivelihoodPlan.objects.filter(desa=OuterRef("pk")).order_by(
        "-period_start", "-changed_at"
    )
    return Subquery(latest.values(column)[:1])


def my_villages(user: Any) -> MyVillages:
    """Desa for village and kecamatan roles (with the latest plan of each), the kecamatan of a
    kabupaten-level role, the kabupaten of a provinsi-level role. One query per kind shown.
    """
    result = MyVillages()
    if getattr(user, "is_superuser", False):
        result.everything = True
        return result
    scopes = _scope_by_level(user)
    desa_scopes = scopes[Level.DESA] + scopes[Level.KECAMATAN]
    if desa_scopes:
        desa = (
            Region.objects.filter(level=Level.DESA)
            .filter(region_q("code", desa_scopes))
            .select_related("parent")
            .annotate(
                latest_plan_id=_latest_plan("id"),
                latest_period_start=_latest_plan("period_start"),
                latest_period_end=_latest_plan("period_end"),
                latest_status=_latest_plan("status"),
            )
            .order_by("code")
        )
        result.villages = [
            VillageRow(
                desa=region,
                plan_id=region.latest_plan_id,
                period_start=region.latest_period_start,
                period_end=region.latest_period_end,
                plan_status=region.latest_status,
            )
            for region in desa
        ]
    if scopes[Level.KABUPATEN]:
        kecamatan = Region.objects.filter(level=Level.KECAMATAN).filter(
            region_q("code", scopes[Level.KABUPATEN])
        )
        result.kecamatan = list(
            with_counts(kecamatan.select_related("parent"), Level.KECAMATAN, user).order_by("code")
        )
    if scopes[Level.PROVINSI]:
        kabupaten = Region.objects.filter(level=Level.KABUPATEN).filter(
            region_q("code", scopes[Level.PROVINSI])
        )
        result.kabupaten = list(
            with_counts(kabupaten.select_related("parent"), Level.KABUPATEN, user).order_by("code")
        )
    return result
