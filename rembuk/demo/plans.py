"""Demo plans: one for every desa of Teluk Waru and Kodi Balaghar (the texts are in
data/teluk_waru.toml and data/kodi_balaghar.toml, Desa X's in desa_x.py), typed in by the
kecamatan on the villages' behalf a week before their musyawarah desa and adopted on its day,
as in life; drafts were typed in a month before the first meeting. The period is the story's
year and the next (rembuk.demo.calendar).

Idempotent: a desa that already has a live plan overlapping the demo period is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from rembuk.core.history import recorded_as_of
from rembuk.demo.calendar import AUTHORED_MEETING, DemoCalendar
from rembuk.demo.desa_x import desa_x_plan
from rembuk.demo.plan_texts import DemoActivity, DemoPlan, load_plans
from rembuk.plans.models import Goal, LivelihoodPlan, Milestone
from rembuk.plans.services import activity_add, goal_add, milestone_add, plan_adopt, plan_create
from rembuk.regions.codes import kecamatan_of
from rembuk.regions.models import Region
from rembuk.regions.time_zones import zone_of

DEMO_KECAMATAN = ("81.05.15", "53.18.11")
DEMO_PLANS: tuple[DemoPlan, ...] = (
    *load_plans("teluk_waru"),
    # Wailangira plays the guide's Desa X: its plan is the guide's, word for word.
    desa_x_plan("53.18.11.2001", "Wailangira"),
    *load_plans("kodi_balaghar"),
)
ENTERED_BEFORE_ADOPTION = datetime.timedelta(days=7)
DRAFT_ENTERED_BEFORE_MEETING = datetime.timedelta(days=30)


class _Writer:
    """A plan's texts as seeded: the guide's words kept, the demo's own following the calendar."""

    def __init__(self, spec: DemoPlan, calendar: DemoCalendar) -> None:
        self.spec = spec
        self.calendar = calendar

    def words(self, text: str) -> str:
        return text if self.spec.seed_words else self.calendar.text(text)

    def note(self, text: str) -> str:
        return self.calendar.text(text)

    def year(self, year: int | None) -> int | None:
        if not year or self.spec.seed_words:
            return year  # the guide's target years go with its words ("di tahun 2025")
        return self.calendar.shift_year(year)


def _add_activity(
    goal: Goal, milestone: Milestone | None, spec: DemoActivity, write: _Writer, actor: Any
) -> None:
    activity_add(
        goal=goal,
        milestone=milestone,
        name=write.words(spec.name),
        description=write.note(spec.description),
        funding_sources=spec.funding_sources,
        funding_note=write.note(spec.funding_note),
        authority=spec.authority,
        actor=actor,
    )


def _create_plan(spec: DemoPlan, desa: Region, actor: Any, calendar: DemoCalendar) -> None:
    """The same services the plan page uses, so the demo obeys the same rules."""
    write = _Writer(spec, calendar)
    adopted_on = calendar.day(spec.adopted_on) if spec.adopted_on else None
    if adopted_on is not None:
        entered = adopted_on - ENTERED_BEFORE_ADOPTION
    else:
        entered = calendar.day(AUTHORED_MEETING) - DRAFT_ENTERED_BEFORE_MEETING
    with recorded_as_of(calendar.moment_on(entered, 9)):
        plan = plan_create(
            desa=desa,
            period_start=calendar.shift_year(spec.period[0]),
            period_end=calendar.shift_year(spec.period[1]),
            notes=write.note(spec.notes),
            actor=actor,
        )
        for goal_spec in spec.goals:
            goal = goal_add(
                plan=plan,
                statement=write.words(goal_spec.statement),
                target=write.words(goal_spec.target),
                target_year=write.year(goal_spec.target_year),
                actor=actor,
            )
            for milestone_spec in goal_spec.milestones:
                milestone = milestone_add(
                    goal=goal,
                    statement=write.words(milestone_spec.statement),
                    target_value=write.words(milestone_spec.target_value),
                    target_year=write.year(milestone_spec.target_year),
                    actor=actor,
                )
                for activity_spec in milestone_spec.activities:
                    _add_activity(goal, milestone, activity_spec, write, actor)
            for activity_spec in goal_spec.activities:
                _add_activity(goal, None, activity_spec, write, actor)
    if adopted_on is not None:
        # Adopted after it was entered, as in life: a separate change in the history.
        with recorded_as_of(calendar.moment_on(adopted_on, 14)):
            plan_adopt(plan=plan, adopted_on=adopted_on, actor=actor)


def ensure_plans(entered_by: dict[str, Any], calendar: DemoCalendar) -> int:
    """Create the missing demo plans, each entered by its kecamatan's user (by kecamatan code);
    returns how many were created."""
    created = 0
    for spec in DEMO_PLANS:
        desa = Region.objects.get(code=spec.desa_code)
        if desa.name != spec.desa_name:
            raise ValueError(f"{spec.desa_code} is {desa.name}, not {spec.desa_name}")
        first, last = (calendar.shift_year(year) for year in spec.period)
        # Any live plan overlapping the demo period counts: the desa already has its plan.
        exists = LivelihoodPlan.objects.filter(
            desa=desa, period_start__lte=last, period_end__gte=first
        ).exists()
        if not exists:
            # The kecamatan enters the plans on the villages' behalf (docs/glossary.md, roles),
            # at the story's hours on its own clock (Teluk Waru's WIT).
            with timezone.override(zone_of(spec.desa_code)):
                _create_plan(spec, desa, entered_by[kecamatan_of(spec.desa_code)], calendar)
            created += 1
    return created
