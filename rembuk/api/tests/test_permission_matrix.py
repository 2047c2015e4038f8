"""Deny by default, kept honest for the API as for the pages (ADR 0003): every operation has a
rule, and this map says, for every operation, which roles its rule lets through. An operation
added to the API without a line here fails the first test.

The map is written out by hand (not read from the code's role sets), so a rule that changes
by accident shows up here. Each role calls each operation with a valid request on a record of
Wainyapu, which every role of the test programme covers: the roles not in the map must get a
403, the others must get past the rule (any answer but 401 and 403).
"""

from __future__ import annotations

from typing import Any

import pytest

from rembuk.api.api import operations
from rembuk.api.rules import rule_of
from rembuk.api.testing import ROLES, SBD, WAINYAPU, World
from rembuk.api.tests.conftest import Api
from rembuk.people.models import Role
from rembuk.support.services import request_accept

ALL = frozenset(ROLES)
VILLAGE = frozenset({Role.TIM_DESA, Role.FASILITATOR_DESA})
PLAN_WRITERS = VILLAGE | {Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_PROGRAM}
MEETING_RUNNERS = frozenset({Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_PROGRAM})
REQUEST_WORKERS = frozenset({Role.TIM_KABUPATEN, Role.TIM_PROGRAM, Role.OPD})
KABUPATEN_TEAM = frozenset(
    {Role.TIM_KABUPATEN, Role.FASILITATOR_KABUPATEN, Role.TIM_PROGRAM, Role.OPD}
)
DASHBOARD = frozenset(
    {Role.KECAMATAN, Role.FASILITATOR_KABUPATEN, Role.TIM_KABUPATEN, Role.TIM_PROGRAM}
)

MATRIX: dict[str, frozenset[str]] = {
    "me": ALL,
    "agency_list": ALL,
    "region_list": ALL,
    "region_detail": ALL,
    "plan_list": ALL,
    "plan_detail": ALL,
    "plan_history": ALL,
    "musrenbang_proposals": ALL,
    "goal_add": PLAN_WRITERS,
    "goal_edit": PLAN_WRITERS,
    "goal_delete": PLAN_WRITERS,
    "goal_move": PLAN_WRITERS,
    "milestone_add": PLAN_WRITERS,
    "milestone_edit": PLAN_WRITERS,
    "milestone_delete": PLAN_WRITERS,
    "milestone_move": PLAN_WRITERS,
    "activity_add": PLAN_WRITERS,
    "activity_edit": PLAN_WRITERS,
    "activity_delete": PLAN_WRITERS,
    "activity_move": PLAN_WRITERS,
    "review_list": ALL,
    "review_detail": ALL,
    "review_history": ALL,
    "review_create": PLAN_WRITERS,
    "review_edit": PLAN_WRITERS,
    "meeting_list": ALL,
    "meeting_detail": ALL,
    "meeting_history": ALL,
    "challenge_add": MEETING_RUNNERS,
    "challenge_edit": MEETING_RUNNERS,
    "followup_add": MEETING_RUNNERS,
    "followup_edit": MEETING_RUNNERS,
    "kecamatan_report_list": ALL,
    "kecamatan_report_detail": ALL,
    "support_request_list": ALL,
    "support_request_detail": ALL,
    "support_request_history": ALL,
    "support_request_step": REQUEST_WORKERS,
    "kabupaten_meeting_list": KABUPATEN_TEAM,
    "kabupaten_meeting_detail": KABUPATEN_TEAM,
    "stage_list": ALL,
    "desa_stage_detail": ALL,
    "dashboard": DASHBOARD,
    "lesson_list": ALL,
    "lesson_search": ALL,
    "lesson_suggestions": ALL,
    "lesson_detail": ALL,
    "lesson_history": ALL,
    "lesson_edit": PLAN_WRITERS | MEETING_RUNNERS,
}

Call = tuple[str, str, dict[str, Any] | None]


