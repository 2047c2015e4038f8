"""Writes lessons.json and queries.json of the suggestion evaluation set (issue 6, part 4).

    uv run python bench/suggestions/build_set.py

The texts are hand-written (clusters_*.py, distractors.py); this script only spreads them over
the pilot desa and 2023–2025 and pairs each lesson's own "what happened" with a cause and an
attempt from its cluster's pools. It is deterministic (fixed seed), so the JSON files in git are
reproducible. Relevance is the cluster: a query's relevant lessons are the lessons written for
the same underlying problem, decided when the cluster was written, never by a ranking.
"""

from __future__ import annotations

import csv
import datetime
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clusters_a import CLUSTERS_A  # noqa: E402
from clusters_b import CLUSTERS_B  # noqa: E402
from clusters_c import CLUSTERS_C  # noqa: E402
from clusters_d import CLUSTERS_D  # noqa: E402
from distractors import DISTRACTORS  # noqa: E402

PILOT_CSV = HERE.parent.parent / "rembuk" / "regions" / "data" / "pilot.csv"
CONTACTS = [
    "Kepala Desa {desa}",
    "Sekretaris Desa {desa}",
    "Ketua kelompok tani, Desa {desa}",
    "Pendamping desa Kec. {kecamatan}",
    "Ketua BPD {desa}",
    "Kaur Perencanaan Desa {desa}",
]


def _desa_by_kabupaten() -> dict[str, list[tuple[str, str, str]]]:
    rows = list(csv.DictReader(PILOT_CSV.open(encoding="utf-8")))
    names = {row["code"]: row["name"] for row in rows}
    result: dict[str, list[tuple[str, str, str]]] = {"81.05": [], "53.18": []}
    for row in rows:
        if row["level"] == "desa":
            kabupaten = row["code"][:5]
            if kabupaten in result:
                result[kabupaten].append((row["code"], row["name"], names[row["parent_code"]]))
    return result


def _pick_desa(rng: random.Random, where: str, pools, used_kecamatan: set[str]):
    kabupaten = rng.choice(["81.05", "53.18"]) if where == "both" else where
    candidates = [d for d in pools[kabupaten] if d[0][:8] not in used_kecamatan] or pools[kabupaten]
    desa = rng.choice(candidates)
    used_kecamatan.add(desa[0][:8])
    return desa


def _date(rng: random.Random) -> str:
    start = datetime.date(2023, 1, 1)
    return (start + datetime.timedelta(days=rng.randrange(3 * 365))).isoformat()


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(20260)
    # A separate stream for the queries' desa, so adding a query never moves a lesson.
    query_rng = random.Random(62)
    pools = _desa_by_kabupaten()
    lessons: list[dict] = []
    queries: list[dict] = []
    for cluster in CLUSTERS_A + CLUSTERS_B + CLUSTERS_C + CLUSTERS_D:
        used: set[str] = set()
        ids = []
        why_order = rng.sample(range(len(cluster["why"])), len(cluster["why"]))
        tried_order = rng.sample(range(len(cluster["tried"])), len(cluster["tried"]))
        for i, happened in enumerate(cluster["happened"]):
            code, desa, kecamatan = _pick_desa(rng, cluster["where"], pools, used)
            tried, outcome = cluster["tried"][tried_order[i % len(tried_order)]]
            lesson_id = f"{cluster['key']}-{i + 1}"
            ids.append(lesson_id)
            lessons.append(
                {
                    "id": lesson_id,
                    "desa": code,
                    "happened_on": _date(rng),
                    "what_happened": happened,
                    "why": cluster["why"][why_order[i % len(why_order)]],
                    "what_was_tried": tried,
                    "outcome": outcome,
                    "contact": rng.choice(CONTACTS).format(desa=desa, kecamatan=kecamatan),
                    "themes": cluster["themes"],
                }
            )
        cluster_desa = [lesson["desa"] for lesson in lessons[-len(ids) :]]
        for text in cluster["queries"]:
            # The village typing the challenge: every third query a village that already has a
            # lesson in the cluster (a recurring problem), otherwise another desa of the kabupaten.
            # Only in clusters of 4+, so 3 relevant lessons remain and P@3 can still reach 1.
            if len(queries) % 3 == 0 and len(ids) >= 4:
                query_desa = query_rng.choice(cluster_desa)
            else:  # a village with no lesson of its own on this problem
                query_desa = cluster_desa[0]
                while query_desa in cluster_desa:
                    query_desa = _pick_desa(query_rng, cluster["where"], pools, set())[0]
            queries.append(
                {
                    "id": f"Q{len(queries) + 1:02d}",
                    "text": text,
                    "desa": query_desa,
                    "cluster": cluster["key"],
                    "relevant": ids,
                }
            )
    for n, (theme, where, happened, why, tried, outcome) in enumerate(DISTRACTORS, start=1):
        code, desa, kecamatan = _pick_desa(rng, where, pools, set())
        lessons.append(
            {
                "id": f"lain-{n}",
                "desa": code,
                "happened_on": _date(rng),
                "what_happened": happened,
                "why": why,
                "what_was_tried": tried,
                "outcome": outcome,
                "contact": rng.choice(CONTACTS).format(desa=desa, kecamatan=kecamatan),
                "themes": [theme],
            }
        )
    return lessons, queries


def main() -> None:
    lessons, queries = build()
    for name, data in (("lessons.json", lessons), ("queries.json", queries)):
        (HERE / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{len(lessons)} lessons, {len(queries)} queries")


if __name__ == "__main__":
    main()
