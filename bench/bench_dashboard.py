"""The dashboards over the whole pilot (issue 4 budget: the kabupaten dashboard over the 373 desa
of the pilot with a year of data, ≤ 300 ms server time, a query count that does not grow with
the villages). Prints figures; a benchmark, not a test.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set), a
year of records for every desa of both pilot kabupaten, written with rembuk.core.history's
bulk_create: an adopted plan (2 goals × 4 activities), two village reviews held with the status
of every activity, three coordination meetings per kecamatan (two held, one planned) with a sheet
for every desa, a support request per desa routed to an agency at some stage, and a lesson with
themes. Then times the kabupaten dashboards, the programme dashboard (both kabupaten) and a
kecamatan dashboard through Django's test client.

    uv run python bench/bench_dashboard.py [--runs 15]
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_dashboard")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

YEAR = 2024
ACTIVITY_STATUSES = ["selesai", "berjalan", "belum_mulai", "terlambat", "terhambat", "batal"]
REQUEST_STATUSES = ["diajukan", "diterima", "dijadwalkan", "berjalan", "selesai", "ditolak"]
THEMES = ["pemasaran", "hama", "air", "bumdes", "penyuluhan", "iklim", "perikanan"]


def build_year() -> int:
    """A year of records for every pilot desa. Returns the number of desa."""
    from rembuk.core.history import bulk_create
    from rembuk.learning.models import Lesson
    from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
    from rembuk.monitoring.models import ActivityProgress, VillageReview
    from rembuk.people.models import Agency
    from rembuk.plans.models import Activity, Goal, LivelihoodPlan
    from rembuk.regions.models import Region
    from rembuk.support.models import SupportRequest, SupportRequestEvent

    desas = list(Region.objects.filter(level="desa").select_related("parent").order_by("code"))
    kabupaten = {code: Region.objects.get(code=code) for code in ("53.18", "81.05")}
    agencies = {
        code: bulk_create(
            Agency,
            [
                Agency(kabupaten=region, name=name, short_name=name)
                for name in ("DPMD", "Distan", "Diskan", "Bappeda")
            ],
            actor=None,
        )
        for code, region in kabupaten.items()
    }
    plans, goals, activities = [], [], []
    for n, desa in enumerate(desas):
        plan = LivelihoodPlan(
            desa=desa,
            period_start=YEAR,
            period_end=YEAR + 1,
            status="ditetapkan",
            adopted_on=datetime.date(YEAR, 1, 1 + n % 28),
        )
        plans.append(plan)
        for g in range(2):
            goal = Goal(plan=plan, position=g, statement=f"Tujuan {g + 1} desa {desa.name}")
            goals.append(goal)
            for a in range(4):
                activities.append(Activity(goal=goal, position=a, name=f"Kegiatan {g + 1}.{a + 1}"))
    bulk_create(LivelihoodPlan, plans, actor=None)
    bulk_create(Goal, goals, actor=None)
    bulk_create(Activity, activities, actor=None)
    by_desa: dict[object, list[Activity]] = {}
    for activity in activities:
        by_desa.setdefault(activity.goal.plan.desa_id, []).append(activity)

    reviews, progress = [], []
    statuses = itertools.cycle(ACTIVITY_STATUSES)
    for desa, plan in zip(desas, plans, strict=True):
        for month in (3, 9):
            review = VillageReview(
                desa=desa, plan=plan, date=datetime.date(YEAR, month, 10), status="terlaksana"
            )
            reviews.append(review)
            for activity in by_desa[desa.pk]:
                progress.append(
                    ActivityProgress(review=review, activity=activity, status=next(statuses))
                )
    bulk_create(VillageReview, reviews, actor=None)
    bulk_create(ActivityProgress, progress, actor=None)

    kecamatan: dict[object, list[Region]] = {}
    for desa in desas:
        kecamatan.setdefault(desa.parent, []).append(desa)
    meetings, sheets = [], []
    first_sheet = {}
    for place, villages in kecamatan.items():
        for month, status in ((3, "selesai"), (7, "selesai"), (11, "direncanakan")):
            meeting = CoordinationMeeting(
                kecamatan=place, date=datetime.date(YEAR, month, 28), status=status
            )
            meetings.append(meeting)
            for position, desa in enumerate(villages):
                sheet = MeetingSheet(meeting=meeting, desa=desa, position=position)
                sheets.append(sheet)
                if month == 3:
                    first_sheet[desa.pk] = (sheet, meeting)
    bulk_create(CoordinationMeeting, meetings, actor=None)
    bulk_create(MeetingSheet, sheets, actor=None)

    followups, requests, events, lessons = [], [], [], []
    request_statuses = itertools.cycle(REQUEST_STATUSES)
    themes = itertools.cycle(THEMES)
    for n, desa in enumerate(desas):
        sheet, meeting = first_sheet[desa.pk]
        followup = FollowUp(
            sheet=sheet, text="Pendampingan penyuluh", kind="dukungan_opd", owner="opd"
        )
        followups.append(followup)
        status = next(request_statuses)
        agency = agencies[desa.kabupaten_code()][n % 4]
        request = SupportRequest(
            followup=followup,
            desa=desa,
            agency=agency if status != "diajukan" else None,
            text=followup.text,
            status=status,
            due_date=datetime.date(YEAR, 6, 30),
            closed_on=datetime.date(YEAR, 8, 1) if status in ("selesai", "ditolak") else None,
        )
        requests.append(request)
        events.append(
            SupportRequestEvent(
                request=request, kind="diajukan", date=meeting.date, to_status="diajukan"
            )
        )
        lessons.append(
            Lesson(
                desa=desa,
                happened_on=meeting.date,
                what_happened="Harga jagung jatuh saat panen",
                themes=[next(themes), next(themes)],
            )
        )
    bulk_create(FollowUp, followups, actor=None)
    bulk_create(SupportRequest, requests, actor=None)
    bulk_create(SupportRequestEvent, events, actor=None)
    bulk_create(Lesson, lessons, actor=None)
    return len(desas)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    runs = max(3, args.runs)

    setup_test_environment()
    # The test environment wraps every template render to record it; a server does not.
    from django.template import Template
    from django.test.utils import _TestState

    Template._render = _TestState.saved_data.template_render  # type: ignore[method-assign]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client
        from django.urls import reverse

        from rembuk.core import nodes
        from rembuk.core.testing import MembershipFactory, region, user_with_role
        from rembuk.people.models import Role
        from rembuk.programme import selectors
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        regions_import()
        start = time.perf_counter()
        desa_count = build_year()
        print(
            f"built a year of records for {desa_count} desa in {time.perf_counter() - start:.1f} s"
        )

        programme = user_with_role(Role.TIM_PROGRAM, "53")
        MembershipFactory(user=programme, role=Role.TIM_PROGRAM, region=region("81"))
        views = {
            "kabupaten dashboard, Sumba Barat Daya": (
                user_with_role(Role.TIM_KABUPATEN, "53.18"),
                reverse("programme:dashboard"),
            ),
            "kabupaten dashboard, Seram Bagian Timur": (
                user_with_role(Role.TIM_KABUPATEN, "81.05"),
                reverse("programme:dashboard"),
            ),
            "programme dashboard, both kabupaten": (programme, reverse("programme:dashboard")),
            "kecamatan dashboard, Kodi Balaghar": (
                user_with_role(Role.KECAMATAN, "53.18.11"),
                reverse("programme:dashboard"),
            ),
            "one table as XLSX (programme, activities)": (
                programme,
                reverse("programme:dashboard_xlsx", args=["kegiatan"]),
            ),
        }
        settings.DEBUG = False
        print(f"bench_dashboard on {connection.vendor}: {runs} runs, year {YEAR}")
        for label, (user, url) in views.items():
            client = Client()
            client.force_login(user)
            url = f"{url}?tahun={YEAR}"
            client.get(url)  # warm-up
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            query_count = len(queries)  # read now: later requests clear the query log
            desas = selectors.desas_in(selectors.dashboard_scope(user)).count()
            timings, cpu = [], []
            for _ in range(runs):
                began, began_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            print(
                f"{label}: {desas} desa, median {statistics.median(timings) * 1000:.1f} ms "
                f"(CPU {statistics.median(cpu) * 1000:.1f} ms), "
                f"max {max(timings) * 1000:.1f} ms, {query_count} queries, "
                f"{len(response.content) // 1024} KB (budget ≤ 300 ms median)"
            )
        # On a shared machine wall time includes waiting for a core; CPU time does not.
        print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
