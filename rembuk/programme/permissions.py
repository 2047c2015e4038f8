"""Who may see the dashboards and set a desa's stages.

The dashboards are for those who watch many villages: the kecamatan, the district facilitators,
the kabupaten team and the programme team, each over their own region. The same people set the
stages Rembuk cannot see (docs/mechanism.md#the-eight-stages names them as the ones who carry the
stages out).
Anyone who reads a desa reads its stages. Object scope is enforced by the selectors (404).
"""

from __future__ import annotations

from typing import Any

from rembuk.people.models import Role
from rembuk.people.permissions import READ_ROLES, has_any_role, has_role_over

DASHBOARD_ROLES = frozenset(
    {Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_KABUPATEN, Role.TIM_PROGRAM}
)
STAGE_EDIT_ROLES = DASHBOARD_ROLES


def can_see_dashboards(user: Any) -> bool:
    return has_any_role(user, DASHBOARD_ROLES)


def can_edit_some_stages(user: Any) -> bool:
    return has_any_role(user, STAGE_EDIT_ROLES)


def can_read_stages(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_edit_stages_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, STAGE_EDIT_ROLES)
