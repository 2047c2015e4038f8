"""Lessons arriving by sync are indexed as they are applied (receivers.py)."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from rembuk.core import history
from rembuk.core.nodes import clock
from rembuk.core.testing import region
from rembuk.learning.models import Lesson, LessonTerm, LessonVocabulary
from rembuk.learning.search import ranking

from .conftest import WARU

pytestmark = pytest.mark.django_db


def remote_lesson_entry(lesson_id: str, action: str = "create", **changes: object) -> dict:
    return {
        "change_id": str(uuid.uuid4()),
        "hlc": str(clock().now()),
        "node_id": "laptop-teluk-waru",
        "actor_label": "Fasilitator Waru",
        "model_label": "learning.lesson",
        "object_id": lesson_id,
        "object_repr": "Papalele",
        "action": action,
        "changes": {name: [None, value] for name, value in changes.items()},
        "version": 1,
        "scope_code": WARU,
        "root_id": lesson_id,
        "recorded_at": timezone.now().isoformat(),
    }


def test_a_lesson_arriving_by_sync_is_found_without_reindexing():
    lesson_id = str(uuid.uuid4())
    entry = remote_lesson_entry(
        lesson_id,
        desa_id=str(region(WARU).pk),
        happened_on="2024-03-28",
        what_happened="Papalele membeli ikan dengan harga murah",
        what_was_tried="Nelayan menjual bersama lewat koperasi",
        outcome="sebagian",
        themes=["perikanan"],
    )
    assert history.apply_remote(entry, winning_fields=list(entry["changes"])) is not None
    _, hits = ranking.search("papalele ikan murah")
    assert [str(hit.lesson.pk) for hit in hits] == [lesson_id]
    assert LessonVocabulary.objects.get(term="papalele").lesson_count == 1
    filtered = ranking.search("papalele", filters=ranking.SearchFilters(theme="perikanan"))[1]
    assert len(filtered) == 1

    # Deleted on the other node: gone from the index here too.
    deletion = remote_lesson_entry(lesson_id, action="delete")
    history.apply_remote(deletion, winning_fields=[], delete=True)
    assert Lesson.all_objects.get(pk=lesson_id).is_deleted
    assert not LessonTerm.objects.filter(lesson_id=lesson_id).exists()
    assert ranking.search("papalele ikan murah")[1] == []


def test_other_models_arriving_by_sync_leave_the_index_alone(lessons, django_assert_num_queries):
    from rembuk.core.models import ChangeLog
    from rembuk.learning.receivers import index_remote_lesson

    entry = ChangeLog(model_label="meetings.challenge", object_id=uuid.uuid4())
    with django_assert_num_queries(0):
        index_remote_lesson(ChangeLog, entry=entry, remote=True)
