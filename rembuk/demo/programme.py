"""Demo programme stages (seed_demo): what the programme team did before Rembuk could see it.

Stages 1–3 (the guide, the district trainers, the village facilitators) happened the year
before the story's year across the pilot; stage 4 (the planning itself) ended with each
village's musyawarah desa. Rembuk derives stages 5–8 from the records, so only these are set by
hand, for every desa of the demo kecamatan that has a plan, each recorded on its own day.
Idempotent: a stage already recorded for a desa is left as it is.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from rembuk.core.history import recorded_as_of
from rembuk.demo.calendar import DemoCalendar
from rembuk.plans.models import LivelihoodPlan
from rembuk.programme import services
from rembuk.programme.models import Stage, StageProgress

DEMO_KECAMATAN = ("81.05.15", "53.18.11")

# (stage, date, who) — the programme's own work, the same for every desa, as the story dates it
# (rembuk.demo.calendar places it).
PROGRAMME_WORK: tuple[tuple[int, datetime.date, str], ...] = (
    (Stage.GUIDE, datetime.date(2023, 5, 17), "Tim program bersama Bappeda dan DPMD"),
    (Stage.TRAINERS, datetime.date(2023, 8, 24), "Tim program"),
    (Stage.VILLAGE_FACILITATORS, datetime.date(2023, 10, 12), "Tim program, Fasilitator kabupaten"),
)
PLANNING_WHO = "Fasilitator kabupaten, Fasilitator desa"


@transaction.atomic
def seed_programme_demo(users: dict[str, Any], calendar: DemoCalendar) -> str:
    actor = users.get("program") or users.get("admin")
    plans = (
        LivelihoodPlan.objects.filter(
            desa__parent__code__in=DEMO_KECAMATAN, period_start__lte=calendar.year
        )
        .select_related("desa")
        .order_by("desa__code", "period_start")
    )
    first_plan: dict[str, LivelihoodPlan] = {}
    for plan in plans:
        first_plan.setdefault(plan.desa.code, plan)
    existing = set(
        StageProgress.all_objects.filter(desa__code__in=first_plan).values_list(
            "desa__code", "stage"
        )
    )
    created = 0
    for code, plan in first_plan.items():
        steps: list[tuple[int, str, datetime.date | None, str]] = [
            (stage, StageProgress.Status.DONE, calendar.day(day), who)
            for stage, day, who in PROGRAMME_WORK
        ]
        if plan.status == LivelihoodPlan.Status.ADOPTED and plan.adopted_on:
            # The planning workshops ran in the weeks before the musyawarah desa.
            started = plan.adopted_on - datetime.timedelta(days=21)
            steps.append((Stage.PLANNING, StageProgress.Status.DONE, started, PLANNING_WHO))
        for stage, status, day, who in steps:
            if (code, stage) in existing:
                continue
            with recorded_as_of(calendar.moment_on(day or calendar.today, 16)):
                services.stage_progress_set(
                    desa=plan.desa, stage=stage, status=status, date=day, done_by=who, actor=actor
                )
            created += 1
    return (
        f"Tahapan program: {created} tahapan baru dicatat untuk {len(first_plan)} desa "
        "(tahap 1–4; tahap 5–8 dibaca dari data)."
    )
