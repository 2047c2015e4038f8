"""A kecamatan laptop's token turned against a real hub (gunicorn, four workers; PostgreSQL when
DATABASE_URL points to it): every attack found in the review is refused and quarantined with
its reason, nothing outside Kodi Balaghar changes on the hub (its fingerprint: every record,
person and log entry outside the kecamatan), and an honest node keeps syncing in the same run.

The attacker is node-c, with a genuine token for Kodi Balaghar; it sends what it likes."""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from rembuk.sync.tests.processes import KODI, Cluster

DESA = "53.18.11.2006"
ELSEWHERE = "53.18.10.2001"  # Wewewa Tengah, the same kabupaten
MALUKU = "81.05.15.2001"


def _entry(
    model_label: str,
    object_id: Any,
    action: str,
    changes: dict[str, list[Any]],
    *,
    actor_id: Any = None,
    ahead_ms: int = 0,
) -> dict[str, Any]:
    return {
        "seq": 1,
        "change_id": str(uuid.uuid4()),
        "hlc": f"{int(time.time() * 1000) + ahead_ms:013d}.00000.node-c",
        "node_id": "node-c",
        "actor_id": str(actor_id) if actor_id else None,
        "actor_label": "Kepala Bappeda",
        "model_label": model_label,
        "object_id": str(object_id),
        "object_repr": "dipalsukan",
        "action": action,
        "changes": changes,
        "base_version": None,
        "version": 2,
        "scope_code": DESA,  # the claim the review found the hub believed
        "root_id": str(uuid.uuid4()),
        "recorded_at": datetime.datetime.now(datetime.UTC).isoformat(),
    }


@pytest.fixture(scope="module")
def targets(cluster: Cluster) -> Iterator[dict[str, Any]]:
    """Records outside the kecamatan on the hub, and the hub's fingerprint outside it, taken
    before the attacks and compared after each."""
    elsewhere = cluster.hub_agent("create_plan", desa=ELSEWHERE, goals=1, activities=1)
    maluku = cluster.hub_agent("create_plan", desa=MALUKU, goals=1, activities=1)
    ours = cluster.hub_agent("create_plan", desa=DESA, goals=1, activities=1)
    programme = cluster.hub_agent("make_person", role="tim_program", region="53")
    cluster.c("sync")
    yield {
        "programme": programme,
        "elsewhere": elsewhere,
        "maluku": maluku,
        "ours": ours,
        "before": cluster.hub_agent("fingerprint", region=KODI),
    }


