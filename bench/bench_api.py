"""The REST API at pilot scale: queries, median server time and size of its main reads, with a
personal access token (authentication, throttle counter, scope, serialisation included).
Prints figures; a benchmark, not a test.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set),
Kecamatan Wewewa Barat (53.18.04, 20 desa) with full plans (3 goals × 10 activities), a village
review of each desa with a status per activity, and a meeting of the 20 villages with a
challenge and two follow-ups on every goal; then calls the API as the kecamatan.

    uv run python bench/bench_api.py [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_api")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

WEWEWA_BARAT = "53.18.04"
KB = 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    runs = max(3, args.runs)

    setup_test_environment()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.REMBUK_API_RATE = "1000000/min"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client

        from rembuk.core import nodes
        from rembuk.core.testing import full_plan, region, user_with_role
        from rembuk.meetings import services as meeting_services
        from rembuk.meetings.models import FollowUp
        from rembuk.monitoring.services import ProgressEntry, village_review_create
        from rembuk.people.models import Role
        from rembuk.people.services import access_token_create
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        regions_import()
        kecamatan = region(WEWEWA_BARAT)
        desas = list(kecamatan.children.order_by("code"))
        statuses = ["selesai", "berjalan", "terhambat", "terlambat"]
        plans = []
        for desa in desas:
            plan = full_plan(desa.code, goals=3, activities_per_goal=10)
            plans.append(plan)
            activities = [a for goal in plan.goals.all() for a in goal.activities.all()]
            village_review_create(
                desa=desa,
                date=datetime.date(2024, 3, 20),
                plan=plan,
                progress={
                    a.pk: ProgressEntry(status=statuses[i % 4]) for i, a in enumerate(activities)
                },
                actor=None,
            )
        user = user_with_role(Role.KECAMATAN, WEWEWA_BARAT)
        meeting = meeting_services.meeting_create(
            kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=user
        )
        for sheet in meeting.sheets.select_related("plan"):
            sheet.meeting = meeting
            for goal in sheet.plan.goals.all():
                meeting_services.challenge_save(
                    sheet=sheet, goal=goal, actor=user, text="Dana Desa belum cair " * 8
                )
                for text in ("Tanya ke DPMD", "Bagi pengalaman dari desa lain"):
                    meeting_services.followup_save(
                        sheet=sheet,
                        goal=goal,
                        actor=user,
                        text=text,
                        kind=FollowUp.Kind.VILLAGE_ACTION,
                    )
        token = access_token_create(user=user, name="bench", expires_at=None, actor=user)[1]
        client = Client(headers={"Authorization": f"Bearer {token}"})
        review_id = plans[0].village_reviews.get().pk
        calls = [
            ("plans (20)", "/api/v1/plans?limit=50"),
            ("plan 3 goals × 10 activities", f"/api/v1/plans/{plans[0].pk}"),
            ("reviews (20)", "/api/v1/reviews?limit=50"),
            ("review of 30 activities", f"/api/v1/reviews/{review_id}"),
            ("meeting of 20 villages", f"/api/v1/meetings/{meeting.pk}"),
            ("stages (20 desa)", "/api/v1/stages?limit=50"),
            ("dashboard", "/api/v1/dashboard"),
            ("plan history (50 changes)", f"/api/v1/plans/{plans[0].pk}/history?limit=50"),
        ]
        start = time.perf_counter()
        client.get("/api/v1/openapi.json")
        first_document = (time.perf_counter() - start) * 1000
        print(f"bench_api on {connection.vendor}, median of {runs} runs")
        print(f"OpenAPI document: first build {first_document:.0f} ms, then cached")
        print(f"{'call':30} {'queries':>7} {'median ms':>9} {'JSON':>9} {'gzip':>8}")
        for label, url in calls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings = []
            for _ in range(runs):
                began = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
            size = len(response.content)
            packed = len(gzip.compress(response.content))
            print(
                f"{label:30} {len(queries):7d} {statistics.median(timings):9.1f} "
                f"{size / KB:7.1f}KB {packed / KB:6.1f}KB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
