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


def test_a_text_holding_a_nul_is_quarantined_and_the_batch_goes_on(cluster, targets):
    """PostgreSQL cannot store a NUL; a forged change carrying one inside the node's own
    kecamatan is refused as invalid on both databases, never a 500 that stops the batch."""
    goal = targets["ours"]["goals"][0]
    nul = _entry("plans.goal", goal, "update", {"statement": ["", "Bibit\x00 terlambat"]})
    _attack(cluster, nul)
    assert _quarantined(cluster, nul)["code"] == "invalid"
    assert "\x00" not in cluster.hub_agent("get", model="plans.goal", id=goal)["statement"]
    _nothing_outside_changed(cluster, targets)


def test_an_honest_node_keeps_syncing_in_the_same_run(cluster, targets):
    made = cluster.b("create_plan", desa="53.18.11.2001", goals=1, activities=2)
    report = cluster.b("sync")
    assert report["refused"] == 0 and report["pushed"] >= 5
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    cluster.a("sync")
    assert cluster.a("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    _nothing_outside_changed(cluster, targets)


# --- forged cursors: what the node names in `hello`, and the restore of part 1 --------------
# The hub keeps, per node, where it stands in the node's log and the node in its own
# (ADR 0005, 0014). A forged claim may cost the forger a resend of its own data; it must never
# bring it a change outside its kecamatan, move another node's cursors, or answer 500.

REFERENCE_SCOPES = {"53", "53.18"}  # what reaches a Kodi Balaghar node from above it


def _outside_scope(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e
        for e in entries
        if not e["scope_code"].startswith(KODI)
        and e["scope_code"] not in REFERENCE_SCOPES
        and e["model_label"] != "regions.region"
    ]


def _others(cluster: Cluster) -> dict[str, Any]:
    return {k: v for k, v in cluster.hub_agent("tokens").items() if k != "node-c"}


def _pull_everything(cluster: Cluster, after: int) -> list[dict[str, Any]]:
    page = cluster.c("call_forged", endpoint="pull", payload={"after": after, "limit": 2000})
    assert "http_status" not in page, page
    return page["entries"]


def test_a_hello_naming_a_change_of_another_province_brings_nothing_from_there(cluster, targets):
    others = _others(cluster)
    place = cluster.hub_agent("log_place", id=targets["maluku"]["plan"])
    hello = {"pull_cursor": place["seq"], "pull_change_id": place["change_id"]}
    answer = cluster.c("call_forged", endpoint="hello", payload=hello)
    assert "http_status" not in answer and answer["region_code"] == KODI
    assert _outside_scope(_pull_everything(cluster, place["seq"] - 1)) == []
    assert _others(cluster) == others
    _nothing_outside_changed(cluster, targets)


@pytest.mark.parametrize(
    ("cursor", "change_id", "refused"),
    [
        ("past the log", None, False),
        (1, "bukan-uuid", False),
        (1, "'; DROP TABLE core_changelog; --", False),
        (-1, None, True),
        (10**30, None, True),
        (2**63, None, True),
        ("12abc", None, True),
        (True, None, True),
        (1, ["bukan", "teks"], True),
        (1, "x" * 100_000, True),
    ],
    ids=[
        "past-the-log",
        "not-a-uuid",
        "sql-in-the-id",
        "negative",
        "huge",
        "past-64-bits",
        "not-a-number",
        "a-boolean",
        "a-list-for-the-id",
        "an-id-of-100k",
    ],
)
def test_a_forged_hello_cursor_is_refused_or_taken_for_a_restore_and_never_a_500(
    cluster, targets, cursor, change_id, refused
):
    others = _others(cluster)
    if cursor == "past the log":
        cursor = cluster.hub_agent("last_seq") + 1000
    hello = {"pull_cursor": cursor, "pull_change_id": change_id or str(uuid.uuid4())}
    answer = cluster.c("call_forged", endpoint="hello", payload=hello)
    if refused:
        assert answer["http_status"] == 400, answer
    else:
        # A place this hub's log does not hold: the node pulls again from the hub's own cursor.
        assert answer["log_rewound"] is True and answer["region_code"] == KODI
        assert _outside_scope(_pull_everything(cluster, answer["pull_cursor"])) == []
    assert _others(cluster) == others
    _nothing_outside_changed(cluster, targets)


@pytest.mark.parametrize(
    "after_change_id",
    ["of-another-node", "of-another-province", "bukan-uuid", ""],
)
def test_a_forged_restart_moves_only_the_forger_s_cursor_and_returns_only_its_own_changes(
    cluster, targets, after_change_id
):
    others = _others(cluster)
    named = {
        "of-another-node": lambda: cluster.a("log_ids")[0],
        "of-another-province": lambda: cluster.hub_agent("log_place", id=targets["maluku"]["plan"])[
            "change_id"
        ],
    }.get(after_change_id, lambda: after_change_id)()
    push = {"after": 0, "restart": True, "after_change_id": named, "entries": []}
    answer = cluster.c("call_forged", endpoint="push", payload=push)
    assert "http_status" not in answer and answer["acked"] == 0
    mine = cluster.hub_agent("tokens")["node-c"]
    assert mine["push_cursor"] == 0
    entries = _pull_everything(cluster, 0)
    assert _outside_scope(entries) == []
    # Its own changes come back to it; nobody else's outside the scope ever does.
    assert any(e["node_id"] == "node-c" for e in entries) == (mine["return_own_until"] is not None)
    assert _others(cluster) == others
    _nothing_outside_changed(cluster, targets)


@pytest.mark.parametrize("after", [2**61, -5, "semua"], ids=["past-the-cursor", "negative", "text"])
def test_a_forged_restart_from_a_place_the_hub_never_reached_is_refused(cluster, targets, after):
    others = _others(cluster)
    before = cluster.hub_agent("tokens")["node-c"]
    push = {"after": after, "restart": True, "after_change_id": str(uuid.uuid4()), "entries": []}
    answer = cluster.c("call_forged", endpoint="push", payload=push)
    assert answer["http_status"] == (409 if after == 2**61 else 400), answer
    assert cluster.hub_agent("tokens")["node-c"] == before
    assert _others(cluster) == others
    _nothing_outside_changed(cluster, targets)


def test_after_forged_cursors_the_node_syncs_honestly_again_and_then_moves_nothing(
    cluster, targets
):
    others = _others(cluster)
    cluster.c("call_forged", endpoint="hello", payload={"pull_cursor": 1, "pull_change_id": "x"})
    cluster.c(
        "call_forged",
        endpoint="push",
        payload={"after": 0, "restart": True, "after_change_id": str(uuid.uuid4())},
    )
    cluster.c("sync")  # resends what the hub already holds (skipped by id), takes back its own
    again = cluster.c("sync")
    assert (again["pushed"], again["pulled"], again["node_restored"]) == (0, 0, False)
    assert cluster.hub_agent("tokens")["node-c"]["return_own_until"] is None
    assert _others(cluster) == others
    _nothing_outside_changed(cluster, targets)


# A node's own bundle is signed with its own token, so it can forge the header's fields too.
@pytest.mark.parametrize(
    "forged",
    [
        {"after_change_id": "bukan-uuid"},
        {"after_change_id": "of-the-other-province"},
        {"after_change_id": "x" * 41},
        {"after": -1},
        {"after": 2**61},
        {"pulled_to": 2**61, "pull_change_id": str(uuid.uuid4())},
        {"pulled_to": "of-the-other-province"},
        {"pulled_to": 10**30},
    ],
    ids=[
        "id-not-a-uuid",
        "id-of-another-province",
        "id-too-long",
        "after-negative",
        "after-past-the-cursor",
        "pulled-past-the-log",
        "pulled-to-another-province",
        "pulled-past-64-bits",
    ],
)
def test_a_forged_bundle_header_is_refused_or_harmless(network, forged):
    from rembuk.core import history
    from rembuk.core.models import ChangeLog
    from rembuk.core.testing import PlanFactory, region
    from rembuk.plans.models import LivelihoodPlan
    from rembuk.sync import bundles, services
    from rembuk.sync.models import NodeToken
    from rembuk.sync.tokens import signing_key_for

    network.add_node("a", KODI)
    network.add_node("b", "81.05.15")
    with network.nodes["b"].active():
        theirs = PlanFactory(desa=region(MALUKU))
    network.sync("b")
    with network.nodes["a"].active():
        PlanFactory(desa=region(DESA))
    network.sync("a")
    with network.hub.active():
        place = ChangeLog.objects.filter(object_id=theirs.pk).values("seq", "change_id").get()
        history.update(LivelihoodPlan.objects.get(pk=theirs.pk), actor=None, notes="Maluku")
        before_b = NodeToken.objects.filter(node_id="b").values().get()
    header = dict(forged)
    if header.get("after_change_id") == "of-the-other-province":
        header["after_change_id"] = str(place["change_id"])
    if header.get("pulled_to") == "of-the-other-province":
        header.update(pulled_to=place["seq"], pull_change_id=str(place["change_id"]))
    with network.nodes["a"].active():
        link = services.hub_link()
        honest = bundles._unpack(bundles.bundle_export_from_node())[0]
        payload = {"entries": services.outgoing(link, after=0, limit=None), "people": []}
        data = bundles._pack(signing_key_for(link.token), {**honest, **header}, payload)
    with network.hub.active():
        try:
            bundles.bundle_import(data)
        except services.SyncRefused as refusal:
            assert refusal.status == 400
            assert (
                "after" in header
                or len(header.get("after_change_id", "")) > 40
                or (header.get("pulled_to", 0) > 2**62)
            )
        assert NodeToken.objects.filter(node_id="b").values().get() == before_b
        back = bundles.bundle_export_for_node(NodeToken.objects.get(node_id="a"))
    sent = services.decode(bundles._unpack(back)[1].partition(b"\n")[2])["entries"]
    assert _outside_scope(sent) == []
    with network.nodes["a"].active():
        try:  # a cursor the forger moved past where it stands costs it only its own bundles
            bundles.bundle_import(back)
        except services.SyncRefused as refusal:
            assert "earlier bundle" in refusal.reason and "pulled_to" in header
        assert not LivelihoodPlan.all_objects.filter(pk=theirs.pk).exists()
        maluku = ChangeLog.objects.filter(scope_code__startswith="81")
        assert not maluku.exclude(model_label="regions.region").exists()
