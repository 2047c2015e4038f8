"""Who may see and run kecamatan coordination meetings.

Read: every role over the kecamatan or a region above it, and the village roles of any desa in
the kecamatan (the sheets are shared back to every village,
docs/mechanism.md#closing-and-sharing-back).
Manage (schedule, record, close, share): the kecamatan itself, and the district facilitators and
programme team who may run a meeting on its behalf. The kabupaten team and OPD staff read only;
villages read only (they record their own monitoring, not the kecamatan's minutes).
Object scope is enforced by rembuk.meetings.selectors: a meeting outside the user's region is a
404; a meeting the user may read but not manage is a 403 on the write views.
"""

from __future__ import annotations

from typing import Any

from rembuk.people.models import Role
from rembuk.people.permissions import (
    PLAN_EDIT_ROLES,
    READ_ROLES,
    has_any_role,
    has_role_over,
    scope_codes,
)
from rembuk.regions import codes

MEETING_MANAGE_ROLES = frozenset({Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_PROGRAM})
VILLAGE_ROLES = frozenset({Role.TIM_DESA, Role.FASILITATOR_DESA})
# The village's own monitoring date may be recorded by the village or on its behalf.
VILLAGE_REVIEW_ROLES = PLAN_EDIT_ROLES


def can_read_kecamatan_meetings(user: Any, kecamatan_code: str) -> bool:
    if has_role_over(user, kecamatan_code, READ_ROLES):
        return True
    return any(
        codes.depth(code) == codes.DESA and codes.kecamatan_of(code) == kecamatan_code
        for code in scope_codes(user, READ_ROLES)
    )


def can_manage_meetings_of(user: Any, kecamatan_code: str) -> bool:
    return has_role_over(user, kecamatan_code, MEETING_MANAGE_ROLES)


def can_record_village_review(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, VILLAGE_REVIEW_ROLES)


def is_village_user(user: Any) -> bool:
    return has_any_role(user, VILLAGE_ROLES)


# --- rules attached to views (object scope is then checked by selectors and the views) ------


def can_read_meetings(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_manage_some_meetings(user: Any) -> bool:
    return has_any_role(user, MEETING_MANAGE_ROLES)


def can_record_some_village_review(user: Any) -> bool:
    return has_any_role(user, VILLAGE_REVIEW_ROLES)
