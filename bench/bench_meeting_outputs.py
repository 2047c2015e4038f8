"""Meeting outputs (issue 3 budgets): one village's A1 poster ≤ 1.5 s, the whole-meeting PDF
for 20 villages ≤ 10 s. Prints figures.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set), a
meeting of 20 villages with full plans (3 goals × 10 activities) and a challenge and two
follow-ups recorded on every goal, then times the report builder and the renderers.

    uv run python bench/bench_meeting_outputs.py [--runs 3] [--villages 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_outputs")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CPU: dict[int, float] = {}


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """Median and max wall time; the median CPU time goes to CPU[id(work)] (a loaded machine
    inflates wall time, CPU time much less)."""
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(work)] = statistics.median(cpu)
    return statistics.median(timings), max(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--villages", type=int, default=20)
    args = parser.parse_args()
    runs = max(1, min(args.runs, 5))  # `make bench` may pass --runs 30 for page benchmarks

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rembuk.core import nodes
        from rembuk.regions.services import regions_import
        from rembuk.reports.exports import export_meeting_file
        from rembuk.reports.printing import meeting_pdf, sheets_pdf
        from rembuk.reports.report import build_meeting_report, meeting_with_regions
        from rembuk.reports.testing import meeting_with_villages

        nodes.reset_caches()
        regions_import()
        meeting = meeting_with_regions(meeting_with_villages(args.villages).pk)
        first_desa = meeting.sheets.order_by("position").first().desa.code  # type: ignore[union-attr]
        share = lambda sheet: f"https://rembuk.example/rapat/berbagi/{sheet.pk}/"  # noqa: E731

        # Warm-up (fonts, templates), not counted.
        sheets_pdf(build_meeting_report(meeting, desa_code=first_desa), "a1")

        def poster() -> bytes:
            report = build_meeting_report(meeting, desa_code=first_desa, share_url=share)
            return sheets_pdf(report, "a1")

        def whole() -> bytes:
            return meeting_pdf(build_meeting_report(meeting, share_url=share))

        with CaptureQueriesContext(connection) as one:
            build_meeting_report(meeting, desa_code=first_desa)
        with CaptureQueriesContext(connection) as all_villages:
            build_meeting_report(meeting)
        poster_median, poster_max = timed(runs, poster)
        whole_median, whole_max = timed(runs, whole)
        a0_median, _ = timed(runs, lambda: sheets_pdf(build_meeting_report(
            meeting, desa_code=first_desa), "a0"))  # fmt: skip
        zip_median, _ = timed(1, lambda: export_meeting_file(meeting, "zip"))
        print(
            f"bench_meeting_outputs on {connection.vendor}: {runs} runs, {args.villages} villages"
        )
        print(
            f"report builder queries: {len(one)} for one village, "
            f"{len(all_villages)} for {args.villages} villages"
        )
        print(
            f"A1 poster, one village: median {poster_median * 1000:.0f} ms, "
            f"max {poster_max * 1000:.0f} ms, CPU {CPU[id(poster)] * 1000:.0f} ms "
            "(budget ≤ 1500 ms)"
        )
        print(f"A0 poster, one village: median {a0_median * 1000:.0f} ms")
        print(
            f"whole-meeting PDF, {args.villages} villages: median {whole_median * 1000:.0f} ms, "
            f"max {whole_max * 1000:.0f} ms, CPU {CPU[id(whole)] * 1000:.0f} ms "
            "(budget ≤ 10000 ms; built in the background)"
        )
        print(f"ZIP of every village's files (A4+A1 PDF, XLSX, DOCX): {zip_median:.1f} s")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
