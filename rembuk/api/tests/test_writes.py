"""Writes through the API go through the owning services: the same rules, the same merge of
concurrent edits (a stale write to the same field is a 409 with the current values, to another
field it merges), and every change in the change log under the token's person."""

from __future__ import annotations

import datetime

import pytest

from rembuk.api.testing import KODI_BALAGHAR, WAILANGIRA, WAINYAPU, World
from rembuk.core.models import ChangeLog
from rembuk.learning.models import Lesson
from rembuk.meetings.models import Challenge, FollowUp
from rembuk.monitoring.models import ActivityProgress, VillageReview
from rembuk.people.models import Role
from rembuk.plans.models import Activity, Goal, Milestone
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db


def authored_by(world: World, role: str, obj_id: object) -> list[ChangeLog]:
    entries = list(ChangeLog.objects.filter(object_id=obj_id).order_by("seq"))
    assert entries, "the write left no change in the log"
    return [entry for entry in entries if entry.actor_id == world.users[role].pk]


# --- plan items -------------------------------------------------------------------------------


def test_a_goal_is_added_edited_moved_and_deleted_in_the_persons_name(
    world: World, as_role
) -> None:
    api = as_role(Role.TIM_DESA)
    plan = world.plans[WAINYAPU]
    made = api.post(f"plans/{plan.pk}/goals", {"statement": "Air bersih", "target_year": 2025})
    assert made.status_code == 201, made.content
    goal = made.json()
    assert goal["position"] == 2 and goal["version"] == 1

    edited = api.patch(
        f"plans/{plan.pk}/goals/{goal['id']}", {"target": "100 KK", "version": goal["version"]}
    )
    assert edited.status_code == 200 and edited.json()["target"] == "100 KK"
    assert edited.json()["statement"] == "Air bersih"  # a field left out stays as it was

    moved = api.post(f"plans/{plan.pk}/goals/{goal['id']}/move", {"direction": "up", "version": 2})
    assert moved.status_code == 200 and moved.json()["position"] == 1

    etag = api.get(f"plans/{plan.pk}").json()  # (the tree shows it where it moved)
    assert [g["statement"] for g in etag["goals"]][1] == "Air bersih"

    gone = api.delete(f"plans/{plan.pk}/goals/{goal['id']}", **{"If-Match": '"3"'})
    assert gone.status_code == 204
    assert not Goal.objects.filter(pk=goal["id"]).exists()
    assert len(authored_by(world, Role.TIM_DESA, goal["id"])) == 4


def test_a_stale_edit_of_the_same_field_is_a_conflict_and_of_another_field_merges(
    world: World, as_role
) -> None:
    api = as_role(Role.KECAMATAN)
    plan = world.plans[WAINYAPU]
    activity = Activity.objects.filter(goal__plan=plan).order_by("goal__position", "position")[0]
    path = f"plans/{plan.pk}/activities/{activity.pk}"
    first = api.patch(path, {"name": "Pelatihan BUMDes (diubah)", "version": 1})
    assert first.status_code == 200 and first.json()["version"] == 2

    stale = api.patch(path, {"name": "Tulisan lama", "version": 1})
    assert stale.status_code == 409
    problem = stale.json()
    assert problem["type"] == "urn:rembuk:problem:edit-conflict"
    assert problem["current"] == {"name": "Pelatihan BUMDes (diubah)"}
    assert problem["current_version"] == 2
    assert stale["Content-Type"] == "application/problem+json"

    merged = api.patch(path, {"funding_sources": ["dana_desa", "csr"], "version": 1})
    assert merged.status_code == 200
    body = merged.json()
    assert body["name"] == "Pelatihan BUMDes (diubah)"
    assert body["funding_sources"] == ["dana_desa", "csr"]

    retried = api.patch(path, {"name": "Tulisan lama"}, **{"If-Match": f'"{body["version"]}"'})
    assert retried.status_code == 200 and retried.json()["name"] == "Tulisan lama"


