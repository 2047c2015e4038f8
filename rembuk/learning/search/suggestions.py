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
5. Judgements: a lesson adopted for a similar challenge rises, one dismissed sinks
   (feedback.py).

Statements: the query's (ranking.parse_query), one ranking, one read of vectors, one of
judgements, one fetch of the lessons shown.
"""

from __future__ import annotations

from collections.abc import Collection
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
SEMANTIC_FLOOR = 0.85  # cosine a lesson sharing no term with the challenge must reach
FEEDBACK_LESSONS = 2
FEEDBACK_WEIGHT = 0.5


def _vectors(
    lexical_ids: list[Any], *, user: Any, exclude_desa_code: str | None
) -> dict[Any, bytes]:
    """The vectors of the lexical candidates and of the most recent lessons the user may see
    (outside the asking desa), in one statement."""
    visible = LessonVector.objects.filter(visible_postings_q(user))
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
    to_pk = Lesson._meta.pk.to_python  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sql_parts), params)
        return {to_pk(pk): bytes(vector) for pk, vector in cursor.fetchall()}


def _fuse(
    words_only: dict[Any, float],
    ids: list[Any],
    similarity: npt.NDArray[np.float32],
    lexical: dict[Any, float],
) -> dict[Any, float]:
    low, high = float(similarity.min()), float(similarity.max())
    fused = {pk: (1 - SEMANTIC_WEIGHT) * score for pk, score in words_only.items()}
    for pk, cosine in zip(ids, similarity.tolist(), strict=True):
        if pk in lexical or cosine >= SEMANTIC_FLOOR:
            meaning = (cosine - low) / (high - low) if high > low else 1.0
            fused[pk] = fused.get(pk, 0.0) + SEMANTIC_WEIGHT * meaning
    return fused


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
    vectors = _vectors(list(lexical), user=user, exclude_desa_code=exclude_desa_code)
    if not vectors:
        return words_only
    ids = list(vectors)
    matrix = semantic.as_matrix([vectors[pk] for pk in ids])
    fused = _fuse(words_only, ids, matrix @ query_vector, lexical)
    # Pseudo-relevance feedback: the challenge's vector moved towards the two best lessons
    # finds the lessons that say the same as they do in other words.
    row = {pk: number for number, pk in enumerate(ids)}
    best = [pk for pk in sorted(fused, key=lambda pk: -fused[pk]) if pk in row][:FEEDBACK_LESSONS]
    moved = query_vector + FEEDBACK_WEIGHT * matrix[[row[pk] for pk in best]].mean(axis=0)
    moved /= np.linalg.norm(moved)
    return _fuse(words_only, ids, matrix @ moved, lexical)


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
    ranked = sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))[:limit]
    return hits(parsed, [(pk, score) for pk, score in ranked if np.isfinite(score)])
