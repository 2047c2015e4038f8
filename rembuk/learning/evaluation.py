"""Measured quality of the similar-lesson suggestions (issue 6, part 4).

Owns three rules: (1) the evaluation set (bench/suggestions/*.json) is loaded only inside a
transaction that is always rolled back, so the user's lessons, index and change log are never
changed — the same on SQLite and PostgreSQL, and inside a test's own transaction; (2) inside
that transaction the search index is emptied before the set is indexed, so only the set's
lessons can be suggested and the figures do not depend on what the database already holds;
(3) a query made in a desa is asked with that desa excluded, as in a meeting, and that desa's
own lessons leave its relevant set; precision@k counts the first k places whether or not k
lessons came back (an empty place is a miss), recall@k divides by all the lessons judged
relevant.

The baseline is what a plain keyword search would do: each query word of three letters or more
(a short list of the commonest function words dropped) matched with `icontains` against
what_happened, why and what_was_tried, lessons ranked by how many words matched.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

from rembuk.core import history
from rembuk.learning import search
from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
from rembuk.regions.models import Region
from rembuk.regions.services import PILOT_FILE, regions_import

SET_DIR = Path(settings.BASE_DIR) / "bench" / "suggestions"
PRECISION_K = 3
RECALL_K = 10

# Only words nearly every sentence holds; a plain keyword search would drop them too.
BASELINE_STOP_WORDS = frozenset(
    {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "ada", "juga", "apa"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SetLesson:
    id: str
    desa: str
    happened_on: datetime.date
    what_happened: str
    why: str
    what_was_tried: str
    outcome: str
    contact: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class SetQuery:
    id: str
    text: str
    relevant: frozenset[str]
    desa: str = ""  # when set, suggestions exclude the query's own desa, as in a meeting


@dataclass
class EvaluationSet:
    lessons: list[SetLesson]
    queries: list[SetQuery]

    def subset(self, n_queries: int) -> EvaluationSet:
        """The first n queries, their relevant lessons and every fifth other lesson (so the
        subset still has distractors): a quick run for tests."""
        queries = self.queries[:n_queries]
        wanted = set().union(*(q.relevant for q in queries)) if queries else set()
        lessons = [
            lesson for i, lesson in enumerate(self.lessons) if lesson.id in wanted or i % 5 == 0
        ]
        return EvaluationSet(lessons, queries)


@dataclass
class QueryResult:
    query: SetQuery
    ranked: list[str]  # set ids, best first
    baseline: list[str]

    @property
    def precision(self) -> float:
        return precision_at(self.ranked, self.query.relevant, PRECISION_K)

    @property
    def recall(self) -> float:
        return recall_at(self.ranked, self.query.relevant, RECALL_K)

    @property
    def baseline_precision(self) -> float:
        return precision_at(self.baseline, self.query.relevant, PRECISION_K)

    @property
    def baseline_recall(self) -> float:
        return recall_at(self.baseline, self.query.relevant, RECALL_K)


@dataclass
class Report:
    results: list[QueryResult] = field(default_factory=list)

    def _mean(self, metric: Callable[[QueryResult], float]) -> float:
        return sum(metric(r) for r in self.results) / len(self.results) if self.results else 0.0

    @property
    def precision(self) -> float:
        return self._mean(lambda r: r.precision)

    @property
    def recall(self) -> float:
        return self._mean(lambda r: r.recall)

    @property
    def baseline_precision(self) -> float:
        return self._mean(lambda r: r.baseline_precision)

    @property
    def baseline_recall(self) -> float:
        return self._mean(lambda r: r.baseline_recall)

    def summary_line(self) -> str:
        return (
            f"P@3 {self.precision:.2f} R@10 {self.recall:.2f} "
            f"baseline P@3 {self.baseline_precision:.2f} R@10 {self.baseline_recall:.2f}"
        )


def precision_at(ranked: Sequence[str], relevant: frozenset[str] | set[str], k: int) -> float:
    return sum(1 for item in ranked[:k] if item in relevant) / k


def recall_at(ranked: Sequence[str], relevant: frozenset[str] | set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant)


def load_set(directory: Path = SET_DIR) -> EvaluationSet:
    raw_lessons = json.loads((directory / "lessons.json").read_text(encoding="utf-8"))
    raw_queries = json.loads((directory / "queries.json").read_text(encoding="utf-8"))
    lessons = [
        SetLesson(
            id=item["id"],
            desa=item["desa"],
            happened_on=datetime.date.fromisoformat(item["happened_on"]),
            what_happened=item["what_happened"],
            why=item.get("why", ""),
            what_was_tried=item.get("what_was_tried", ""),
            outcome=item.get("outcome", Lesson.Outcome.UNKNOWN),
            contact=item.get("contact", ""),
            themes=tuple(item.get("themes", ())),
        )
        for item in raw_lessons
    ]
    desa_of = {lesson.id: lesson.desa for lesson in lessons}
    queries = []
    for item in raw_queries:
        relevant = frozenset(item["relevant"])
        if unknown := relevant - set(desa_of):
            raise ValueError(f"query {item['id']} names unknown lessons: {sorted(unknown)}")
        desa = item.get("desa", "")
        # The meeting's own village is never suggested, so its lessons cannot count as hits.
        relevant = frozenset(i for i in relevant if desa_of[i] != desa)
        queries.append(SetQuery(item["id"], item["text"], relevant, desa))
    return EvaluationSet(lessons, queries)


def baseline_words(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) >= 3 and word not in BASELINE_STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


def baseline_rank(text: str, lessons: Any, *, limit: int = RECALL_K) -> list[Any]:
    """Primary keys of `lessons` ranked by how many query words they contain (icontains)."""
    words = baseline_words(text)
    if not words:
        return []
    matches = [
        Case(
            When(
                Q(what_happened__icontains=w)
                | Q(why__icontains=w)
                | Q(what_was_tried__icontains=w),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for w in words
    ]
    total: Any = matches[0]
    for expression in matches[1:]:
        total = total + expression
    rows = (
        lessons.annotate(n_matched=total)
        .filter(n_matched__gt=0)
        # Ties broken by date then text, not by the random UUID, so two runs print the same.
        .order_by("-n_matched", "-happened_on", "what_happened", "pk")
        .values_list("pk", flat=True)
    )
    return list(rows[:limit])


def _ensure_regions(codes: set[str]) -> dict[str, Region]:
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    if len(regions) < len(codes):
        regions_import(path=PILOT_FILE)  # rolled back with everything else
        regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    if missing := codes - set(regions):
        raise ValueError(f"the evaluation set names desa that are not pilot regions: {missing}")
    return regions


def evaluate(evaluation_set: EvaluationSet) -> Report:
    """Load the set, index it, run every query through `suggest` and the baseline, and roll
    everything back."""
    report = Report()
    with transaction.atomic():
        regions = _ensure_regions({lesson.desa for lesson in evaluation_set.lessons})
        # Rolled back below: only the set's lessons are in the index while we measure.
        LessonTerm.objects.all().delete()
        LessonVocabulary.objects.all().delete()
        created = history.bulk_create(
            Lesson,
            [
                Lesson(
                    desa=regions[item.desa],
                    happened_on=item.happened_on,
                    what_happened=item.what_happened,
                    why=item.why,
                    what_was_tried=item.what_was_tried,
                    outcome=item.outcome,
                    contact=item.contact,
                    themes=list(item.themes),
                )
                for item in evaluation_set.lessons
            ],
            actor=None,
        )
        search.index_lessons(created)
        set_id = {
            lesson.pk: item.id for lesson, item in zip(created, evaluation_set.lessons, strict=True)
        }
        set_lessons = Lesson.objects.filter(pk__in=list(set_id))
        for query in evaluation_set.queries:
            hits = search.suggest(
                query.text, user=None, exclude_desa_code=query.desa or None, limit=RECALL_K
            )
            # A lesson outside the set (none, as the index was emptied) would count as a miss.
            ranked = [set_id.get(hit.lesson.pk, "?") for hit in hits]
            baseline_lessons = (
                set_lessons.exclude(desa__code=query.desa) if query.desa else set_lessons
            )
            baseline = [set_id[pk] for pk in baseline_rank(query.text, baseline_lessons)]
            report.results.append(QueryResult(query, ranked, baseline))
        transaction.set_rollback(True)
    return report
