"""Indonesian-aware lesson search, the same on SQLite and PostgreSQL.

Text becomes terms in one pipeline (`terms`): normalise (lowercase, strip HTML, emoji and
punctuation, collapse letters typed three times or more, map informal and regional spellings),
drop Indonesian stop-words, stem with Sastrawi (cached: it is slow), and add `~theme` marker terms.

The index is plain rows: LessonTerm(lesson, term, weight) with a BM25 term-frequency weight
normalised by document length, and LessonVocabulary(term, lesson_count) for the IDF and for typo
tolerance. A query is a constant number of SQL statements whatever the number of lessons: look
the query terms up in the vocabulary (plus one bounded lookup for near spellings of unknown
terms), then one `SUM(weight * idf) GROUP BY lesson ORDER BY score DESC LIMIT n` over LessonTerm,
already filtered to the lessons the user may see, then one fetch of those lessons.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
from rembuk.people.models import Role
from rembuk.people.permissions import scope_codes

MAX_QUERY_TERMS = 30  # a 2,000-character paste is cut to its first 30 distinct terms
MAX_TERM_LENGTH = 60  # LessonTerm.term max_length
THEME_PREFIX = "~"  # normalisation never produces "~", so marker terms cannot be typed
ALL_LESSONS = "~"  # a marker term every lesson holds
K1 = 1.2
B = 0.75
AVERAGE_LENGTH = 40.0  # a fixed average lesson length keeps weights stable as lessons arrive
SYNONYM_WEIGHT = 0.6  # a synonym counts a little less than the word the person typed
TYPO_WEIGHT = 0.7

# Which lesson fields are indexed, and how much a word in each counts.
FIELD_BOOSTS = (("what_happened", 1.0), ("why", 0.7), ("what_was_tried", 0.8))

# Informal, abbreviated and regional spellings → the standard word (before stemming).
SPELLINGS: dict[str, str] = {
    "tdk": "tidak",
    "tak": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "blm": "belum",
    "sdh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "dgn": "dengan",
    "yg": "yang",
    "utk": "untuk",
    "krn": "karena",
    "karna": "karena",
    "bgt": "sekali",
    "sy": "saya",
    "kmi": "kami",
    "pnyuluh": "penyuluh",
    "penyulu": "penyuluh",
    "pyuluh": "penyuluh",
    "ppl": "penyuluh",
    "dd": "danadesa",
    "add": "danadesa",
    "bumdesa": "bumdes",
    "bumd": "bumdes",
    "kades": "kepala desa",
    "pemdes": "pemerintah desa",
    "poktan": "kelompok tani",
    "gapoktan": "kelompok tani",
    "spj": "pertanggungjawaban",
    "lpj": "pertanggungjawaban",
    "apbdes": "anggaran desa",
    "dtg": "datang",
    "bnyk": "banyak",
    "byk": "banyak",
    "skali": "sekali",
    "sklai": "sekali",
    "kmpung": "kampung",
    "prnah": "pernah",
    "k": "ke",
    "jg": "juga",
    "bs": "bisa",
    "bsa": "bisa",
    "org": "orang",
    "thn": "tahun",
    "bln": "bulan",
    "hrg": "harga",
    "pd": "pada",
    "sm": "sama",
    "lg": "lagi",
    "bbi": "babi",
    "ngalir": "mengalir",
    "musdes": "musyawarah desa",
    "musdus": "musyawarah dusun",
    "pupuk2": "pupuk",
    "sapi2": "sapi",
    "ikan2": "ikan",
}
# Multi-word forms joined into one term before tokenising.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bbum\s+desa\b", "bumdes"),
        (r"\bbadan usaha milik desa\b", "bumdes"),
        (r"\bdana desa\b", "danadesa"),
        (r"\blaporan pertanggung\s*jawaban\b", "pertanggungjawaban"),
        (r"\bpertanggung jawaban\b", "pertanggungjawaban"),
        (r"\bmusim kering\b", "kemarau"),
        (r"\b(\w+)2\b", r"\1"),  # "petani2" (reduplication written with a 2)
    )
)
# Small groups of words (as stems) that mean the same thing for a village's problem.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"tengkulak", "rentenir", "papalele", "pengepul", "ijon"}),
    frozenset({"suluh", "damping"}),
    frozenset({"hadir", "datang", "kunjung"}),
    frozenset({"modal", "pinjam", "kredit"}),
    frozenset({"kering", "kemarau"}),
    frozenset({"banjir", "genang"}),
    frozenset({"harga", "murah", "mahal"}),
    frozenset({"hama", "wereng", "tikus", "ulat", "walang"}),
    frozenset({"ternak", "sapi", "kambing", "babi", "ayam"}),
    frozenset({"nelayan", "ikan", "tangkap"}),
    frozenset({"air", "irigasi", "sumur", "mata air"}),
    frozenset({"rumput laut", "agar"}),
    frozenset({"pertanggungjawaban", "lapor"}),
    frozenset({"rapat", "musyawarah", "temu"}),
    frozenset({"curi", "maling"}),
)
# Words too common in village records to say anything; Sastrawi's list plus these.
EXTRA_STOP_WORDS = frozenset({"desa", "warga", "masyarakat", "kami", "sudah", "belum", "tidak"})
# Sastrawi's list holds some words that describe a village's problem; keep those.
KEPT_WORDS = frozenset({"datang", "hadir", "kurang", "jauh", "naik", "laku", "lama"})

_TAG = re.compile(r"<[^>]*>")
_REPEATS = re.compile(r"(\w)\1{2,}")
_NON_WORD = re.compile(r"[^a-z0-9]+")


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


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return (frozenset(StopWordRemoverFactory().get_stop_words()) - KEPT_WORDS) | EXTRA_STOP_WORDS


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    stemmed: str = _stemmer().stem(word)
    return (stemmed or word)[:MAX_TERM_LENGTH]


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    mapping: dict[str, frozenset[str]] = {}
    for group in SYNONYM_GROUPS:
        for member in group:
            mapping[member] = group - {member}
    return mapping


def normalise(text: str) -> str:
    """Lowercase plain words: no HTML, emoji or punctuation; informal spellings made standard."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if ch.isascii())  # drops emoji and combining accents
    text = _REPEATS.sub(r"\1", text)  # "tidakkk" → "tidak"
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    words = [SPELLINGS.get(word, word) for word in _NON_WORD.sub(" ", text).split()]
    text = " ".join(words)
    for pattern, replacement in PHRASES[:4]:  # an expanded spelling may form a phrase
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """The words of a text that carry meaning, unstemmed (for highlighting)."""
    stops = stop_words()
    return [w for w in normalise(text).split() if w not in stops and len(w) > 1]