def test_milestones_and_activities_are_added_moved_and_deleted(world: World, as_role) -> None:
    api = as_role(Role.FASILITATOR_KABUPATEN)
    plan = world.plans[WAILANGIRA]
    goal = plan.goals.order_by("position").first()
    milestone = api.post(f"plans/{plan.pk}/goals/{goal.pk}/milestones", {"statement": "Sasaran"})
    assert milestone.status_code == 201
    m = milestone.json()
    made = api.post(
        f"plans/{plan.pk}/goals/{goal.pk}/activities",
        {"name": "Beli bibit", "milestone_id": m["id"], "funding_sources": ["dana_desa"]},
    )
    assert made.status_code == 201 and made.json()["milestone_id"] == m["id"]
    second = api.post(
        f"plans/{plan.pk}/goals/{goal.pk}/activities",
        {"name": "Tanam", "milestone_id": m["id"], "authority": "kabupaten"},
    ).json()
    assert second["is_musrenbang_proposal"] is True
    up = api.post(
        f"plans/{plan.pk}/activities/{second['id']}/move", {"direction": "up", "version": 1}
    )
    assert up.status_code == 200 and up.json()["position"] == 0
    renamed = api.patch(
        f"plans/{plan.pk}/milestones/{m['id']}", {"target_value": "2 ton", "version": 1}
    )
    assert renamed.status_code == 200
    down = api.post(f"plans/{plan.pk}/milestones/{m['id']}/move", {"direction": "up", "version": 2})
    assert down.status_code == 200 and down.json()["position"] == 0
    assert api.delete(f"plans/{plan.pk}/milestones/{m['id']}?version=3").status_code == 204
    assert not Milestone.objects.filter(pk=m["id"]).exists()
    assert not Activity.objects.filter(pk=second["id"]).exists()  # deleted with its milestone


