"""Demo lessons: what the villages of the closed demo meeting learnt, ready to be found.

Rembuk drafts a lesson from every challenge of a closed meeting (services.draft_lessons); here
the district facilitator then confirms the themes Rembuk suggested, as a person would on the
lesson page, so the search filters and the dashboards' "frequent themes" have something real.
Idempotent: drafting skips challenges that have a lesson; confirming skips confirmed lessons.
"""

from __future__ import annotations

from typing import Any

from rembuk.learning.models import Lesson
from rembuk.learning.services import draft_lessons, lesson_confirm_themes

FACILITATOR = "faskab.sbd"


def seed_learning_demo(users: dict[str, Any]) -> str:
    actor = users.get(FACILITATOR)
    drafted = draft_lessons(actor=actor)
    confirmed = 0
    for lesson in Lesson.objects.filter(themes=[]).exclude(suggested_themes=[]):
        lesson_confirm_themes(lesson=lesson, themes=lesson.suggested_themes, actor=actor)
        confirmed += 1
    return (
        f"Pembelajaran: {drafted} disusun dari tantangan rapat yang sudah ditutup, "
        f"{confirmed} tema dikonfirmasi."
    )
