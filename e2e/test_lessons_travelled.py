"""The programme team sees which lessons travelled between villages and whether they worked
there: from the lesson search page to the page of lessons taken up at other meetings."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.learning import services as learning_services
from rembuk.learning.models import Lesson
from rembuk.meetings import services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

KODI_BALAGHAR = "53.18.11"
NOTE = "Kelompok tani menjemput penyuluh bergiliran; penyuluh datang dua kali sebulan."


def a_lesson_taken_up_and_reviewed() -> tuple[Lesson, str]:
    kecamatan = region(KODI_BALAGHAR)
    here, neighbour = list(kecamatan.children.order_by("code")[:2])
    full_plan(here.code, goals=1, activities_per_goal=1)
    staff = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    lesson = learning_services.lesson_create(
        desa=neighbour,
        actor=None,
        happened_on=datetime.date(2023, 11, 2),
        what_happened="Penyuluh pertanian tidak hadir selama tiga bulan",
        what_was_tried="Kelompok tani menjemput penyuluh dengan ojek bergiliran",
        outcome=Lesson.Outcome.WORKED,
    )
    meeting = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=[here], actor=staff
    )
    sheet = MeetingSheet.objects.get(meeting=meeting)
    followup = learning_services.lesson_adopt(
        lesson=lesson,
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        actor=staff,
        challenge_text="penyuluh tidak pernah datang",
    )
    later = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 7, 25), villages=[here], actor=staff
    )
    services.followup_review_record(
        meeting=later, followup=followup, status=FollowUp.Status.DONE, note=NOTE, actor=staff
    )
    return lesson, here.name


def test_the_programme_team_sees_which_lessons_travelled_and_how_they_went(
    page: Page, live_server
) -> None:
    lesson, village = a_lesson_taken_up_and_reviewed()
    program = user_with_role(Role.TIM_PROGRAM, "53")
    log_in(page, program.username)
    page.goto(reverse("learning:lesson_search"))
    page.get_by_role("link", name="Di mana pembelajaran dipakai").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("learning:lessons_travelled")) + "$"))

    heading = page.get_by_role("link", name=lesson.what_happened)
    expect(heading).to_be_in_viewport()
    row = page.locator(".travel-table tbody tr").filter(has_text=village)
    expect(row).to_be_in_viewport()
    expect(row.locator(".badge")).to_have_text("Selesai")
    expect(row).to_contain_text(NOTE)
    box = row.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 10
    screenshot(page, "lessons-travelled")
    assert page.console_errors == []  # type: ignore[attr-defined]
