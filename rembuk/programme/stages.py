"""A desa's eight programme stages (docs/mechanism.md#the-eight-stages), computed when read.

Owns one rule: where Rembuk holds the record, the stage is derived from it, so it can never
disagree with the plan, the reviews or the requests:

- stage 4 (planning): a plan is recorded but not adopted → in progress; adopted → done;
- stage 5 (adoption): a plan adopted (ditetapkan) → done, on the date of the musyawarah desa;
- stage 6 (implementation and monitoring): a village review held → in progress; done when the
  latest review held found every activity it looked at done or cancelled;
- stage 7 (support needs followed up): a support request exists → in progress; done once at
  least one was answered (selesai) and none is still open;
- stage 8 (evaluation): an end-of-period evaluation of a plan → done.

A StageProgress row set by a person wins over the derived state for its stage: that is how the
stages Rembuk cannot see (1–3) are recorded, and how a derived one is corrected.

stages_for() does it for many desa with a fixed number of queries (seven), whatever their
number; desa_stages() is the same computation for one desa.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rembuk.evaluation.models import PlanEvaluation
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.plans.models import LivelihoodPlan
from rembuk.programme.models import Stage, StageProgress
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest

Status = StageProgress.Status

# Who carries out each stage during the programme ("Pelaksana saat Program"),
# docs/mechanism.md#the-eight-stages.
STAGE_ACTORS: dict[int, Any] = {
    Stage.GUIDE: gettext_lazy("Programme team, with the local government"),
    Stage.TRAINERS: gettext_lazy("Programme team"),
    Stage.VILLAGE_FACILITATORS: gettext_lazy("Programme team and district facilitators"),
    Stage.PLANNING: gettext_lazy("District and village facilitators"),
    Stage.ADOPTION: gettext_lazy("Village government and community"),
    Stage.IMPLEMENTATION: gettext_lazy("Village team, supported by the kecamatan"),
    Stage.SUPPORT: gettext_lazy("Kabupaten team"),
    Stage.EVALUATION: gettext_lazy("Village team, supported by the kecamatan"),
}

STAGE_NUMBERS = tuple(int(value) for value in Stage.values)
FINISHED_ACTIVITY = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})
OPEN_REQUEST = frozenset(
    {
        SupportRequest.Status.SUBMITTED,
        SupportRequest.Status.ACCEPTED,
        SupportRequest.Status.SCHEDULED,
        SupportRequest.Status.IN_PROGRESS,
    }
)


@dataclass
class StageState:
    stage: int
    status: str = Status.NOT_STARTED
    date: datetime.date | None = None
    who: str = ""
    note: str = ""
    # "manual" (a person set it), "derived" (from Rembuk's records) or "" (nothing known).
    source: str = ""
    explanation: str = ""
    row: StageProgress | None = None

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def is_reached(self) -> bool:
        return self.status in (Status.DONE, Status.IN_PROGRESS)


@dataclass
class DesaStages:
    desa: Region
    stages: list[StageState] = field(default_factory=list)

    @property
    def current(self) -> StageState | None:
        """The highest stage done or in progress (None: nothing has started)."""
        reached = [state for state in self.stages if state.is_reached]
        return reached[-1] if reached else None

    @property
    def current_number(self) -> int:
        current = self.current
        return current.stage if current else 0


@dataclass
class _Facts:
    """What Rembuk's records say about one desa."""

    has_plan: bool = False
    adopted_on: datetime.date | None = None
    adopted: bool = False
    last_review: datetime.date | None = None
    looked_at: int = 0  # activities the latest held review gave a status
    finished: int = 0  # of which done or cancelled
    requests: dict[str, int] = field(default_factory=dict)
    last_answer: datetime.date | None = None
    answering_agencies: set[str] = field(default_factory=set)
    evaluated_on: datetime.date | None = None


def latest_held_reviews(
    desas: QuerySet[Region], *, until: datetime.date | None = None
) -> QuerySet[VillageReview]:
    """Each desa's latest held village review (up to `until`), as one queryset."""
    held = VillageReview.objects.filter(status=VillageReview.Status.HELD)
    if until is not None:
        held = held.filter(date__lte=until)
    latest = held.filter(desa=OuterRef("desa")).order_by("-date", "-changed_at").values("id")[:1]
    return held.filter(desa__in=desas.values("pk"), id=Subquery(latest))


def _facts(desas: QuerySet[Region]) -> dict[uuid.UUID, _Facts]:
    facts: dict[uuid.UUID, _Facts] = defaultdict(_Facts)
    desa_ids = desas.values("pk")
    for plan in LivelihoodPlan.objects.filter(desa__in=desa_ids).values(
        "desa_id", "status", "adopted_on"
    ):
        fact = facts[plan["desa_id"]]
        fact.has_plan = True
        if plan["status"] == LivelihoodPlan.Status.ADOPTED:
            fact.adopted = True
            if plan["adopted_on"] and (not fact.adopted_on or plan["adopted_on"] > fact.adopted_on):
                fact.adopted_on = plan["adopted_on"]
    for row in (
        VillageReview.objects.filter(desa__in=desa_ids, status=VillageReview.Status.HELD)
        .values("desa_id")
        .annotate(last=Max("date"))
    ):
        facts[row["desa_id"]].last_review = row["last"]
    for row in (
        ActivityProgress.objects.filter(
            review__in=latest_held_reviews(desas), activity__is_deleted=False
        )
        .values("review__desa_id")
        .annotate(
            looked_at=Count("id"), finished=Count("id", filter=Q(status__in=FINISHED_ACTIVITY))
        )
    ):
        facts[row["review__desa_id"]].looked_at = row["looked_at"]
        facts[row["review__desa_id"]].finished = row["finished"]
    for row in (
        SupportRequest.objects.filter(desa__in=desa_ids)
        .values("desa_id", "status", "agency__short_name")
        .annotate(count=Count("id"), last=Max("closed_on"))
    ):
        fact = facts[row["desa_id"]]
        fact.requests[row["status"]] = fact.requests.get(row["status"], 0) + row["count"]
        if row["status"] == SupportRequest.Status.DONE:
            if row["agency__short_name"]:
                fact.answering_agencies.add(row["agency__short_name"])
            if row["last"] and (not fact.last_answer or row["last"] > fact.last_answer):
                fact.last_answer = row["last"]
    for row in (
        PlanEvaluation.objects.filter(plan__desa__in=desa_ids, plan__is_deleted=False)
        .values("plan__desa_id")
        .annotate(last=Max("date"))
    ):
        facts[row["plan__desa_id"]].evaluated_on = row["last"]
    return facts


