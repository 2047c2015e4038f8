"""Village plans (Matriks 1): the goal → milestone → activity tree, Musrenbang proposals, the
plan's Riwayat, and the plan's items written through rembuk.plans.services."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from rembuk.api.endpoints.common import (
    DeleteQuery,
    HistoryPage,
    HistoryQuery,
    VersionedWrite,
    base_version,
    history_page,
    listed,
)
from rembuk.api.pagination import Page
from rembuk.api.rules import rule
from rembuk.api.schemas import (
    ListFilters,
    Record,
    RegionRef,
    answers,
    page_schema,
    record_fields,
    region_ref,
)
from rembuk.plans import selectors, services
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    Authority,
    FundingSource,
    Goal,
    LivelihoodPlan,
    Milestone,
)
from rembuk.plans.permissions import can_read_plans, can_write_plans

router = Router(tags=["plans"])

PlanStatus = Literal["draft", "ditetapkan"]
AuthorityCode = Literal["desa", "kabupaten", "provinsi", "pusat", "swadaya", "pihak_lain"]
FundingCode = Literal[
    "dana_desa",
    "add",
    "bumdes",
    "csr",
    "swadaya",
    "apbd_kabupaten",
    "apbd_provinsi",
    "apbn",
    "opd_teknis",
    "lainnya",
]
Direction = Literal["up", "down"]


# --- what a plan looks like ---------------------------------------------------------------------


class PlanOut(Record):
    desa: RegionRef
    kecamatan: RegionRef | None
    kabupaten: RegionRef | None
    period_start: int
    period_end: int
    status: str = Field(description="draft or ditetapkan (adopted by the musyawarah desa).")
    status_label: str
    adopted_on: datetime.date | None
    previous_plan_id: uuid.UUID | None
    notes: str


class ActivityOut(Record):
    goal_id: uuid.UUID
    milestone_id: uuid.UUID | None
    position: int
    name: str
    description: str = Field(description="Keterangan: when and how.")
    funding_sources: list[str] = Field(description="Codes of the funding sources.")
    funding_labels: list[str]
    funding_note: str
    authority: str = Field(
        description="Kewenangan: desa, kabupaten, provinsi, pusat, swadaya, pihak_lain."
    )
    authority_label: str
    is_musrenbang_proposal: bool = Field(
        description="Its authority lies above the desa: a proposal for the Musrenbang Kecamatan."
    )


class MilestoneOut(Record):
    goal_id: uuid.UUID
    position: int
    statement: str
    target_value: str
    target_year: int | None


class MilestoneWithActivities(MilestoneOut):
    activities: list[ActivityOut]


class GoalOut(Record):
    plan_id: uuid.UUID
    position: int
    statement: str
    target: str
    target_year: int | None


class GoalTree(GoalOut):
    number: int = Field(description="The goal's number on Matriks 1 (1, 2, …).")
    milestones: list[MilestoneWithActivities]
    activities_without_milestone: list[ActivityOut]


class PlanDetail(PlanOut):
    goals: list[GoalTree]


PlanPage = page_schema(PlanOut, "PlanPage")


def _plan_out(plan: LivelihoodPlan) -> dict:
    kecamatan = plan.desa.parent
    return {
        **record_fields(plan),
        "desa": region_ref(plan.desa),
        "kecamatan": region_ref(kecamatan),
        "kabupaten": region_ref(kecamatan.parent if kecamatan else None),
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "adopted_on": plan.adopted_on,
        "previous_plan_id": plan.previous_plan_id,
        "notes": plan.notes,
    }


def activity_out(activity: Activity) -> ActivityOut:
    return ActivityOut(
        **record_fields(activity),
        goal_id=activity.goal_id,
        milestone_id=activity.milestone_id,
        position=activity.position,
        name=activity.name,
        description=activity.description,
        funding_sources=list(activity.funding_sources),
        funding_labels=activity.funding_labels(),
        funding_note=activity.funding_note,
        authority=activity.authority,
        authority_label=activity.get_authority_display(),
        is_musrenbang_proposal=activity.is_musrenbang_proposal,
    )


def _milestone_fields(milestone: Milestone) -> dict:
    return {
        **record_fields(milestone),
        "goal_id": milestone.goal_id,
        "position": milestone.position,
        "statement": milestone.statement,
        "target_value": milestone.target_value,
        "target_year": milestone.target_year,
    }


def _goal_fields(goal: Goal) -> dict:
    return {
        **record_fields(goal),
        "plan_id": goal.plan_id,
        "position": goal.position,
        "statement": goal.statement,
        "target": goal.target,
        "target_year": goal.target_year,
    }


def plan_detail_of(plan: LivelihoodPlan) -> PlanDetail:
    goals = []
    for block in selectors.plan_matrix(plan):
        milestones = []
        loose: list[ActivityOut] = []
        for mblock in block.milestones:
            activities = [activity_out(activity) for activity in mblock.activities]
            if mblock.milestone is None:
                loose.extend(activities)
            else:
                milestones.append(
                    MilestoneWithActivities(
                        **_milestone_fields(mblock.milestone), activities=activities
                    )
                )
        goals.append(
            GoalTree(
                **_goal_fields(block.goal),
                number=block.number,
                milestones=milestones,
                activities_without_milestone=loose,
            )
        )
    return PlanDetail(**_plan_out(plan), goals=goals)


# --- reads ----------------------------------------------------------------------------------------


class PlanFilters(ListFilters):
    status: PlanStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="Plans whose period covers it.")


@router.get("/plans", response=answers(PlanPage))
@rule(can_read_plans)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> Page:
    """Village plans the caller may read, by desa code (the latest period first)."""
    plans = selectors.plans_visible_to(request.user)
    if filters.year:
        plans = plans.filter(period_start__lte=filters.year, period_end__gte=filters.year)
    return listed(
        request,
        plans,
        filters,
        region_path="desa__code",
        order=("desa__code", "-period_start", "id"),
        out=lambda plan: PlanOut(**_plan_out(plan)),
    )


@router.get("/plans/{uuid:plan_id}", response=answers(PlanDetail))
@rule(can_read_plans)
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> PlanDetail:
    """One plan with its goals, their milestones and activities, in Matriks 1 order."""
    return plan_detail_of(selectors.plan_for_user(request.user, plan_id))


@router.get("/plans/{uuid:plan_id}/history", response=answers(HistoryPage))
@rule(can_read_plans)
def plan_history(request: HttpRequest, plan_id: uuid.UUID, query: Query[HistoryQuery]) -> Page:
    """Riwayat: every change to the plan and its goals, milestones and activities, newest
    first."""
    plan = selectors.plan_for_user(request.user, plan_id)
    return history_page(request, plan.pk, query)


class MusrenbangProposal(Schema):
    desa: RegionRef
    plan_id: uuid.UUID
    goal_id: uuid.UUID
    goal_statement: str
    activity: ActivityOut


class MusrenbangOut(Schema):
    kecamatan: RegionRef
    authorities: list[str] = Field(description="The kewenangan that make an activity a proposal.")
    items: list[MusrenbangProposal]


@router.get("/kecamatan/{code}/musrenbang-proposals", response=answers(MusrenbangOut))
@rule(can_read_plans)
def musrenbang_proposals(request: HttpRequest, code: str) -> MusrenbangOut:
    """The activities of the kecamatan's village plans that go to the Musrenbang Kecamatan."""
    kecamatan = selectors.kecamatan_for_user(request.user, code)
    return MusrenbangOut(
        kecamatan=region_ref(kecamatan),
        authorities=list(MUSRENBANG_AUTHORITIES),
        items=[
            MusrenbangProposal(
                desa=region_ref(activity.goal.plan.desa),
                plan_id=activity.goal.plan_id,
                goal_id=activity.goal_id,
                goal_statement=activity.goal.statement,
                activity=activity_out(activity),
            )
            for activity in selectors.musrenbang_activities(kecamatan)
        ],
    )


