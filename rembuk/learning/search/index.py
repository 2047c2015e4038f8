"""Writes of the lesson search index: LessonTerm rows (impact-ordered postings, ADR 0009) and
the LessonVocabulary counts, rebuilt from a lesson in the transaction of every write.

Each row carries a BM25 term-frequency weight normalised by the lesson's length (a fixed average
length, so old weights stay valid as lessons arrive) and a copy of the lesson's scope and filter
values, so a query never joins the lesson table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Greatest

from rembuk.learning.models import (
    Lesson,
    LessonTerm,
    LessonVector,
    LessonVocabulary,
    LessonWord,
)
from rembuk.learning.search import semantic
from rembuk.learning.search.spelling import skeleton
from rembuk.learning.search.text import MAX_TERM_LENGTH, terms, words
from rembuk.regions.codes import kabupaten_of
from rembuk.regions.models import Region

ALL_LESSONS = "~"  # a marker term every lesson holds (normalisation never produces "~")
K1 = 1.2


@dataclass(frozen=True)
class Field:
    weight: float  # how much a word here counts
    average_length: float  # in terms; fixed, so old weights stay valid as lessons arrive
    length_norm: float  # BM25's b: how much a long text is discounted


# BM25F: the challenge and its cause say what a lesson is about; what was tried says what
# another village could do, and weighs less (docs/decisions/0009).
FIELDS: dict[str, Field] = {
    "what_happened": Field(weight=1.0, average_length=12.0, length_norm=0.75),
    "why": Field(weight=0.7, average_length=10.0, length_norm=0.75),
    "what_was_tried": Field(weight=0.5, average_length=18.0, length_norm=0.75),
}


def lesson_weights(texts: dict[str, str]) -> dict[str, float]:
    """BM25F term weights of a lesson: per term, the field frequencies, each normalised by its
    field's length and weighted, summed, then saturated once (k1)."""
    frequencies: dict[str, float] = defaultdict(float)
    for name, spec in FIELDS.items():
        field_terms = terms(texts.get(name) or "")
        if not field_terms:
            continue
        norm = 1 - spec.length_norm + spec.length_norm * len(field_terms) / spec.average_length
        for term in field_terms:
            frequencies[term] += spec.weight / norm
    weights = {term: tf * (K1 + 1) / (tf + K1) for term, tf in frequencies.items()}
    weights[ALL_LESSONS] = 0.0  # its vocabulary count is N, the number of lessons, for the IDF
    return weights


def _lesson_weights(lesson: Lesson) -> dict[str, float]:
    return lesson_weights({name: getattr(lesson, name) for name in FIELDS})


def _posting_values(lesson: Lesson, desa_code: str) -> dict[str, Any]:
    """What every index row of a lesson carries besides its term: the scope and the values the
    filters need, so a query never joins the lesson table (ADR 0009)."""
    return {
        "desa_code": desa_code,
        "kabupaten_code": kabupaten_of(desa_code),
        "shared": lesson.shared_beyond_kabupaten,
        "year": lesson.happened_on.year,
        "outcome": lesson.outcome,
        # Only confirmed themes filter; suggested ones are shown, never filtered on.
        "themes": "".join(f",{theme}" for theme in lesson.themes) + "," if lesson.themes else "",
    }


def _apply_vocabulary_deltas(deltas: dict[str, int]) -> None:
    """Add to or take from the lesson counts of the terms a write changed. Counting the rows
    again would cost a scan of every posting of those terms (600 ms a write at 500,000 lessons,
    for the `~` marker alone); increments are atomic, so concurrent writers do not lose counts."""
    table = connection.ops.quote_name(LessonVocabulary._meta.db_table)
    added = sorted((term, n) for term, n in deltas.items() if n > 0)  # sorted: no deadlocks
    with connection.cursor() as cursor:
        for start in range(0, len(added), 500):
            chunk = added[start : start + 500]
            placeholders = ", ".join(["(%s, %s)"] * len(chunk))
            # The same upsert syntax on SQLite (≥ 3.24) and PostgreSQL.
            sql = (
                f"INSERT INTO {table} (term, lesson_count) VALUES {placeholders} "  # noqa: S608
                f"ON CONFLICT (term) DO UPDATE SET lesson_count = "
                f"{table}.lesson_count + excluded.lesson_count"
            )
            cursor.execute(sql, [value for pair in chunk for value in pair])
    removed: dict[int, list[str]] = defaultdict(list)
    for term, n in sorted(deltas.items()):
        if n < 0:
            removed[-n].append(term)
    for amount, terms_down in removed.items():
        LessonVocabulary.objects.filter(term__in=terms_down).update(
            lesson_count=Greatest(F("lesson_count") - amount, 0)
        )
    gone = [term for group in removed.values() for term in group]
    if gone:
        LessonVocabulary.objects.filter(term__in=gone, lesson_count=0).delete()


