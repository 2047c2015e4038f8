"""Reads of the lesson search index: search and the suggestions shown while a challenge is typed.

A query is a constant number of SQL statements whatever the number of lessons: look the query
terms up in the vocabulary (plus one bounded lookup for near spellings of unknown terms), then
one ranking statement — per query term, its POSTINGS_PER_TERM heaviest rows the user may see
(impact-ordered postings, ADR 0009), UNION ALL, then `SUM(weight * idf) GROUP BY lesson ORDER BY
score DESC LIMIT n` — then one fetch of those lessons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, Q

from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
from rembuk.learning.search.index import ALL_LESSONS, FIELD_BOOSTS
from rembuk.learning.search.text import (
    NON_WORD,
    PHRASES,
    SPELLINGS,
    normalise,
    plain,
    stem,
    stop_words,
    synonyms,
    words,
)
from rembuk.learning.visibility import visible_postings_q

MAX_QUERY_TERMS = 30  # a 2,000-character paste is cut to its first 30 distinct terms
SYNONYM_WEIGHT = 0.6  # a synonym counts a little less than the word the person typed
TYPO_WEIGHT = 0.7


@dataclass
class SearchHit:
    lesson: Lesson
    score: float
    matched_terms: list[str] = field(default_factory=list)  # words to highlight in the lesson


@dataclass
class SearchFilters:
    theme: str = ""
    kabupaten: str = ""  # region code
    kecamatan: str = ""
    year: int | None = None
    outcome: str = ""


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (adjacent swaps), giving up early once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class ParsedQuery:
    # term → (how much it counts, the word the person typed it as)
    weights: dict[str, float]
    typed_words: list[str]
    empty_reason: str = ""  # "empty", "stop_words_only" when nothing is left to search for
    counts: dict[str, int] = field(default_factory=dict)  # lessons holding each term
    lesson_total: int = 0  # lessons in the index

    @property
    def is_empty(self) -> bool:
        return not self.weights


def _near_spellings(word: str) -> set[str]:
    """Stems of the word with one letter dropped, a doubled letter undoubled or two neighbours
    swapped: "penyuluhh" → "penyuluh" → "suluh". At most ~2×length stems, all cached."""
    variants = {word[:i] + word[i + 1 :] for i in range(len(word))}
    variants |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return {stem(v) for v in variants if len(v) >= 3}


def parse_query(text: str) -> ParsedQuery:
    """Query terms with typo corrections and synonyms; at most two SQL statements."""
    text = (text or "")[:5000]
    typed = words(text)
    pairs: list[tuple[str, str]] = []  # (typed word, its stem)
    stops = stop_words()
    for word in typed:
        term = stem(word)
        if term not in stops and term not in [t for _, t in pairs]:
            pairs.append((word, term))
        if len(pairs) >= MAX_QUERY_TERMS:
            break
    if not pairs:
        reason = "stop_words_only" if normalise(text).strip() else "empty"
        return ParsedQuery({}, typed, reason)
    query_terms = [t for _, t in pairs]
    alternatives = {syn for t in query_terms for syn in synonyms().get(t, ())}
    counts = dict(
        LessonVocabulary.objects.filter(
            term__in=sorted({*query_terms, *alternatives, ALL_LESSONS})
        ).values_list("term", "lesson_count")
    )
    lesson_total = counts.pop(ALL_LESSONS, 0)
    known = set(counts)
    weights: dict[str, float] = {t: 1.0 for t in query_terms if t in known}
    unknown = [(w, t) for w, t in pairs if t not in known and len(w) >= 4]
    if unknown:
        # Bounded: near spellings of the typed word, and vocabulary terms sharing the first two
        # letters of the unknown stem (compared by edit distance in Python, at most 2,000).
        near = {w: _near_spellings(w) for w, _ in unknown}
        condition = Q(term__in=sorted(set().union(*near.values())))
        for _, term in unknown:
            condition |= Q(term__startswith=term[:2])
        candidate_counts = dict(
            LessonVocabulary.objects.filter(condition)
            .order_by("-lesson_count", "term")
            .values_list("term", "lesson_count")[:2000]
        )
        candidates = list(candidate_counts)
        for word, term in unknown:
            limit = 1 if len(term) <= 5 else 2
            found = [c for c in candidates if c in near[word]]
            found += [
                c
                for c in candidates
                if c[:2] == term[:2] and c not in found and _edit_distance(term, c, limit) <= limit
            ]
            for candidate in found[:2]:
                weights.setdefault(candidate, TYPO_WEIGHT)
                counts[candidate] = candidate_counts[candidate]
    for term in [*query_terms, *weights]:
        # A typed word no lesson uses may still have synonyms that lessons use.
        for synonym in synonyms().get(term, ()):
            # A synonym of a typo correction was not looked up; it is left out rather than
            # costing another query.
            if synonym in counts:
                weights.setdefault(synonym, SYNONYM_WEIGHT * weights.get(term, 1.0))
    if not weights:
        # Words never seen in any lesson: search for them anyway, they simply find nothing.
        weights = dict.fromkeys(query_terms, 1.0)
    return ParsedQuery(weights, typed, counts=counts, lesson_total=lesson_total)


# Per query term, only this many of its heaviest rows (among those the user may see and the
# filters keep) are read: the work of a query is bounded by its number of terms, not by the
# number of lessons. A lesson below that depth for a term misses that term's share of its score;
# with fewer lessons than this per term (every node but a big hub) the ranking is exact.
POSTINGS_PER_TERM = 2000


def _postings(
    parsed: ParsedQuery,
    *,
    user: Any,
    filters: SearchFilters | None,
    exclude_desa_code: str | None,
) -> tuple[str, list[Any]]:
    """SQL (and its parameters) for the bounded postings of every query term, as rows of
    (lesson_id, score): a UNION ALL of one `ORDER BY weight DESC LIMIT n` scan per term."""
    rows = LessonTerm.objects.filter(visible_postings_q(user))
    if exclude_desa_code:
        rows = rows.exclude(desa_code=exclude_desa_code)
    if filters:
        if filters.theme:
            rows = rows.filter(themes__contains=f",{filters.theme},")
        region = filters.kecamatan or filters.kabupaten
        if region:
            rows = rows.filter(desa_code__startswith=region + ".")
        if filters.year:
            rows = rows.filter(year=filters.year)
        if filters.outcome:
            rows = rows.filter(outcome=filters.outcome)
    idf = _idf(parsed)
    parts: list[str] = []
    params: list[Any] = []
    for number, (term, weight) in enumerate(sorted(parsed.weights.items())):
        bounded = (
            rows.filter(term=term)
            .annotate(score=ExpressionWrapper(F("weight") * weight * idf[term], FloatField()))
            .order_by("-weight", "lesson_id")
            .values_list("lesson_id", "score")[:POSTINGS_PER_TERM]
        )
        sql, part_params = bounded.query.sql_with_params()
        # Wrapped, so each part keeps its own ORDER BY/LIMIT on SQLite and PostgreSQL alike.
        parts.append(f"SELECT * FROM ({sql}) AS p{number}")  # noqa: S608 (ORM SQL, params apart)
        params.extend(part_params)
    return " UNION ALL ".join(parts), params


def _idf(parsed: ParsedQuery) -> dict[str, float]:
    """BM25's IDF, N read from the ALL_LESSONS marker in the same vocabulary lookup."""
    counts = parsed.counts
    total = max([parsed.lesson_total, *counts.values(), 1])
    return {
        term: math.log(1 + (total - counts.get(term, 0) + 0.5) / (counts.get(term, 0) + 0.5))
        for term in parsed.weights
    }


