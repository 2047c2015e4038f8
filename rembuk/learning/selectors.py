"""Reads of lessons, already scoped to what the user may see (outside it: 404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from rembuk.learning.models import Lesson, SuggestionJudgement
from rembuk.learning.visibility import visible_lessons_q
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.plans.models import Goal
from rembuk.regions.models import Region


def lessons_visible_to(user: Any) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(is_deleted=False)
        .filter(visible_lessons_q(user))
        .select_related("desa", "desa__parent")
    )


def lesson_for_user(user: Any, lesson_id: uuid.UUID | str) -> Lesson:
    try:
        return lessons_visible_to(user).get(pk=lesson_id)
    except (Lesson.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def adoptions_of(lesson: Lesson) -> QuerySet[FollowUp]:
    """Where this lesson travelled: follow-ups other villages took from it, and how they went."""
    return (
        FollowUp.objects.filter(source_lesson=lesson, is_deleted=False)
        .select_related("sheet__desa__parent", "sheet__meeting")
        .order_by("sheet__meeting__date")
    )


def dismissed_for(sheet: MeetingSheet, goal: Goal | None) -> set[uuid.UUID]:
    """Lessons dismissed for this meeting row: not offered there again."""
    return set(
        SuggestionJudgement.objects.filter(
            sheet=sheet, goal=goal, verdict=SuggestionJudgement.Verdict.DISMISSED
        ).values_list("lesson_id", flat=True)
    )


def kabupaten_choices() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.KABUPATEN, is_deleted=False).order_by("name")


def kecamatan_choices(kabupaten_code: str) -> QuerySet[Region]:
    if not kabupaten_code:
        return Region.objects.none()
    return Region.objects.filter(
        level=Region.Level.KECAMATAN, parent__code=kabupaten_code, is_deleted=False
    ).order_by("name")