def test_a_delete_that_started_from_an_old_version_is_refused(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    plan = world.plans[WAINYAPU]
    activity = Activity.objects.filter(goal__plan=plan).first()
    path = f"plans/{plan.pk}/activities/{activity.pk}"
    assert api.patch(path, {"description": "baru", "version": 1}).status_code == 200
    assert api.delete(f"{path}?version=1").status_code == 409
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert api.delete(f"{path}?version=2").status_code == 204


def test_a_write_that_does_not_say_its_version_is_refused(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    plan = world.plans[WAINYAPU]
    goal = plan.goals.first()
    answer = api.patch(f"plans/{plan.pk}/goals/{goal.pk}", {"statement": "Tanpa versi"})
    assert answer.status_code == 428
    assert answer.json()["errors"][0]["field"] == "If-Match"
    assert api.delete(f"plans/{plan.pk}/goals/{goal.pk}").status_code == 428
    disagree = api.patch(
        f"plans/{plan.pk}/goals/{goal.pk}", {"statement": "x", "version": 1}, **{"If-Match": '"2"'}
    )
    assert disagree.status_code == 422
    assert Goal.objects.get(pk=goal.pk).statement != "Tanpa versi"


def test_an_etag_read_can_be_sent_back_as_if_match(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    review = world.reviews[WAINYAPU]
    read = api.get(f"reviews/{review.pk}")
    assert read["ETag"].startswith(f'"{review.version}-')
    answer = api.patch(f"reviews/{review.pk}", {"summary": "Ringkas"}, **{"If-Match": read["ETag"]})
    assert answer.status_code == 200 and answer.json()["summary"] == "Ringkas"


def test_the_services_refusals_come_back_with_the_field_at_fault(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    plan = world.plans[WAINYAPU]
    goal = plan.goals.first()
    other_goal_milestone = Milestone.objects.filter(goal__plan=plan).exclude(goal=goal).first()
    answer = api.post(
        f"plans/{plan.pk}/goals/{goal.pk}/activities",
        {"name": "X", "milestone_id": str(other_goal_milestone.pk)},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "milestone_id"
    blank = api.post(f"plans/{plan.pk}/goals", {"statement": "   "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "statement"


# --- a village review --------------------------------------------------------------------------


def test_a_village_records_its_review_with_a_status_per_activity(world: World, as_role) -> None:
    api = as_role(Role.TIM_DESA)
    activity = Activity.objects.filter(goal__plan=world.plans[WAINYAPU]).first()
    made = api.post(
        "reviews",
        {
            "desa": WAINYAPU,
            "date": "2024-07-10",
            "learning": "Belajar dari Wailangira.",
            "progress": [{"activity_id": str(activity.pk), "status": "selesai", "note": "Beres"}],
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "terlaksana"
    line = next(a for a in body["activities"] if a["activity_id"] == str(activity.pk))
    assert (line["status"], line["note"], line["version"]) == ("selesai", "Beres", 1)
    assert authored_by(world, Role.TIM_DESA, body["id"])
    assert (
        as_role(Role.TIM_DESA).post("reviews", {"desa": WAILANGIRA, "date": "2024-07-10"})[
            "Content-Type"
        ]
        == "application/problem+json"
    )  # another village's review is not this village's to record


def test_a_stale_status_is_a_conflict_and_the_current_one_goes_through(
    world: World, as_role
) -> None:
    api = as_role(Role.KECAMATAN)
    review = world.reviews[WAILANGIRA]
    row = ActivityProgress.objects.filter(review=review).first()
    change = {"activity_id": str(row.activity_id), "status": "selesai", "version": row.version}
    assert (
        api.patch(f"reviews/{review.pk}", {"version": 1, "progress": [change]}).status_code == 200
    )
    stale = api.patch(
        f"reviews/{review.pk}",
        {"version": 1, "progress": [{**change, "status": "batal", "note": "lama"}]},
    )
    assert stale.status_code == 409
    [current] = stale.json()["current"]["progress"]
    assert (current["status"], current["version"]) == ("selesai", row.version + 1)
    again = api.patch(
        f"reviews/{review.pk}",
        {"version": 1, "progress": [{**change, "status": "batal", "version": current["version"]}]},
    )
    assert again.status_code == 200
    assert ActivityProgress.objects.get(pk=row.pk).status == "batal"
    assert VillageReview.objects.get(pk=review.pk).version == 1  # only the activity changed


# --- a challenge and a follow-up on a sheet ----------------------------------------------------


def test_the_kecamatan_records_a_challenge_and_a_follow_up_on_a_sheet(
    world: World, as_role
) -> None:
    api = as_role(Role.KECAMATAN)
    meeting = world.next_meeting
    detail = api.get(f"meetings/{meeting.pk}").json()
    sheet = next(s for s in detail["sheets"] if s["desa"]["code"] == WAINYAPU)
    goal_id = sheet["rows"][0]["goal_id"]
    base = f"meetings/{meeting.pk}/sheets/{sheet['id']}"
    challenge = api.post(f"{base}/challenges", {"goal_id": goal_id, "text": "Bibit terlambat"})
    assert challenge.status_code == 201
    c = challenge.json()
    edited = api.patch(f"{base}/challenges/{c['id']}", {"cause": "Jalan rusak", "version": 1})
    assert edited.status_code == 200 and edited.json()["cause"] == "Jalan rusak"
    distan = world.requests[f"{WAINYAPU} Distan"].agency_id
    followup = api.post(
        f"{base}/followups",
        {
            "goal_id": goal_id,
            "text": "Minta kunjungan penyuluh",
            "kind": "dukungan_opd",
            "owner": "opd",
            "owner_agency_id": str(distan),
            "due_date": "2024-08-30",
        },
    )
    assert followup.status_code == 201, followup.content
    f = followup.json()
    assert f["owner_agency_id"] == str(distan)
    stale = api.patch(f"{base}/followups/{f['id']}", {"text": "a", "version": 1})
    assert stale.status_code == 200
    assert api.patch(f"{base}/followups/{f['id']}", {"text": "b", "version": 1}).status_code == 409
    assert Challenge.objects.get(pk=c["id"]).changed_by == world.users[Role.KECAMATAN]
    assert FollowUp.objects.get(pk=f["id"]).changed_by == world.users[Role.KECAMATAN]


def test_a_closed_meeting_is_read_only_through_the_api_too(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    meeting = world.meetings["home"]
    sheet = meeting.sheets.first()
    answer = api.post(f"meetings/{meeting.pk}/sheets/{sheet.pk}/challenges", {"text": "x"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "closed"


def test_an_agency_of_another_kabupaten_cannot_own_a_follow_up(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    meeting = world.next_meeting
    sheet = meeting.sheets.first()
    diskan = world.requests["81.05.15.2001 Diskan"].agency_id
    answer = api.post(
        f"meetings/{meeting.pk}/sheets/{sheet.pk}/followups",
        {"text": "x", "owner": "opd", "kind": "dukungan_opd", "owner_agency_id": str(diskan)},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "owner_agency_id"


# --- a support request's next step -------------------------------------------------------------


def test_the_kabupaten_routes_a_request_and_the_agency_answers_it(world: World, as_role) -> None:
    request = world.requests[f"{WAINYAPU} Distan"]
    path = f"support-requests/{request.pk}/steps"
    agency = as_role(Role.OPD)
    # A new request is the kabupaten team's to route first.
    assert (
        agency.post(
            path, {"step": "schedule", "scheduled_for": "2024-04-10", "version": 1}
        ).status_code
        == 403
    )
    team = as_role(Role.TIM_KABUPATEN)
    accepted = team.post(path, {"step": "accept", "date": "2024-04-02", "version": 1})
    assert accepted.status_code == 200 and accepted.json()["status"] == "diterima"
    version = accepted.json()["version"]
    scheduled = agency.post(
        path,
        {
            "step": "schedule",
            "scheduled_for": "2024-04-20",
            "date": "2024-04-03",
            "version": version,
        },
    )
    assert scheduled.status_code == 200
    stale = agency.post(path, {"step": "start", "version": version})
    assert stale.status_code == 409  # someone moved it on since
    assert stale.json()["current"]["status"] == "dijadwalkan"
    closed = agency.post(
        path,
        {
            "step": "close",
            "response": "Penyuluh datang 20 April.",
            "date": "2024-04-21",
            "version": scheduled.json()["version"],
        },
    )
    assert closed.status_code == 200
    body = closed.json()
    assert body["status"] == "selesai" and body["due_state"] == "selesai"
    assert [e["kind"] for e in body["logbook"]] == ["diajukan", "diterima", "status", "status"]
    assert body["logbook"][-1]["recorded_by"] == str(world.users[Role.OPD])
    assert SupportRequest.objects.get(pk=request.pk).changed_by == world.users[Role.OPD]


def test_a_step_the_request_cannot_take_is_refused_with_a_reason(world: World, as_role) -> None:
    request = world.requests[f"{WAILANGIRA} DPMD"]
    team = as_role(Role.TIM_KABUPATEN, language="en")
    answer = team.post(
        f"support-requests/{request.pk}/steps", {"step": "close", "response": "x", "version": 1}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "invalid_transition"
    missing = team.post(f"support-requests/{request.pk}/steps", {"step": "decline", "version": 1})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reason"


# --- a lesson's edit ---------------------------------------------------------------------------


def test_a_lesson_is_edited_with_its_themes(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    lesson = world.lessons[WAINYAPU]
    path = f"lessons/{lesson.pk}"
    edited = api.patch(
        path,
        {"what_was_tried": "Patungan biaya bensin.", "themes": ["penyuluhan"], "version": 1},
    )
    assert edited.status_code == 200, edited.content
    body = edited.json()
    assert body["themes"] == ["penyuluhan"] and body["summary_edited"] is True
    stale = api.patch(path, {"what_was_tried": "lain", "version": 1})
    assert stale.status_code == 409
    sharing = api.patch(path, {"shared_beyond_kabupaten": True, "version": body["version"]})
    assert sharing.status_code == 422  # only the programme team shares beyond the kabupaten
    assert Lesson.objects.get(pk=lesson.pk).changed_by == world.users[Role.KECAMATAN]
    history = api.get(f"{path}/history").json()["items"]
    assert history[0]["actor_username"] == "api.kecamatan"


def test_a_lesson_edit_refused_at_its_last_step_writes_none_of_it(world: World, as_role) -> None:
    api = as_role(Role.KECAMATAN)
    lesson = world.lessons[WAINYAPU]
    refused = api.patch(
        f"lessons/{lesson.pk}",
        {
            "what_was_tried": "Patungan biaya bensin.",
            "themes": ["penyuluhan"],
            "shared_beyond_kabupaten": True,  # only the programme team shares
            "version": lesson.version,
        },
    )
    assert refused.status_code == 422
    saved = Lesson.objects.get(pk=lesson.pk)
    assert (saved.version, saved.what_was_tried, saved.themes) == (
        lesson.version,
        lesson.what_was_tried,
        lesson.themes,
    )


def test_dates_in_the_future_and_bad_values_are_refused_not_stored(world: World, as_role) -> None:
    api = as_role(Role.TIM_DESA)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    activity = Activity.objects.filter(goal__plan=world.plans[WAINYAPU]).first()
    answer = api.post(
        "reviews",
        {
            "desa": WAINYAPU,
            "date": future,
            "progress": [{"activity_id": str(activity.pk), "status": "selesai"}],
        },
    )
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "date"
    bad = api.post("reviews", {"desa": WAINYAPU, "date": "31-12-2024"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "date"
    assert VillageReview.objects.filter(desa__code=WAINYAPU).count() == 1
    assert KODI_BALAGHAR  # (the kecamatan of both villages)