def _ranked(
    parsed: ParsedQuery,
    *,
    user: Any,
    filters: SearchFilters | None,
    exclude_desa_code: str | None,
    offset: int,
    limit: int,
    min_matched_terms: int = 1,
) -> list[tuple[Any, float]]:
    postings, params = _postings(
        parsed, user=user, filters=filters, exclude_desa_code=exclude_desa_code
    )
    # The postings are ORM-compiled SQL; every value is a parameter.
    sql = (
        f"SELECT lesson_id, SUM(score) AS total FROM ({postings}) AS postings "  # noqa: S608
        "GROUP BY lesson_id HAVING COUNT(*) >= %s "
        "ORDER BY total DESC, lesson_id LIMIT %s OFFSET %s"
    )
    to_pk = Lesson._meta.pk.to_python  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, min_matched_terms, limit, offset])
        return [(to_pk(pk), score or 0.0) for pk, score in cursor.fetchall()]


def _hits(
    parsed: ParsedQuery, ranked: Sequence[tuple[Any, float]], *, select: bool = True
) -> list[SearchHit]:
    if not ranked:
        return []
    lessons = Lesson.objects.filter(
        pk__in=[pk for pk, _ in ranked], is_deleted=False
    ).select_related("desa", "desa__parent")
    by_id = {lesson.pk: lesson for lesson in lessons}
    hits = []
    for pk, score in ranked:
        lesson = by_id.get(pk)
        if lesson is None:
            continue
        hits.append(SearchHit(lesson, float(score), matched_words(lesson, parsed)))
    return hits


