"""Every read of the API returns what the selectors behind the pages return, for the caller's
region only, in a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rembuk.api.testing import (
    BONDO_BOGHILA,
    KODI_BALAGHAR,
    SBD,
    WAILANGIRA,
    WAINYAPU,
    WARU,
    World,
)
from rembuk.api.tests.conftest import Api
from rembuk.core.testing import region
from rembuk.monitoring.models import ActivityProgress
from rembuk.people.models import Role
from rembuk.plans import services as plan_services
from rembuk.plans.selectors import plan_matrix
from rembuk.programme import selectors as programme_selectors
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db


def desa_codes(items: list[dict]) -> set[str]:
    return {item["desa"]["code"] for item in items}


def queries_for(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path).status_code == 200
    return len(captured)


def test_me_names_the_person_and_the_roles_the_token_acts_with(world: World, as_role) -> None:
    body = as_role(Role.OPD).get("me").json()
    assert body["username"] == "api.opd"
    [membership] = body["memberships"]
    assert membership["role"] == "opd"
    assert membership["region"]["code"] == SBD
    assert membership["agency_id"] == str(world.users[Role.OPD].memberships.get().agency_id)


def test_each_role_lists_the_plans_of_its_own_region_only(world: World, as_role) -> None:
    assert desa_codes(as_role(Role.TIM_DESA).get("plans").json()["items"]) == {WAINYAPU}
    assert desa_codes(as_role(Role.KECAMATAN).get("plans").json()["items"]) == {
        WAINYAPU,
        WAILANGIRA,
    }
    everyone_in_ntt = desa_codes(as_role(Role.TIM_PROGRAM).get("plans").json()["items"])
    assert everyone_in_ntt == {WAINYAPU, WAILANGIRA, BONDO_BOGHILA}


def test_a_plan_reads_as_its_matriks_1_tree(world: World, as_role) -> None:
    plan = world.plans[WAINYAPU]
    body = as_role(Role.KECAMATAN).get(f"plans/{plan.pk}").json()
    blocks = plan_matrix(plan)
    assert [goal["statement"] for goal in body["goals"]] == [b.goal.statement for b in blocks]
    assert [goal["number"] for goal in body["goals"]] == [1, 2]
    first = body["goals"][0]["milestones"][0]
    assert [a["name"] for a in first["activities"]] == [
        a.name for a in blocks[0].milestones[0].activities
    ]
    assert first["activities"][0]["version"] == 1
    assert body["kecamatan"]["code"] == KODI_BALAGHAR
    assert body["kabupaten"]["code"] == SBD


def test_lists_and_the_plan_tree_cost_the_same_queries_however_long(world: World, as_role) -> None:
    api = as_role(Role.TIM_PROGRAM)
    for path in ("plans", "reviews", "meetings", "support-requests", "lessons", "stages"):
        assert queries_for(api, f"{path}?limit=1") == queries_for(api, f"{path}?limit=3"), path
    small = world.plans[WAINYAPU]
    plan_services.goal_add(plan=small, statement="Tujuan tambahan", actor=None)
    bigger = queries_for(api, f"plans/{small.pk}")
    assert bigger == queries_for(api, f"plans/{world.plans[WAILANGIRA].pk}")


def test_musrenbang_proposals_are_the_activities_above_the_desa(world: World, as_role) -> None:
    goal = world.plans[WAINYAPU].goals.first()
    plan_services.activity_add(goal=goal, name="Jalan desa", authority="kabupaten", actor=None)
    body = as_role(Role.KECAMATAN).get(f"kecamatan/{KODI_BALAGHAR}/musrenbang-proposals").json()
    assert [item["activity"]["name"] for item in body["items"]] == ["Jalan desa"]
    assert body["items"][0]["activity"]["is_musrenbang_proposal"] is True
    # As on the pages: the kecamatan's list is for roles over the kecamatan, not one village.
    village = as_role(Role.TIM_DESA)
    assert village.get(f"kecamatan/{KODI_BALAGHAR}/musrenbang-proposals").status_code == 404


def test_a_review_shows_every_activity_with_its_status_and_version(world: World, as_role) -> None:
    review = world.reviews[WAINYAPU]
    body = as_role(Role.TIM_DESA).get(f"reviews/{review.pk}").json()
    rows = {str(r.activity_id): r for r in ActivityProgress.objects.filter(review=review)}
    assert len(body["activities"]) == len(rows) == 6
    for line in body["activities"]:
        assert line["status"] == rows[line["activity_id"]].status
        assert line["version"] == rows[line["activity_id"]].version
    assert {c["status"]: c["count"] for c in body["counts"]} == {
        "terhambat": 2,
        "berjalan": 2,
        "selesai": 2,
    }


def test_reviews_filter_by_date_and_status(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    held = api.get("reviews?status=terlaksana&date_from=2024-03-01&date_to=2024-03-31").json()
    assert desa_codes(held["items"]) == {WAINYAPU, WAILANGIRA}
    assert api.get("reviews?date_from=2024-04-01").json()["items"] == []
    assert api.get("reviews?status=direncanakan").json()["items"] == []


def test_a_meeting_reads_as_each_village_sheet_with_its_records(world: World, as_role) -> None:
    meeting = world.meetings["home"]
    body = as_role(Role.TIM_DESA).get(f"meetings/{meeting.pk}").json()
    assert body["status"] == "selesai"
    # The sheets are shared back to every village of the kecamatan (seed 000 §4 steps 10–11).
    assert {sheet["desa"]["code"] for sheet in body["sheets"]} == {WAINYAPU, WAILANGIRA}
    row = body["sheets"][0]["rows"][0]
    assert row["challenges"][0]["text"].startswith("Penyuluh pertanian tidak datang")
    followups = row["followups"]
    assert {f["kind"] for f in followups} == {"dukungan_opd"}
    assert all(f["support_request_id"] for f in followups)


def test_kecamatan_reports_list_each_edition(world: World, as_role) -> None:
    api = as_role(Role.TIM_KABUPATEN)
    items = api.get("kecamatan-reports").json()["items"]
    assert [(r["kecamatan"]["code"], r["edition"], r["status"]) for r in items] == [
        (KODI_BALAGHAR, 1, "terkirim")
    ]
    detail = api.get(f"kecamatan-reports/{items[0]['id']}").json()
    assert {row["desa"]["code"] for row in detail["rows"]} == {WAINYAPU, WAILANGIRA}


def test_support_requests_filter_by_agency_status_and_due_state(world: World, as_role) -> None:
    api = as_role(Role.TIM_KABUPATEN)
    distan = world.requests[f"{WAINYAPU} Distan"].agency_id
    by_agency = api.get(f"support-requests?agency={distan}").json()["items"]
    assert desa_codes(by_agency) == {WAINYAPU, WAILANGIRA, BONDO_BOGHILA}
    assert {r["agency"]["short_name"] for r in by_agency} == {"Distan"}
    assert len(api.get("support-requests?status=diajukan").json()["items"]) == 5
    # Due a month or two after 28 March 2024: overdue today, by the model's own rule.
    today = timezone.localdate()
    overdue = api.get("support-requests?due_state=lewat").json()["items"]
    expected = [
        r
        for r in SupportRequest.objects.filter(desa__code__startswith=SBD + ".")
        if r.due_state_on(today) == SupportRequest.Due.OVERDUE
    ]
    assert len(overdue) == len(expected) == 5


def test_a_support_request_carries_its_logbook(world: World, as_role) -> None:
    request = world.requests[f"{WAINYAPU} Distan"]
    body = as_role(Role.OPD).get(f"support-requests/{request.pk}").json()
    assert body["status"] == "diajukan"
    assert [entry["kind"] for entry in body["logbook"]] == ["diajukan"]
    assert body["meeting_date"] == "2024-03-28"


def test_an_agency_reads_only_its_own_requests(world: World, as_role) -> None:
    items = as_role(Role.OPD).get("support-requests").json()["items"]
    assert {r["agency"]["short_name"] for r in items} == {"Distan"}


def test_kabupaten_meetings_with_their_agenda(world: World, as_role) -> None:
    api = as_role(Role.TIM_KABUPATEN)
    [meeting] = api.get("kabupaten-meetings").json()["items"]
    assert meeting["kabupaten"]["code"] == SBD
    detail = api.get(f"kabupaten-meetings/{meeting['id']}").json()
    assert detail["agenda"] == []


def test_stages_of_the_programme_villages_in_scope(world: World, as_role) -> None:
    body = as_role(Role.KECAMATAN).get("stages").json()
    assert desa_codes(body["items"]) == {WAINYAPU, WAILANGIRA}
    wainyapu = next(i for i in body["items"] if i["desa"]["code"] == WAINYAPU)
    assert [s["stage"] for s in wainyapu["stages"]] == list(range(1, 9))
    assert wainyapu["stages"][5]["source"] == "derived"  # stage 6: a review was held
    one = as_role(Role.TIM_DESA).get(f"stages/{WAINYAPU}").json()
    assert one["stages"] == wainyapu["stages"]


def test_the_dashboard_has_the_numbers_of_the_tables_behind_its_charts(
    world: World, as_role
) -> None:
    body = as_role(Role.TIM_KABUPATEN).get(f"dashboard?region={SBD}&year=2024").json()
    scope = programme_selectors.dashboard_scope(world.users[Role.TIM_KABUPATEN], SBD)
    board = programme_selectors.dashboard(scope, year=2024, today=timezone.localdate())
    assert [t["key"] for t in body["tables"]] == list(board.tables)
    for table in body["tables"]:
        expected = board.tables[table["key"]].rows
        assert table["rows"] == [
            [v.isoformat() if isinstance(v, datetime.date) else v for v in row] for row in expected
        ], table["key"]
    assert body["desa_count"] == board.desa_count == 3


def test_lessons_list_search_and_suggestions(world: World, as_role) -> None:
    api = as_role(Role.TIM_DESA)
    # A village sees its kabupaten's lessons, not another kabupaten's (not shared).
    assert desa_codes(api.get("lessons").json()["items"]) == {WAINYAPU, WAILANGIRA, BONDO_BOGHILA}
    hits = api.get("lessons/search?q=penyuluh%20tidak%20datang").json()["items"]
    assert hits and all("penyuluh" in hit["matched_words"] for hit in hits)
    suggested = api.get(f"lessons/suggestions?text=penyuluh+tidak+datang&desa={WAINYAPU}").json()
    assert suggested and WAINYAPU not in desa_codes([hit["lesson"] for hit in suggested])
    lesson = world.lessons[WAILANGIRA]
    assert api.get(f"lessons/{lesson.pk}").json()["what_happened"] == lesson.what_happened
    assert api.get(f"lessons/{world.lessons[WARU].pk}").status_code == 404


def test_regions_and_agencies_are_reference_data(world: World, as_role) -> None:
    api = as_role(Role.TIM_DESA)
    children = api.get(f"regions?parent={KODI_BALAGHAR}&limit=200").json()["items"]
    assert {r["code"] for r in children} == {r.code for r in region(KODI_BALAGHAR).children.all()}
    assert api.get(f"regions/{WARU}").json()["parent"]["code"] == "81.05.15"
    agencies = api.get("agencies?kabupaten=81.05").json()
    assert "Diskan" in {a["short_name"] for a in agencies}
    assert api.get(f"agencies?kabupaten={KODI_BALAGHAR}").status_code == 404
