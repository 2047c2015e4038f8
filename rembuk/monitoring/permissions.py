"""Who may read and record a village's monitoring and learning (stage 6).

Record: the village itself (tim_desa, fasilitator_desa), its kecamatan on its behalf, the
district facilitators who help, and the programme team — the same roles that keep the plan.
Read: every role over the desa or a region above it. Object scope is enforced by
rembuk.monitoring.selectors: a review of a desa outside the user's region is a 404.
"""

from __future__ import annotations

from typing import Any

from rembuk.people.permissions import PLAN_EDIT_ROLES, READ_ROLES, has_any_role, has_role_over

REVIEW_RECORD_ROLES = PLAN_EDIT_ROLES


def can_record_review_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, REVIEW_RECORD_ROLES)


def can_read_reviews_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, READ_ROLES)


# --- rules attached to views ----------------------------------------------------------------


def can_read_reviews(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_record_some_review(user: Any) -> bool:
    return has_any_role(user, REVIEW_RECORD_ROLES)
