"""Lessons that arrive by sync are indexed for search as they are applied.

LessonTerm and LessonVocabulary are local to each node (ADR 0009), so a lesson written on
another node reaches this one without index rows. rembuk.core.history sends change_recorded for
every change it applies from sync, inside the applying transaction: a lesson change re-indexes
that lesson there (a deleted lesson loses its rows), so the index commits or rolls back with the
data. Every other model costs one string comparison.
"""

from __future__ import annotations

from typing import Any

from rembuk.core.models import ChangeLog

LESSON_LABEL = "learning.lesson"


def index_remote_lesson(sender: Any, *, entry: ChangeLog, remote: bool, **kwargs: Any) -> None:
    # Local writes go through learning.services, which index in their own transaction.
    if not remote or entry.model_label != LESSON_LABEL:
        return
    from rembuk.learning.models import Lesson
    from rembuk.learning.search.index import index_lessons

    index_lessons(Lesson.all_objects.filter(pk=entry.object_id))
