"""Who may see and run the kabupaten team's meetings (docs/mechanism.md#tim-kabupaten).

Manage (schedule, build the agenda, record decisions and minutes): the kabupaten team, the
district facilitators who help it, and the programme team, over the kabupaten or above.
Read: the same, and the staff of the kabupaten's agencies (OPD), who receive the assignments.
Kecamatan and village users do not read the kabupaten's minutes here: what concerns them
reaches them through their support requests. Object scope is enforced by
rembuk.district.selectors: a meeting of another kabupaten is a 404.
"""

from __future__ import annotations

from typing import Any

from rembuk.people.models import Role
from rembuk.people.permissions import has_any_role, has_role_over

DISTRICT_MANAGE_ROLES = frozenset(
    {Role.TIM_KABUPATEN, Role.FASILITATOR_KABUPATEN, Role.TIM_PROGRAM}
)
DISTRICT_READ_ROLES = DISTRICT_MANAGE_ROLES | {Role.OPD}


def can_read_district_meetings_of(user: Any, kabupaten_code: str) -> bool:
    return has_role_over(user, kabupaten_code, DISTRICT_READ_ROLES)


def can_manage_district_meetings_of(user: Any, kabupaten_code: str) -> bool:
    return has_role_over(user, kabupaten_code, DISTRICT_MANAGE_ROLES)


# --- rules attached to views (object scope is then checked by selectors) ----------------------


def can_read_some_district_meetings(user: Any) -> bool:
    return has_any_role(user, DISTRICT_READ_ROLES)


def can_manage_some_district_meetings(user: Any) -> bool:
    return has_any_role(user, DISTRICT_MANAGE_ROLES)