# --- writes: goals ----------------------------------------------------------------------------


class GoalIn(Schema):
    statement: str = Field(max_length=2000, description="Tujuan utama.")
    target: str = Field("", max_length=2000, description="Target capaian.")
    target_year: int | None = Field(None, ge=2000, le=2100)


class GoalPatch(VersionedWrite):
    statement: str | None = Field(None, max_length=2000)
    target: str | None = Field(None, max_length=2000)
    target_year: int | None = Field(None, ge=2000, le=2100)


class MoveIn(VersionedWrite):
    direction: Direction = Field(description="up or down: swap with the neighbour.")


# How each kind of plan item is found in its plan, deleted and moved (rembuk.plans).
ITEMS: dict[str, tuple[Callable[..., Any], Callable[..., None], Callable[..., None]]] = {
    "goal": (selectors.goal_in_plan, services.goal_delete, services.goal_move),
    "milestone": (selectors.milestone_in_plan, services.milestone_delete, services.milestone_move),
    "activity": (selectors.activity_in_plan, services.activity_delete, services.activity_move),
}


def _item_deleted(
    request: HttpRequest, plan_id: uuid.UUID, kind: str, item_id: uuid.UUID, version: int | None
) -> Status:
    find, delete, _move = ITEMS[kind]
    plan = selectors.plan_editable_by(request.user, plan_id)
    delete(
        **{kind: find(plan, item_id)},
        actor=request.user,
        base_version=base_version(request, version),
    )
    return Status(204, None)


