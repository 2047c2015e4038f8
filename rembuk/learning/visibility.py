"""Which lessons a person may see: their kabupaten's lessons (their role scope widened to the
kabupaten) and lessons tim_program shared beyond the kabupaten; tim_program and superusers see
all. The same rule reads the lesson table (selectors) and the scope copied onto the search
index rows (the ranking statement), so a suggestion never shows a lesson the user may not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q

from rembuk.people.models import Role
from rembuk.people.permissions import scope_codes
from rembuk.regions.codes import below, kabupaten_of


def kabupaten_scope(user: Any) -> list[str] | None:
    """The kabupaten codes whose lessons the user sees (besides shared ones); None: all."""
    if user is None:
        return None  # internal callers (commands, benchmarks) see everything
    codes = scope_codes(user)
    if codes == [""] or scope_codes(user, [Role.TIM_PROGRAM]):
        return None
    return sorted({kabupaten_of(code) for code in codes if code})


def visible_lessons_q(user: Any, path: str = "") -> Q:
    """Lessons the user may see: their kabupaten's lessons (scope widened to the kabupaten)
    and lessons shared beyond it; tim_program and superusers see all."""
    prefix = f"{path}__" if path else ""
    kabupaten_codes = kabupaten_scope(user)
    if kabupaten_codes is None:
        return Q()
    condition = Q(**{f"{prefix}shared_beyond_kabupaten": True})
    for code in kabupaten_codes:
        condition |= below(f"{prefix}desa__code", code)
    return condition


def visible_postings_q(user: Any) -> Q:
    """visible_lessons_q on the scope copied onto the index rows."""
    return postings_of_kabupatens_q(kabupaten_scope(user))


def postings_of_kabupatens_q(kabupaten_codes: Sequence[str] | None) -> Q:
    """The index rows of lessons shared beyond their kabupaten or in one of these (None: all),
    for a kabupaten_scope()."""
    if kabupaten_codes is None:
        return Q()
    return Q(shared=True) | Q(kabupaten_code__in=kabupaten_codes)
