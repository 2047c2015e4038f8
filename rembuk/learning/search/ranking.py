"""Reads of the lesson search index: search and the suggestions shown while a challenge is typed.

A query is a constant number of SQL statements whatever the number of lessons: look the query
terms up in the vocabulary (plus one bounded lookup for near spellings of unknown terms), then
one ranking statement — per query term, its POSTINGS_PER_TERM heaviest rows the user may see
(impact-ordered postings, ADR 0009), UNION ALL, then `SUM(weight * idf) GROUP BY lesson ORDER BY
score DESC LIMIT n` — then one fetch of those lessons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet

from rembuk.core.prepared import PreparedShapedRecords, PreparedShapes
from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary, LessonWord
from rembuk.learning.search import spelling
from rembuk.learning.search.index import ALL_LESSONS, FIELDS
from rembuk.learning.search.lexicon import lexicon
from rembuk.learning.search.text import (
    NON_WORD,
    normalise,
    plain,
    stem,
    synonyms,
    terms,
    words,
)
from rembuk.learning.visibility import kabupaten_scope, postings_of_kabupatens_q
from rembuk.regions import codes

MAX_QUERY_TERMS = 30  # a 2,000-character paste is cut to its first 30 distinct terms
SYNONYM_WEIGHT = 0.6  # a synonym counts a little less than the word the person typed
TYPO_WEIGHT = 0.7
CORRECTION_CANDIDATES = 3000  # lesson words read to correct unknown typed words, at most


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


@dataclass
class ParsedQuery:
    weights: dict[str, float]  # term → how much it counts
    typed_words: list[str]
    empty_reason: str = ""  # "empty", "stop_words_only" when nothing is left to search for
    counts: dict[str, int] = field(default_factory=dict)  # lessons holding each term
    lesson_total: int = 0  # lessons in the index
    corrections: dict[str, str] = field(default_factory=dict)  # unknown typed word → word used

    @property
    def is_empty(self) -> bool:
        return not self.weights


# Every query looks its terms up: compiled once per thread for each number of terms.
_VOCABULARY = PreparedShapes(
    lambda _count, *wanted: LessonVocabulary.objects.filter(term__in=wanted).values_list(
        "term", "lesson_count"
    )
)


def _vocabulary_counts(wanted: set[str]) -> dict[str, int]:
    ordered = sorted(wanted)
    return dict(_VOCABULARY.rows(len(ordered), *ordered))  # type: ignore[arg-type]


def _corrections(unknown: list[str]) -> tuple[dict[str, str], dict[str, int]]:
    """For typed words no dictionary and no lesson knows: the lesson word each stands for
    (spelling.correction), and the lesson counts of their terms. Two bounded statements."""
    lookup = spelling.lookup_for(unknown)
    condition = Q(word__in=sorted(lookup.words)) | Q(skeleton__in=sorted(lookup.skeletons))
    for prefix in sorted(lookup.prefixes):
        condition |= Q(word__startswith=prefix)
    candidates = list(
        LessonWord.objects.filter(condition)
        .order_by("word")
        .values_list("word", flat=True)[:CORRECTION_CANDIDATES]
    )
    counts = _vocabulary_counts({stem(word) for word in candidates})
    by_word = {word: counts[stem(word)] for word in candidates if stem(word) in counts}
    found = {}
    for word in unknown:
        if corrected := spelling.correction(word, by_word):
            found[word] = corrected
    return found, counts


def parse_query(text: str) -> ParsedQuery:
    """Query terms, with typo corrections of unknown words and narrow synonyms. One statement,
    three when some typed word is unknown to every dictionary."""
    text = (text or "")[:5000]
    typed = words(text)
    pairs: dict[str, str] = {}  # term → the typed word it came from
    for word in typed:
        pairs.setdefault(stem(word), word)
        if len(pairs) >= MAX_QUERY_TERMS:
            break
    if not pairs:
        reason = "stop_words_only" if normalise(text).strip() else "empty"
        return ParsedQuery({}, typed, reason)
    alternatives = {syn for term in pairs for syn in synonyms().get(term, ())}
    counts = _vocabulary_counts({*pairs, *alternatives, ALL_LESSONS})
    lesson_total = counts.pop(ALL_LESSONS, 0)
    weights: dict[str, float] = dict.fromkeys(pairs, 1.0)
    unknown = [
        word for term, word in pairs.items() if term not in counts and not spelling.is_known(word)
    ]
    corrections: dict[str, str] = {}
    for word in list(unknown):
        if form := spelling.known_chat_form(word):  # "dbeli" → dibeli: no lookup needed
            corrections[word] = form
            unknown.remove(word)
            # A chat form is the same word written another way: it counts in full.
            weights.setdefault(stem(form), 1.0)
    if unknown:
        found, more_counts = _corrections(unknown)
        corrections.update(found)
        counts.update(more_counts)
    for corrected in corrections.values():
        weights.setdefault(stem(corrected), TYPO_WEIGHT)
    for term in list(weights):
        # A word no lesson uses may still have synonyms that lessons use.
        for synonym in synonyms().get(term, ()):
            if synonym in counts:
                weights.setdefault(synonym, SYNONYM_WEIGHT * weights[term])
    return ParsedQuery(
        weights, typed, counts=counts, lesson_total=lesson_total, corrections=corrections
    )


# Per query term, only this many of its heaviest rows (among those the user may see and the
# filters keep) are read: the work of a query is bounded by its number of terms, not by the
# number of lessons. A lesson below that depth for a term misses that term's share of its score;
# with fewer lessons than this per term (every node but a big hub) the ranking is exact.
POSTINGS_PER_TERM = 2000


def _bounded_postings(shape: tuple[Any, ...], *values: Any) -> QuerySet[LessonTerm, Any]:
    """One query term's heaviest rows (as many as the shape's first item) the user may see and
    the filters keep, as (lesson_id, score). `shape` also says which filters are set and how
    many kabupaten the user sees lessons of; `values` are the term, its weight and IDF, then
    the filters' values."""
    limit, kabupaten_count, exclude, theme, region, year, outcome = shape
    term, weight, idf, *chosen = values
    taken = iter(chosen)
    kabupaten_codes = None
    if kabupaten_count is not None:
        kabupaten_codes = [next(taken) for _ in range(kabupaten_count)]
    rows = LessonTerm.objects.filter(postings_of_kabupatens_q(kabupaten_codes))
    if exclude:
        rows = rows.exclude(desa_code=next(taken))
    if theme:
        rows = rows.filter(themes__contains=next(taken))
    if region:
        rows = rows.filter(codes.below("desa_code", next(taken)))
    if year:
        rows = rows.filter(year=next(taken))
    if outcome:
        rows = rows.filter(outcome=next(taken))
    return (
        rows.filter(term=term)
        .annotate(score=ExpressionWrapper(F("weight") * weight * idf, FloatField()))
        .order_by("-weight", "lesson_id")
        .values_list("lesson_id", "score")[:limit]
    )