def matched_words(lesson: Lesson, parsed: ParsedQuery) -> list[str]:
    """The words of the lesson, as written (lowercase), whose terms the query matched: single
    words ("penyuluhnya"), phrases joined into one term ("dana desa", "BUM Desa" → danadesa,
    bumdes) and informal spellings ("DD", "ppl")."""
    wanted = set(parsed.weights)
    stops = stop_words()

    def matches(expanded: str) -> bool:
        return any(stem(w) in wanted for w in expanded.split() if w not in stops)

    found: list[str] = []
    for field_name, _boost in FIELD_BOOSTS:
        written = plain(getattr(lesson, field_name) or "")
        for pattern, replacement in PHRASES[:-1]:  # the last one only drops a reduplication "2"
            if matches(replacement):
                found.extend(m.group(0) for m in pattern.finditer(written))
        for token in NON_WORD.sub(" ", written).split():
            if matches(SPELLINGS.get(token, token)):
                found.append(token)
        found.extend(w for w in words(written) if stem(w) in wanted)
    return list(dict.fromkeys(found))


def search(
    text: str,
    *,
    user: Any = None,
    filters: SearchFilters | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[ParsedQuery, list[SearchHit]]:
    parsed = parse_query(text)
    if parsed.is_empty:
        return parsed, []
    ranked = _ranked(
        parsed, user=user, filters=filters, exclude_desa_code=None, offset=offset, limit=limit
    )
    return parsed, _hits(parsed, ranked)


def count_matches(
    parsed: ParsedQuery, *, user: Any = None, filters: SearchFilters | None = None
) -> int:
    """The lessons the bounded postings reach (so every counted lesson is on some page)."""
    if parsed.is_empty:
        return 0
    postings, params = _postings(parsed, user=user, filters=filters, exclude_desa_code=None)
    with connection.cursor() as cursor:
        count_sql = f"SELECT COUNT(DISTINCT lesson_id) FROM ({postings}) AS postings"  # noqa: S608
        cursor.execute(count_sql, params)
        return int(cursor.fetchone()[0])


# A suggestion must share at least this many of the query's terms (or all of them, for a
# one-term query). An absolute score threshold would depend on how many lessons the node holds
# (BM25's IDF): on a kecamatan laptop with a handful of lessons nothing would ever be suggested.
MIN_SHARED_TERMS = 2


def suggest(
    text: str,
    *,
    user: Any = None,
    exclude_desa_code: str | None = None,
    limit: int = 3,
) -> list[SearchHit]:
    """Up to `limit` lessons similar to a challenge being typed, from other villages, only
    among those the user may see."""
    parsed = parse_query(text)
    if parsed.is_empty:
        return []
    ranked = _ranked(
        parsed,
        user=user,
        filters=None,
        exclude_desa_code=exclude_desa_code,
        offset=0,
        limit=limit,
        min_matched_terms=min(MIN_SHARED_TERMS, len(parsed.weights)),
    )
    return _hits(parsed, ranked)
