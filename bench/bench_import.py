"""`import_regions --national` (issue 12 budget: ≤ 30 s of CPU). Prints figures; not a test.

Loads the whole country's 91,599 regions (`indonesia.csv.gz`) into an empty scratch database
(SQLite file in var/bench/, or a bench_rembuk_import database next to DATABASE_URL's) with the
real command in a child process, and reports the child's CPU time (user + system, as `time`
does), its wall time and the machine's load. On PostgreSQL the server's own CPU is not in the
figure: it is the import's Python side.

    uv run python bench/bench_import.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

BUDGET_S = 30.0


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(harness.ROOT / "manage.py"), *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def main() -> None:
    harness.use_scratch_database("import", None)  # always empty
    _manage("migrate", "--verbosity", "0")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = _manage("import_regions", "--national")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    load = harness.load()
    print(f"bench_import on {harness.engine()}: {done.stdout.strip()}")
    print(
        f"import_regions --national: CPU {cpu:.1f} s (user {after.ru_utime - before.ru_utime:.1f}"
        f" + system {after.ru_stime - before.ru_stime:.1f}), wall {wall:.1f} s, "
        f"load {load:.1f} (budget ≤ {BUDGET_S:.0f} s of CPU)"
    )
    harness.record(
        "import",
        "import_regions --national (CPU)",
        cpu,
        unit="s",
        load=load,
        budget=BUDGET_S,
        wall_s=wall,
    )


if __name__ == "__main__":
    main()