def terms(text: str) -> list[str]:
    """Stemmed index terms of a text, in order, with repeats."""
    stops = stop_words()
    result = []
    for word in words(text):
        stemmed = stem(word)
        if stemmed not in stops:
            result.append(stemmed)
    return result


# --- indexing ------------------------------------------------------------------------------


def _lesson_weights(lesson: Lesson) -> dict[str, float]:
    frequencies: dict[str, float] = defaultdict(float)
    length = 0
    for field_name, boost in FIELD_BOOSTS:
        field_terms = terms(getattr(lesson, field_name) or "")
        length += len(field_terms)
        for term in field_terms:
            frequencies[term] += boost
    norm = K1 * (1 - B + B * max(length, 1) / AVERAGE_LENGTH)
    weights = {term: tf * (K1 + 1) / (tf + norm) for term, tf in frequencies.items()}
    weights[ALL_LESSONS] = 0.0  # its vocabulary count is N, the number of lessons, for the IDF
    for theme in set(lesson.themes or []) | set(lesson.suggested_themes or []):
        weights[f"{THEME_PREFIX}{theme}"] = 0.0  # a filter marker, never scored
    return weights


def _refresh_vocabulary(changed_terms: Iterable[str]) -> None:
    changed = sorted(set(changed_terms))
    for start in range(0, len(changed), 500):
        chunk = changed[start : start + 500]
        counts = dict(
            LessonTerm.objects.filter(term__in=chunk, lesson__is_deleted=False)
            .values_list("term")
            .annotate(n=Count("id"))
            .values_list("term", "n")
        )
        LessonVocabulary.objects.filter(term__in=[t for t in chunk if not counts.get(t)]).delete()
        LessonVocabulary.objects.bulk_create(
            [LessonVocabulary(term=t, lesson_count=n) for t, n in counts.items()],
            update_conflicts=True,
            unique_fields=["term"],
            update_fields=["lesson_count"],
        )


def index_lessons(
    lessons: Iterable[Lesson],
    *,
    batch_size: int = 5000,
    replace: bool = True,
    refresh_vocabulary: bool = True,
) -> int:
    """(Re)build the index rows of many lessons in bulk; returns the number of rows written.

    Bulk loads of new lessons pass replace=False (nothing to delete) and refresh_vocabulary=False,
    then call rebuild_vocabulary() once at the end."""
    lessons = list(lessons)
    changed: set[str] = set()
    with transaction.atomic():
        ids = [lesson.pk for lesson in lessons]
        for start in range(0, len(ids) if replace else 0, 500):
            old = LessonTerm.objects.filter(lesson_id__in=ids[start : start + 500])
            changed.update(old.values_list("term", flat=True))
            old.delete()
        rows = []
        for lesson in lessons:
            if lesson.is_deleted:
                continue
            for term, weight in _lesson_weights(lesson).items():
                rows.append(LessonTerm(lesson_id=lesson.pk, term=term, weight=weight))
                changed.add(term)
        LessonTerm.objects.bulk_create(rows, batch_size=batch_size)
        if refresh_vocabulary:
            _refresh_vocabulary(changed)
    return len(rows)


