"""Demo plans: one for every desa of Teluk Waru and Kodi Balaghar (the texts are in
plans_teluk_waru.py and plans_kodi_balaghar.py), entered by the kecamatan on the villages'
behalf and adopted afterwards, as in life.

Idempotent: a desa that already has a live plan overlapping the demo period is left alone.
"""

from __future__ import annotations

from typing import Any

from rembuk.demo.data import DemoActivity, DemoPlan
from rembuk.demo.plans_kodi_balaghar import PLANS as KODI_BALAGHAR_PLANS
from rembuk.demo.plans_teluk_waru import PLANS as TELUK_WARU_PLANS
from rembuk.plans.models import Goal, LivelihoodPlan, Milestone
from rembuk.plans.services import activity_add, goal_add, milestone_add, plan_adopt, plan_create
from rembuk.regions.models import Region

DEMO_KECAMATAN = ("81.05.15", "53.18.11")
DEMO_PLANS: tuple[DemoPlan, ...] = TELUK_WARU_PLANS + KODI_BALAGHAR_PLANS


def _add_activity(goal: Goal, milestone: Milestone | None, spec: DemoActivity, actor: Any) -> None:
    activity_add(
        goal=goal,
        milestone=milestone,
        name=spec.name,
        description=spec.description,
        funding_sources=spec.funding_sources,
        funding_note=spec.funding_note,
        authority=spec.authority,
        actor=actor,
    )


def _create_plan(spec: DemoPlan, desa: Region, actor: Any) -> LivelihoodPlan:
    """The same services the plan page uses, so the demo obeys the same rules."""
    plan = plan_create(
        desa=desa,
        period_start=spec.period[0],
        period_end=spec.period[1],
        notes=spec.notes,
        actor=actor,
    )
    for goal_spec in spec.goals:
        goal = goal_add(
            plan=plan,
            statement=goal_spec.statement,
            target=goal_spec.target,
            target_year=goal_spec.target_year,
            actor=actor,
        )
        for milestone_spec in goal_spec.milestones:
            milestone = milestone_add(
                goal=goal,
                statement=milestone_spec.statement,
                target_value=milestone_spec.target_value,
                target_year=milestone_spec.target_year,
                actor=actor,
            )
            for activity_spec in milestone_spec.activities:
                _add_activity(goal, milestone, activity_spec, actor)
        for activity_spec in goal_spec.activities:
            _add_activity(goal, None, activity_spec, actor)
    if spec.adopted_on is not None:
        # Adopted after it was entered, as in life: a separate change in the history.
        plan = plan_adopt(plan=plan, adopted_on=spec.adopted_on, actor=actor)
    return plan


def ensure_plans(entered_by: dict[str, Any]) -> int:
    """Create the missing demo plans, each entered by its kecamatan's user (by kecamatan code);
    returns how many were created."""
    created = 0
    for spec in DEMO_PLANS:
        desa = Region.objects.get(code=spec.desa_code)
        if desa.name != spec.desa_name:
            raise ValueError(f"{spec.desa_code} is {desa.name}, not {spec.desa_name}")
        # Any live plan overlapping the demo period counts: the desa already has its plan.
        exists = LivelihoodPlan.objects.filter(
            desa=desa, period_start__lte=spec.period[1], period_end__gte=spec.period[0]
        ).exists()
        if not exists:
            # The kecamatan enters the plans on the villages' behalf (docs/glossary.md, roles).
            _create_plan(spec, desa, entered_by[spec.desa_code.rsplit(".", 1)[0]])
            created += 1
    return created
