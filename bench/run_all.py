"""Run every bench/bench_*.py on SQLite and on PostgreSQL, then print the figures side by side
(`make bench`).

Benchmarks print; they do not pass or fail on their figures. This exits non-zero only when a
benchmark itself crashes. PostgreSQL is measured when one answers at BENCH_POSTGRES_URL (or
DATABASE_URL, or the development default postgres://rembuk:rembuk@127.0.0.1:5432/rembuk); every
scratch database is named after the benchmark, with REMBUK_BENCH_SUFFIX appended.

The whole run is not CI: the first run builds the national data sets (about half an hour per
database on two cores), later runs reuse them (bench/harness.py). BENCH_QUICK=1 (`make bench
QUICK=1`) measures the quick national data set (the national regions, the pilot kabupaten at
pilot density) with fewer runs. Which figures fit in CI time is said in bench/README.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_POSTGRES = "postgres://rembuk:rembuk@127.0.0.1:5432/rembuk"


def _postgres_url() -> str | None:
    url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return url
    except Exception as error:  # no server: SQLite only, and say so
        print(f"PostgreSQL not reachable at {url} ({type(error).__name__}): SQLite only.")
        return None


def _run(script: Path, engine: str, url: str | None, results: Path) -> bool:
    env = {**os.environ, "BENCH_RESULTS": str(results)}
    suffix = os.environ.get("REMBUK_BENCH_SUFFIX", "")
    env["TEST_DATABASE_NAME"] = f"test_rembuk_{script.stem}{suffix}"
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    print(f"\n=== {script.name} on {engine}", flush=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(script), *sys.argv[1:]], env=env, check=False)
    print(f"--- {script.name} on {engine}: {time.perf_counter() - started:.1f} s", flush=True)
    return done.returncode == 0


def _summary(results: Path) -> None:
    lines = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    if not lines:
        return
    figures: dict[tuple[str, str], dict[str, dict]] = defaultdict(dict)
    for line in lines:
        figures[(line["bench"], line["figure"])][line["engine"]] = line
    print("\n=== Summary: median (load average beside each figure)")
    print(f"{'figure':64} {'SQLite':>22} {'PostgreSQL':>22} {'budget':>8}")
    for (_bench, figure), engines in figures.items():
        cells = []
        budget = ""
        for engine in ("sqlite", "postgresql"):
            item = engines.get(engine)
            if item is None:
                cells.append(f"{'—':>22}")
                continue
            digits = 2 if abs(item["value"]) < 1 else 1
            value = f"{item['value']:.{digits}f} {item['unit']}"
            cells.append(f"{value + ' (' + format(item.get('load', 0), '.1f') + ')':>22}")
            if item.get("budget") is not None:
                bound = "≥" if item.get("at_least") else "≤"  # a rate's goal is a floor
                budget = f"{bound} {item['budget']:g} {item['unit']}"
        print(f"{figure[:64]:64} {cells[0]} {cells[1]} {budget:>8}")


def main() -> int:
    engines: list[tuple[str, str | None]] = [("sqlite", None)]
    url = _postgres_url()
    if url:
        engines.append(("postgresql", url))
    crashed = []
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.jsonl"
        results.touch()
        for engine, engine_url in engines:
            for script in sorted(HERE.glob("bench_*.py")):
                if not _run(script, engine, engine_url, results):
                    crashed.append(f"{script.name} ({engine})")
        _summary(results)
    if crashed:
        print(f"\nCrashed: {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
