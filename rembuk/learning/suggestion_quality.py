"""Measured quality of the similar-lesson suggestions, on the sets in bench/suggestions/.

Owns four rules:
(1) A set is two JSONL files read by `load_set`: lessons.jsonl (id, desa, happened_on,
    what_happened, why, what_was_tried, outcome, contact, themes) and queries.jsonl (id, text,
    desa, kinds, relevant). A query is asked in its desa: that desa is excluded from the
    suggestions, as in a meeting, and its lessons leave the query's relevant set.
(2) The set is loaded only inside a transaction that is always rolled back, with the search
    index emptied first, so the figures depend on the set alone and the database's own
    lessons, index and change log are never changed (SQLite and PostgreSQL alike).
(3) precision@k counts the first k places whether or not k lessons came back (an empty place is
    a miss); recall@k divides by every lesson judged relevant.
(4) Every figure stands next to two references computed in the same run on the same lessons:
    the keyword baseline (each query word of 3+ letters matched with `icontains`, ranked by how
    many matched) and plain BM25 on words (lowercase words, no stemming, no stop-words, no
    synonyms: k1 1.2, b 0.75 over the three text fields).

A set stored in a folder named "blind" was written by someone who never saw the ranker; its
per-query results are never printed, only its aggregate figures (docs/decisions/0009).
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

from rembuk.core import history
from rembuk.learning.models import (
    Lesson,
    LessonTerm,
    LessonVector,
    LessonVocabulary,
    LessonWord,
)
from rembuk.learning.search.index import index_lessons
from rembuk.learning.search.suggestions import suggest
from rembuk.learning.search.text import stop_words
from rembuk.regions.models import Region
from rembuk.regions.services import PILOT_FILE, regions_import

SETS_DIR = Path(settings.BASE_DIR) / "bench" / "suggestions"
BLIND = "blind"
PRECISION_K = 3
RECALL_K = 10
KINDS = ("short", "typo", "paraphrase", "cross_theme", "long")
LESSON_KEYS = frozenset(
    {"id", "desa", "happened_on", "what_happened", "why", "what_was_tried", "outcome"}
    | {"contact", "themes"}
)
QUERY_KEYS = frozenset({"id", "text", "desa", "kinds", "relevant"})

# Only words nearly every sentence holds; a plain keyword search would drop them too.
BASELINE_STOP_WORDS = frozenset(
    {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "ada", "juga", "apa"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
BM25_K1 = 1.2
BM25_B = 0.75


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

    @property
    def text(self) -> str:
        return f"{self.what_happened} {self.why} {self.what_was_tried}"


@dataclass(frozen=True)
class SetQuery:
    id: str
    text: str
    relevant: frozenset[str]
    desa: str = ""  # when set, suggestions exclude the query's own desa, as in a meeting
    kinds: tuple[str, ...] = ()


@dataclass
class SuggestionSet:
    lessons: list[SetLesson]
    queries: list[SetQuery]
    name: str = ""
    blind: bool = False

    def subset(self, n_queries: int) -> SuggestionSet:
        """The first n queries, their relevant lessons and every fifth other lesson (so the
        subset still has distractors): a quick run for tests."""
        queries = self.queries[:n_queries]
        wanted = set().union(*(q.relevant for q in queries)) if queries else set()
        lessons = [
            lesson for i, lesson in enumerate(self.lessons) if lesson.id in wanted or i % 5 == 0
        ]
        return SuggestionSet(lessons, queries, self.name, self.blind)


@dataclass
class QueryResult:
    query: SetQuery
    ranked: list[str]  # set ids, best first
    baseline: list[str]
    bm25: list[str] = field(default_factory=list)
    sharing_a_word: int = 0  # lessons (outside the query's desa) holding a word of the query

    @property
    def precision(self) -> float:
        return precision_at(self.ranked, self.query.relevant, PRECISION_K)

    @property
    def recall(self) -> float:
        return recall_at(self.ranked, self.query.relevant, RECALL_K)

    @property
    def starved(self) -> bool:
        """Fewer than three suggestions although three lessons share a word with the query."""
        return len(self.ranked) < min(PRECISION_K, self.sharing_a_word)


def _ranking_of(result: QueryResult, which: str) -> list[str]:
    return {"ranked": result.ranked, "baseline": result.baseline, "bm25": result.bm25}[which]


@dataclass
class Report:
    results: list[QueryResult] = field(default_factory=list)

    def _mean(self, metric: Callable[[QueryResult], float]) -> float:
        return sum(metric(r) for r in self.results) / len(self.results) if self.results else 0.0

    def precision_of(self, which: str = "ranked") -> float:
        return self._mean(
            lambda r: precision_at(_ranking_of(r, which), r.query.relevant, PRECISION_K)
        )

    def recall_of(self, which: str = "ranked") -> float:
        return self._mean(lambda r: recall_at(_ranking_of(r, which), r.query.relevant, RECALL_K))

    @property
    def precision(self) -> float:
        return self.precision_of("ranked")

    @property
    def recall(self) -> float:
        return self.recall_of("ranked")

    @property
    def starved(self) -> list[QueryResult]:
        return [r for r in self.results if r.starved]

    def summary_line(self) -> str:
        return (
            f"P@3 {self.precision:.2f} R@10 {self.recall:.2f} "
            f"baseline P@3 {self.precision_of('baseline'):.2f} "
            f"R@10 {self.recall_of('baseline'):.2f} "
            f"BM25 P@3 {self.precision_of('bm25'):.2f} R@10 {self.recall_of('bm25'):.2f}"
        )

    def by_kind(self) -> list[tuple[str, Report]]:
        """One report per kind of query (a query may have several kinds, or none)."""
        parts = []
        for kind in KINDS:
            part = Report([r for r in self.results if kind in r.query.kinds])
            if part.results:
                parts.append((kind, part))
        return parts


def precision_at(ranked: Sequence[str], relevant: frozenset[str] | set[str], k: int) -> float:
    return sum(1 for item in ranked[:k] if item in relevant) / k


def recall_at(ranked: Sequence[str], relevant: frozenset[str] | set[str], k: int) -> float:
    if not relevant:
        return 0.0
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant)


# --- the files --------------------------------------------------------------------------------


def _records(path: Path, keys: frozenset[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ValueError(f"{path.name} line {number}: not JSON ({error})") from error
        if not isinstance(record, dict) or not keys <= set(record):
            missing = sorted(keys - set(record)) if isinstance(record, dict) else sorted(keys)
            raise ValueError(f"{path.name} line {number}: missing {', '.join(missing)}")
        yield number, record


def load_set(directory: Path) -> SuggestionSet:
    """A set from lessons.jsonl and queries.jsonl in `directory`."""
    lessons = []
    for number, item in _records(directory / "lessons.jsonl", LESSON_KEYS):
        if item["outcome"] not in Lesson.Outcome.values:
            raise ValueError(f"lessons.jsonl line {number}: unknown outcome {item['outcome']!r}")
        lessons.append(
            SetLesson(
                id=str(item["id"]),
                desa=item["desa"],
                happened_on=datetime.date.fromisoformat(item["happened_on"]),
                what_happened=item["what_happened"],
                why=item["why"] or "",
                what_was_tried=item["what_was_tried"] or "",
                outcome=item["outcome"],
                contact=item["contact"] or "",
                themes=tuple(item["themes"] or ()),
            )
        )
    desa_of = {lesson.id: lesson.desa for lesson in lessons}
    if len(desa_of) < len(lessons):
        raise ValueError("lessons.jsonl: two lessons share an id")
    queries = []
    for number, item in _records(directory / "queries.jsonl", QUERY_KEYS):
        relevant = frozenset(str(i) for i in item["relevant"])
        if unknown := relevant - set(desa_of):
            raise ValueError(f"queries.jsonl line {number}: unknown lessons {sorted(unknown)}")
        if unknown_kinds := set(item["kinds"]) - set(KINDS):
            raise ValueError(f"queries.jsonl line {number}: unknown kinds {sorted(unknown_kinds)}")
        desa = item["desa"] or ""
        # The meeting's own village is never suggested, so its lessons cannot count as hits.
        relevant = frozenset(i for i in relevant if desa_of[i] != desa)
        queries.append(
            SetQuery(str(item["id"]), item["text"], relevant, desa, tuple(item["kinds"]))
        )
    return SuggestionSet(lessons, queries, directory.name, directory.name == BLIND)


def available_sets(root: Path = SETS_DIR) -> list[Path]:
    """The set folders under `root`: the tuning set first, then the blind set when present."""
    found = [p for p in sorted(root.iterdir()) if (p / "queries.jsonl").exists()]
    return sorted(found, key=lambda p: (p.name == BLIND, p.name))


# --- the two references -----------------------------------------------------------------------


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


class PlainBM25:
    """BM25 over lowercase words of the three text fields: what a search engine with no
    knowledge of Indonesian would do. The reference the ranker must beat."""

    def __init__(self, lessons: Sequence[SetLesson]) -> None:
        self.lessons = list(lessons)
        self.frequencies = [Counter(_WORD.findall(lesson.text.lower())) for lesson in lessons]
        lengths = [sum(f.values()) for f in self.frequencies]
        self.average = sum(lengths) / len(lengths) if lengths else 1.0
        self.norms = [BM25_K1 * (1 - BM25_B + BM25_B * n / (self.average or 1.0)) for n in lengths]
        holding: Counter[str] = Counter()
        for frequency in self.frequencies:
            holding.update(frequency.keys())
        total = len(self.lessons)
        self.idf = {
            word: math.log(1 + (total - n + 0.5) / (n + 0.5)) for word, n in holding.items()
        }

    def rank(self, text: str, *, exclude_desa: str = "", limit: int = RECALL_K) -> list[str]:
        words = set(_WORD.findall(text.lower()))
        scored = []
        for position, (lesson, frequency) in enumerate(
            zip(self.lessons, self.frequencies, strict=True)
        ):
            if exclude_desa and lesson.desa == exclude_desa:
                continue
            score = 0.0
            for word in words & frequency.keys():
                tf = frequency[word]
                score += self.idf[word] * tf * (BM25_K1 + 1) / (tf + self.norms[position])
            if score > 0:
                scored.append((-score, position, lesson.id))
        return [lesson_id for _, _, lesson_id in sorted(scored)[:limit]]

    def sharing_a_word(self, text: str, *, exclude_desa: str = "") -> int:
        """Lessons holding at least one word of the text as written: a word of 3+ letters that
        is not a function word (the search's stop-words: yang, tidak, karena…)."""
        words = {w for w in _WORD.findall(text.lower()) if len(w) >= 3} - stop_words()
        return sum(
            1
            for lesson, frequency in zip(self.lessons, self.frequencies, strict=True)
            if not (exclude_desa and lesson.desa == exclude_desa) and words & frequency.keys()
        )


# --- the run ----------------------------------------------------------------------------------


def _ensure_regions(codes: set[str]) -> dict[str, Region]:
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    if len(regions) < len(codes):
        regions_import(path=PILOT_FILE)  # rolled back with everything else
        regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    if missing := codes - set(regions):
        raise ValueError(f"the suggestion set names desa that are not pilot regions: {missing}")
    return regions


def measure(suggestion_set: SuggestionSet) -> Report:
    """Load the set, index it, run every query through `suggest` and both references, and
    roll everything back."""
    report = Report()
    bm25 = PlainBM25(suggestion_set.lessons)
    with transaction.atomic():
        regions = _ensure_regions({lesson.desa for lesson in suggestion_set.lessons})
        # Rolled back below: only the set's lessons are in the index while we measure.
        for index_table in (LessonTerm, LessonVocabulary, LessonWord, LessonVector):
            index_table.objects.all().delete()
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
                for item in suggestion_set.lessons
            ],
            actor=None,
        )
        index_lessons(created)
        set_id = {
            lesson.pk: item.id for lesson, item in zip(created, suggestion_set.lessons, strict=True)
        }
        set_lessons = Lesson.objects.filter(pk__in=list(set_id))
        for query in suggestion_set.queries:
            hits = suggest(
                query.text, user=None, exclude_desa_code=query.desa or None, limit=RECALL_K
            )
            # A lesson outside the set (none, as the index was emptied) would count as a miss.
            ranked = [set_id.get(hit.lesson.pk, "?") for hit in hits]
            baseline_lessons = (
                set_lessons.exclude(desa__code=query.desa) if query.desa else set_lessons
            )
            baseline = [set_id[pk] for pk in baseline_rank(query.text, baseline_lessons)]
            report.results.append(
                QueryResult(
                    query,
                    ranked,
                    baseline,
                    bm25.rank(query.text, exclude_desa=query.desa),
                    bm25.sharing_a_word(query.text, exclude_desa=query.desa),
                )
            )
        transaction.set_rollback(True)
    return report
