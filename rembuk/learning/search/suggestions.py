"""The lessons suggested while a challenge is typed: words and meaning fused, then what
facilitators judged before (docs/decisions/0009, 0015).

1. Words: the lessons sharing a term with the challenge, by BM25F (ranking.lexical_scores), at
   most LEXICAL_CANDIDATES. One shared term is enough: a three-word challenge with one
   distinctive word still reaches the lesson that names it.
2. Meaning: the challenge's vector against the vectors of those lessons and of the most recent
   SEMANTIC_SCAN lessons the user may see (all of them on every node but a large hub). A lesson
   that shares no term is a candidate only when its similarity reaches SEMANTIC_FLOOR.
3. Fusion: each score divided by the best of its kind (the meaning's from the lowest
   similarity read), then (1 − SEMANTIC_WEIGHT) × words + SEMANTIC_WEIGHT × meaning.
4. Pseudo-relevance feedback: the challenge's vector is moved towards the vectors of the two
   best lessons and the meaning part computed again (no statement more).
5. Neighbours: a candidate close in meaning to one of the best few lessons rises with it, so a
   lesson that tells the same story in other words follows the one the challenge's words found.
6. Judgements: a lesson adopted for a similar challenge rises, one dismissed sinks
   (feedback.py).

Statements: the query's (ranking.parse_query), one ranking, one read of vectors, one of
judgements, one fetch of the lessons shown.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection

from rembuk.learning.models import Lesson, LessonVector
from rembuk.learning.search import feedback, semantic
from rembuk.learning.search.ranking import (
    ParsedQuery,
    SearchHit,
    hits,
    lexical_scores,
    parse_query,
)
from rembuk.learning.search.text import spelled_out
from rembuk.learning.visibility import visible_postings_q

LEXICAL_CANDIDATES = 100
SEMANTIC_SCAN = 5000  # the most recent lessons compared by meaning, at most
SEMANTIC_WEIGHT = 0.4  # tuned on the tuning set, words only vs with meaning (ADR 0009)
# A lesson sharing no term with the challenge is a candidate from this cosine on: on the tuning
# set (raw challenges), 95 % of relevant lessons reach it and 69 % of unrelated ones do not.
SEMANTIC_FLOOR = 0.82
FEEDBACK_LESSONS = 2
FEEDBACK_WEIGHT = 0.5
# A candidate gains NEIGHBOUR_WEIGHT × a best lesson's score × how far their cosine is above
# NEIGHBOUR_FROM (0 there, 1 at identical), from the closest of the NEIGHBOUR_LESSONS best.
NEIGHBOUR_LESSONS = 5
NEIGHBOUR_FROM = 0.85
NEIGHBOUR_WEIGHT = 0.3
KEPT_CANDIDATES = 100  # the best fused candidates go on to the judgements and the ranking


@dataclass
class Vectors:
    """Vectors read for one suggestion: lesson ids as the database returns them (converted only
    for the lessons kept), one row of `matrix` each."""

    raw_ids: list[Any]
    matrix: npt.NDArray[np.float32]


def _vectors(lexical_ids: list[Any], *, user: Any, exclude_desa_code: str | None) -> Vectors:
    """The vectors of the lexical candidates and of the most recent lessons the user may see
    (outside the asking desa), in one statement."""
    # Vectors of other models (before an upgrade re-embeds them) are not comparable: their
    # lessons rank by words until the worker has made them again.
    visible = LessonVector.objects.filter(visible_postings_q(user), model=semantic.MODEL)
    if exclude_desa_code:
        visible = visible.exclude(desa_code=exclude_desa_code)
    parts = [
        visible.order_by("-happened_on", "lesson_id").values_list("lesson_id", "vector")[
            :SEMANTIC_SCAN
        ]
    ]
    if lexical_ids:
        parts.append(visible.filter(lesson_id__in=lexical_ids).values_list("lesson_id", "vector"))
    sql_parts: list[str] = []
    params: list[Any] = []
    for number, part in enumerate(parts):
        sql, part_params = part.query.sql_with_params()
        # Wrapped, so the first part keeps its ORDER BY/LIMIT on SQLite and PostgreSQL alike.
        sql_parts.append(f"SELECT * FROM ({sql}) AS v{number}")  # noqa: S608 (ORM SQL)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql_parts), params)
        rows = dict(cursor.fetchall())  # a lexical candidate may also be among the recent
    return Vectors(list(rows), semantic.as_matrix(list(rows.values())))


def _raw(pk: Any) -> Any:
    """A lesson id as the database returns it (hex text on SQLite, a UUID on PostgreSQL)."""
    return Lesson._meta.pk.get_db_prep_value(pk, connection)  # type: ignore[union-attr]


def _meaning(
    similarity: npt.NDArray[np.float32], is_lexical: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float32]:
    """The meaning part of the fused score, in [0, 1]; -inf for a lesson that shares no term
    and is not similar enough to be suggested."""
    low, high = float(similarity.min()), float(similarity.max())
    meaning = (similarity - low) / (high - low) if high > low else np.ones_like(similarity)
    return np.where(is_lexical | (similarity >= SEMANTIC_FLOOR), meaning, -np.inf)


def _with_neighbours(
    fused: npt.NDArray[np.float64], matrix: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """Each candidate's score raised by its closest neighbour among the best few lessons:
    lessons that villages wrote about one problem in different words lift each other."""
    best = np.argsort(-fused, kind="stable")[:NEIGHBOUR_LESSONS]
    best = best[np.isfinite(fused[best])]
    if not len(best):
        return fused
    closeness = np.clip((matrix @ matrix[best].T - NEIGHBOUR_FROM) / (1 - NEIGHBOUR_FROM), 0, 1)
    closeness[best, np.arange(len(best))] = 0.0  # a lesson is not its own neighbour
    lift = (closeness * fused[best][None, :]).max(axis=1)
    return fused + NEIGHBOUR_WEIGHT * lift


def fused_scores(
    parsed: ParsedQuery,
    text: str,
    lexical: dict[Any, float],
    *,
    user: Any,
    exclude_desa_code: str | None,
) -> dict[Any, float]:
    """Words and meaning in one score per candidate lesson, each part in [0, 1]."""
    best_lexical = max(lexical.values(), default=0.0) or 1.0
    words_only = {pk: score / best_lexical for pk, score in lexical.items()}
    query_vector = semantic.embed_query(spelled_out(text, parsed.corrections))
    if query_vector is None:
        return words_only
    found = _vectors(list(lexical), user=user, exclude_desa_code=exclude_desa_code)
    if not found.raw_ids:
        return words_only
    by_raw = {_raw(pk): pk for pk in lexical}
    words = np.array([words_only[by_raw[r]] if r in by_raw else 0.0 for r in found.raw_ids])
    is_lexical = np.array([r in by_raw for r in found.raw_ids])

    def fuse(vector: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        meaning = _meaning(found.matrix @ vector, is_lexical)
        return np.asarray((1 - SEMANTIC_WEIGHT) * words + SEMANTIC_WEIGHT * meaning)

    fused = fuse(query_vector)
    # Pseudo-relevance feedback: the challenge's vector moved towards the two best lessons
    # finds the lessons that say the same as they do in other words.
    best = np.argsort(-fused, kind="stable")[:FEEDBACK_LESSONS]
    moved = query_vector + FEEDBACK_WEIGHT * found.matrix[best].mean(axis=0)
    fused = _with_neighbours(fuse(moved / np.linalg.norm(moved)), found.matrix)
    to_pk = Lesson._meta.pk.to_python  # type: ignore[union-attr]
    kept = np.argsort(-fused, kind="stable")[:KEPT_CANDIDATES]
    scores = {
        by_raw.get(found.raw_ids[i]) or to_pk(found.raw_ids[i]): float(fused[i])
        for i in kept.tolist()
        if fused[i] > -np.inf
    }
    # A lexical candidate without a vector yet (made when the model was missing) keeps its words.
    for pk, score in words_only.items():
        scores.setdefault(pk, (1 - SEMANTIC_WEIGHT) * score)
    return scores


def suggest(
    text: str,
    *,
    user: Any = None,
    exclude_desa_code: str | None = None,
    limit: int = 3,
    hidden: Collection[Any] = (),
) -> list[SearchHit]:
    """Up to `limit` lessons similar to a challenge being typed, from other villages, only
    among those the user may see; `hidden`: lessons dismissed for the row being discussed."""
    text = (text or "")[:5000]
    parsed = parse_query(text)
    if parsed.is_empty:
        return []
    lexical = dict(
        lexical_scores(
            parsed, user=user, exclude_desa_code=exclude_desa_code, limit=LEXICAL_CANDIDATES
        )
    )
    scores = fused_scores(parsed, text, lexical, user=user, exclude_desa_code=exclude_desa_code)
    scores = feedback.adjusted(
        {pk: score for pk, score in scores.items() if pk not in hidden}, parsed
    )
    ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return hits(parsed, ranked)
