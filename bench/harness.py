"""What the benchmarks share (they print figures; they are not tests).

- A kept scratch database per data set (`use_scratch_database`): building the national data set
  takes minutes, so it is built once and reused while its builder version is unchanged. SQLite
  files live in var/bench/ (or BENCH_DATA_DIR); on PostgreSQL (DATABASE_URL set) the database
  `bench_rembuk_<name>` is made next to the one DATABASE_URL names. REMBUK_BENCH_SUFFIX is
  appended to every name, so two people measuring on one server never share a database.
- Timing a page through Django's test client the way a server answers it (no template
  instrumentation, DEBUG off, one connection kept), in wall time and in CPU time: on a shared
  machine wall time includes waiting for a core, CPU time does not.
- Pilot and national size side by side, each measured in its own process
  (`pilot_and_national`).
- The machine's load average beside every figure, and one JSON line per figure in the file
  BENCH_RESULTS names, from which bench/run_all.py prints its summary table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

BUILD_TABLE = "bench_build"


def engine() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"


def quick() -> bool:
    """BENCH_QUICK=1 (`make bench QUICK=1`): smaller national data set, fewer runs."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def load() -> float:
    return os.getloadavg()[0]


def _database_name(name: str) -> str:
    return f"bench_rembuk_{name}{os.environ.get('REMBUK_BENCH_SUFFIX', '')}"


def use_scratch_database(name: str, version: str | None) -> bool:
    """Point Django at the kept scratch database `name` (call before django.setup()).

    Returns True when it holds a data set built by builder `version`; otherwise (and always
    when `version` is None) it is dropped and made again, empty, and False is returned. Every
    name starts with bench_rembuk_, so it can never be a database that holds real data.
    """
    full = _database_name(name)
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        parts = urlsplit(url)
        target = urlunsplit(parts._replace(path=f"/{full}"))
        with psycopg.connect(url, autocommit=True) as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [full])
            exists = found.fetchone()
            built = False
            if exists and version is not None:
                with psycopg.connect(target) as bench:
                    built = _version_in(bench.cursor()) == version
            if not built:
                admin.execute(f'DROP DATABASE IF EXISTS "{full}"')
                admin.execute(f'CREATE DATABASE "{full}"')
        os.environ["DATABASE_URL"] = target
        return built
    import sqlite3

    folder = Path(os.environ.get("BENCH_DATA_DIR", ROOT / "var" / "bench"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{full}.sqlite3"
    built = False
    if path.exists() and version is not None:
        with sqlite3.connect(path) as bench:
            built = _version_in(bench.cursor()) == version
    if not built:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(path)
    return built


def _version_in(cursor: Any) -> str:
    try:
        cursor.execute(f"SELECT version FROM {BUILD_TABLE}")  # noqa: S608
    except Exception:  # no such table: never built
        return ""
    row = cursor.fetchone()
    return row[0] if row else ""


def start_django() -> None:
    """django.setup() and a test environment that times pages as a server answers them."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.template import Template
    from django.test.utils import _TestState, setup_test_environment

    setup_test_environment()
    # The test environment wraps every template render to record it; a server does not.
    Template._render = _TestState.saved_data.template_render  # type: ignore[method-assign]
    # As the server does (CONN_MAX_AGE) and the test client besides: one connection (and its
    # query log) kept across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.DEBUG = False


def mark_built(version: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {BUILD_TABLE} (version varchar(200))")
        cursor.execute(f"DELETE FROM {BUILD_TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {BUILD_TABLE} (version) VALUES (%s)", [version])  # noqa: S608


@dataclass
class Timing:
    median_ms: float
    cpu_ms: float
    max_ms: float
    load: float
    queries: int = 0
    kb: float = 0.0


class Samples:
    """Wall and CPU times of runs of one piece of work, taken when the caller chooses (two
    pieces timed in turn see the same stretch of a shared machine's speed)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def take(self, work: Callable[[], object]) -> None:
        began, began_cpu = time.perf_counter(), time.process_time()
        work()
        self.wall.append(time.perf_counter() - began)
        self.cpu.append(time.process_time() - began_cpu)

    def medians_ms(self) -> tuple[float, float]:
        """(median wall, median CPU) in milliseconds."""
        return statistics.median(self.wall) * 1000, statistics.median(self.cpu) * 1000


def timed(work: Callable[[], object], runs: int) -> Timing:
    samples = Samples()
    for _ in range(runs):
        samples.take(work)
    median_ms, cpu_ms = samples.medians_ms()
    return Timing(median_ms=median_ms, cpu_ms=cpu_ms, max_ms=max(samples.wall) * 1000, load=load())


def time_page(client: Any, url: str, runs: int, **headers: Any) -> Timing:
    """A page's server time (after one warm-up request), its queries and its size."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, **headers)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    reset_queries()  # the query log is a bounded deque, full after a large set-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    count = len(queries)  # read now: the next request clears the query log
    timing = timed(lambda: client.get(url, **headers), runs)
    timing.queries = count
    timing.kb = len(response.content) / 1024
    return timing


def record(bench: str, figure: str, value: float, unit: str = "ms", **extra: Any) -> None:
    """Keep one figure for run_all's summary (a JSON line in BENCH_RESULTS, when set)."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    line = {"bench": bench, "engine": engine(), "figure": figure, "value": value, "unit": unit}
    line.update({key: asdict(v) if isinstance(v, Timing) else v for key, v in extra.items()})
    with open(path, "a", encoding="utf-8") as results:
        results.write(json.dumps(line) + "\n")


def pilot_and_national(
    script: str, worker: Callable[[str, int], None]
) -> tuple[int, dict[str, dict[str, Any]], str] | None:
    """Run a benchmark on bench_dashboard.py's two data sets, each in its own process: `script
    --size pilot|national` calls `worker(size, runs)`, which prints its figures as one JSON line
    last. Returns (runs, {"pilot": figures, "national": figures}, the national column's name),
    or None in a worker's own process (it has printed its figures)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", choices=["pilot", "national"])
    args = parser.parse_args()
    runs = max(3, min(args.runs, 5 if quick() else 15))
    if args.size:
        worker(args.size, runs)
        return None
    sizes = {}
    for size in ("pilot", "national"):
        done = subprocess.run(
            [sys.executable, script, "--size", size, "--runs", str(runs)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        sizes[size] = json.loads(done.stdout.strip().splitlines()[-1])
    return runs, sizes, "national (quick)" if quick() else "national"


def record_page(bench: str, figure: str, timing: dict[str, Any], budget: float) -> None:
    """Keep a page's median time (time_page's figures as a dict) for run_all's summary."""
    record(
        bench,
        figure,
        timing["median_ms"],
        cpu_ms=timing["cpu_ms"],
        load=timing["load"],
        queries=timing["queries"],
        budget=budget,
    )