def _attack(cluster: Cluster, *entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    answer = cluster.c("push_forged", entries=list(entries), extra=extra)
    assert answer.get("applied") == 0, answer
    return answer


def _quarantined(cluster: Cluster, entry: dict[str, Any]) -> dict[str, Any]:
    found = [q for q in cluster.hub_agent("quarantine") if q["change_id"] == entry["change_id"]]
    assert found, "the refused change was not kept in quarantine"
    return found[0]


def _nothing_outside_changed(cluster: Cluster, targets: dict[str, Any]) -> None:
    assert cluster.hub_agent("fingerprint", region=KODI) == targets["before"]


def test_an_update_of_a_goal_elsewhere_claiming_a_scope_inside_is_refused(cluster, targets):
    goal = targets["maluku"]["goals"][0]
    entry = _entry("plans.goal", goal, "update", {"statement": ["", "DIPALSUKAN"]})
    _attack(cluster, entry)
    kept = _quarantined(cluster, entry)
    assert kept["code"] == "out_of_scope" and MALUKU in kept["reason"]
    _nothing_outside_changed(cluster, targets)


def test_deleting_a_plan_of_another_province_is_refused(cluster, targets):
    entry = _entry(
        "plans.livelihoodplan", targets["maluku"]["plan"], "delete", {"is_deleted": [False, True]}
    )
    _attack(cluster, entry)
    assert _quarantined(cluster, entry)["code"] == "out_of_scope"
    _nothing_outside_changed(cluster, targets)


def test_moving_a_goal_out_of_the_kecamatan_and_one_into_it_are_refused(cluster, targets):
    out = _entry(
        "plans.goal",
        targets["ours"]["goals"][0],
        "update",
        {"plan_id": ["", targets["elsewhere"]["plan"]]},
    )
    into = _entry(
        "plans.goal",
        targets["elsewhere"]["goals"][0],
        "update",
        {"plan_id": ["", targets["ours"]["plan"]]},
    )
    _attack(cluster, out, into)
    assert ELSEWHERE in _quarantined(cluster, out)["reason"]
    assert _quarantined(cluster, into)["code"] == "out_of_scope"
    _nothing_outside_changed(cluster, targets)


def test_creating_a_person_and_a_programme_role_is_refused(cluster, targets):
    person = str(uuid.uuid4())
    kodi = cluster.hub_agent("values", model="regions.region", filter={"code": KODI}, fields=[])
    membership = _entry(
        "people.membership",
        uuid.uuid4(),
        "create",
        {
            "user_id": [None, person],
            "role": [None, "tim_program"],
            "region_id": [None, kodi[0]["pk"]],
            "agency_id": [None, None],
        },
    )
    account = {
        "id": person,
        "username": "penyusup",
        "first_name": "Penyusup",
        "last_name": "",
        "password": "pbkdf2_sha256$1$garam$pilihanpenyerang",
        "must_change_password": False,
        "profile_hlc": f"{int(time.time() * 1000):013d}.00000.node-c",
    }
    answer = _attack(cluster, membership, people=[account], users=[account])
    assert _quarantined(cluster, membership)["code"] == "reference_data"
    assert [r["code"] for r in answer["refused"]] == ["reference_data"] * 3
    _nothing_outside_changed(cluster, targets)


def test_a_forged_author_is_recorded_as_the_node(cluster, targets):
    goal = targets["ours"]["goals"][0]
    entry = _entry(
        "plans.goal",
        goal,
        "update",
        {"target": ["", "atas nama orang lain"]},
        actor_id=targets["programme"],
    )
    answer = cluster.c("push_forged", entries=[entry], extra={})
    assert answer["applied"] == 1  # inside the kecamatan: applied, but not in that name
    logged = cluster.hub_agent("log_entry", change_id=entry["change_id"])
    assert logged["actor_id"] is None
    assert logged["actor_label"] == "node-c (node-c)"
    _nothing_outside_changed(cluster, targets)


def test_a_clock_centuries_ahead_is_refused(cluster, targets):
    centuries = 200 * 365 * 24 * 3600 * 1000
    entry = _entry(
        "plans.goal",
        targets["ours"]["goals"][0],
        "update",
        {"statement": ["", "dari masa depan"]},
        ahead_ms=centuries,
    )
    _attack(cluster, entry)
    assert _quarantined(cluster, entry)["code"] == "clock_ahead"
    _nothing_outside_changed(cluster, targets)


def test_a_gzip_bomb_past_the_cap_is_refused_without_growing_the_hub(cluster, targets):
    before = cluster.hub.memory_bytes()
    answer = cluster.c("post_bomb", megabytes=1024)
    assert answer["sent"] < 2 * 1024 * 1024  # about a megabyte that would inflate to a gigabyte
    assert answer["status"] == 413 and "MB" in answer["reason"]
    assert cluster.hub.memory_bytes() - before < 150 * 1024 * 1024
    _nothing_outside_changed(cluster, targets)


def test_an_honest_node_keeps_syncing_in_the_same_run(cluster, targets):
    made = cluster.b("create_plan", desa="53.18.11.2001", goals=1, activities=2)
    report = cluster.b("sync")
    assert report["refused"] == 0 and report["pushed"] >= 5
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    cluster.a("sync")
    assert cluster.a("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    _nothing_outside_changed(cluster, targets)
