"""Who may read and edit lessons.

Read: every role; which lessons a person sees is the selectors' business (their kabupaten's
lessons, lessons shared beyond the kabupaten, everything for tim_program).
Edit (the summary and the themes): those who may edit the village's plan or run its kecamatan's
meetings. Share beyond the kabupaten: tim_program only.
Adopt or dismiss an idea in a meeting: those who run the meeting (rembuk.meetings.permissions).
See where lessons travelled: tim_program, tim_kabupaten and fasilitator_kabupaten, in their
region.
"""

from __future__ import annotations

from typing import Any

from rembuk.meetings.permissions import MEETING_MANAGE_ROLES
from rembuk.people.models import Role
from rembuk.people.permissions import PLAN_EDIT_ROLES, READ_ROLES, has_any_role, has_role_over

LESSON_EDIT_ROLES = PLAN_EDIT_ROLES | MEETING_MANAGE_ROLES
LESSON_SHARE_ROLES = frozenset({Role.TIM_PROGRAM})
# Which lessons travelled, and whether they worked there: the programme team, and the
# kabupaten's team and facilitators for their kabupaten.
TRAVEL_ROLES = frozenset({Role.TIM_PROGRAM, Role.TIM_KABUPATEN, Role.FASILITATOR_KABUPATEN})


def can_edit_lesson_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, LESSON_EDIT_ROLES)


def can_share_lesson_of(user: Any, desa_code: str) -> bool:
    return has_role_over(user, desa_code, LESSON_SHARE_ROLES)


# --- rules attached to views ---------------------------------------------------------------


def can_read_lessons(user: Any) -> bool:
    return has_any_role(user, READ_ROLES)


def can_edit_some_lesson(user: Any) -> bool:
    return has_any_role(user, LESSON_EDIT_ROLES)


def can_adopt_lessons(user: Any) -> bool:
    return has_any_role(user, MEETING_MANAGE_ROLES)


def can_see_travels(user: Any) -> bool:
    return has_any_role(user, TRAVEL_ROLES)
