"""The attacker's tests: a token reaches only its person's region. A record outside it is a 404
(as on the pages, so its existence does not leak), for reads and writes alike, whatever id is
put in the address or the body."""

from __future__ import annotations

import pytest

from rembuk.api.testing import (
    BONDO_BOGHILA,
    SBD,
    WAILANGIRA,
    WAINYAPU,
    WARU,
    World,
)
from rembuk.api.tests.conftest import Api
from rembuk.api.tests.test_permission_matrix import MATRIX, _requests
from rembuk.core.permissions import region_covers
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

# Operations on reference data (regions, agencies) every signed-in person may read.
REFERENCE = {"region_list", "region_detail", "agency_list"}
# The programme team reads every lesson of the programme, whatever its own region (the
# learning app's rule: lessons travel between kabupaten through it); it edits only its own.
PROGRAMME_WIDE = {"lesson_list", "lesson_search", "lesson_suggestions", "lesson_detail"}


def codes_in(value: object) -> set[str]:
    """Every Kemendagri code an answer names (the `code` of every region it shows)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "code" and isinstance(item, str):
                found.add(item)
            else:
                found |= codes_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= codes_in(item)
    return found


@pytest.mark.parametrize("operation_id", sorted(set(MATRIX) - REFERENCE - {"me"}))
def test_a_token_of_seram_bagian_timur_never_reaches_sumba_barat_daya(
    world: World, operation_id: str
) -> None:
    method, path, body = _requests(world)[operation_id]
    for role, token in world.foreign_tokens.items():
        answer = Api(token).call(method, path, body)
        if role == Role.TIM_PROGRAM and operation_id in PROGRAMME_WIDE | {"lesson_history"}:
            assert answer.status_code == 200
        elif role == Role.TIM_PROGRAM and operation_id == "lesson_edit":
            assert answer.status_code == 403
        elif role not in MATRIX[operation_id]:
            assert answer.status_code == 403, (role, answer.content)
        elif answer.status_code == 200 and method == "GET":
            # A list (or a search, or the stages) answers with nothing of Sumba Barat Daya.
            assert not {c for c in codes_in(answer.json()) if region_covers(SBD, c)}, role
        else:
            assert answer.status_code == 404, (role, answer.status_code, answer.content)


def test_a_village_reads_and_writes_only_its_own_plan_and_review(world: World, as_role) -> None:
    api = as_role(Role.TIM_DESA)
    other = world.plans[WAILANGIRA]
    goal = other.goals.first()
    assert api.get(f"plans/{other.pk}").status_code == 404
    assert api.get(f"plans/{other.pk}/history").status_code == 404
    assert api.post(f"plans/{other.pk}/goals", {"statement": "Masuk"}).status_code == 404
    assert (
        api.patch(
            f"plans/{other.pk}/goals/{goal.pk}", {"statement": "Masuk", "version": 1}
        ).status_code
        == 404
    )
    assert api.get(f"reviews/{world.reviews[WAILANGIRA].pk}").status_code == 404
    assert (
        api.patch(
            f"reviews/{world.reviews[WAILANGIRA].pk}", {"summary": "x", "version": 1}
        ).status_code
        == 404
    )
    assert api.post("reviews", {"desa": WAILANGIRA, "date": "2024-07-01"}).status_code == 404
    # Its own plan's id with another plan's goal in the address is still not found.
    own = world.plans[WAINYAPU]
    assert (
        api.patch(f"plans/{own.pk}/goals/{goal.pk}", {"statement": "x", "version": 1}).status_code
        == 404
    )


def test_a_kecamatan_does_not_reach_the_next_kecamatan(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    assert api.get(f"plans/{world.plans[BONDO_BOGHILA].pk}").status_code == 404
    assert api.get(f"meetings/{world.meetings['loura'].pk}").status_code == 404
    listed = codes_in(api.get("plans?limit=200").json())
    assert not any(region_covers("53.18.01", code) for code in listed)
    # Its region filter narrows its own scope; it never widens it.
    assert api.get("plans?region=53.18.01").json()["items"] == []
    assert api.get(f"stages/{BONDO_BOGHILA}").status_code == 404


def test_an_agency_reaches_only_its_own_requests(world: World, as_role) -> None:
    api = as_role(Role.OPD)
    dpmd = world.requests[f"{WAINYAPU} DPMD"]
    assert api.get(f"support-requests/{dpmd.pk}").status_code == 404
    answer = api.post(
        f"support-requests/{dpmd.pk}/steps", {"step": "note", "note": "x", "version": 1}
    )
    assert answer.status_code == 404
    assert api.get(f"support-requests?agency={dpmd.agency_id}").json()["items"] == []


def test_a_meeting_of_another_kecamatan_cannot_be_written_through_a_sheet_id(
    world: World, as_role
) -> None:
    api = as_role(Role.KECAMATAN)
    loura_sheet = world.meetings["loura"].sheets.first()
    # A sheet of Loura under Kodi Balaghar's own meeting id: not this meeting's sheet.
    answer = api.post(
        f"meetings/{world.next_meeting.pk}/sheets/{loura_sheet.pk}/challenges", {"text": "x"}
    )
    assert answer.status_code == 404
    # A goal of another village's plan on one's own sheet.
    sheet = world.challenge.sheet
    foreign_goal = world.plans[WARU].goals.first()
    answer = api.post(
        f"meetings/{world.next_meeting.pk}/sheets/{sheet.pk}/followups",
        {"text": "x", "goal_id": str(foreign_goal.pk)},
    )
    assert answer.status_code == 404


def test_an_unknown_id_and_an_address_that_leads_nowhere_are_problems_not_pages(
    world: World, as_role
) -> None:
    api = as_role(Role.TIM_PROGRAM)
    for path in (
        "plans/00000000-0000-0000-0000-000000000000",
        "plans/not-a-uuid",
        "nothing/here",
        "regions/99.99",
    ):
        answer = api.get(path)
        assert answer.status_code == 404, path
        assert answer["Content-Type"] == "application/problem+json", path
