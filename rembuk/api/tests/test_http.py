"""The API's HTTP conventions: problem details, ETags and 304, cursor pages, updated_since, the
OpenAPI document, and the docs pages drawn from it."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.api.testing import KODI_BALAGHAR, WAILANGIRA, WAINYAPU, World
from rembuk.api.tests.conftest import Api
from rembuk.core.models import ChangeLog
from rembuk.core.pageweight import page_weight
from rembuk.core.tests.test_page_weight import FIRST_LOAD_BUDGET, LATER_PAGE_BUDGET
from rembuk.people.models import Role
from rembuk.plans import services as plan_services

pytestmark = pytest.mark.django_db


# --- problem details --------------------------------------------------------------------------


def test_a_problem_has_a_stable_type_the_status_and_where_it_happened(world: World) -> None:
    answer = Api(world.tokens[Role.KECAMATAN], "en").get("plans?limit=0")
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "urn:rembuk:problem:validation-error"
    assert problem["status"] == 422 and problem["instance"] == "/api/v1/plans"
    assert problem["errors"] == [
        {
            "field": "query.limit",
            "message": "Give a number of at least 1.",
            "code": "greater_than_equal",
        }
    ]


def test_unreadable_bodies_and_wrong_methods_are_problems_too(world: World) -> None:
    api = Api(world.tokens[Role.KECAMATAN])
    plan = world.plans[WAINYAPU]
    broken = api.client.post(
        f"/api/v1/plans/{plan.pk}/goals",
        data="{not json",
        content_type="application/json",
        headers=api.headers,
    )
    assert broken.status_code in (400, 422) and broken["Content-Type"] == "application/problem+json"
    wrong = api.call("PUT", f"plans/{plan.pk}", {})
    assert wrong.status_code == 405 and "GET" in wrong["Allow"]
    assert wrong.json()["type"] == "urn:rembuk:problem:method-not-allowed"
    nested = api.post(f"plans/{plan.pk}/goals", {"statement": {"a": [1, 2]}, "target_year": "x"})
    assert nested.status_code == 422
    assert {e["field"] for e in nested.json()["errors"]} == {"statement", "target_year"}


def test_a_form_body_is_a_problem_not_a_server_error(world: World) -> None:
    """A script posting a form (urlencoded or multipart, a page's token in it) to the API: the
    body is read once, by the API, and refused as unreadable. Read first as a form by the
    forms' one-send rule (rembuk.core.sent_once), a multipart body could not be read again:
    a 500."""
    api = Api(world.tokens[Role.KECAMATAN])
    plan = world.plans[WAINYAPU]
    multipart = (
        '--B\r\nContent-Disposition: form-data; name="sent_once"\r\n\r\nx\r\n'
        '--B\r\nContent-Disposition: form-data; name="statement"\r\n\r\nAir bersih\r\n--B--\r\n'
    )
    for content_type, body in (
        ("application/x-www-form-urlencoded", "statement=Air+bersih&sent_once=x"),
        ("multipart/form-data; boundary=B", multipart),
    ):
        answer = api.client.post(
            f"/api/v1/plans/{plan.pk}/goals",
            data=body,
            content_type=content_type,
            headers=api.headers,
        )
        assert answer.status_code == 400, content_type
        assert answer.json()["type"] == "urn:rembuk:problem:malformed-request"
    assert not plan.goals.filter(statement="Air bersih").exists()


def test_a_nul_written_as_a_json_escape_is_refused_before_any_operation_reads_it(
    world: World,
) -> None:
    """PostgreSQL cannot store a NUL, so it is refused on both databases alike, in the text,
    deep inside a value the operation ignores, or in a key; a literal backslash followed by
    "u0000" is text like any other. The fuzzer found a follow-up whose NUL reached the database
    (a 500 on PostgreSQL): the escaped form slipped past the check."""
    api = Api(world.tokens[Role.KECAMATAN], "en")
    meeting = world.next_meeting
    detail = api.get(f"meetings/{meeting.pk}").json()
    sheet = next(s for s in detail["sheets"] if s["desa"]["code"] == WAINYAPU)
    base = f"meetings/{meeting.pk}/sheets/{sheet['id']}"
    followup = {"text": "Minta penyuluh", "kind": "dukungan_opd", "owner": "kecamatan"}
    before = ChangeLog.objects.count()
    for body in (
        {**followup, "text": "Minta\x00 penyuluh"},
        {**followup, "header": [{"a": ["b", {"c": "\x00"}]}]},
        {**followup, "ke\x00y": 1},
    ):
        refused = api.post(f"{base}/followups", body)
        assert b"\\u0000" in json.dumps(body).encode()  # sent escaped, as JSON writes it
        assert refused.status_code == 422, refused.content
        assert refused.json()["detail"] == "Null characters are not allowed."
    assert ChangeLog.objects.count() == before
    written = api.post(f"{base}/followups", {**followup, "text": "C:\\u0000 bukan NUL"})
    assert written.status_code == 201, written.content
    assert written.json()["text"] == "C:\\u0000 bukan NUL"


def test_json_nested_past_reading_is_a_problem_not_a_server_error(world: World) -> None:
    api = Api(world.tokens[Role.KECAMATAN])
    plan = world.plans[WAINYAPU]
    for body in ("[" * 50_000 + '"\\u0000"', "[" * 50_000):
        answer = api.client.post(
            f"/api/v1/plans/{plan.pk}/goals",
            data=body,
            content_type="application/json",
            headers=api.headers,
        )
        assert answer.status_code in (400, 413, 422), answer.status_code
        assert answer["Content-Type"] == "application/problem+json"


def test_fields_the_services_refuse_are_named_in_the_request_language(world: World) -> None:
    plan = world.plans[WAINYAPU]
    english = Api(world.tokens[Role.KECAMATAN], "en").post(
        f"plans/{plan.pk}/goals", {"statement": "x", "target_year": 1999}
    )
    assert english.json()["errors"][0]["field"] == "target_year"
    assert "between 2000 and 2100" in english.json()["detail"] or english.status_code == 422


# --- ETags ------------------------------------------------------------------------------------


def test_a_read_carries_an_etag_and_answers_304_until_something_shown_changes(
    world: World,
) -> None:
    api = Api(world.tokens[Role.KECAMATAN])
    plan = world.plans[WAINYAPU]
    first = api.get(f"plans/{plan.pk}")
    etag = first["ETag"]
    assert etag.startswith(f'"{plan.version}-')
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = api.get(f"plans/{plan.pk}", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    weak = api.get(f"plans/{plan.pk}", **{"If-None-Match": f"W/{etag}"})
    assert weak.status_code == 304  # gzip makes tags weak on their way out
    # An activity changes: the plan's own version does not, its answer does.
    activity = plan.goals.first().activities.first()
    plan_services.activity_update(activity=activity, actor=None, name="Baru")
    changed = api.get(f"plans/{plan.pk}", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    listed = api.get("plans")
    assert api.get("plans", **{"If-None-Match": listed["ETag"]}).status_code == 304


# --- pages, filters, updated_since ------------------------------------------------------------


def test_cursor_pages_walk_every_row_once(world: World) -> None:
    api = Api(world.tokens[Role.TIM_PROGRAM])
    for path in ("regions?parent=53.18.11", "plans", "support-requests", "lessons", "stages"):
        joined = "&" if "?" in path else "?"
        everything = [
            json.dumps(item, sort_keys=True)
            for item in api.get(f"{path}{joined}limit=200").json()["items"]
        ]
        assert len(everything) > 2, path
        walked: list[str] = []
        url = f"{path}{joined}limit=2"
        while url:
            page = api.get(url).json()
            walked.extend(json.dumps(i, sort_keys=True) for i in page["items"])
            url = page["next"]
            if url:
                assert page["next_cursor"] in url
        assert walked == everything, path


def test_a_cursor_from_elsewhere_is_refused(world: World) -> None:
    api = Api(world.tokens[Role.TIM_PROGRAM])
    cursor = api.get("plans?limit=1").json()["next_cursor"]
    assert cursor
    for path in (f"reviews?cursor={cursor}", "plans?cursor=%%%", "plans?cursor=e30"):
        answer = api.get(path)
        assert answer.status_code == 422, path
        assert answer.json()["errors"][0]["field"] == "query.cursor"


def test_updated_since_returns_what_changed_under_each_record(world: World) -> None:
    api = Api(world.tokens[Role.KECAMATAN])
    since = timezone.now()
    stamp = since.isoformat().replace("+", "%2B")
    assert api.get(f"plans?updated_since={stamp}").json()["items"] == []
    goal = world.plans[WAILANGIRA].goals.first()
    plan_services.goal_update(goal=goal, actor=None, target="Target baru")
    changed = api.get(f"plans?updated_since={stamp}").json()
    assert [p["desa"]["code"] for p in changed["items"]] == [WAILANGIRA]
    # A time without a zone is read in the installation's zone.
    local = timezone.localtime(since).replace(tzinfo=None).isoformat()
    assert len(api.get(f"plans?updated_since={local}").json()["items"]) == 1
    # The stages of a desa move with anything recorded about it.
    stages = api.get(f"stages?updated_since={stamp}").json()
    assert [s["desa"]["code"] for s in stages["items"]] == [WAILANGIRA]


def test_region_and_date_filters_narrow_what_the_caller_sees(world: World) -> None:
    api = Api(world.tokens[Role.TIM_PROGRAM])
    assert {
        p["desa"]["code"] for p in api.get(f"plans?region={KODI_BALAGHAR}").json()["items"]
    } == {
        WAINYAPU,
        WAILANGIRA,
    }
    assert api.get("plans?region=53.18.11.2").status_code == 422
    meetings = api.get("meetings?date_from=2024-07-01").json()["items"]
    assert [m["date"] for m in meetings] == ["2024-07-25"]


# --- the OpenAPI document and the docs pages -------------------------------------------------


def test_the_openapi_document_is_3_1_and_documents_every_answer() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert {"TokenAuth", "SessionAuth"} <= set(document["components"]["securitySchemes"])
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["operationId"] and operation["tags"], (method, path)
            assert not operation["summary"].istitle() or " " not in operation["summary"]
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)
            if method == "get":
                assert "304" in operation["responses"] or 304 in operation["responses"]
    writes = {
        op["operationId"]: {p["name"] for p in op["parameters"]}
        for item in document["paths"].values()
        for method, op in item.items()
        if method != "get"
    }
    for starts_from_a_version in ("goal_edit", "goal_delete", "review_edit", "lesson_edit"):
        assert "If-Match" in writes[starts_from_a_version], starts_from_a_version
    assert "If-Match" in writes["support_request_step"]  # every form of the step has `version`
    assert "If-Match" not in writes["goal_add"]  # a create starts from nothing


def test_the_docs_pages_show_every_operation_within_the_page_budget(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation_ids = {
        op["operationId"] for item in document["paths"].values() for op in item.values()
    }
    tags = {op["tags"][0] for item in document["paths"].values() for op in item.values()}
    index = client.get(reverse("api:docs"), headers={"accept-encoding": "gzip"})
    assert index.status_code == 200
    shown: set[str] = set()
    for tag in tags:
        page = client.get(reverse("api:docs_part", args=[tag]), headers={"accept-encoding": "gzip"})
        assert page.status_code == 200, tag
        weight = page_weight(page.content, html_is_gzipped=page.get("Content-Encoding") == "gzip")
        assert weight.first_load <= FIRST_LOAD_BUDGET, (tag, weight)
        assert weight.html <= LATER_PAGE_BUDGET, (tag, weight)
        html = client.get(reverse("api:docs_part", args=[tag])).content.decode()
        shown |= {op for op in operation_ids if f'id="op-{op}"' in html}
    assert shown == operation_ids
    assert client.get(reverse("api:docs_part", args=["nothing"])).status_code == 404
    assert datetime.date.today()  # (the docs pages need no sign-in)


def test_every_change_through_the_api_is_in_the_log_with_its_author(world: World) -> None:
    api = Api(world.tokens[Role.TIM_DESA])
    plan = world.plans[WAINYAPU]
    before = ChangeLog.objects.count()
    assert api.post(f"plans/{plan.pk}/goals", {"statement": "Baru"}).status_code == 201
    entry = ChangeLog.objects.order_by("-seq").first()
    assert ChangeLog.objects.count() == before + 1
    assert entry.actor == world.users[Role.TIM_DESA]
    assert entry.root_id == plan.pk
