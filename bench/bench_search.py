"""Lesson search and meeting suggestions (budgets: suggestions ≤ 150 ms on the pilot data;
search over 500,000 synthetic lessons ≤ 200 ms on PostgreSQL). Prints figures; not a test.

Builds, in a scratch test database (SQLite in memory; PostgreSQL when DATABASE_URL is set), N
synthetic lessons spread over the pilot villages, each combined from realistic phrase fragments
(a problem, a cause, what was tried), indexed in bulk (LessonTerm bulk insert, then one GROUP BY
for the vocabulary). Then times rembuk.learning.search() and suggest() for a set of
queries as a kecamatan user (so the scope filter is part of the query), and the suggestions
fragment through the test client.

    uv run python bench/bench_search.py [--lessons 20000] [--runs 15]
    DATABASE_URL=postgres://… uv run python bench/bench_search.py --lessons 500000

With --keep-db the database named by DATABASE_URL itself is migrated and filled once (loading
500,000 lessons takes minutes) and kept: later runs with the same --lessons only measure. Never
point it at a database that holds real data.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("TEST_DATABASE_NAME", "test_rembuk_bench_search")

import django
import numpy as np

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

PROBLEMS = [
    "Penyuluh pertanian jarang datang ke {place}",
    "Harga {crop} turun karena tengkulak menentukan harga",
    "Papalele membeli {catch} dengan harga murah",
    "Laporan pertanggungjawaban Dana Desa terlambat",
    "BUMDes kekurangan modal untuk usaha {crop}",
    "Hama {pest} menyerang tanaman {crop}",
    "Sapi dan kambing warga kekurangan pakan saat kemarau",
    "Saluran irigasi ke {place} rusak dan sawah kekurangan air",
    "Banjir merendam kebun {crop} di {place}",
    "Kelompok tani tidak aktif, pengurus jarang rapat",
    "Nelayan tidak bisa melaut karena gelombang tinggi",
    "Rumput laut mati terkena penyakit ice-ice",
    "Pengunjung wisata pantai {place} sedikit",
    "Perempuan jarang ikut musyawarah dusun",
    "Bibit {crop} dari dinas terlambat datang",
    "Pupuk bersubsidi langka menjelang musim tanam",
    "Jalan ke {place} rusak sehingga hasil panen sulit diangkut",
]
CAUSES = [
    "kantor dinas jauh dan tidak ada kendaraan",
    "pembeli hanya satu orang di {place}",
    "bendahara belum paham Siskeudes",
    "tidak ada jaminan untuk pinjaman bank",
    "petani belum tahu cara pengendalian hama terpadu",
    "musim kemarau lebih panjang dari biasanya",
    "anggaran pemeliharaan tidak dimasukkan dalam APBDes",
    "pengurus sibuk dengan kebun masing-masing",
    "cuaca buruk selama dua bulan",
    "informasi jadwal tidak sampai ke warga",
]
TRIED = [
    "Kelompok menjemput penyuluh bergiliran dengan ojek",
    "Petani menjual {crop} bersama lewat BUMDes ke {place}",
    "Pendamping desa melatih bendahara menyusun SPJ",
    "Membuat koperasi simpan pinjam kelompok",
    "Sekolah lapang pengendalian hama bersama PPL",
    "Membuat lumbung pakan dari jerami dan daun gamal",
    "Gotong royong memperbaiki saluran dengan swadaya warga",
    "Mengajukan usulan ke musrenbang kecamatan",
    "Mencari pembeli langsung di kota lewat WhatsApp",
    "Jadwal rapat ditempel di gereja dan masjid",
]
CROPS = ["jagung", "padi", "kopra", "kakao", "cengkeh", "pala", "kopi", "ubi", "kacang", "sayur"]
PESTS = ["wereng", "tikus", "ulat grayak", "walang sangit", "babi hutan", "kutu daun"]
CATCHES = ["ikan tuna", "ikan cakalang", "ikan kering", "rumput laut", "teripang"]
PLACES = ["dusun atas", "pantai utara", "kota kabupaten", "pasar kecamatan", "kebun lama"]
QUERIES = [
    "penyuluhnya tidak pernah datang",
    "harga kopra jatuh tengkulak",
    "papalele beli ikan murah",
    "SPJ DD terlambat",
    "bumdes kurang modal",
    "hama tikus jagung",
    "sapi kurang pakan kemarau",
    "irigasi rusak sawah kering",
    "penyuluhh jarang dtg ke dusun",
    "musyawarah perempuan jarang ikut",
    "pupuk langka",
    "jalan rusak hasil panen",
]


def fill(text: str, rng: random.Random) -> str:
    return text.format(
        place=rng.choice(PLACES),
        crop=rng.choice(CROPS),
        pest=rng.choice(PESTS),
        catch=rng.choice(CATCHES),
    )


_fragment_vectors: dict[str, np.ndarray] = {}


def add_synthetic_vectors(lessons) -> None:  # type: ignore[no-untyped-def]
    """Vectors for synthetic lessons: the sum of their three fragments' vectors, each fragment
    embedded once (embedding 500,000 lessons one by one would take hours; this benchmark
    measures time and size, the quality figures come from evaluate_suggestions)."""
    from rembuk.learning.models import LessonVector
    from rembuk.learning.search import semantic

    if not semantic.available():
        return
    parts = [(lesson.what_happened, lesson.why, lesson.what_was_tried) for lesson in lessons]
    new = sorted({part for triple in parts for part in triple} - set(_fragment_vectors))
    for text, blob in zip(new, semantic.embed_lessons(new), strict=True):
        _fragment_vectors[text] = semantic.as_matrix([blob])[0]
    rows = []
    for lesson, triple in zip(lessons, parts, strict=True):
        vector = sum(_fragment_vectors[part] for part in triple)
        vector = vector / np.linalg.norm(vector)
        rows.append(
            LessonVector(
                lesson_id=lesson.pk,
                model=semantic.MODEL,
                vector=vector.astype(np.float16).tobytes(),
                desa_code=lesson.desa.code,
                kabupaten_code=lesson.desa.code[:5],
                shared=lesson.shared_beyond_kabupaten,
                happened_on=lesson.happened_on,
            )
        )
    LessonVector.objects.bulk_create(rows, batch_size=2000)


def print_sizes(postings: int) -> None:
    """On PostgreSQL: the index's size, per million postings (the budget's ratio)."""
    with connection.cursor() as cursor:
        sizes = {}
        for name in (
            "lessonterm_postings",
            "learning_lessonterm",
            "learning_lessonvector",
            "learning_lessonword",
            "learning_lessonvocabulary",
        ):
            cursor.execute("SELECT pg_total_relation_size(%s)", [name])
            sizes[name] = cursor.fetchone()[0] / 1e6
    per_million = sizes["lessonterm_postings"] / (postings / 1e6)
    print(
        f"sizes (MB): postings index {sizes['lessonterm_postings']:.0f} "
        f"({per_million:.0f} MB per million postings), lessonterm table with its indexes "
        f"{sizes['learning_lessonterm']:.0f}, vectors {sizes['learning_lessonvector']:.0f}, "
        f"words {sizes['learning_lessonword']:.1f}, vocabulary "
        f"{sizes['learning_lessonvocabulary']:.1f}"
    )


def median_ms(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm-up (stems, connection)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000, max(timings) * 1000


def typed(query: str, user, exclude: str):  # type: ignore[no-untyped-def]
    """A suggestion for a challenge as it is typed: its vector is not made yet."""
    from rembuk.learning.search import semantic
    from rembuk.learning.search.suggestions import suggest

    semantic.forget_queries()
    return suggest(query, user=user, exclude_desa_code=exclude)


def typed_vector(query: str):  # type: ignore[no-untyped-def]
    from rembuk.learning.search import semantic

    semantic.forget_queries()
    return semantic.embed_query(query)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--with-history", action="store_true", help="log each lesson as created")
    parser.add_argument(
        "--keep-db", action="store_true", help="fill DATABASE_URL's database once and keep it"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    setup_test_environment()
    if args.keep_db:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        old_name = ""
    else:
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.test import Client
        from django.urls import reverse

        from rembuk.core import history, nodes
        from rembuk.core.testing import user_with_role
        from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
        from rembuk.learning.search import index, semantic, text
        from rembuk.learning.search.ranking import SearchFilters, search
        from rembuk.learning.themes import suggest_themes
        from rembuk.learning.visibility import visible_lessons_q
        from rembuk.people.models import Role
        from rembuk.regions.models import Region
        from rembuk.regions.services import regions_import

        nodes.reset_caches()
        if not Region.objects.filter(level=Region.Level.DESA).exists():
            regions_import()
        # The fragments repeat, so their terms are worked out once (the real index has no such
        # luck, but it indexes one lesson at a time).
        text.terms = functools.lru_cache(maxsize=100_000)(text.terms)  # type: ignore[assignment]
        cached_themes = functools.lru_cache(maxsize=100_000)(suggest_themes)
        desas = list(Region.objects.filter(level=Region.Level.DESA).select_related("parent"))
        start = time.perf_counter()
        chunk = 5000
        made = 0
        if args.keep_db:
            made = Lesson.all_objects.count()
            if made not in (0, args.lessons):
                sys.exit(f"the kept database holds {made} lessons, not {args.lessons}")
        loaded = made == 0
        while made < args.lessons:
            count = min(chunk, args.lessons - made)
            lessons = []
            for _ in range(count):
                what = fill(rng.choice(PROBLEMS), rng)
                why = fill(rng.choice(CAUSES), rng)
                tried = fill(rng.choice(TRIED), rng)
                lessons.append(
                    Lesson(
                        desa=rng.choice(desas),
                        happened_on=datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), 1),
                        what_happened=what,
                        why=why,
                        what_was_tried=tried,
                        outcome=rng.choice(Lesson.Outcome.values),
                        suggested_themes=cached_themes(f"{what} {why} {tried}"),
                        shared_beyond_kabupaten=rng.random() < 0.2,
                    )
                )
            if args.with_history:
                history.bulk_create(Lesson, lessons, actor=None, batch_size=2000)
            else:
                # Synthetic rows need no change log; writing it would triple the load time.
                with history._sanctioned():
                    Lesson.all_objects.bulk_create(lessons, batch_size=2000)
            index.index_lessons(lessons, replace=False, refresh_vocabulary=False, embed=False)
            add_synthetic_vectors(lessons)
            made += count
        vocabulary = index.rebuild_vocabulary() if loaded else LessonVocabulary.objects.count()
        if connection.vendor == "postgresql" and loaded:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # the visibility map makes index-only scans
        load_s = time.perf_counter() - start
        postings = LessonTerm.objects.count()
        print(
            f"bench_search on {connection.vendor}: {made} lessons, "
            f"{postings} index rows, {vocabulary} terms, loaded in {load_s:.0f} s"
        )
        if connection.vendor == "postgresql":
            print_sizes(postings)

        settings.DEBUG = False
        user = user_with_role(Role.KECAMATAN, "53.18.11")
        visible_lessons_q(user)  # memberships, once per request in a real view
        exclude = "53.18.11.2006"

        search_times, suggest_times = [], []
        for query in QUERIES:
            search_times.append(
                median_ms(lambda q=query: search(q, user=user, limit=20), args.runs)[0]
            )
            suggest_times.append(median_ms(lambda q=query: typed(q, user, exclude), args.runs)[0])
        filtered = SearchFilters(year=2024, outcome=Lesson.Outcome.WORKED, kabupaten="53.18")
        filtered_times = [
            median_ms(lambda q=query: search(q, user=user, filters=filtered, limit=20), args.runs)[
                0
            ]
            for query in QUERIES
        ]
        print(
            f"search with year + outcome + kabupaten filters: median "
            f"{statistics.median(filtered_times):.1f} ms, slowest {max(filtered_times):.1f} ms"
        )
        print(
            f"search: median {statistics.median(search_times):.1f} ms, "
            f"slowest query {max(search_times):.1f} ms (budget ≤ 200 ms at 500,000 on PostgreSQL)"
        )
        print(
            f"suggest: median {statistics.median(suggest_times):.1f} ms, "
            f"slowest query {max(suggest_times):.1f} ms (budget ≤ 150 ms)"
        )
        client = Client()
        client.force_login(user)
        url = reverse("learning:suggestions")
        page = [
            median_ms(
                lambda q=query: (
                    semantic.forget_queries(),
                    client.get(url, {"text": q, "desa": exclude}),
                ),
                args.runs,
            )[0]
            for query in QUERIES[:4]
        ]
        print(f"suggestions fragment (test client): median {statistics.median(page):.1f} ms")
        embedding = [median_ms(lambda q=query: typed_vector(q), args.runs)[0] for query in QUERIES]
        print(
            f"of which the challenge's vector: median {statistics.median(embedding):.1f} ms "
            f"(semantic model {'on' if semantic.available() else 'not installed'})"
        )
    finally:
        if not args.keep_db:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
