"""Who may read and write evaluations and assets profiles.

The same people as for the plan: anyone who reads a desa reads its evaluation and its profile;
those who may edit the desa's plan (people.permissions.PLAN_EDIT_ROLES) write them. The rules
below guard the views; object scope is enforced by the selectors (404 outside it).
"""

from __future__ import annotations

from typing import Any

from rembuk.people.permissions import can_edit_plan_of, can_edit_some_plan, can_read_villages
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.models import Region


def can_edit_evaluation(user: Any, plan: LivelihoodPlan) -> bool:
    return can_edit_plan_of(user, plan.desa.code)


def can_edit_assets(user: Any, desa: Region) -> bool:
    return can_edit_plan_of(user, desa.code)


can_read_evaluations = can_read_villages
can_write_evaluations = can_edit_some_plan
