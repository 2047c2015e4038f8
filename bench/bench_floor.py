"""Pages cost what their data costs (DESIGN.md §5: a page's server time ÷ a plain-SQL fetch of
the rows it shows ≤ 4, in the same run). Prints figures; a benchmark, not a test.

For each page: its server time through Django's test client (as bench/harness.py times pages),
and its floor — the SELECT statements the page itself sent, sent again as plain SQL on the same
connection with their rows fetched, nothing built from them; one request and one replay in
turn, so both medians come from the same stretch of the machine's speed. The ratio says how
much of a page's time is spent on what is not its data (the ORM making objects, the template
engine, Python).
On SQLite the CPU ratio is printed too: the floor runs in the same process there, and CPU times
hardly move with the machine's load, where wall times on a shared machine swing by 2× or more.

- meeting page: a coordination meeting of 20 villages with full plans (3 goals × 10
  activities) and a challenge and two follow-ups recorded on every goal;
- plan page: a plan of 3 goals × 10 activities;
- lesson search page: a search among 5,000 lessons;
- dashboards: kabupaten, programme and provinsi on the pilot data set of bench_dashboard.py, and
  the whole country on its national one (BENCH_QUICK=1: the quick national data set). Each is
  timed read again, as a page is between two changes of its figures (its sections drawn once
  and kept, rembuk.core.drawn), and drawn anew, every section (at worst, after a change that
  moved every figure: a change draws again only the sections whose figures it moved).

    uv run python bench/bench_floor.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

BUILD_VERSION = "pages-1"
GOAL = 4.0
LESSONS = 5000
MEETING_KECAMATAN = "81.05.04"
FRAME = "frame"


def floor(client: Any, url: str) -> tuple[Callable[[], None], int, int]:
    """(send them again, statements, rows): the SELECTs one request of `url` sent, sent again
    as plain SQL on the same connection with their rows fetched, nothing built from them."""
    from django.db import connection

    statements: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url)
    rows = 0

    def fetch_all() -> None:
        nonlocal rows
        rows = 0
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())

    fetch_all()
    return fetch_all, len(statements), rows


def measure(client: Any, url: str, runs: int) -> dict[str, Any]:
    """The page and its floor timed in turn, one request then one replay, `runs` times: a
    shared machine's speed drifts over a run, and both medians are taken over the same
    stretch of it (timed one after the other, the ratio moved with the drift)."""
    page = harness.time_page(client, url, 1)  # warm-up, its queries and its size
    fetch_all, statements, rows = floor(client, url)
    page_times = harness.Samples()
    floor_times = harness.Samples()
    for _ in range(runs):
        page_times.take(lambda: client.get(url))
        floor_times.take(fetch_all)
    page_ms, page_cpu_ms = page_times.medians_ms()
    floor_ms, floor_cpu_ms = floor_times.medians_ms()
    in_process = harness.engine() == "sqlite"  # PostgreSQL's share of the floor is its server's
    return {
        "page_ms": page_ms,
        "page_cpu_ms": page_cpu_ms,
        "floor_ms": floor_ms,
        "floor_cpu_ms": floor_cpu_ms,
        "ratio": page_ms / floor_ms if floor_ms else 0.0,
        # On SQLite the whole floor runs in this process, so CPU times compare too, and they
        # hardly move with the machine's load (wall times on a shared machine do).
        "cpu_ratio": page_cpu_ms / floor_cpu_ms if in_process and floor_cpu_ms else None,
        "statements": statements,
        "rows": rows,
        "kb": page.kb,
        "load": harness.load(),
    }


def _build_pages() -> None:
    from builders import build_lessons

    from rembuk.core.testing import full_plan
    from rembuk.regions.services import regions_import
    from rembuk.reports.testing import meeting_with_villages

    started = time.perf_counter()
    regions_import()
    meeting_with_villages(20)
    full_plan("53.18.11.2006", goals=3, activities_per_goal=10)
    build_lessons(LESSONS)
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def pages_worker(runs: int) -> dict[str, Any]:
    built = harness.use_scratch_database("pages", BUILD_VERSION)
    harness.start_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from rembuk.core import nodes
    from rembuk.core.testing import user_with_role
    from rembuk.meetings.models import CoordinationMeeting
    from rembuk.people.models import Role, User
    from rembuk.plans.models import LivelihoodPlan

    call_command("migrate", verbosity=0)
    nodes.reset_caches()
    if not built:
        print(f"building the pages data set on {harness.engine()}…", file=sys.stderr)
        _build_pages()
        harness.mark_built(BUILD_VERSION)
    camat = User.objects.filter(username="bench.camat").first() or user_with_role(
        Role.KECAMATAN, MEETING_KECAMATAN, username="bench.camat"
    )
    kodi = User.objects.filter(username="bench.kodi").first() or user_with_role(
        Role.KECAMATAN, "53.18.11", username="bench.kodi"
    )
    meeting = CoordinationMeeting.objects.get(kecamatan__code=MEETING_KECAMATAN)
    plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2006")
    pages = [
        ("meeting page, 20 villages", camat, reverse("meetings:meeting_detail", args=[meeting.pk])),
        ("plan page, 3 × 10 activities", kodi, reverse("plans:plan_detail", args=[plan.pk])),
        (
            f"lesson search page, {LESSONS} lessons",
            kodi,
            reverse("learning:lesson_search") + "?q=penyuluh+jarang+datang",
        ),
    ]
    # The frame every page pays (session, person, menu, base.html): the lesson search page with
    # nothing typed, printed apart as the lower bound of any page's time.
    pages.append((FRAME, kodi, reverse("learning:lesson_search")))
    results = {}
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        results[label] = measure(client, url, runs)
    return results


def dashboards_worker(size: str, runs: int) -> dict[str, Any]:
    import bench_dashboard

    users = bench_dashboard.prepare(size)
    from django.test import Client

    wanted = {
        "pilot": [
            ("kabupaten Sumba Barat Daya", "kabupaten_sbd", None),
            ("programme (NTT + Maluku)", "programme", None),
        ],
        "national": [
            ("provinsi Nusa Tenggara Timur", "programme", "53"),
            ("whole country (superuser)", "national", None),
        ],
    }[size]
    from rembuk.programme.views import PAGES_DRAWN, SECTIONS_DRAWN

    class DrawingAnew(Client):
        """Forgets the dashboards' drawn sections before each request: the page as it costs
        with every section drawn again, as when all its figures changed (after a change, only
        the sections whose figures moved are; rembuk.core.drawn)."""

        def get(self, *args: Any, **kwargs: Any) -> Any:
            PAGES_DRAWN.clear()
            SECTIONS_DRAWN.clear()
            return super().get(*args, **kwargs)

    results = {}
    for label, user_key, code in wanted:
        url = f"{bench_dashboard.dashboard_url(code)}?tahun={bench_dashboard.YEAR}"
        clients: list[tuple[str, Client]] = [
            (f"dashboard: {label} ({size})", Client()),
            (f"dashboard: {label} ({size}), drawn anew", DrawingAnew()),
        ]
        for name, client in clients:
            client.force_login(users[user_key])
            results[name] = measure(client, url, runs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--worker", choices=["pages", "pilot", "national"])
    parser.add_argument(
        "--sets", default="pages,pilot,national", help="which data sets to measure, by name"
    )
    args = parser.parse_args()
    runs = max(3, min(args.runs, 7 if harness.quick() else 21))
    if args.worker == "pages":
        print(json.dumps(pages_worker(runs)))
        return
    if args.worker:
        print(json.dumps(dashboards_worker(args.worker, runs)))
        return
    results: dict[str, Any] = {}
    for worker in args.sets.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--worker", worker, "--runs", str(runs)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        results.update(json.loads(done.stdout.strip().splitlines()[-1]))
    frame = results.pop(FRAME, None)
    print(
        f"bench_floor on {harness.engine()}: page ÷ floor, median of {runs} runs (goal ≤ {GOAL:g})"
    )
    print(
        f"{'page':62} {'page ms':>8} {'floor ms':>8} {'ratio':>6} {'CPU ratio':>9} {'SQL':>4} "
        f"{'rows':>6} {'load':>5}"
    )
    for label, figure in results.items():
        cpu = f"{figure['cpu_ratio']:8.1f}×" if figure.get("cpu_ratio") else f"{'—':>9}"
        print(
            f"{label:62} {figure['page_ms']:8.1f} {figure['floor_ms']:8.1f} "
            f"{figure['ratio']:5.1f}× {cpu} {figure['statements']:4d} {figure['rows']:6d} "
            f"{figure['load']:5.1f}"
        )
        harness.record(
            "floor",
            label,
            figure["ratio"],
            unit="×",
            page_ms=figure["page_ms"],
            floor_ms=figure["floor_ms"],
            cpu_ratio=figure.get("cpu_ratio"),
            load=figure["load"],
            budget=GOAL,
        )
    print(f"median ratio {statistics.median(f['ratio'] for f in results.values()):.1f}×")
    if frame:
        # No page costs less than its frame: a page whose floor is under a quarter of the frame
        # cannot be within the goal however little it does of its own.
        print(
            f"the frame every page pays (a signed-in page with no rows of its own): "
            f"{frame['page_ms']:.1f} ms, CPU {frame['page_cpu_ms']:.1f} ms; "
            f"{GOAL:g} × a floor reaches it from a floor of {frame['page_ms'] / GOAL:.2f} ms"
        )


if __name__ == "__main__":
    main()
