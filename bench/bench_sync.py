"""Sync budgets (issue 5): one village's meeting record ≤ 5 KB compressed on the wire; a
one-cell edit ≤ 1 KB; the first sync of a kecamatan of 20 villages with full plans and a year
of meetings ≤ 200 KB and ≤ 10 s on loopback; 10,000 changes ≤ 30 s. Prints figures.

Runs real processes: a hub (`manage.py runserver`; PostgreSQL when DATABASE_URL points to it,
else SQLite) and SQLite nodes driven by rembuk.sync.tests.agent, over HTTP on 127.0.0.1.
Bytes are the gzip-compressed JSON bodies both ways (HTTP headers, ~250 B a request, excluded).

    uv run python bench/bench_sync.py
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import harness  # noqa: E402

from rembuk.sync.tests.processes import (  # noqa: E402
    Agent,
    HubServer,
    base_env,
    postgres_database,
)
from rembuk.sync.tests.simnodes import template_db  # noqa: E402

WEWEWA_BARAT = "53.18.04"  # 20 desa
DESA = "53.18.04.2001"


def _line(what: str, value: str, budget: str, ok: bool) -> None:
    print(f"{what:<58} {value:>14}   budget {budget:<14} {'ok' if ok else 'OVER'}")


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="rembuk-bench-sync-"))
    agents: list[Agent] = []
    hub: HubServer | None = None
    with postgres_database() as hub_url:
        try:
            template = template_db()
            hub_env = base_env(directory) | {"REMBUK_NODE_ID": "hub"}
            if hub_url:
                hub_env["DATABASE_URL"] = hub_url
            else:
                shutil.copyfile(template, directory / "hub.sqlite3")
                hub_env["SQLITE_PATH"] = str(directory / "hub.sqlite3")
            hub_agent = Agent("hub-agent", hub_env, directory)
            agents.append(hub_agent)
            node_env = base_env(directory) | {
                "REMBUK_NODE_ID": "laptop",
                "SQLITE_PATH": str(directory / "laptop.sqlite3"),
            }
            shutil.copyfile(template, directory / "laptop.sqlite3")
            node = Agent("laptop", node_env, directory)
            agents.append(node)
            hub_agent.wait_ready()
            if hub_url:
                hub_agent("migrate", timeout=600)
            hub = HubServer(hub_env, directory)
            hub.start()
            node.wait_ready()
            print(f"hub on {'PostgreSQL' if hub_url else 'SQLite'}; node on SQLite")

            started = time.perf_counter()
            villages = hub_agent("fill_kecamatan", kecamatan=WEWEWA_BARAT, timeout=900)
            print(
                f"hub filled: {villages} desa with full plans (3 goals × 10 activities) and 4 "
                f"meetings in {time.perf_counter() - started:.0f} s"
            )
            token = hub_agent("issue_token", region=WEWEWA_BARAT, label="laptop")
            node("init", hub=f"http://127.0.0.1:{hub.port}/api/sync/", token=token)

            first = node("sync", timeout=600)
            size = first["bytes_sent"] + first["bytes_received"]
            _line(
                f"first sync of the kecamatan ({first['pulled']} changes)",
                f"{size / 1024:.1f} KB",
                "≤ 200 KB",
                size <= 200 * 1024,
            )
            _line("first sync time", f"{first['seconds']:.2f} s", "≤ 10 s", first["seconds"] <= 10)
            # The times in make bench's summary too (the sizes are fixed by the data, not the host).
            harness.record(
                "sync",
                "sync: first sync of a kecamatan (20 villages)",
                first["seconds"],
                unit="s",
                load=harness.load(),
                budget=10,
            )

            node("create_meeting", kecamatan=WEWEWA_BARAT, desa=[DESA], date="2026-02-10")
            meeting = node("sync")
            _line(
                f"one village's meeting record ({meeting['pushed']} changes), sent",
                f"{meeting['bytes_sent'] / 1024:.2f} KB",
                "≤ 5 KB",
                meeting["bytes_sent"] <= 5 * 1024,
            )

            goal = hub_agent("create_plan", desa=DESA, goals=1, activities=0)["goals"][0]
            node("sync")
            node("edit", model="plans.goal", id=goal, fields={"statement": "Diubah di laptop"})
            edit = node("sync")
            _line(
                "a one-cell edit: whole sync, both ways",
                f"{(edit['bytes_sent'] + edit['bytes_received'])} B",
                "≤ 1 KB",
                edit["bytes_sent"] + edit["bytes_received"] <= 1024,
            )
            _line(
                "a one-cell edit: the push alone (hello + batch)",
                f"{edit['bytes_sent']} B",
                "≤ 1 KB",
                edit["bytes_sent"] <= 1024,
            )

            node("bulk_activities", desa=DESA, count=10_000, timeout=600)
            bulk = node("sync", timeout=600)
            _line(
                f"{bulk['pushed']} changes pushed",
                f"{bulk['seconds']:.1f} s",
                "≤ 30 s",
                bulk["seconds"] <= 30,
            )
            print(f"  ({bulk['bytes_sent'] / 1024:.0f} KB sent)")
            harness.record(
                "sync",
                f"sync: {bulk['pushed']} changes pushed",
                bulk["seconds"],
                unit="s",
                load=harness.load(),
                budget=30,
            )
        finally:
            for agent in agents:
                agent.stop()
            if hub is not None:
                hub.stop()
            with contextlib.suppress(OSError):
                shutil.rmtree(directory)


if __name__ == "__main__":
    main()