def _texts() -> dict[str, str]:
    """The explanations, translated once per computation rather than once per desa."""
    return {
        "adopted": _("The plan was adopted."),
        "draft": _("A plan is recorded but not adopted yet."),
        "musdes": _("The plan was adopted by the musyawarah desa."),
        "finished": _("The latest village review found every activity finished."),
        "reviewed": _("Date of the latest village review held."),
        "answered": _("Every support request was answered or closed."),
        "open": _("%(open)s support request(s) still open, %(done)s answered."),
        "evaluated": _("An end-of-period evaluation was recorded."),
        "manual": _("Set by hand."),
        **{str(stage): str(actor) for stage, actor in STAGE_ACTORS.items()},
    }


# Plain ints: comparing with the Stage enum members costs an enum lookup per desa and stage.
PLANNING, ADOPTION, IMPLEMENTATION, SUPPORT, EVALUATION = 4, 5, 6, 7, 8
DERIVED_STAGES = frozenset({PLANNING, ADOPTION, IMPLEMENTATION, SUPPORT, EVALUATION})


def _derived(stage: int, fact: _Facts, texts: dict[str, str]) -> StageState:
    state = StageState(stage=stage, who=texts[str(stage)])
    if stage not in DERIVED_STAGES:
        return state
    if stage == PLANNING and fact.has_plan:
        state.source = "derived"
        if fact.adopted:
            state.status, state.date = Status.DONE, fact.adopted_on
            state.explanation = texts["adopted"]
        else:
            state.status = Status.IN_PROGRESS
            state.explanation = texts["draft"]
    elif stage == ADOPTION and fact.adopted:
        state.source, state.status, state.date = "derived", Status.DONE, fact.adopted_on
        state.explanation = texts["musdes"]
    elif stage == IMPLEMENTATION and fact.last_review:
        state.source, state.date = "derived", fact.last_review
        if fact.looked_at and fact.finished == fact.looked_at:
            state.status = Status.DONE
            state.explanation = texts["finished"]
        else:
            state.status = Status.IN_PROGRESS
            state.explanation = texts["reviewed"]
    elif stage == SUPPORT and fact.requests:
        state.source, state.date = "derived", fact.last_answer
        still_open = sum(n for status, n in fact.requests.items() if status in OPEN_REQUEST)
        answered = fact.requests.get(SupportRequest.Status.DONE, 0)
        if answered and not still_open:
            state.status = Status.DONE
            state.explanation = texts["answered"]
        else:
            state.status = Status.IN_PROGRESS
            state.explanation = texts["open"] % {"open": still_open, "done": answered}
        if fact.answering_agencies:
            state.who = ", ".join(sorted(fact.answering_agencies))
    elif stage == EVALUATION and fact.evaluated_on:
        state.source, state.status, state.date = "derived", Status.DONE, fact.evaluated_on
        state.explanation = texts["evaluated"]
    return state


def _manual(row: StageProgress, texts: dict[str, str]) -> StageState:
    return StageState(
        stage=row.stage,
        status=row.status,
        date=row.date,
        who=row.done_by,
        note=row.note,
        source="manual",
        explanation=texts["manual"],
        row=row,
    )


def stages_for(
    desas: QuerySet[Region], desa_list: list[Region] | None = None
) -> dict[uuid.UUID, DesaStages]:
    """The eight stages of every desa in `desas`, keyed by desa id. Seven queries; six when
    the caller already holds the desa (`desa_list`, the rows of `desas`)."""
    if desa_list is None:
        desa_list = list(desas)
    texts = _texts()
    facts = _facts(desas)
    manual: dict[tuple[uuid.UUID, int], StageProgress] = {
        (row.desa_id, row.stage): row
        for row in StageProgress.objects.filter(desa__in=desas.values("pk"))
    }
    result = {}
    for desa in desa_list:
        fact = facts.get(desa.pk, _Facts())
        states = []
        for stage in STAGE_NUMBERS:
            row = manual.get((desa.pk, stage))
            states.append(_manual(row, texts) if row is not None else _derived(stage, fact, texts))
        result[desa.pk] = DesaStages(desa=desa, stages=states)
    return result


def desa_stages(desa: Region) -> DesaStages:
    """The eight stages of one desa (the same computation as stages_for)."""
    return stages_for(Region.objects.filter(pk=desa.pk), [desa])[desa.pk]
