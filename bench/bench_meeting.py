"""The meeting page and meeting mode (issue 3 budget: ≤ 50 ms median server time for a kecamatan
of 20 villages with full plans). Prints figures; a benchmark, not a test.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set), a
meeting of Kecamatan Wewewa Barat (53.18.04, 20 desa) with full plans (3 goals × 10 activities)
and a challenge and two follow-ups recorded on every goal, then times the pages through
Django's test client (middleware, permission rules, selectors, template rendering).

    uv run python bench/bench_meeting.py [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_meeting")

import django

django.setup()

import harness  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

WEWEWA_BARAT = "53.18.04"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    runs = max(3, args.runs)

    setup_test_environment()
    # The test environment wraps every template render to record it for assertions; a server
    # does not, so time the pages with the plain renderer.
    from django.template import Template
    from django.test.utils import _TestState

    Template._render = _TestState.saved_data.template_render  # type: ignore[method-assign]
    # As Django's test runner does: keep one connection (and its query log) across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client
        from django.urls import reverse

        from rembuk.core import nodes
        from rembuk.core.testing import full_plan, region, user_with_role
        from rembuk.meetings import services
        from rembuk.people.models import Role
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        regions_import()
        kecamatan = region(WEWEWA_BARAT)
        desas = list(kecamatan.children.order_by("code"))
        for desa in desas:
            full_plan(desa.code, goals=3, activities_per_goal=10)
        user = user_with_role(Role.KECAMATAN, WEWEWA_BARAT)
        meeting = services.meeting_create(
            kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=user
        )
        for sheet in meeting.sheets.select_related("plan"):
            sheet.meeting = meeting
            for goal in sheet.plan.goals.all():
                services.challenge_save(
                    sheet=sheet, goal=goal, actor=user, text="Dana Desa belum cair " * 8
                )
                for n in range(2):
                    services.followup_save(
                        sheet=sheet, goal=goal, actor=user, text=f"Tindak lanjut {n} " * 6
                    )
        first = meeting.sheets.order_by("position").first()
        services.presenter_move(meeting=meeting, sheet=first, row=1)

        settings.DEBUG = False  # as in production: no query log while timing
        client = Client()
        client.force_login(user)
        mode = reverse("meetings:meeting_mode", args=[meeting.id])
        poll = {"HTTP_HX_REQUEST": "true"}
        client.get(mode)  # the page the projector opens sets the CSRF cookie its polls send
        held = client.get(mode, **poll)["ETag"]
        # (address, headers, the answer expected)
        pages = {
            "meeting page": (reverse("meetings:meeting_detail", args=[meeting.id]), {}, 200),
            "meeting mode": (mode, {}, 200),
            "meeting mode poll (htmx)": (mode, poll, 200),
            # What most of a meeting's polls find: nothing changed since the last (ADR 0029).
            "meeting mode poll, stage unchanged (304)": (
                mode,
                {**poll, "HTTP_IF_NONE_MATCH": held},
                304,
            ),
        }
        print(f"bench_meeting on {connection.vendor}: {runs} runs, {len(desas)} villages")
        for label, (url, headers, expected) in pages.items():
            client.get(url, **headers)  # warm-up
            reset_queries()  # the query log is a bounded deque, full after the set-up
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, **headers)
            assert response.status_code == expected, response.status_code
            query_count = len(queries)
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                client.get(url, **headers)
                timings.append(time.perf_counter() - start)
            median = statistics.median(timings) * 1000
            print(
                f"{label}: median {median:.1f} ms, "
                f"max {max(timings) * 1000:.1f} ms, {query_count} queries, "
                f"{len(response.content) // 1024} KB (budget ≤ 50 ms median)"
            )
            harness.record("meeting", label, median, load=harness.load(), budget=50)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
