"""A person edits a drafted lesson: the summary, whether it worked, and the suggested themes
(confirmed by saving); the programme team shares it beyond its kabupaten. Search follows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import region, user_with_role
from rembuk.learning import services as learning_services
from rembuk.learning.models import Lesson
from rembuk.learning.search import ranking
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def a_lesson() -> Lesson:
    return learning_services.lesson_create(
        desa=region(WAINYAPU),
        actor=None,
        happened_on=datetime.date(2024, 3, 28),
        what_happened="Hama tikus menyerang jagung menjelang panen",
        what_was_tried="Belum ada",
        outcome=Lesson.Outcome.UNKNOWN,
    )


def test_editing_a_lesson_saves_the_text_the_outcome_and_confirms_the_themes(
    page: Page, live_server
):
    lesson = a_lesson()
    assert "hama" in lesson.suggested_themes and lesson.themes == []
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    log_in(page, user.username)
    page.goto(reverse("learning:lesson_detail", args=[lesson.id]))
    page.locator(f"a[href='{reverse('learning:lesson_edit', args=[lesson.id])}']").click()
    expect(page.locator("input[name=themes][value=hama]")).to_be_checked()  # suggested
    page.locator("textarea[name=what_was_tried]").fill(
        "Gropyokan tikus bersama kelompok tani dan pagar plastik di sekeliling kebun"
    )
    page.locator("select[name=outcome]").select_option("berhasil")
    screenshot(page, "lesson-edit")
    page.locator("form.lesson-form button[type=submit]").click()

    expect(page).to_have_url(reverse("learning:lesson_detail", args=[lesson.id]))
    expect(page.locator("dl.lesson")).to_contain_text("Gropyokan tikus")
    expect(page.locator(".messages .success")).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.outcome == "berhasil" and lesson.summary_edited
    assert lesson.themes == ["hama"]  # confirmed by saving
    # The search page finds it by the new words, under the confirmed theme.
    page.goto(reverse("learning:lesson_search") + "?q=gropyokan&theme=hama")
    expect(page.locator(".lesson-result")).to_have_count(1)
    expect(page.locator(".lesson-result mark").first).to_have_text("Gropyokan")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_programme_team_shares_a_lesson_beyond_its_kabupaten(page: Page, live_server):
    lesson = a_lesson()
    seram = user_with_role(Role.KECAMATAN, "81.05.15")
    assert ranking.search("tikus jagung", user=seram)[1] == []
    programme = user_with_role(Role.TIM_PROGRAM, "53.18")
    log_in(page, programme.username)
    page.goto(reverse("learning:lesson_edit", args=[lesson.id]))
    page.locator("input[name=shared_beyond_kabupaten]").check()
    page.locator("form.lesson-form button[type=submit]").click()
    expect(page).to_have_url(reverse("learning:lesson_detail", args=[lesson.id]))
    lesson.refresh_from_db()
    assert lesson.shared_beyond_kabupaten
    assert [hit.lesson for hit in ranking.search("tikus jagung", user=seram)[1]] == [lesson]
