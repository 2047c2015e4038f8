"""The dashboards at pilot and at national size, side by side in one run (DESIGN.md §5: every
dashboard, the national programme one included, ≤ 300 ms on SQLite and PostgreSQL, with a query
count that does not grow with the villages). Prints figures; a benchmark, not a test.

Two kept scratch databases (bench/harness.py), on the engine DATABASE_URL selects:

- pilot: the two pilot kabupaten's regions and a year of records for each of their 373 desa at
  pilot density (bench/builders.py);
- national: the whole country's 91,599 regions (`indonesia.csv.gz`), pilot density for every
  desa of Nusa Tenggara Timur (3,442, Sumba Barat Daya among them) and of Seram Bagian Timur,
  and the thin layer for every other desa of the country (about 80,000). BENCH_QUICK=1 builds
  the quick variant instead: national regions, pilot density in the two pilot kabupaten only.

The first run builds each database (the national one takes several minutes, more on
PostgreSQL); later runs reuse it while the builder version below is unchanged. Each dashboard
is timed through Django's test client as a server answers it: median wall time, median CPU time
(a loaded machine inflates the wall time, hardly the CPU time), the machine's load average, the
queries and the page size.

    uv run python bench/bench_dashboard.py [--runs 9]
    DATABASE_URL=postgres://… uv run python bench/bench_dashboard.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

# Change when the builders change: the kept databases are then built again.
BUILD_VERSION = "dashboards-2"
YEAR = 2024
BUDGET_MS = 300

DASHBOARDS = [
    # (label, user key, region code or None for the user's own dashboard, xlsx table or None)
    ("kecamatan Kodi Balaghar", "kecamatan", None, None),
    ("kabupaten Sumba Barat Daya", "kabupaten_sbd", None, None),
    ("kabupaten Seram Bagian Timur", "kabupaten_sbt", None, None),
    ("provinsi Nusa Tenggara Timur", "programme", "53", None),
    ("programme (NTT + Maluku)", "programme", None, None),
    ("whole country (superuser)", "national", None, None),
    ("XLSX: activities, programme", "programme", None, "kegiatan"),
    ("XLSX: every village's stage, provinsi NTT", "programme", "53", "tahapan-desa"),
]


def _data_set(size: str) -> str:
    if size == "national" and harness.quick():
        return "national_quick"
    return size


def _build(size: str) -> None:
    from builders import build_dense, build_thin

    from rembuk.regions.services import NATIONAL_FILE, PILOT_FILE, regions_import

    started = time.perf_counter()
    regions_import(path=NATIONAL_FILE if size != "pilot" else PILOT_FILE)
    print(f"  regions: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if size == "national":
        dense = build_dense(["53", "81.05"])
        thin = build_thin([""], exclude=["53", "81.05"])
    else:
        dense, thin = build_dense(["53.18", "81.05"]), 0
    print(
        f"  records: {dense} desa at pilot density, {thin} thin, "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
        flush=True,
    )


def _figures_refresh(*, rebuild: bool) -> None:
    """Bring the kept dashboard figures up to date (when this version of Rembuk keeps them)."""
    try:
        from rembuk.programme import rollups
    except ImportError:
        return
    started = time.perf_counter()
    if rebuild:
        rollups.rebuild()
    else:
        rollups.refresh()
    print(f"  figures: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def _users() -> dict[str, Any]:
    from rembuk.core import history
    from rembuk.people.models import Membership, Role, User
    from rembuk.regions.models import Region

    def with_roles(username: str, grants: list[tuple[str, str]], **fields: Any) -> Any:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password="bench", **fields)  # noqa: S106
        for role, code in grants:
            region = Region.objects.get(code=code)
            if not Membership.objects.filter(user=user, role=role, region=region).exists():
                history.create(Membership, actor=None, user=user, role=role, region=region)
        return user

    return {
        "kecamatan": with_roles("bench.kecamatan", [(Role.KECAMATAN, "53.18.11")]),
        "kabupaten_sbd": with_roles("bench.sbd", [(Role.TIM_KABUPATEN, "53.18")]),
        "kabupaten_sbt": with_roles("bench.sbt", [(Role.TIM_KABUPATEN, "81.05")]),
        "programme": with_roles(
            "bench.programme", [(Role.TIM_PROGRAM, "53"), (Role.TIM_PROGRAM, "81")]
        ),
        "national": with_roles("bench.admin", [], is_superuser=True, is_staff=True),
    }


def prepare(size: str) -> dict[str, Any]:
    """Open (or build) the data set of `size` and return the users who read its dashboards."""
    name = _data_set(size)
    built = harness.use_scratch_database(name, BUILD_VERSION)
    harness.start_django()
    from django.core.management import call_command

    from rembuk.core import nodes

    call_command("migrate", verbosity=0)
    nodes.reset_caches()
    if not built:
        print(f"building the {name} data set on {harness.engine()}…", file=sys.stderr)
        _build(name)
        harness.mark_built(BUILD_VERSION)
    _figures_refresh(rebuild=not built)
    return _users()


def dashboard_url(code: str | None, xlsx: str | None = None) -> str:
    from django.urls import reverse

    if xlsx:
        if code:
            return reverse("programme:region_dashboard_xlsx", args=[code, xlsx])
        return reverse("programme:dashboard_xlsx", args=[xlsx])
    if code:
        return reverse("programme:region_dashboard", args=[code])
    return reverse("programme:dashboard")


def worker(size: str, runs: int) -> None:
    users = prepare(size)
    from django.test import Client

    results = {}
    for label, user_key, code, xlsx in DASHBOARDS:
        client = Client()
        client.force_login(users[user_key])
        url = f"{dashboard_url(code, xlsx)}?tahun={YEAR}"
        results[label] = harness.time_page(client, url, runs).__dict__
    print(json.dumps(results))


def _cell(figure: dict[str, Any] | None) -> str:
    if figure is None:
        return "—"
    return (
        f"{figure['median_ms']:6.0f} ms (CPU {figure['cpu_ms']:4.0f}, load "
        f"{figure['load']:3.1f}) {figure['queries']:2d} q {figure['kb']:5.0f} KB"
    )


def main() -> None:
    measured = harness.pilot_and_national(__file__, worker)
    if measured is None:
        return
    runs, sizes, national = measured
    print(f"bench_dashboard on {harness.engine()}, year {YEAR}, median of {runs} runs")
    print(f"{'dashboard':42} {'pilot':46} {national}")
    for label, *_rest in DASHBOARDS:
        pilot, whole = sizes["pilot"].get(label), sizes["national"].get(label)
        print(f"{label:42} {_cell(pilot):46} {_cell(whole)}")
        for size, figure in (("pilot", pilot), (national, whole)):
            if figure:
                harness.record_page("dashboard", f"{label} · {size}", figure, BUDGET_MS)
    print(f"budget: every dashboard ≤ {BUDGET_MS} ms median; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
