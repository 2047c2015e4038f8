"""Matriks 4 (issue 12 budget): the kecamatan summary PDF for 20 villages ≤ 1.5 s. Prints figures.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set), the
meeting of bench_meeting_outputs — 20 villages with full plans (3 goals × 10 activities) and a
challenge and two follow-ups recorded on every goal — drafts its Matriks 4 once, then times
building the report object and rendering the PDF (what the download view does), and for
reference drafting, the DOCX and the XLSX.

    uv run python bench/bench_matrix4.py [--runs 3] [--villages 20]
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_matrix4")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float, float]:
    """Median and max wall time, median CPU time (a loaded machine inflates wall time)."""
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(timings), max(timings), statistics.median(cpu)


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
        from rembuk.reports import services
        from rembuk.reports.matrix4 import (
            build_matrix4,
            matrix4_docx,
            matrix4_pdf,
            matrix4_xlsx,
            report_with_regions,
        )
        from rembuk.reports.report import meeting_with_regions
        from rembuk.reports.testing import meeting_with_villages

        nodes.reset_caches()
        regions_import()
        meeting = meeting_with_regions(meeting_with_villages(args.villages).pk)
        # The import filled Django's query log (it keeps the last 9,000): counted from empty.
        connection.queries_log.clear()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as drafting:
            drafted = services.kecamatan_report_draft(meeting=meeting, actor=None)
        draft_seconds = time.perf_counter() - start
        report = report_with_regions(drafted.pk)

        matrix4_pdf(build_matrix4(report))  # warm-up (fonts, templates), not counted

        def pdf() -> bytes:
            return matrix4_pdf(build_matrix4(report_with_regions(report.pk)))

        with CaptureQueriesContext(connection) as building:
            build_matrix4(report_with_regions(report.pk))
        pdf_median, pdf_max, pdf_cpu = timed(runs, pdf)
        docx_median, _, _ = timed(runs, lambda: matrix4_docx(build_matrix4(report)))
        xlsx_median, _, _ = timed(runs, lambda: matrix4_xlsx(build_matrix4(report)))
        pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(pdf())).pages)
        print(f"bench_matrix4 on {connection.vendor}: {runs} runs, {args.villages} villages")
        print(
            f"drafting from the meeting: {draft_seconds * 1000:.0f} ms, "
            f"{len(drafting)} queries; report object: {len(building)} queries"
        )
        load = os.getloadavg()[0]
        print(
            f"Matriks 4 PDF, {args.villages} villages ({pages} pages A4 landscape): "
            f"median {pdf_median * 1000:.0f} ms, max {pdf_max * 1000:.0f} ms, "
            f"CPU {pdf_cpu * 1000:.0f} ms, load {load:.1f} (budget ≤ 1500 ms)"
        )
        import harness

        harness.record(
            "documents",
            f"Matriks 4 PDF, {args.villages} villages",
            pdf_median * 1000,
            cpu_ms=pdf_cpu * 1000,
            load=load,
            budget=1500,
        )
        print(f"DOCX median {docx_median * 1000:.0f} ms · XLSX median {xlsx_median * 1000:.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
