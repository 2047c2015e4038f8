"""Proof with real processes: a hub (gunicorn with four workers, PostgreSQL when DATABASE_URL
points to it, else SQLite) and SQLite nodes as separate processes on loopback, with faults injected
by a TCP proxy in front of the hub: a request cut half-way, an answer lost, the same batch twice,
a batch out of order, the hub killed and restarted in the middle of a sync, clocks three hours
apart, the same cell edited on both nodes while apart, an edit to a record the hub deleted.

Every wait is bounded, ports are chosen free, and every process is killed at the end."""

from __future__ import annotations

import pytest

from rembuk.sync.tests.processes import AgentError, Cluster

DESA = "53.18.11.2006"


def _goal(cluster: Cluster, statement: str = "awal") -> str:
    """A new plan made on the hub and synced to both nodes; returns its goal's id."""
    made = cluster.hub_agent("create_plan", desa=DESA, goals=1, activities=1)
    goal = made["goals"][0]
    cluster.hub_agent("edit", model="plans.goal", id=goal, fields={"statement": statement})
    cluster.a("sync")
    cluster.b("sync")
    return str(goal)


def test_a_plan_made_on_the_hub_reaches_both_nodes(cluster):
    goal = _goal(cluster, "dari kabupaten")
    for node in (cluster.a, cluster.b):
        assert node("get", model="plans.goal", id=goal)["statement"] == "dari kabupaten"


def test_a_connection_cut_half_way_through_a_batch_is_resumed_by_the_next_sync(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=3)
    cluster.proxy.mode = "cut_request"
    with pytest.raises(AgentError) as error:
        cluster.a("sync")
    assert error.value.kind == "SyncUnavailable"
    assert cluster.a("waiting") > 0
    cluster.a("sync")
    assert cluster.a("waiting") == 0
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_an_answer_lost_after_the_hub_applied_the_batch_changes_nothing_when_resent(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=3)
    before = len(cluster.hub_agent("log_ids"))
    cluster.proxy.mode = "drop_answer"
    with pytest.raises(AgentError):
        cluster.a("sync")
    after_lost = len(cluster.hub_agent("log_ids"))
    assert after_lost == before + 6  # plan, goal, milestone, 3 activities: applied once
    cluster.a("sync")
    assert len(cluster.hub_agent("log_ids")) == after_lost
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_the_same_batch_delivered_twice_is_applied_once(cluster):
    cluster.a("create_plan", desa=DESA, goals=1, activities=1)
    first = cluster.a("push_raw", count=4)
    second = cluster.a("push_raw", count=4)
    assert first["applied"] == 4
    assert second["applied"] == 0
    assert first["acked"] == second["acked"]
    cluster.a("sync")
    assert cluster.a("waiting") == 0


def test_a_batch_out_of_order_is_refused_and_the_sync_resumes_in_order(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=2)
    early = cluster.a("push_raw", skip=2, count=3)
    assert early["refused"] == 409
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is None
    cluster.a("sync")
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_the_hub_restarted_in_the_middle_of_a_sync_loses_nothing(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=3, activities=400)  # 3 batches and more
    counter = {"n": 0}

    def kill_on_second_batch(_total: int) -> None:
        counter["n"] += 1
        if counter["n"] == 2:
            cluster.hub.stop()

    cluster.proxy.on_push = kill_on_second_batch
    with pytest.raises(AgentError) as error:
        cluster.a("sync")
    assert error.value.kind == "SyncUnavailable"
    cluster.proxy.on_push = None
    cluster.hub.start()
    cluster.a("sync")
    assert cluster.a("waiting") == 0
    of_plan = {"model": "plans.activity", "filter": {"goal__plan_id": made["plan"]}, "fields": []}
    assert (
        len(cluster.hub_agent("values", **of_plan)) == len(cluster.a("values", **of_plan)) == 1200
    )
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_one_cell_edited_on_two_skewed_nodes_converges_with_the_conflict_on_every_side(
    cluster,
):
    goal = _goal(cluster)
    cluster.a("edit", model="plans.goal", id=goal, fields={"statement": "versi a"})
    cluster.b("edit", model="plans.goal", id=goal, fields={"statement": "versi b"})
    for node in (cluster.a, cluster.b, cluster.a):
        node("sync")
    values = {
        agent("get", model="plans.goal", id=goal)["statement"]
        for agent in (cluster.hub_agent, cluster.a, cluster.b)
    }
    assert len(values) == 1
    winner = values.pop()
    loser = "versi b" if winner == "versi a" else "versi a"
    for agent in (cluster.hub_agent, cluster.a, cluster.b):
        conflicts = [c for c in agent("conflicts") if c["losing_value"] == loser]
        assert conflicts and conflicts[0]["winning_value"] == winner


def test_an_edit_on_a_node_to_a_record_the_hub_deleted_stays_deleted_and_is_kept_for_review(
    cluster,
):
    goal = _goal(cluster)
    cluster.hub_agent("delete", model="plans.goal", id=goal)
    cluster.b("edit", model="plans.goal", id=goal, fields={"target": "diubah di kecamatan"})
    cluster.b("sync")
    for agent in (cluster.hub_agent, cluster.b):
        assert agent("get", model="plans.goal", id=goal)["is_deleted"]
        kept = [c for c in agent("conflicts") if c["kind"] == "deleted"]
        assert any(c["losing_value"] == {"target": "diubah di kecamatan"} for c in kept)


def test_a_record_outside_the_node_region_is_quarantined_on_the_hub_and_refused_on_the_node(
    cluster,
):
    cluster.b("create_plan", desa="81.05.15.2001", goals=1, activities=1)
    cluster.b("sync")
    assert any("81.05.15.2001" in q["reason"] for q in cluster.hub_agent("quarantine"))
    assert any("81.05.15.2001" in reason for reason in cluster.b("rejections"))


def test_bundles_travel_without_network_and_a_tampered_one_is_refused(cluster):
    made = cluster.b("create_plan", desa=DESA, goals=1, activities=1)
    path = cluster.directory / "b-to-hub.rembuk"
    cluster.b("export", path=str(path))
    first = cluster.hub_agent("import", path=str(path))
    again = cluster.hub_agent("import", path=str(path))
    assert first["applied"] == 4 and again["applied"] == 0
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    tampered = cluster.directory / "tampered.rembuk"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(AgentError, match="SyncRefused"):
        cluster.hub_agent("import", path=str(tampered))


def test_after_everyone_syncs_every_write_made_anywhere_is_in_every_history(cluster):
    for node in (cluster.a, cluster.b, cluster.a, cluster.b):
        node("sync")
    hub = set(cluster.hub_agent("log_ids"))
    a, b = set(cluster.a("log_ids")), set(cluster.b("log_ids"))
    # The hub holds everything each node wrote except what it refused (kept in quarantine),
    # and both nodes of the kecamatan end with the same history.
    refused = b - hub
    from_b = [q for q in cluster.hub_agent("quarantine") if q["source_node"] == "node-b"]
    assert refused == {q["change_id"] for q in from_b}
    assert a <= hub
    assert a == b - refused