def rebuild_vocabulary() -> int:
    """The whole vocabulary from the index in one GROUP BY (after a bulk load)."""
    with transaction.atomic():
        LessonVocabulary.objects.all().delete()
        counts = (
            LessonTerm.objects.filter(lesson__is_deleted=False)
            .values("term")
            .annotate(n=Count("id"))
            .values_list("term", "n")
        )
        rows = [LessonVocabulary(term=term, lesson_count=n) for term, n in counts.iterator()]
        LessonVocabulary.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def rebuild_index(lesson: Lesson) -> None:
    """Re-index one lesson; services call this inside their transaction on every write."""
    index_lessons([lesson])


# --- querying ------------------------------------------------------------------------------


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
    synonyms = {syn for t in query_terms for syn in _synonyms().get(t, ())}
    counts = dict(
        LessonVocabulary.objects.filter(
            term__in=sorted({*query_terms, *synonyms, ALL_LESSONS})
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
        for synonym in _synonyms().get(term, ()):
            # A synonym of a typo correction was not looked up; it is left out rather than
            # costing another query.
            if synonym in counts:
                weights.setdefault(synonym, SYNONYM_WEIGHT * weights.get(term, 1.0))
    if not weights:
        # Words never seen in any lesson: search for them anyway, they simply find nothing.
        weights = dict.fromkeys(query_terms, 1.0)
    return ParsedQuery(weights, typed, counts=counts, lesson_total=lesson_total)


def visible_lessons_q(user: Any, path: str = "") -> Q:
    """Lessons the user may see: their kabupaten's lessons (scope widened to the kabupaten)
    and lessons shared beyond it; tim_program and superusers see all."""
    prefix = f"{path}__" if path else ""
    if user is None:
        return Q()  # internal callers (commands, benchmarks) see everything
    codes = scope_codes(user)
    if codes == [""] or scope_codes(user, [Role.TIM_PROGRAM]):
        return Q()
    kabupaten_codes = sorted({".".join(code.split(".")[:2]) for code in codes if code})
    condition = Q(**{f"{prefix}shared_beyond_kabupaten": True})
    for code in kabupaten_codes:
        condition |= Q(**{f"{prefix}desa__code__startswith": code + "."})
    return condition


def _filtered_terms(
    parsed: ParsedQuery,
    *,
    user: Any,
    filters: SearchFilters | None,
    exclude_desa_code: str | None,
) -> QuerySet[LessonTerm]:
    rows = LessonTerm.objects.filter(term__in=list(parsed.weights), lesson__is_deleted=False)
    rows = rows.filter(visible_lessons_q(user, "lesson"))
    if exclude_desa_code:
        rows = rows.exclude(lesson__desa__code=exclude_desa_code)
    if filters:
        if filters.theme:
            marker = LessonTerm.objects.filter(term=f"{THEME_PREFIX}{filters.theme}")
            rows = rows.filter(lesson_id__in=marker.values("lesson_id"))
        region = filters.kecamatan or filters.kabupaten
        if region:
            rows = rows.filter(lesson__desa__code__startswith=region + ".")
        if filters.year:
            rows = rows.filter(
                lesson__happened_on__gte=date(filters.year, 1, 1),
                lesson__happened_on__lte=date(filters.year, 12, 31),
            )
        if filters.outcome:
            rows = rows.filter(lesson__outcome=filters.outcome)
    return rows


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
    idf = _idf(parsed)
    factor = Case(
        *[When(term=t, then=Value(w * idf[t])) for t, w in parsed.weights.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    rows = (
        _filtered_terms(parsed, user=user, filters=filters, exclude_desa_code=exclude_desa_code)
        .values("lesson_id")
        .annotate(
            score=Coalesce(Sum(F("weight") * factor), Value(0.0)), matched_terms=Count("term")
        )
        .filter(matched_terms__gte=min_matched_terms)
        .order_by("-score", "lesson_id")
        .values_list("lesson_id", "score")
    )
    return list(rows[offset : offset + limit])


def _hits(
    parsed: ParsedQuery, ranked: Sequence[tuple[Any, float]], *, select: bool = True
) -> list[SearchHit]:
    if not ranked:
        return []
    lessons = Lesson.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related(
        "desa", "desa__parent"
    )
    by_id = {lesson.pk: lesson for lesson in lessons}
    hits = []
    for pk, score in ranked:
        lesson = by_id.get(pk)
        if lesson is None:
            continue
        hits.append(SearchHit(lesson, float(score), matched_words(lesson, parsed)))
    return hits


def matched_words(lesson: Lesson, parsed: ParsedQuery) -> list[str]:
    """The words of the lesson (as written, normalised) whose stems the query matched."""
    wanted = set(parsed.weights)
    found: list[str] = []
    for field_name, _boost in FIELD_BOOSTS:
        for word in words(getattr(lesson, field_name) or ""):
            if stem(word) in wanted and word not in found:
                found.append(word)
    return found


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
    if parsed.is_empty:
        return 0
    rows = _filtered_terms(parsed, user=user, filters=filters, exclude_desa_code=None)
    return rows.values("lesson_id").distinct().count()


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
