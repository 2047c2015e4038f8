"""Reads of village monitoring records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from rembuk.monitoring.models import VillageReview


def latest_reviews(desa_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, VillageReview]:
    """The latest monitoring session (held or planned) of each desa. One query."""
    latest: dict[uuid.UUID, VillageReview] = {}
    for review in VillageReview.objects.filter(desa_id__in=list(desa_ids)).order_by(
        "desa_id", "-date", "-changed_at"
    ):
        latest.setdefault(review.desa_id, review)
    return latest
