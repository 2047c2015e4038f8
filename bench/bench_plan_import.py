"""Importing a 200-row plan from XLSX (budget: ≤ 2 s, DESIGN.md §5 / issue 2). Prints figures.

Builds a 200-row workbook in the template layout, then imports it into a scratch test database
(SQLite in memory; PostgreSQL instead when DATABASE_URL is set) several times, each into another
desa, and prints parse + validate + write time and the query count.

    uv run python bench/bench_plan_import.py [--runs 5] [--rows 200]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rembuk.core import nodes
        from rembuk.plans.spreadsheet import import_plan_file
        from rembuk.plans.tests.files import template_rows, workbook_bytes
        from rembuk.regions.models import Region
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        regions_import()
        goals = max(1, args.rows // 20)
        data = workbook_bytes(template_rows(goals=goals, activities_per_goal=args.rows // goals))
        desa = list(
            Region.objects.filter(level=Region.Level.DESA, code__startswith="53.18.")
            .order_by("code")
            .values_list("code", flat=True)[: args.runs + 1]
        )
        # One warm-up import (imports, node identity, first connection) that is not counted.
        import_plan_file(
            stream=io.BytesIO(data), size=len(data), desa_code=desa[0], period="2024", actor=None
        )
        timings, queries = [], 0
        for code in desa[1:]:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                result = import_plan_file(
                    stream=io.BytesIO(data),
                    size=len(data),
                    desa_code=code,
                    period="2024-2025",
                    actor=None,
                )
                timings.append(time.perf_counter() - start)
            queries = len(captured)
        print(f"bench_plan_import on {connection.vendor}: {args.runs} runs")
        print(
            f"file: {len(data) / 1024:.1f} KB, {result.goals} goals, {result.milestones} "
            f"milestones, {result.activities} activity rows"
        )
        print(
            f"import (parse + validate + write): median {statistics.median(timings) * 1000:.0f} ms,"
            f" max {max(timings) * 1000:.0f} ms, {queries} queries per import"
        )
        print("budget: a 200-row plan ≤ 2000 ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