# Compiled once per thread for each shape; a query of n terms sends its SQL n times.
_BOUNDED_POSTINGS = PreparedShapes(_bounded_postings)


def _postings(
    parsed: ParsedQuery,
    *,
    user: Any,
    filters: SearchFilters | None,
    exclude_desa_code: str | None,
) -> tuple[str, list[Any]]:
    """SQL (and its parameters) for the bounded postings of every query term, as rows of
    (lesson_id, score): a UNION ALL of one `ORDER BY weight DESC LIMIT n` scan per term."""
    kabupaten_codes = kabupaten_scope(user)
    filters = filters or SearchFilters()
    region = filters.kecamatan or filters.kabupaten
    # What the SQL's shape depends on; the values below fill it, each term's in its own copy.
    shape = (
        POSTINGS_PER_TERM,
        None if kabupaten_codes is None else len(kabupaten_codes),
        bool(exclude_desa_code),
        bool(filters.theme),
        bool(region),
        bool(filters.year),
        bool(filters.outcome),
    )
    chosen = [
        *(kabupaten_codes or ()),
        *([exclude_desa_code] if exclude_desa_code else ()),
        *([f",{filters.theme},"] if filters.theme else ()),
        *([region] if region else ()),
        *([filters.year] if filters.year else ()),
        *([filters.outcome] if filters.outcome else ()),
    ]
    idf = _idf(parsed)
    parts: list[str] = []
    params: list[Any] = []
    for number, (term, weight) in enumerate(sorted(parsed.weights.items())):
        sql, part_params = _BOUNDED_POSTINGS.sql(shape, term, weight, idf[term], *chosen)
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
) -> list[tuple[Any, float]]:
    postings, params = _postings(
        parsed, user=user, filters=filters, exclude_desa_code=exclude_desa_code
    )
    # The postings are ORM-compiled SQL; every value is a parameter.
    sql = (
        f"SELECT lesson_id, SUM(score) AS total FROM ({postings}) AS postings "  # noqa: S608
        "GROUP BY lesson_id ORDER BY total DESC, lesson_id LIMIT %s OFFSET %s"
    )
    to_pk = Lesson._meta.pk.to_python  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [(to_pk(pk), score or 0.0) for pk, score in cursor.fetchall()]


