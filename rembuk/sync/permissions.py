"""Who may see and run sync. Kecamatan staff run their node; the programme team administers
the hub (tokens, quarantine), each member only over the regions of their own membership.
Conflicts are read and resolved by whoever may edit the record's village, through the
selectors' region scope."""

from __future__ import annotations

from typing import Any

from rembuk.people.models import Role
from rembuk.people.permissions import PLAN_EDIT_ROLES, has_any_role, has_role_over

SYNC_ROLES = frozenset(
    {Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_KABUPATEN, Role.TIM_PROGRAM}
)
SYNC_ADMIN_ROLES = frozenset({Role.TIM_PROGRAM})


def can_use_sync(user: Any) -> bool:
    return has_any_role(user, SYNC_ROLES)


def can_administer_sync(user: Any) -> bool:
    return has_any_role(user, SYNC_ADMIN_ROLES)


def can_administer_region(user: Any, code: str) -> bool:
    return has_role_over(user, code, SYNC_ADMIN_ROLES)


def can_resolve_conflict_in(user: Any, scope_code: str) -> bool:
    return has_role_over(user, scope_code, PLAN_EDIT_ROLES)