def _item_moved(
    request: HttpRequest, plan_id: uuid.UUID, kind: str, item_id: uuid.UUID, payload: MoveIn
) -> Any:
    """The item where the move left it."""
    find, _delete, move = ITEMS[kind]
    plan = selectors.plan_editable_by(request.user, plan_id)
    move(
        **{kind: find(plan, item_id)},
        direction=payload.direction,
        actor=request.user,
        base_version=base_version(request, payload.version),
    )
    return find(plan, item_id)


def sent_changes(payload: Schema, *, texts: tuple[str, ...], others: tuple[str, ...] = ()) -> dict:
    """The fields the client sent: a field left out stays as it is. A text sent as null is
    cleared (""); any other field sent as null is cleared (None)."""
    sent = payload.model_dump(exclude_unset=True)
    changes = {name: sent[name] for name in others if name in sent}
    changes.update({name: sent[name] or "" for name in texts if name in sent})
    return changes


@router.post("/plans/{uuid:plan_id}/goals", response=answers(GoalOut, status=201, write=True))
@rule(can_write_plans)
def goal_add(request: HttpRequest, plan_id: uuid.UUID, payload: GoalIn) -> Status:
    """Add a goal at the end of the plan."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    goal = services.goal_add(plan=plan, actor=request.user, **payload.model_dump())
    return Status(201, GoalOut(**_goal_fields(goal)))


@router.patch("/plans/{uuid:plan_id}/goals/{uuid:goal_id}", response=answers(GoalOut, write=True))
@rule(can_write_plans)
def goal_edit(
    request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID, payload: GoalPatch
) -> GoalOut:
    """Change a goal's texts or target year (only the fields sent)."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    goal = selectors.goal_in_plan(plan, goal_id)
    version = base_version(request, payload.version)
    goal = services.goal_update(
        goal=goal,
        actor=request.user,
        base_version=version,
        **sent_changes(payload, texts=("statement", "target"), others=("target_year",)),
    )
    return GoalOut(**_goal_fields(goal))


@router.delete(
    "/plans/{uuid:plan_id}/goals/{uuid:goal_id}", response=answers(None, status=204, write=True)
)
@rule(can_write_plans)
def goal_delete(
    request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID, query: Query[DeleteQuery]
) -> Status:
    """Delete a goal with its milestones and activities."""
    return _item_deleted(request, plan_id, "goal", goal_id, query.version)


@router.post(
    "/plans/{uuid:plan_id}/goals/{uuid:goal_id}/move", response=answers(GoalOut, write=True)
)
@rule(can_write_plans)
def goal_move(
    request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID, payload: MoveIn
) -> GoalOut:
    """Swap a goal with the one above or below it."""
    return GoalOut(**_goal_fields(_item_moved(request, plan_id, "goal", goal_id, payload)))


# --- writes: milestones -------------------------------------------------------------------------


class MilestoneIn(Schema):
    statement: str = Field(max_length=2000, description="Tujuan antara / sasaran.")
    target_value: str = Field("", max_length=1000, description="Nilai target.")
    target_year: int | None = Field(None, ge=2000, le=2100)


class MilestonePatch(VersionedWrite):
    statement: str | None = Field(None, max_length=2000)
    target_value: str | None = Field(None, max_length=1000)
    target_year: int | None = Field(None, ge=2000, le=2100)


@router.post(
    "/plans/{uuid:plan_id}/goals/{uuid:goal_id}/milestones",
    response=answers(MilestoneOut, status=201, write=True),
)
@rule(can_write_plans)
def milestone_add(
    request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID, payload: MilestoneIn
) -> Status:
    """Add a milestone (tujuan antara) at the end of a goal."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    goal = selectors.goal_in_plan(plan, goal_id)
    milestone = services.milestone_add(goal=goal, actor=request.user, **payload.model_dump())
    return Status(201, MilestoneOut(**_milestone_fields(milestone)))


@router.patch(
    "/plans/{uuid:plan_id}/milestones/{uuid:milestone_id}",
    response=answers(MilestoneOut, write=True),
)
@rule(can_write_plans)
def milestone_edit(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID, payload: MilestonePatch
) -> MilestoneOut:
    """Change a milestone's texts or target year (only the fields sent)."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    milestone = selectors.milestone_in_plan(plan, milestone_id)
    milestone = services.milestone_update(
        milestone=milestone,
        actor=request.user,
        base_version=base_version(request, payload.version),
        **sent_changes(payload, texts=("statement", "target_value"), others=("target_year",)),
    )
    return MilestoneOut(**_milestone_fields(milestone))


