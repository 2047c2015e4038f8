"""Who may see and move support requests.

Read: everyone with a role over the request's desa (the village, its kecamatan, the kabupaten
team, facilitators, the programme team) — except agency staff, whose kabupaten-wide membership
would otherwise show them every agency's requests: an `opd` user sees only the requests of the
agency named on their membership (another agency's request is a 404).
Triage (accept, reroute, decline a new request): the kabupaten team and the programme team.
Work (schedule, start, close, decline, set the due date, add a note): the staff of the request's
agency, and the triage roles on the agency's behalf (an agency without a Rembuk account yet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rembuk.people.models import Role
from rembuk.people.permissions import READ_ROLES, has_any_role, has_role_over, memberships

if TYPE_CHECKING:
    from rembuk.support.models import SupportRequest

TRIAGE_ROLES = frozenset({Role.TIM_KABUPATEN, Role.TIM_PROGRAM})
AGENCY_ROLES = frozenset({Role.OPD})
# Region-wide readers: every role but the agency's, which reads by agency instead.
REGION_READ_ROLES = READ_ROLES - AGENCY_ROLES


def agency_ids_of(user: Any) -> set[Any]:
    """The agencies a user works for (from their opd memberships). No query after the first."""
    return {m.agency_id for m in memberships(user) if m.role in AGENCY_ROLES and m.agency_id}


def can_triage(user: Any, request: SupportRequest) -> bool:
    return has_role_over(user, request.desa.code, TRIAGE_ROLES)


def is_agency_staff_for(user: Any, request: SupportRequest, desa_code: str = "") -> bool:
    return bool(
        request.agency_id
        and request.agency_id in agency_ids_of(user)
        and has_role_over(user, desa_code or request.desa.code, AGENCY_ROLES)
    )


def can_read_request(user: Any, request: SupportRequest, desa_code: str = "") -> bool:
    """The read rule above for one request, as `selectors.requests_visible_to` states it for a
    query: where a page shows a request it links to it only for those who may open it.
    `desa_code`: the request's desa's code, when the caller holds it (spares a query)."""
    code = desa_code or request.desa.code
    return has_role_over(user, code, REGION_READ_ROLES) or is_agency_staff_for(user, request, code)


def can_work_on(user: Any, request: SupportRequest) -> bool:
    return can_triage(user, request) or is_agency_staff_for(user, request)


# The steps of a request's life (rembuk.support.services) by name, as the pages and the API
# call them. Routing a request to an agency is the kabupaten team's alone.
TRIAGE_STEPS = frozenset({"accept", "reroute"})
WORK_STEPS = frozenset({"decline", "schedule", "start", "close", "due_date", "note"})
STEPS = TRIAGE_STEPS | WORK_STEPS


def can_take_step(user: Any, request: SupportRequest, step: str) -> bool:
    """Whether the user may take `step` on this request now."""
    from rembuk.support.models import SupportRequest

    if step not in STEPS:
        return False
    # A new request is the kabupaten team's to route, even to decline.
    if step in TRIAGE_STEPS or request.status == SupportRequest.Status.SUBMITTED:
        return can_triage(user, request)
    return can_work_on(user, request)


def can_read_region_requests(user: Any, code: str) -> bool:
    return has_role_over(user, code, REGION_READ_ROLES)


# --- rules attached to views (object scope is then checked by the selectors) ----------------


def can_read_requests(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_triage_some(user: Any) -> bool:
    return has_any_role(user, TRIAGE_ROLES)


def can_work_on_some(user: Any) -> bool:
    return has_any_role(user, TRIAGE_ROLES | AGENCY_ROLES)
