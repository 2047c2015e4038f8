"""Suggestions learn from use (docs/decisions/0015).

When a facilitator adds a suggested lesson as an idea from another village, or dismisses it as
not fitting, the judgement is kept with the challenge it was judged for (SuggestionJudgement,
replicated). A later challenge is compared with those judged challenges, word for word (the
same terms as the search): a lesson adopted for a similar challenge gains up to ADOPTED_BOOST,
one dismissed for a similar challenge loses up to DISMISSED_PENALTY, in proportion to how
similar the two challenges are. A judgement about a different problem changes nothing.

Every judgement the node holds counts, whoever made it: a dismissal in one kecamatan tells the
next kecamatan something too. Only the JUDGED_CANDIDATES best candidates are looked up (one
statement); the similarities are computed in Python.
"""

from __future__ import annotations

import heapq
import math
from typing import Any

from rembuk.learning.models import SuggestionJudgement
from rembuk.learning.search.ranking import ParsedQuery
from rembuk.learning.search.text import terms

ADOPTED_BOOST = 0.5
DISMISSED_PENALTY = 0.8
MIN_SIMILARITY = 0.25  # below this, the judged challenge was about something else
JUDGED_CANDIDATES = 50


def similarity(query_terms: set[str], judged_text: str) -> float:
    """How much two challenges say the same thing: shared terms over the geometric mean of
    their numbers of terms (1.0 for the same words)."""
    judged = set(terms(judged_text))
    if not query_terms or not judged:
        return 0.0
    return len(query_terms & judged) / math.sqrt(len(query_terms) * len(judged))


def adjusted(scores: dict[Any, float], parsed: ParsedQuery) -> dict[Any, float]:
    """`scores` with each candidate's judgements for similar challenges taken into account."""
    if not scores:
        return scores
    best = heapq.nsmallest(JUDGED_CANDIDATES, scores, key=lambda pk: (-scores[pk], pk))
    judgements = SuggestionJudgement.objects.filter(lesson_id__in=best).values_list(
        "lesson_id", "verdict", "challenge_text"
    )
    query_terms = {term for term, weight in parsed.weights.items() if weight >= 1.0}
    result = dict(scores)
    for lesson_id, verdict, text in judgements:
        alike = similarity(query_terms, text)
        if alike < MIN_SIMILARITY:
            continue
        if verdict == SuggestionJudgement.Verdict.ADOPTED:
            result[lesson_id] += ADOPTED_BOOST * alike
        else:
            result[lesson_id] -= DISMISSED_PENALTY * alike
    return result
