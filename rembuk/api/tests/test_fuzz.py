"""Schemathesis fuzzes the running API (a live server over HTTP) with a token of each role:
requests generated from the OpenAPI document, valid and invalid, with random ids and with the
ids of real records. No answer may be a server error, break the document (status, content
type, headers, body), or show a record outside the token's region.

Time is bounded: a fixed number of examples per operation and role (FUZZ_EXAMPLES, raised by
setting REMBUK_FUZZ_EXAMPLES for a deeper run), derandomised so a run is reproducible, without
shrinking (a failure is reported with the example that failed).

It runs on PostgreSQL only, the hub's database and the stricter of the two about what it
stores (NUL bytes, integer ranges, text lengths): the suite runs on both databases side by
side, and fuzzing twice cost two minutes of CI's fifteen (docs/decisions/0020).
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

import pytest
import schemathesis
from django.db import connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rembuk.api.testing import ROLES, SBD, WAINYAPU, WARU, World, build_world
from rembuk.api.tests.test_scope import codes_in
from rembuk.core.permissions import region_covers
from rembuk.people.models import Role

FUZZ_EXAMPLES = int(os.environ.get("REMBUK_FUZZ_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Reference data every signed-in person reads, whatever their region.
REFERENCE = ("region_list", "region_detail", "agency_list", "me")
# How far each role of the test programme sees: its own region, but a village sees its
# kecamatan's meetings (shared back to every village), and everyone the lessons of their
# kabupaten (lessons travel between villages: the learning app's rule).
VILLAGE_ROLES = {Role.TIM_DESA, Role.FASILITATOR_DESA}
REQUESTS = ("support_request_list", "support_request_detail", "support_request_step")


class Caller(NamedTuple):
    """One role's side of a request: its token, and the check that it saw only its region."""

    headers: dict[str, str]
    in_scope: Any


def envelope(role: str, operation_id: str) -> str:
    if operation_id.startswith("lesson") and role != Role.TIM_PROGRAM:
        return SBD
    if role in VILLAGE_ROLES:
        return "53.18.11"
    return ROLES[role]


def scope_check(role: str, world: World) -> Any:
    """No region outside the role's envelope in any answer (its ancestors may be named)."""
    distan = str(world.users[Role.OPD].memberships.get().agency_id)

    def within_scope(ctx: Any, response: Any, case: Any) -> None:
        operation_id = case.operation.definition.raw.get("operationId", "")
        if operation_id in REFERENCE or response.status_code != 200:
            return
        # Schemathesis keeps headers with lowercase names, each with a list of values.
        if "json" not in (response.headers.get("content-type") or [""])[0]:
            return
        body = response.json()
        allowed = envelope(role, operation_id)
        outside = {
            code
            for code in codes_in(body)
            if not region_covers(allowed, code) and not region_covers(code, allowed)
        }
        if role == Role.TIM_PROGRAM and operation_id.startswith("lesson"):
            outside = set()  # the programme team reads every lesson of the programme
        assert not outside, f"{role} saw {sorted(outside)} outside {allowed} in {operation_id}"
        if role == Role.OPD and operation_id in REQUESTS:
            items = body.get("items", [body]) if isinstance(body, dict) else []
            agencies = {str((item.get("agency") or {}).get("id")) for item in items}
            assert agencies <= {distan}, f"an agency saw another agency's request: {agencies}"

    return within_scope


def real_ids(world: World) -> dict[str, str]:
    """Ids of records the roles can reach (and one of another kabupaten), by parameter name."""
    plan = world.plans[WAINYAPU]
    goal = plan.goals.order_by("position").first()
    milestone = goal.milestones.first()
    return {
        "plan_id": str(plan.pk),
        "goal_id": str(goal.pk),
        "milestone_id": str(milestone.pk),
        "activity_id": str(milestone.activities.first().pk),
        "review_id": str(world.reviews[WAINYAPU].pk),
        "meeting_id": str(world.next_meeting.pk),
        "sheet_id": str(world.challenge.sheet_id),
        "challenge_id": str(world.challenge.pk),
        "followup_id": str(world.followup.pk),
        "report_id": str(world.reports["home"].pk),
        "request_id": str(world.requests[f"{WAINYAPU} Distan"].pk),
        "lesson_id": str(world.lessons[WAINYAPU].pk),
        "code": "53.18.11",
    }


def foreign_ids(world: World) -> dict[str, str]:
    plan = world.plans[WARU]
    goal = plan.goals.first()
    return {
        "plan_id": str(plan.pk),
        "goal_id": str(goal.pk),
        "review_id": str(world.reviews[WARU].pk),
        "meeting_id": str(world.meetings["foreign"].pk),
        "report_id": str(world.reports["foreign"].pk),
        "request_id": str(world.requests[f"{WARU} Diskan"].pk),
        "lesson_id": str(world.lessons[WARU].pk),
        "code": "81.05.15",
    }


def strategy_for(operation: Any, known: list[dict[str, str]]) -> Any:
    """Invalid requests, and valid ones: on real records when the operation names one in its
    address (a random id only ever meets a 404), else anywhere."""
    names = [parameter.name for parameter in operation.path_parameters]
    strategies = [operation.as_strategy(GenerationMode.NEGATIVE)]
    for ids in known:
        if names and all(name in ids for name in names):
            pinned = {name: ids[name] for name in names}
            strategies.append(
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters=pinned)
            )
    if len(strategies) == 1:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE))
    return st.one_of(*strategies)


def fuzz(operation: Any, *, base_url: str, callers: dict[str, Caller], known: Any) -> None:
    """Run one operation's examples, each sent once with every role's token; raises what
    schemathesis found, naming the roles it failed for. An example is drawn once for all the
    roles: derandomised, each role would draw the same ones, and drawing is about half the
    test's work."""

    @fuzzing(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy_for(operation, known))
    def examples(case: Any) -> None:
        failed: list[str] = []
        for role, caller in callers.items():
            try:
                case.call_and_validate(
                    base_url=base_url,
                    headers=caller.headers,
                    checks=CHECKS,
                    additional_checks=[caller.in_scope],
                )
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as failure:
                failed.append(f"{role}: {failure}")
        if failed:
            raise AssertionError("\n".join(failed))

    examples()


# Some hundreds of requests: on a machine shared with the other test runs, more than the
# suite's limit of 240 s per test (no timed assertion: only the hang guard is wider).
@pytest.mark.timeout(900)
@pytest.mark.django_db(transaction=True)
def test_the_running_api_survives_fuzzing_with_a_token_of_each_role(live_server, settings) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("fuzzed on PostgreSQL, the hub's database (docs/decisions/0020)")
    settings.REMBUK_API_RATE = "100000/min"  # the throttle is tested on its own
    world = build_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 45
    # Taken before the fuzzing starts: it deletes some of these records on the way (a 404 then).
    known = [real_ids(world), foreign_ids(world)]
    callers = {
        role: Caller({"Authorization": f"Bearer {world.tokens[role]}"}, scope_check(role, world))
        for role in sorted(ROLES)
    }
    failures: list[str] = []
    for operation in operations:
        try:
            fuzz(operation, base_url=live_server.url, callers=callers, known=known)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as failure:
            failures.append(f"{operation.label}:\n{failure}")
    assert not failures, "\n\n".join(failures[:10]) + f"\n\n({len(failures)} failing)"
