"""A hub with many workers stays correct (docs/decisions/0012): the hub runs under gunicorn with
four worker processes while three nodes push at the same moment edits of the same field and of
different fields, and the hub edits too. Afterwards every copy holds the same values and the
same conflicts, every write made anywhere is in every history, no two writes of the hub share a
clock reading, and each field holds the write that is latest in the total order."""

from __future__ import annotations

import threading
from typing import Any

DESA = "53.18.11.2003"
ROUNDS = 3


def _in_parallel(*calls: Any) -> None:
    errors: list[BaseException] = []

    def run(call: Any) -> None:
        try:
            call()
        except BaseException as error:  # reported below, after every thread ended
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors


def test_three_nodes_pushing_at_once_to_four_workers_converge_and_keep_every_write(cluster):
    hub, nodes = cluster.hub_agent, [cluster.a, cluster.b, cluster.c]
    goals = hub("create_plan", desa=DESA, goals=3, activities=1)["goals"]
    for node in nodes:
        node("sync")
    written: set[str] = set()

    def edit(agent: Any, goal: str, **fields: str) -> None:
        written.add(agent("edit", model="plans.goal", id=goal, fields=fields))

    for round_ in range(ROUNDS):
        for node in nodes:
            edit(node, goals[0], statement=f"{node.name} ronde {round_}")  # the same field
        edit(cluster.a, goals[1], statement=f"a {round_}")  # different fields of one goal
        edit(cluster.b, goals[1], target=f"b {round_}")
        edit(cluster.c, goals[2], statement=f"c {round_}")
        _in_parallel(
            *[lambda node=node: node("sync") for node in nodes],
            lambda r=round_: edit(hub, goals[0], statement=f"hub ronde {r}"),
            lambda r=round_: edit(hub, goals[2], target=f"hub {r}"),
        )
    for _settle in range(2):
        for node in nodes:
            node("sync")

    copies = [hub, *nodes]
    fields = ["statement", "target"]
    values = [
        a("values", model="plans.goal", filter={"pk__in": goals}, fields=fields) for a in copies
    ]
    assert all(v == values[0] for v in values), values
    conflicts = [
        a(
            "values",
            model="sync.conflict",
            filter={"object_id__in": goals},
            fields=["field_name", "winning_value", "losing_value"],
        )
        for a in copies
    ]
    assert all(c == conflicts[0] for c in conflicts)
    assert conflicts[0], "concurrent edits of one field leave conflicts to review"

    assert len(written) == ROUNDS * 8  # per round: 3 + 3 on the nodes, 2 on the hub
    for agent in copies:
        assert written <= set(agent("log_ids")), f"{agent.name} lacks writes"
    assert hub("hlc_duplicates") == 0

    # The value kept is the write latest in the total order (clock reading, then change id).
    history = hub("changes_of", id=goals[0])
    latest = max(
        (c for c in history if "statement" in c["changes"]),
        key=lambda c: (c["hlc"], c["change_id"]),
    )
    kept = next(v for v in values[0] if v["pk"] == goals[0])
    assert kept["statement"] == latest["changes"]["statement"][1]
