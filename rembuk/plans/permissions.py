"""Who may read and write a village plan: predicates over the people.permissions scopes.

Read: any role over the plan's desa or a region above it. Write: the roles of
people.permissions.PLAN_EDIT_ROLES over it (the village, its kecamatan, the district
facilitators, the programme team); the kabupaten team and OPD staff read only.
"""

from __future__ import annotations

from typing import Any

from rembuk.people.permissions import (
    can_edit_plan_of,
    can_edit_some_plan,
    can_read_villages,
    can_view_region,
)
from rembuk.plans.models import LivelihoodPlan


def can_view_plan(user: Any, plan: LivelihoodPlan) -> bool:
    return can_view_region(user, plan.desa.code)


def can_edit_plan(user: Any, plan: LivelihoodPlan) -> bool:
    return can_edit_plan_of(user, plan.desa.code)


def can_view_musrenbang(user: Any, kecamatan_code: str) -> bool:
    return can_view_region(user, kecamatan_code)


# Rules attached to views (object-level scope is then enforced by the selectors: 404).
can_read_plans = can_read_villages
can_write_plans = can_edit_some_plan
