"""The pages that list what a person's scope holds — plans, support requests, meetings, regions,
villages to monitor, people — at pilot and at national size, side by side in one run. A
national team's scope holds 83,762 plans, 7,277 kecamatan and thousands of requests: each list
shows a page of them (docs/decisions/0034), so its time and weight should not follow the
country. Prints figures; a benchmark, not a test (DESIGN.md §5: ≤ 300 ms as for the dashboards,
a later page ≤ 15 KB compressed).

It reads the dashboards' kept data sets (bench_dashboard.py builds them on first use), signed
in as their users: a kecamatan, a kabupaten team, the programme team of NTT and Maluku, and a
superuser who sees the whole country.

    uv run python bench/bench_lists.py [--runs 9]
    DATABASE_URL=postgres://… uv run python bench/bench_lists.py
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_dashboard
import harness

BUDGET_MS = 300
LATER_PAGE_KB = 15  # compressed, assets cached (DESIGN.md §5)

LISTS = [
    # (label, user key, URL name); each user's own list, as the menu opens it
    ("plans · kecamatan", "kecamatan", "plans:plan_list"),
    ("plans · programme (NTT + Maluku)", "programme", "plans:plan_list"),
    ("plans · whole country", "national", "plans:plan_list"),
    ("support requests · kabupaten", "kabupaten_sbd", "support:request_list"),
    ("support requests · programme", "programme", "support:request_list"),
    ("support requests · whole country", "national", "support:request_list"),
    ("meetings · kabupaten", "kabupaten_sbd", "meetings:meeting_list"),
    ("meetings · programme", "programme", "meetings:meeting_list"),
    ("meetings · whole country", "national", "meetings:meeting_list"),
    ("regions · kecamatan", "kecamatan", "regions:region_list"),
    ("regions · whole country", "national", "regions:region_list"),
    ("village monitoring · kabupaten", "kabupaten_sbd", "monitoring:review_index"),
    ("village monitoring · whole country", "national", "monitoring:review_index"),
    ("people · programme", "programme", "people:user_list"),
    ("people · whole country", "national", "people:user_list"),
]


def worker(size: str, runs: int) -> None:
    from django.test import Client
    from django.urls import reverse

    users = bench_dashboard.prepare(size)
    results = {}
    for label, user_key, name in LISTS:
        client = Client()
        client.force_login(users[user_key])
        url = reverse(name)
        timing = harness.time_page(client, url, runs).__dict__
        timing["gzip_kb"] = len(gzip.compress(client.get(url).content, 6)) / 1024
        results[label] = timing
    print(json.dumps(results))


def _cell(figure: dict[str, Any] | None) -> str:
    if figure is None:
        return "—"
    return (
        f"{figure['median_ms']:6.1f} ms (CPU {figure['cpu_ms']:5.1f}, load {figure['load']:3.1f})"
        f" {figure['queries']:2d} q {figure['gzip_kb']:5.1f} KB gz"
    )


def main() -> None:
    measured = harness.pilot_and_national(__file__, worker)
    if measured is None:
        return
    runs, sizes, national = measured
    print(f"bench_lists on {harness.engine()}, median of {runs} runs")
    print(f"{'list':36} {'pilot':54} {national}")
    for label, *_rest in LISTS:
        pilot, whole = sizes["pilot"].get(label), sizes["national"].get(label)
        print(f"{label:36} {_cell(pilot):54} {_cell(whole)}")
        for size, figure in (("pilot", pilot), (national, whole)):
            if figure:
                harness.record_page("lists", f"{label} · {size}", figure, BUDGET_MS)
                harness.record(
                    "lists",
                    f"{label} · {size}, compressed",
                    figure["gzip_kb"],
                    unit="KB",
                    load=figure["load"],
                    budget=LATER_PAGE_KB,
                )
    print(
        f"budget: each list ≤ {BUDGET_MS} ms median and ≤ {LATER_PAGE_KB} KB compressed; "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
