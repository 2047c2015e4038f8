"""Who may do what, where: small predicates over a user's memberships.

A membership grants a role over a region and everything below it. The memberships of a user are
read once per request and cached on the user object, so predicates cost no extra queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from rembuk.core.permissions import region_covers, region_q
from rembuk.core.prepared import PreparedRecords
from rembuk.people.models import Membership, Role

# Roles that may read village plans (and, later, everything recorded about villages) in scope.
READ_ROLES = frozenset(Role.values)
# Roles that may write a village's plan: the village itself, the kecamatan on its behalf,
# the district facilitators who help, and the programme team.
PLAN_EDIT_ROLES = frozenset(
    {
        Role.TIM_DESA,
        Role.FASILITATOR_DESA,
        Role.KECAMATAN,
        Role.FASILITATOR_KABUPATEN,
        Role.TIM_PROGRAM,
    }
)
PEOPLE_ADMIN_ROLES = frozenset({Role.TIM_PROGRAM})


# Every page reads the memberships, so the read is kept lean: its SQL is compiled once per
# thread (rembuk.core.prepared), the region comes along (scopes are its code), the agency is
# read by id only, and the model's order (region code, role) is applied here, not through the
# join. The rows are still read on every request: a revoked role is gone on the next one.
_MEMBERSHIPS_OF = PreparedRecords(
    Membership,
    lambda user_id: Membership.objects.filter(user_id=user_id).order_by(),
    Membership._meta.get_field("user"),
    related=("region",),
)


def memberships(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, "_rembuk_memberships", None)
    if cached is None:
        read = _MEMBERSHIPS_OF.records(user.pk)
        cached = sorted(read, key=lambda m: (m.region.code, m.role))
        user._rembuk_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    """Call after granting or revoking, so the next check reads them again."""
    if hasattr(user, "_rembuk_memberships"):
        del user._rembuk_memberships


def held_roles(user: Any) -> frozenset[str]:
    """The roles the user holds over any region, from the memberships of this request (kept
    beside them: the menu asks a dozen times per page)."""
    held = memberships(user)
    if not held:
        return frozenset()
    kept: tuple[list[Membership], frozenset[str]] | None = getattr(user, "_rembuk_roles", None)
    if kept is None or kept[0] is not held:
        kept = (held, frozenset(m.role for m in held))
        user._rembuk_roles = kept
    return kept[1]


def scope_codes(user: Any, roles: Iterable[str] = READ_ROLES) -> list[str]:
    """Region codes over which the user holds any of `roles` (superusers: everything)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return [""]
    wanted = set(roles)
    return sorted({m.region.code for m in memberships(user) if m.role in wanted})


def scope_filter(user: Any, path: str, roles: Iterable[str] = READ_ROLES) -> Q:
    """A filter for rows whose region code (at `path`) lies in the user's scope for `roles`."""
    codes = scope_codes(user, roles)
    if codes == [""]:
        return Q()
    return region_q(path, codes)


def has_role_over(user: Any, code: str, roles: Iterable[str] = READ_ROLES) -> bool:
    codes = scope_codes(user, roles)
    return codes == [""] or any(region_covers(scope, code) for scope in codes)


def has_any_role(user: Any, roles: Iterable[str] = READ_ROLES) -> bool:
    """Whether scope_codes(user, roles) is not empty."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return not held_roles(user).isdisjoint(roles)


# --- rules attached to views ---------------------------------------------------------------


def can_read_villages(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_edit_some_plan(user: Any) -> bool:
    return has_any_role(user, PLAN_EDIT_ROLES)


def can_manage_people(user: Any) -> bool:
    return has_any_role(user, PEOPLE_ADMIN_ROLES)


def can_view_region(user: Any, code: str) -> bool:
    return has_role_over(user, code, READ_ROLES)


def can_edit_plan_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, PLAN_EDIT_ROLES)


def can_grant_over(user: Any, code: str) -> bool:
    return has_role_over(user, code, PEOPLE_ADMIN_ROLES)
