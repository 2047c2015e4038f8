"""Pages: query count, median server time and page weight (DESIGN.md §5). Prints figures.

Runs Django's test client against a scratch test database: SQLite in memory, and PostgreSQL
instead when DATABASE_URL is set (a throw-away test_… database is created and dropped).

    uv run python bench/bench_pages.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    # Its own scratch database, so a test run on the same server is never clobbered.
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

KB = 1024


def measure(client: Client, url: str, runs: int) -> tuple[int, float, int, int]:
    """(queries, median ms, gzipped HTML bytes, first-load bytes) for one page."""
    from rembuk.core.pageweight import page_weight

    response = client.get(url, headers={"accept-encoding": "gzip"})
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    weight = page_weight(
        response.content, html_is_gzipped=response.headers.get("Content-Encoding") == "gzip"
    )
    # The log is a bounded deque: once full (DEBUG during set-up) its length stops growing.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(timings), weight.html, weight.first_load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from rembuk.core import nodes
        from rembuk.core.testing import full_plan, user_with_role
        from rembuk.people.models import Role
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        regions_import()
        big = full_plan("53.18.11.2006", goals=3, activities_per_goal=10)
        small = full_plan("53.18.11.2001", goals=1, activities_per_goal=1)
        client = Client()
        client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))

        pages = [
            ("plan 3 goals × 10 activities", reverse("plans:plan_detail", args=[big.pk])),
            ("plan 1 goal × 1 activity", reverse("plans:plan_detail", args=[small.pk])),
            ("my villages", reverse("people:my_villages")),
            ("region list", reverse("regions:region_list")),
            ("region: kabupaten 53.18", reverse("regions:region_detail", args=["53.18"])),
            ("region: kecamatan 53.18.11", reverse("regions:region_detail", args=["53.18.11"])),
            ("region search 'wai'", reverse("regions:region_search") + "?q=wai"),
        ]
        print(f"bench_pages on {connection.vendor}, median of {args.runs} runs")
        print(f"{'page':32} {'queries':>7} {'median ms':>9} {'HTML gz':>9} {'first load':>10}")
        rows = [(label, client, url) for label, url in pages]
        rows.append(("login (anonymous)", Client(), reverse("people:login")))
        for label, page_client, url in rows:
            queries, median, html, first = measure(page_client, url, args.runs)
            print(f"{label:32} {queries:7d} {median:9.1f} {html / KB:7.1f}KB {first / KB:8.1f}KB")
        print("budgets: first load ≤ 50.0KB, later page (HTML) ≤ 15.0KB, queries constant")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
