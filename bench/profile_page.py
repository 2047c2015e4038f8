"""Where one page's server time goes: SQL, templates, the rest (views, ORM, Python), and the
functions that cost most. A tool for finding what to change, not a benchmark: it prints no
budget, and cProfile slows Python down (the shares, not the milliseconds, are what to read).

The page is read from a kept scratch database of bench_floor.py (`pages`) or bench_dashboard.py
(`pilot`), signed in as the benchmark's user for it:

    uv run python bench/profile_page.py meeting
    uv run python bench/profile_page.py lessons --top 40
    uv run python bench/profile_page.py dashboard-sbd
    DATABASE_URL=postgres://… uv run python bench/profile_page.py plan

Run bench_floor.py (or bench_dashboard.py) once first: it builds the data sets.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

# "frame": the lesson search page with nothing typed: what any page costs with no rows to show
# (session, user, menu, base.html, a form), the part of a ratio no page's own work removes.
PAGES = ("meeting", "plan", "lessons", "frame")
DASHBOARDS = {"dashboard-sbd": ("kabupaten_sbd", None), "dashboard-programme": ("programme", None)}


def _target(name: str) -> tuple[Any, str]:
    """(user, url) of the page `name`, after opening its data set."""
    from django.urls import reverse

    if name in DASHBOARDS:
        import bench_dashboard

        users = bench_dashboard.prepare("pilot")
        user_key, code = DASHBOARDS[name]
        url = f"{bench_dashboard.dashboard_url(code)}?tahun={bench_dashboard.YEAR}"
        return users[user_key], url
    import bench_floor

    if not harness.use_scratch_database("pages", bench_floor.BUILD_VERSION):
        raise SystemExit("build the pages data set first: uv run python bench/bench_floor.py")
    harness.start_django()
    from rembuk.meetings.models import CoordinationMeeting
    from rembuk.people.models import User
    from rembuk.plans.models import LivelihoodPlan

    if name == "meeting":
        meeting = CoordinationMeeting.objects.get(kecamatan__code=bench_floor.MEETING_KECAMATAN)
        url = reverse("meetings:meeting_detail", args=[meeting.pk])
        return User.objects.get(username="bench.camat"), url
    kodi = User.objects.get(username="bench.kodi")
    if name == "plan":
        plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2006")
        return kodi, reverse("plans:plan_detail", args=[plan.pk])
    if name == "frame":
        return kodi, reverse("learning:lesson_search")
    return kodi, reverse("learning:lesson_search") + "?q=penyuluh+jarang+datang"


def _shares(client: Any, url: str, runs: int) -> dict[str, float]:
    """Median ms per request of SQL (execute and fetch inside the driver), of templates (the
    outermost Template.render, less the SQL sent from inside it) and of the rest."""
    from django.db import connection
    from django.template import base

    clock = {"sql": 0.0, "template": 0.0, "sql_in_template": 0.0}
    depth = [0]
    original = base.Template.render

    def timed_render(self: Any, context: Any) -> Any:
        if depth[0]:
            return original(self, context)
        depth[0] += 1
        sql_before = clock["sql"]
        began = time.perf_counter()
        try:
            return original(self, context)
        finally:
            depth[0] -= 1
            clock["template"] += time.perf_counter() - began
            clock["sql_in_template"] += clock["sql"] - sql_before

    def timed_sql(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            clock["sql"] += time.perf_counter() - began

    totals: dict[str, list[float]] = {"total": [], "sql": [], "template": [], "other": []}
    base.Template.render = timed_render  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(timed_sql):
            for _ in range(runs):
                for key in clock:
                    clock[key] = 0.0
                began = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - began
                template = clock["template"] - clock["sql_in_template"]
                totals["total"].append(total)
                totals["sql"].append(clock["sql"])
                totals["template"].append(template)
                totals["other"].append(total - clock["sql"] - template)
    finally:
        base.Template.render = original  # type: ignore[method-assign]
    return {key: statistics.median(values) * 1000 for key, values in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=[*PAGES, *DASHBOARDS])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--callers", help="also print who calls the functions matching this")
    parser.add_argument(
        "--html",
        type=Path,
        help="write the page to this file, CSRF tokens masked: diff it against the page before "
        "a change (what a person receives must not change)",
    )
    args = parser.parse_args()
    user, url = _target(args.page)
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} did not answer 200")
    if args.html:
        page = response.content.decode()
        csrf_values = r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+'
        args.html.write_text(re.sub(csrf_values, r"\1…", page))
    shares = _shares(client, url, args.runs)
    total = shares["total"]
    print(f"{args.page} on {harness.engine()} ({url}), median of {args.runs}")
    print(f"  load average {harness.load():.1f}")
    for key in ("total", "sql", "template", "other"):
        print(f"  {key:9} {shares[key]:7.1f} ms  {100 * shares[key] / total:5.1f} %")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.runs):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    # Python calls per request: a measure of the work that, unlike time, the load leaves alone.
    calls = stats.total_calls // args.runs  # type: ignore[attr-defined]
    print(f"  {calls:,} Python function calls per request")
    stats.sort_stats(args.sort).print_stats(args.top)
    if args.callers:
        stats.print_callers(args.callers)
    print(out.getvalue())


if __name__ == "__main__":
    main()