@router.delete(
    "/plans/{uuid:plan_id}/milestones/{uuid:milestone_id}",
    response=answers(None, status=204, write=True),
)
@rule(can_write_plans)
def milestone_delete(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID, query: Query[DeleteQuery]
) -> Status:
    """Delete a milestone with the activities planned under it."""
    return _item_deleted(request, plan_id, "milestone", milestone_id, query.version)


@router.post(
    "/plans/{uuid:plan_id}/milestones/{uuid:milestone_id}/move",
    response=answers(MilestoneOut, write=True),
)
@rule(can_write_plans)
def milestone_move(
    request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID, payload: MoveIn
) -> MilestoneOut:
    """Swap a milestone with the one above or below it in its goal."""
    moved = _item_moved(request, plan_id, "milestone", milestone_id, payload)
    return MilestoneOut(**_milestone_fields(moved))


# --- writes: activities -------------------------------------------------------------------------


class ActivityIn(Schema):
    name: str = Field(max_length=1000, description="Kegiatan.")
    milestone_id: uuid.UUID | None = Field(None, description="A milestone of the same goal.")
    description: str = Field("", max_length=2000, description="Keterangan: when and how.")
    funding_sources: list[FundingCode] = Field(default_factory=list, max_length=10)
    funding_note: str = Field("", max_length=300)
    authority: AuthorityCode = "desa"


class ActivityPatch(VersionedWrite):
    name: str | None = Field(None, max_length=1000)
    milestone_id: uuid.UUID | None = Field(
        None, description="Move it under another milestone of its goal (null: under none)."
    )
    description: str | None = Field(None, max_length=2000)
    funding_sources: list[FundingCode] | None = Field(None, max_length=10)
    funding_note: str | None = Field(None, max_length=300)
    authority: AuthorityCode | None = None


def _milestone_or_none(plan: LivelihoodPlan, milestone_id: uuid.UUID | None) -> Milestone | None:
    return selectors.milestone_in_plan(plan, milestone_id) if milestone_id else None


@router.post(
    "/plans/{uuid:plan_id}/goals/{uuid:goal_id}/activities",
    response=answers(ActivityOut, status=201, write=True),
)
@rule(can_write_plans)
def activity_add(
    request: HttpRequest, plan_id: uuid.UUID, goal_id: uuid.UUID, payload: ActivityIn
) -> Status:
    """Add an activity to a goal (under one of its milestones, or none), at the end."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    goal = selectors.goal_in_plan(plan, goal_id)
    values = payload.model_dump()
    milestone = _milestone_or_none(plan, values.pop("milestone_id"))
    activity = services.activity_add(goal=goal, milestone=milestone, actor=request.user, **values)
    return Status(201, activity_out(activity))


@router.patch(
    "/plans/{uuid:plan_id}/activities/{uuid:activity_id}",
    response=answers(ActivityOut, write=True),
)
@rule(can_write_plans)
def activity_edit(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID, payload: ActivityPatch
) -> ActivityOut:
    """Change an activity (only the fields sent)."""
    plan = selectors.plan_editable_by(request.user, plan_id)
    activity = selectors.activity_in_plan(plan, activity_id)
    changes = sent_changes(
        payload,
        texts=("name", "description", "funding_note"),
        others=("funding_sources", "authority"),
    )
    if "funding_sources" in changes and changes["funding_sources"] is None:
        changes["funding_sources"] = []
    if "authority" in changes and changes["authority"] is None:
        del changes["authority"]  # every activity has a kewenangan: null leaves it as it is
    if "milestone_id" in payload.model_fields_set:
        changes["milestone"] = _milestone_or_none(plan, payload.milestone_id)
    activity = services.activity_update(
        activity=activity,
        actor=request.user,
        base_version=base_version(request, payload.version),
        **changes,
    )
    return activity_out(activity)


@router.delete(
    "/plans/{uuid:plan_id}/activities/{uuid:activity_id}",
    response=answers(None, status=204, write=True),
)
@rule(can_write_plans)
def activity_delete(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID, query: Query[DeleteQuery]
) -> Status:
    """Delete an activity."""
    return _item_deleted(request, plan_id, "activity", activity_id, query.version)


@router.post(
    "/plans/{uuid:plan_id}/activities/{uuid:activity_id}/move",
    response=answers(ActivityOut, write=True),
)
@rule(can_write_plans)
def activity_move(
    request: HttpRequest, plan_id: uuid.UUID, activity_id: uuid.UUID, payload: MoveIn
) -> ActivityOut:
    """Swap an activity with the one above or below it (within its milestone)."""
    return activity_out(_item_moved(request, plan_id, "activity", activity_id, payload))


# Keep the enumerations in step with the models they mirror (checked by a test).
ENUMERATIONS = {
    PlanStatus: LivelihoodPlan.Status,
    AuthorityCode: Authority,
    FundingCode: FundingSource,
}
