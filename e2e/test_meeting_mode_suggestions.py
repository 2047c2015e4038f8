"""Issue 6, "Done when": in meeting mode a challenge is typed, a similar lesson from another
village is suggested, and one click adds it to the row on screen as a gagasan_desa_lain."""

from __future__ import annotations

import datetime
import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.learning import services as learning_services
from rembuk.learning.models import Lesson, SuggestionJudgement
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

KODI_BALAGHAR = "53.18.11"


def a_meeting_and_lessons() -> tuple[CoordinationMeeting, Lesson, Lesson]:
    kecamatan = region(KODI_BALAGHAR)
    desas = list(kecamatan.children.order_by("code")[:3])
    for desa in desas[:2]:
        full_plan(desa.code, goals=2, activities_per_goal=2)
    meeting = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 9, 12), villages=desas[:2], actor=None
    )
    neighbour = learning_services.lesson_create(
        desa=desas[2],
        actor=None,
        happened_on=datetime.date(2024, 3, 28),
        what_happened="Penyuluh pertanian tidak hadir selama tiga bulan",
        why="Kantor penyuluh jauh dan tidak ada kendaraan",
        what_was_tried="Kelompok tani menjemput penyuluh dengan ojek bergiliran",
        outcome=Lesson.Outcome.WORKED,
    )
    # Another kabupaten's lesson, not shared: the kecamatan must never see it suggested.
    hidden = learning_services.lesson_create(
        desa=region("81.05.15.2001"),
        actor=None,
        happened_on=datetime.date(2024, 2, 1),
        what_happened="Penyuluh perikanan tidak pernah datang ke kampung",
        what_was_tried="Nelayan belajar dari video di telepon",
        outcome=Lesson.Outcome.PARTLY,
    )
    return meeting, neighbour, hidden


def test_a_suggestion_from_another_village_is_added_from_meeting_mode(page: Page, live_server):
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting, lesson, hidden = a_meeting_and_lessons()
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    first_desa = page.locator(".stage-desa strong").inner_text()
    page.keyboard.press("ArrowDown")  # the room moves on to the second goal row
    expect(page.locator("tr.is-current")).to_have_id("row-1")

    page.locator("#capture summary").click()
    page.locator("#capture-text").press_sequentially("penyuluhnya tdk pernah datang", delay=20)
    suggestion = page.locator("#capture-suggestions .suggestion")
    expect(suggestion).to_have_count(1, timeout=8000)
    expect(suggestion).to_contain_text(lesson.desa.name)
    expect(suggestion).to_contain_text("ojek bergiliran")
    expect(page.locator("#capture-suggestions")).not_to_contain_text(hidden.desa.name)
    # The stage kept polling while the panel was used: the typed text is still there.
    page.wait_for_timeout(2500)
    expect(page.locator("#capture-text")).to_have_value("penyuluhnya tdk pernah datang")
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot(page, "meeting-mode-suggestion")

    suggestion.locator("button.adopt-button").click()
    expect(page.locator("#capture .message.success")).to_be_visible()
    challenge = Challenge.objects.get()
    followup = FollowUp.objects.get()
    goal = challenge.sheet.plan.goals.order_by("position")[1]
    assert challenge.sheet.desa.name == first_desa and challenge.goal == goal
    assert challenge.text == "penyuluhnya tdk pernah datang"
    assert followup.kind == FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE
    assert (followup.source_lesson, followup.goal) == (lesson, goal)
    # The projector shows both on the current row at its next poll.
    current = page.locator("#stage tr.is-current")
    expect(current).to_contain_text("penyuluhnya tdk pernah datang", timeout=6000)
    expect(current).to_contain_text("ojek bergiliran")
    errors = page.console_errors  # type: ignore[attr-defined]
    if os.environ.get("E2E_SCREENSHOTS"):
        # Playwright's screenshot injects a style (it hides the caret) that the CSP blocks.
        errors = [e for e in errors if "Applying inline style" not in e]
    assert errors == []
    screenshot(page, "meeting-mode-suggestion-added")


def test_without_javascript_the_panel_saves_then_offers_the_suggestions(no_js_page: Page):
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting, lesson, _hidden = a_meeting_and_lessons()
    page = no_js_page
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    page.locator("#capture summary").click()
    page.locator("#capture-text").fill("Penyuluh tidak hadir")
    page.locator("#capture form.capture-form button[type=submit]").click()
    expect(page.locator(".suggestion")).to_contain_text(lesson.desa.name)
    page.locator(".suggestion button.adopt-button").click()
    expect(page).to_have_url(f"{reverse('meetings:meeting_mode', args=[meeting.id])}", timeout=5000)
    assert FollowUp.objects.get().source_lesson == lesson
    assert Challenge.objects.count() == 1


def test_a_suggestion_that_does_not_fit_is_dismissed_from_meeting_mode(page: Page, live_server):
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting, lesson, _hidden = a_meeting_and_lessons()
    other = learning_services.lesson_create(
        desa=lesson.desa,
        actor=None,
        happened_on=datetime.date(2024, 5, 2),
        what_happened="Penyuluh perkebunan jarang datang ke kebun kelapa",
        what_was_tried="Desa menyurati dinas perkebunan",
        outcome=Lesson.Outcome.UNKNOWN,
    )
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    page.locator("#capture summary").click()
    page.locator("#capture-text").press_sequentially("penyuluh jarang datang", delay=20)
    suggestions = page.locator("#capture-suggestions .suggestion")
    expect(suggestions).to_have_count(2, timeout=8000)
    unfit = suggestions.filter(has_text="menyurati dinas perkebunan")
    unfit.get_by_role("button", name="Tidak cocok").click()

    expect(page.locator("#capture .message.success")).to_be_in_viewport()
    expect(page.locator("#capture-suggestions .suggestion")).to_have_count(1)
    expect(page.locator("#capture-suggestions")).not_to_contain_text("menyurati dinas")
    expect(page.locator("#capture-text")).to_have_value("penyuluh jarang datang")
    judgement = SuggestionJudgement.objects.get()
    assert (judgement.lesson, judgement.verdict) == (other, SuggestionJudgement.Verdict.DISMISSED)
    assert judgement.challenge_text == "penyuluh jarang datang"
    screenshot(page, "meeting-mode-suggestion-dismissed")