def _requests(world: World) -> dict[str, Call]:
    """A valid request for every operation, on records of Wainyapu (or its kecamatan)."""
    plan = world.plans[WAINYAPU]
    goal = plan.goals.order_by("position").first()
    milestone = goal.milestones.first()
    activity = milestone.activities.first()
    review = world.reviews[WAINYAPU]
    meeting = world.next_meeting
    sheet = world.challenge.sheet
    request = world.requests[f"{WAINYAPU} Distan"]
    lesson = world.lessons[WAINYAPU]
    report = world.reports["home"]
    district = world.district_meetings[SBD]
    p = f"plans/{plan.pk}"
    s = f"meetings/{meeting.pk}/sheets/{sheet.pk}"
    v1: dict[str, Any] = {"version": 1}
    up = {"direction": "up", **v1}
    return {
        "me": ("GET", "me", None),
        "agency_list": ("GET", f"agencies?kabupaten={SBD}", None),
        "region_list": ("GET", "regions?parent=53.18.11", None),
        "region_detail": ("GET", f"regions/{WAINYAPU}", None),
        "plan_list": ("GET", "plans", None),
        "plan_detail": ("GET", p, None),
        "plan_history": ("GET", f"{p}/history", None),
        "musrenbang_proposals": ("GET", "kecamatan/53.18.11/musrenbang-proposals", None),
        "goal_add": ("POST", f"{p}/goals", {"statement": "Tujuan"}),
        "goal_edit": ("PATCH", f"{p}/goals/{goal.pk}", {"target": "t", **v1}),
        "goal_delete": ("DELETE", f"{p}/goals/{goal.pk}?version={goal.version}", None),
        "goal_move": ("POST", f"{p}/goals/{goal.pk}/move", {"direction": "down", **v1}),
        "milestone_add": ("POST", f"{p}/goals/{goal.pk}/milestones", {"statement": "S"}),
        "milestone_edit": ("PATCH", f"{p}/milestones/{milestone.pk}", {"statement": "S", **v1}),
        "milestone_delete": ("DELETE", f"{p}/milestones/{milestone.pk}?version=1", None),
        "milestone_move": (
            "POST",
            f"{p}/milestones/{milestone.pk}/move",
            {"direction": "up", **v1},
        ),
        "activity_add": ("POST", f"{p}/goals/{goal.pk}/activities", {"name": "K"}),
        "activity_edit": ("PATCH", f"{p}/activities/{activity.pk}", {"name": "K", **v1}),
        "activity_delete": ("DELETE", f"{p}/activities/{activity.pk}?version=1", None),
        "activity_move": ("POST", f"{p}/activities/{activity.pk}/move", up),
        "review_list": ("GET", "reviews", None),
        "review_detail": ("GET", f"reviews/{review.pk}", None),
        "review_history": ("GET", f"reviews/{review.pk}/history", None),
        "review_create": ("POST", "reviews", {"desa": WAINYAPU, "date": "2024-07-01"}),
        "review_edit": ("PATCH", f"reviews/{review.pk}", {"summary": "r", **v1}),
        "meeting_list": ("GET", "meetings", None),
        "meeting_detail": ("GET", f"meetings/{meeting.pk}", None),
        "meeting_history": ("GET", f"meetings/{meeting.pk}/history", None),
        "challenge_add": ("POST", f"{s}/challenges", {"text": "Kendala"}),
        "challenge_edit": ("PATCH", f"{s}/challenges/{world.challenge.pk}", {"cause": "c", **v1}),
        "followup_add": ("POST", f"{s}/followups", {"text": "Tindak lanjut"}),
        "followup_edit": ("PATCH", f"{s}/followups/{world.followup.pk}", {"text": "f", **v1}),
        "kecamatan_report_list": ("GET", "kecamatan-reports", None),
        "kecamatan_report_detail": ("GET", f"kecamatan-reports/{report.pk}", None),
        "support_request_list": ("GET", "support-requests", None),
        "support_request_detail": ("GET", f"support-requests/{request.pk}", None),
        "support_request_history": ("GET", f"support-requests/{request.pk}/history", None),
        "support_request_step": (
            "POST",
            f"support-requests/{request.pk}/steps",
            {"step": "note", "note": "Ditelepon", "version": 2},
        ),
        "kabupaten_meeting_list": ("GET", "kabupaten-meetings", None),
        "kabupaten_meeting_detail": ("GET", f"kabupaten-meetings/{district.pk}", None),
        "stage_list": ("GET", "stages", None),
        "desa_stage_detail": ("GET", f"stages/{WAINYAPU}", None),
        "dashboard": ("GET", "dashboard", None),
        "lesson_list": ("GET", "lessons", None),
        "lesson_search": ("GET", "lessons/search?q=penyuluh", None),
        "lesson_suggestions": ("GET", "lessons/suggestions?text=penyuluh+datang", None),
        "lesson_detail": ("GET", f"lessons/{lesson.pk}", None),
        "lesson_history": ("GET", f"lessons/{lesson.pk}/history", None),
        "lesson_edit": ("PATCH", f"lessons/{lesson.pk}", {"contact": "Pak Kades", **v1}),
    }


def operation_ids() -> set[str]:
    return {op.view_func.__name__ for op in operations()}


def test_every_operation_is_in_the_map_and_has_a_rule() -> None:
    assert operation_ids() == set(MATRIX), (
        "Operations missing from MATRIX: "
        f"{sorted(operation_ids() - set(MATRIX))}; gone from the API: "
        f"{sorted(set(MATRIX) - operation_ids())}"
    )
    assert all(rule_of(op.view_func) is not None for op in operations())


@pytest.mark.django_db
def test_every_operation_has_a_request_in_the_test(world: World) -> None:
    assert set(_requests(world)) == set(MATRIX)


@pytest.mark.parametrize("operation_id", sorted(MATRIX))
def test_each_role_gets_past_the_rule_of_an_operation_only_when_the_map_says_so(
    world: World, operation_id: str
) -> None:
    if operation_id == "support_request_step":
        # Past triage, so the agency's own steps are open to its staff.
        request = world.requests[f"{WAINYAPU} Distan"]
        request_accept(request=request, agency=request.agency, actor=None)
    method, path, body = _requests(world)[operation_id]
    for role in sorted(ROLES):
        answer = Api(world.tokens[role]).call(method, path, body)
        allowed = role in MATRIX[operation_id]
        if allowed:
            assert answer.status_code not in (401, 403), (role, answer.content)
            assert answer.status_code < 500
        else:
            assert answer.status_code == 403, (role, answer.status_code, answer.content)
            assert answer.json()["type"] == "urn:rembuk:problem:forbidden"


@pytest.mark.parametrize("operation_id", sorted(MATRIX))
def test_without_a_token_every_operation_is_a_401(world: World, operation_id: str) -> None:
    method, path, body = _requests(world)[operation_id]
    answer = Api().call(method, path, body)
    assert answer.status_code == 401
    assert answer.json()["type"] == "urn:rembuk:problem:not-authenticated"
    assert answer["WWW-Authenticate"].startswith("Bearer")
