"""The lists a kabupaten facilitator starts from, and a meeting's details corrected.

The kabupaten facilitator opens "Rapat" from the menu: every kecamatan of the kabupaten with its
meetings, one click to a meeting. "Pemantauan" lists the kabupaten's villages with their latest
monitoring session, one click to a village's sessions. A kecamatan user corrects the place and
time of a scheduled meeting from the meeting page's own actions.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, in_viewport, log_in, more_actions, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def _meeting() -> CoordinationMeeting:
    full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    return services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=10),
        villages=[region(WAINYAPU)],
        actor=None,
    )


def test_a_kabupaten_facilitator_finds_meetings_and_village_monitoring_from_the_menu(
    page: Page,
) -> None:
    meeting = _meeting()
    user_with_role(Role.FASILITATOR_KABUPATEN, "53.18", username="faskab.sbd")
    log_in(page, "faskab.sbd")

    follow_menu(page, "meetings:meeting_list")
    expect(page.locator("h1")).to_have_text("Pertemuan koordinasi kecamatan")
    row = page.locator("table.list tr", has_text="Kodi Balaghar")
    expect(row).to_be_visible()
    screenshot(page, "meeting-list-kabupaten")
    row.locator(f"a[href='{reverse('meetings:meeting_detail', args=[meeting.pk])}']").click()
    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[meeting.pk]))

    follow_menu(page, "monitoring:review_index")
    expect(page.locator("h1")).to_have_text("Pemantauan desa")
    village = page.locator("table.list tr", has_text="Wainyapu")
    expect(village).to_be_visible()
    village.locator("a").first.click()
    expect(page).to_have_url(reverse("monitoring:review_list", args=[WAINYAPU]))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_user_corrects_a_scheduled_meetings_place(page: Page) -> None:
    meeting = _meeting()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    more_actions(page)
    page.get_by_role("link", name="Ubah rincian").click()
    expect(page).to_have_url(reverse("meetings:meeting_edit", args=[meeting.pk]))
    page.locator("input[name=place]").fill("Aula Kantor Camat Kodi Balaghar")
    page.locator("input[name=start_time]").fill("09:30")
    screenshot(page, "meeting-edit")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[meeting.pk]))
    expect(page.locator("main")).to_contain_text("Aula Kantor Camat Kodi Balaghar")
    in_viewport(page, "main h1")
    meeting.refresh_from_db()
    assert meeting.place == "Aula Kantor Camat Kodi Balaghar"
    assert meeting.start_time == datetime.time(9, 30)
    assert page.console_errors == []  # type: ignore[attr-defined]
