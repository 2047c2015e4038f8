"""Run every bench/bench_*.py in turn and print their figures (`make bench`).

Benchmarks print; they do not pass or fail on their figures. This exits non-zero only when a
benchmark itself crashes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    crashed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *sys.argv[1:]], check=False)
        print(f"--- {script.name}: {time.perf_counter() - start:.1f} s", flush=True)
        if result.returncode != 0:
            crashed.append(script.name)
    if crashed:
        print(f"\nCrashed: {', '.join(crashed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
