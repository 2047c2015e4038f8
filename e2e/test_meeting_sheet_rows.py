"""A row of the meeting sheet takes another follow-up or challenge, with JavaScript and without.

Each goal row of an open sheet ends with one blank form per column; "+ Tambah tindak lanjut" and
"+ Tambah kendala" bring another blank form into the row (htmx). Without JavaScript, or opened in
a new tab, the same link leads to the row's own blank form on the whole page.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def _meeting_with_one_row() -> tuple[CoordinationMeeting, str]:
    """A meeting of one village whose plan has one goal; (the meeting, the goal's id)."""
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    meeting = services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=3),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    return meeting, str(plan.goals.get().id)


def test_another_follow_up_opens_in_its_row_and_both_are_kept(page: Page) -> None:
    meeting, goal = _meeting_with_one_row()
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    forms = page.locator(f"#followups-{goal} form")
    expect(forms).to_have_count(1)
    forms.nth(0).locator("textarea[name=text]").fill("Minta nomor kontak penyuluh pertanian")
    expect(forms.nth(0).locator(".status-saved")).to_be_visible()

    page.locator(f"#goal-{goal} a.add-another", has_text="Tambah tindak lanjut").click()
    expect(forms).to_have_count(2)
    second = forms.nth(1).locator("textarea[name=text]")
    second.scroll_into_view_if_needed()
    in_viewport(page, f"#followups-{goal} form >> nth=1 >> textarea[name=text]")
    second.fill("Pelatihan pupuk organik bersama kelompok tani")
    expect(forms.nth(1).locator(".status-saved")).to_be_visible()
    screenshot(page, "meeting-row-another-follow-up")

    assert set(FollowUp.objects.values_list("text", flat=True)) == {
        "Minta nomor kontak penyuluh pertanian",
        "Pelatihan pupuk organik bersama kelompok tani",
    }
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_without_javascript_another_challenge_is_the_rows_blank_form(no_js_page: Page) -> None:
    meeting, goal = _meeting_with_one_row()
    page = no_js_page
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    page.locator(f"#goal-{goal} a.add-another", has_text="Tambah kendala").click()
    # The whole page, at the row's challenges, not a bare fragment of it.
    assert page.url.endswith(f"#challenges-{goal}")
    expect(page.locator("header.top")).to_have_count(1)
    blank = page.locator(f"#challenges-{goal} form").last
    blank.locator("textarea[name=text]").fill("Hama ulat grayak menyerang jagung")
    in_viewport(page, f"#challenges-{goal} form >> nth=-1 >> textarea[name=text]")
    screenshot(page, "meeting-row-another-challenge-no-js")
    blank.locator("button[type=submit]").click()

    expect(page.locator(f"#challenges-{goal}")).to_contain_text("Hama ulat grayak menyerang jagung")
    assert list(Challenge.objects.values_list("text", flat=True)) == [
        "Hama ulat grayak menyerang jagung"
    ]
