"""Demo lessons: what the villages of the closed demo meeting learnt, ready to be found.

Rembuk drafts a lesson from every challenge of a closed meeting (services.draft_lessons); here
the district facilitator then confirms the themes Rembuk suggested, as a person would on the
lesson page, so the search filters and the dashboards' "frequent themes" have something real.
Recorded a week after the meeting. Idempotent: drafting skips challenges that have a lesson;
confirming skips confirmed lessons.
"""

from __future__ import annotations

import datetime
from typing import Any

from rembuk.demo.calendar import DemoCalendar
from rembuk.learning.models import Lesson
from rembuk.learning.services import draft_lessons, lesson_confirm_themes

FACILITATOR = "faskab.sbd"
WEEK_AFTER_THE_MEETING = datetime.date(2024, 4, 4)  # as the story dates it


def seed_learning_demo(users: dict[str, Any], calendar: DemoCalendar) -> str:
    actor = users.get(FACILITATOR)
    with calendar.recording(WEEK_AFTER_THE_MEETING, 15):
        drafted = draft_lessons(actor=actor)
        confirmed = 0
        for lesson in Lesson.objects.filter(themes=[]).exclude(suggested_themes=[]):
            lesson_confirm_themes(lesson=lesson, themes=lesson.suggested_themes, actor=actor)
            confirmed += 1
    return (
        f"Pembelajaran: {drafted} disusun dari tantangan rapat yang sudah ditutup, "
        f"{confirmed} tema dikonfirmasi."
    )