def index_lessons(
    lessons: Iterable[Lesson],
    *,
    batch_size: int = 5000,
    replace: bool = True,
    refresh_vocabulary: bool = True,
    embed: bool = True,
) -> int:
    """(Re)build the index rows of many lessons in bulk; returns the number of rows written.

    Bulk loads of new lessons pass replace=False (nothing to delete) and refresh_vocabulary=False,
    then call rebuild_vocabulary() once at the end; embed=False leaves their vectors to
    embed_missing()."""
    lessons = list(lessons)
    deltas: Counter[str] = Counter()
    with transaction.atomic():
        ids = [lesson.pk for lesson in lessons]
        for start in range(0, len(ids) if replace else 0, 500):
            old = LessonTerm.objects.filter(lesson_id__in=ids[start : start + 500])
            deltas.subtract(old.values_list("term", flat=True))  # one row: one lesson less
            old.delete()
            LessonVector.objects.filter(lesson_id__in=ids[start : start + 500]).delete()
        desa_codes = dict(
            Region.objects.filter(pk__in={lesson.desa_id for lesson in lessons}).values_list(
                "pk", "code"
            )
        )
        rows = []
        seen_words: set[str] = set()
        for lesson in lessons:
            if lesson.is_deleted:
                continue
            values = _posting_values(lesson, desa_codes[lesson.desa_id])
            for term, weight in _lesson_weights(lesson).items():
                rows.append(LessonTerm(lesson_id=lesson.pk, term=term, weight=weight, **values))
                deltas[term] += 1
            for name in FIELDS:
                seen_words.update(words(getattr(lesson, name) or ""))
        LessonTerm.objects.bulk_create(rows, batch_size=batch_size)
        _add_words(seen_words, batch_size=batch_size)
        if embed:
            live = [lesson for lesson in lessons if not lesson.is_deleted]
            _add_vectors(live, {lesson.pk: desa_codes[lesson.desa_id] for lesson in live})
        if refresh_vocabulary:
            _apply_vocabulary_deltas({term: n for term, n in deltas.items() if n})
    return len(rows)


def _add_words(seen: set[str], *, batch_size: int) -> None:
    """The lessons' words for typo tolerance (LessonWord): new ones are added, none removed."""
    LessonWord.objects.bulk_create(
        [
            LessonWord(word=word, skeleton=skeleton(word))
            for word in sorted(seen)  # sorted: concurrent writers take the same order
            if len(word) <= MAX_TERM_LENGTH
        ],
        batch_size=batch_size,
        ignore_conflicts=True,
    )


def _add_vectors(
    lessons: list[Lesson], desa_codes: dict[Any, str], *, keep_newer: bool = False
) -> None:
    """keep_newer: a vector made meanwhile by a write of the lesson (which commits its own, from
    the newest text) stays, and this one is dropped, instead of the batch failing on the key."""
    texts = [
        semantic.lesson_text(lesson.what_happened, lesson.why, lesson.what_was_tried)
        for lesson in lessons
    ]
    vectors = semantic.embed_lessons(texts)
    LessonVector.objects.bulk_create(
        [
            LessonVector(
                lesson_id=lesson.pk,
                model=semantic.MODEL,
                vector=vector,
                desa_code=desa_codes[lesson.pk],
                kabupaten_code=kabupaten_of(desa_codes[lesson.pk]),
                shared=lesson.shared_beyond_kabupaten,
                happened_on=lesson.happened_on,
            )
            for lesson, vector in zip(lessons, vectors, strict=False)
        ],
        batch_size=500,
        ignore_conflicts=keep_newer,
    )


def embed_missing(*, batch_size: int = 64) -> int:
    """Vectors for the lessons that have none, or one made by another model (after an upgrade);
    returns how many were made. Nothing when the model is not installed. Batch by batch, each
    in its own transaction, the old vector replaced with the new: suggestions use what is made
    so far (they never read another model's vectors), and a lesson written meanwhile, which
    gets its vector with the write, is left as it is."""
    if not semantic.available():
        return 0
    missing = list(_without_a_current_vector().order_by("pk").values_list("pk", flat=True))
    made = 0
    for start in range(0, len(missing), batch_size):
        with transaction.atomic():
            batch = list(
                _without_a_current_vector()
                .filter(pk__in=missing[start : start + batch_size])
                .select_related("desa")
                .order_by("pk")
                .only(
                    "pk",
                    "desa__code",
                    "what_happened",
                    "why",
                    "what_was_tried",
                    "shared_beyond_kabupaten",
                    "happened_on",
                )
            )
            LessonVector.objects.filter(lesson__in=[lesson.pk for lesson in batch]).delete()
            codes = {lesson.pk: lesson.desa.code for lesson in batch}
            _add_vectors(batch, codes, keep_newer=True)
            made += len(batch)
    return made


def _without_a_current_vector() -> QuerySet[Lesson]:
    """Live lessons with no vector, or one made by another model."""
    return Lesson.objects.exclude(vector__model=semantic.MODEL)


def vectors_to_make() -> bool:
    """Whether a lesson has no vector, or one made by another model, while the model is here.
    The query first: on most starts it finds nothing and the model is never loaded."""
    return _without_a_current_vector().exists() and semantic.available()


def rebuild_vocabulary() -> int:
    """The whole vocabulary from the index in one GROUP BY (after a bulk load)."""
    with transaction.atomic():
        LessonVocabulary.objects.all().delete()
        counts = LessonTerm.objects.values("term").annotate(n=Count("id")).values_list("term", "n")
        rows = [LessonVocabulary(term=term, lesson_count=n) for term, n in counts.iterator()]
        LessonVocabulary.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def rebuild_index(lesson: Lesson) -> None:
    """Re-index one lesson; services call this inside their transaction on every write."""
    index_lessons([lesson])