def lexical_scores(
    parsed: ParsedQuery, *, user: Any, exclude_desa_code: str | None, limit: int
) -> list[tuple[Any, float]]:
    """(lesson id, BM25F score) of the best `limit` lessons sharing a term with the query."""
    if parsed.is_empty:
        return []
    return _ranked(
        parsed,
        user=user,
        filters=None,
        exclude_desa_code=exclude_desa_code,
        offset=0,
        limit=limit,
    )


# The lessons a page shows, with their desa and kecamatan: compiled once per thread for each
# number of lessons.
_LESSONS_SHOWN = PreparedShapedRecords(
    Lesson,
    lambda _count, *ids: Lesson.objects.filter(pk__in=ids, is_deleted=False),
    related=("desa", "desa__parent"),
)


def hits(parsed: ParsedQuery, ranked: Sequence[tuple[Any, float]]) -> list[SearchHit]:
    """The lessons of `ranked` (id, score), in that order, with the words to highlight."""
    if not ranked:
        return []
    ids = [pk for pk, _ in ranked]
    by_id = {lesson.pk: lesson for lesson in _LESSONS_SHOWN.records(len(ids), *ids)}
    return [
        SearchHit(by_id[pk], float(score), matched_words(by_id[pk], parsed))
        for pk, score in ranked
        if pk in by_id
    ]


@lru_cache(maxsize=8192)
def _token_terms(token: str) -> frozenset[str]:
    """A written token's terms: the same words recur across the results of a page."""
    return frozenset(terms(token))


@dataclass(frozen=True)
class _WrittenText:
    """A lesson's text as highlighting reads it: `plain` (lowercase ASCII, the words as
    written), its tokens in order, and at which of them each index term is written."""

    plain: str
    tokens: tuple[str, ...]
    positions: dict[str, tuple[int, ...]]


# A lesson's texts are read on every page that shows it, and an edited text is another string:
# what highlighting needs of a text is worked out once per process, for the texts of ordinary
# length (most lesson fields are one or two sentences). An entry takes about 30 bytes per
# character of its text, so the 1,024 kept (ten pages of results) stay under 16 MB however long
# the lessons are written. (Not interned: on Python 3.12 an interned string is never freed.)
KEPT_TEXT_CHARS = 500


def _written_text(text: str) -> _WrittenText:
    if len(text) > KEPT_TEXT_CHARS:
        return _read_text(text)
    return _kept_text(text)


def _read_text(text: str) -> _WrittenText:
    written = plain(text)
    tokens = tuple(NON_WORD.sub(" ", written).split())
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        for term in _token_terms(token):
            positions.setdefault(term, []).append(position)
    return _WrittenText(written, tokens, {term: tuple(at) for term, at in positions.items()})


_kept_text = lru_cache(maxsize=1024)(_read_text)


@lru_cache(maxsize=256)
def _wanted_phrases(wanted: frozenset[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The lexicon's phrases whose token the query matched: (first word, the phrase as
    written, its words apart by anything but a letter)."""
    return tuple(
        (phrase[0], re.compile(r"\b" + r"\W+".join(map(re.escape, phrase)) + r"\b"))
        for phrase, token in lexicon().phrase_tokens.items()
        if token in wanted
    )


def matched_words(lesson: Lesson, parsed: ParsedQuery) -> list[str]:
    """The words of the lesson, as written (lowercase), whose terms the query matched: single
    words ("penyuluhnya"), abbreviations and chat spellings ("DD", "ppl") and the phrases the
    lexicon names ("dana desa", "BUM Desa"); in the order the lesson writes them."""
    wanted = frozenset(parsed.weights)
    phrases = _wanted_phrases(wanted)
    found: list[str] = []
    for field_name in FIELDS:
        text = _written_text(getattr(lesson, field_name) or "")
        written_at = sorted({at for term in wanted for at in text.positions.get(term, ())})
        found.extend(text.tokens[at] for at in written_at)
        for first_word, pattern in phrases:
            if first_word in text.tokens:
                found.extend(m.group(0) for m in pattern.finditer(text.plain))
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
    return parsed, hits(parsed, ranked)


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
