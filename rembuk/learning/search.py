"""Indonesian-aware lesson search, the same on SQLite and PostgreSQL.

Text becomes terms in one pipeline (`terms`): normalise (lowercase, strip HTML, emoji and
punctuation, collapse letters typed three times or more, map informal and regional spellings),
drop Indonesian stop-words, stem with Sastrawi (cached: it is slow).

The index is plain rows: LessonTerm(lesson, term, weight, + the lesson's scope and filter values)
with a BM25 term-frequency weight normalised by document length, and LessonVocabulary(term,
lesson_count) for the IDF and for typo tolerance. A query is a constant number of SQL statements
whatever the number of lessons: look the query terms up in the vocabulary (plus one bounded
lookup for near spellings of unknown terms), then one ranking statement — per query term, its
POSTINGS_PER_TERM heaviest rows the user may see (impact-ordered postings, ADR 0009), UNION ALL,
then `SUM(weight * idf) GROUP BY lesson ORDER BY score DESC LIMIT n` — then one fetch of those
lessons.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Greatest

from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
from rembuk.people.models import Role
from rembuk.people.permissions import scope_codes
from rembuk.regions.models import Region

MAX_QUERY_TERMS = 30  # a 2,000-character paste is cut to its first 30 distinct terms
MAX_TERM_LENGTH = 60  # LessonTerm.term max_length
ALL_LESSONS = "~"  # a marker term every lesson holds (normalisation never produces "~")
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


def _plain(text: str) -> str:
    """Lowercase ASCII text without HTML or emoji, letters typed thrice collapsed; the words
    still as written (before phrases and informal spellings are mapped)."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if ch.isascii())  # drops emoji and combining accents
    return _REPEATS.sub(r"\1", text)  # "tidakkk" → "tidak"


def normalise(text: str) -> str:
    """Lowercase plain words: no HTML, emoji or punctuation; informal spellings made standard."""
    text = _plain(text)
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
    return weights


def _posting_values(lesson: Lesson, desa_code: str) -> dict[str, Any]:
    """What every index row of a lesson carries besides its term: the scope and the values the
    filters need, so a query never joins the lesson table (ADR 0009)."""
    return {
        "desa_code": desa_code,
        "kabupaten_code": _kabupaten_of(desa_code),
        "shared": lesson.shared_beyond_kabupaten,
        "year": lesson.happened_on.year,
        "outcome": lesson.outcome,
        # Only confirmed themes filter; suggested ones are shown, never filtered on.
        "themes": "".join(f",{theme}" for theme in lesson.themes) + "," if lesson.themes else "",
    }


def _kabupaten_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


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
) -> int:
    """(Re)build the index rows of many lessons in bulk; returns the number of rows written.

    Bulk loads of new lessons pass replace=False (nothing to delete) and refresh_vocabulary=False,
    then call rebuild_vocabulary() once at the end."""
    lessons = list(lessons)
    deltas: Counter[str] = Counter()
    with transaction.atomic():
        ids = [lesson.pk for lesson in lessons]
        for start in range(0, len(ids) if replace else 0, 500):
            old = LessonTerm.objects.filter(lesson_id__in=ids[start : start + 500])
            deltas.subtract(old.values_list("term", flat=True))  # one row: one lesson less
            old.delete()
        desa_codes = dict(
            Region.objects.filter(pk__in={lesson.desa_id for lesson in lessons}).values_list(
                "pk", "code"
            )
        )
        rows = []
        for lesson in lessons:
            if lesson.is_deleted:
                continue
            values = _posting_values(lesson, desa_codes[lesson.desa_id])
            for term, weight in _lesson_weights(lesson).items():
                rows.append(LessonTerm(lesson_id=lesson.pk, term=term, weight=weight, **values))
                deltas[term] += 1
        LessonTerm.objects.bulk_create(rows, batch_size=batch_size)
        if refresh_vocabulary:
            _apply_vocabulary_deltas({term: n for term, n in deltas.items() if n})
    return len(rows)


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


def _kabupaten_scope(user: Any) -> list[str] | None:
    """The kabupaten codes whose lessons the user sees (besides shared ones); None: all."""
    if user is None:
        return None  # internal callers (commands, benchmarks) see everything
    codes = scope_codes(user)
    if codes == [""] or scope_codes(user, [Role.TIM_PROGRAM]):
        return None
    return sorted({_kabupaten_of(code) for code in codes if code})


def visible_lessons_q(user: Any, path: str = "") -> Q:
    """Lessons the user may see: their kabupaten's lessons (scope widened to the kabupaten)
    and lessons shared beyond it; tim_program and superusers see all."""
    prefix = f"{path}__" if path else ""
    kabupaten_codes = _kabupaten_scope(user)
    if kabupaten_codes is None:
        return Q()
    condition = Q(**{f"{prefix}shared_beyond_kabupaten": True})
    for code in kabupaten_codes:
        condition |= Q(**{f"{prefix}desa__code__startswith": code + "."})
    return condition


def _visible_postings_q(user: Any) -> Q:
    """visible_lessons_q on the scope copied onto the index rows."""
    kabupaten_codes = _kabupaten_scope(user)
    if kabupaten_codes is None:
        return Q()
    return Q(shared=True) | Q(kabupaten_code__in=kabupaten_codes)


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
    rows = LessonTerm.objects.filter(_visible_postings_q(user))
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
        plain = _plain(getattr(lesson, field_name) or "")
        for pattern, replacement in PHRASES[:-1]:  # the last one only drops a reduplication "2"
            if matches(replacement):
                found.extend(m.group(0) for m in pattern.finditer(plain))
        for token in _NON_WORD.sub(" ", plain).split():
            if matches(SPELLINGS.get(token, token)):
                found.append(token)
        found.extend(w for w in words(plain) if stem(w) in wanted)
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
