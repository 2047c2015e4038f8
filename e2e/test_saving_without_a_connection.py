"""A cell that saves itself as it is typed, when the save cannot arrive: a phone's data gone, the
hub's server restarting, the session ended. The text stays in its field, the cell says why, the
save is sent again by itself once it can arrive, and leaving the page first asks. (The kabupaten
meeting's notes, one of the autosaving cells every page shares: rembuk.core.autosave and
static/js/rembuk.js.)"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from e2e.conftest import (
    in_viewport,
    kabupaten_meeting_opened_by_its_team,
    log_in,
    screenshot,
    watch_errors,
)
from rembuk.core.models import ChangeLog
from rembuk.core.testing import DEFAULT_PASSWORD, full_plan, region, user_with_role
from rembuk.district.models import DistrictMeeting
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import Challenge
from rembuk.people import services as people
from rembuk.people.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)

# The kabupaten team's meeting whose notes are typed.
MEETING_DAY = datetime.date(2024, 4, 18)

WAINYAPU = "53.18.11.2006"
CHALLENGE = "Penyuluh pertanian belum pernah datang ke dusun atas."
NOTES = "Dinas Pertanian menjadwalkan ulang kunjungan penyuluh ke Wailangira."
# How long the page may take to send again by itself (it tries every 8 s, and at once when the
# connection returns or the person comes back to the page): a hang guard, not a timed check.
SENT_AGAIN_MS = 30_000


def _unsent_line(page: Page, says: str) -> None:
    line = page.locator("form.district-notes .status-unsent")
    expect(line).to_contain_text(says)
    line.scroll_into_view_if_needed()
    in_viewport(page, "form.district-notes .status-unsent")
    expect(page.locator("form.district-notes .status-saved")).to_be_hidden()


def test_a_note_typed_without_a_connection_says_so_and_is_saved_when_it_returns(
    page: Page, context: BrowserContext
) -> None:
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    context.set_offline(True)
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    _unsent_line(page, "server tidak dapat dihubungi")
    screenshot(page, "autosave-offline")
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == ""
    context.set_offline(False)
    saved = page.locator("form.district-notes .status-saved")
    expect(saved).to_be_visible(timeout=SENT_AGAIN_MS)
    expect(page.locator("form.district-notes .status-unsent")).to_have_count(0)
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES
    # htmx reports each failed send on the console itself, and the browser the lost connection.
    unexpected = [
        error
        for error in page.console_errors  # type: ignore[attr-defined]
        if not error.startswith("htmx:") and "ERR_INTERNET_DISCONNECTED" not in error
    ]
    assert unexpected == []


def test_a_note_typed_after_the_session_ended_is_saved_after_logging_in_again(
    page: Page, context: BrowserContext
) -> None:
    """The session ended (a password changed on the hub ends every session of the person): the
    save is refused, the cell says so with a link to log in again, which leads back to the page,
    where the text is put back and saved — with the new session's CSRF token."""
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    context.clear_cookies(name="sessionid")
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    _unsent_line(page, "sesi Anda sudah berakhir")
    screenshot(page, "autosave-signed-out")
    page.locator("form.district-notes .status-unsent a", has_text="Masuk lagi").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:login"))))
    page.locator("input[name=username]").fill("yohanis")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("button.wide").click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("district:meeting_detail", args=[meeting.id])))
    )
    expect(page.locator("form.district-notes textarea[name=minutes]")).to_have_value(NOTES)
    expect(page.locator("form.district-notes .status-saved")).to_be_visible(timeout=SENT_AGAIN_MS)
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES


def test_a_note_kept_in_the_browser_comes_back_to_its_writer_not_to_the_next_person(
    page: Page, context: BrowserContext
) -> None:
    """The browser closed before the connection returned (a phone does that): the note stays in
    this browser for its writer, who finds it put back and saved when they open the page again.
    A kecamatan laptop is shared: the next person to open the page there sees it as it is."""
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    context.set_offline(True)
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    _unsent_line(page, "server tidak dapat dihubungi")
    page.close()
    # The session goes before the connection returns: a send the closing page had started
    # could otherwise still reach the server (the network outlives the page by a moment).
    context.clear_cookies()
    context.set_offline(False)
    notes = reverse("district:meeting_detail", args=[meeting.id])

    other = watch_errors(context.new_page())
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="maria")
    log_in(other, "maria")
    other.goto(notes)
    expect(other.locator("form.district-notes textarea[name=minutes]")).to_have_value("")
    expect(other.locator("form.district-notes .status-unsent")).to_have_count(0)
    other.close()
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == ""
    context.clear_cookies()

    again = watch_errors(context.new_page())
    log_in(again, "yohanis")
    again.goto(notes)
    expect(again.locator("form.district-notes textarea[name=minutes]")).to_have_value(NOTES)
    expect(again.locator("form.district-notes .status-saved")).to_be_visible(timeout=SENT_AGAIN_MS)
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES
    assert again.console_errors == []  # type: ignore[attr-defined]


def test_a_note_typed_after_someone_else_logged_in_here_waits_for_its_writer(
    page: Page, context: BrowserContext
) -> None:
    """A shared laptop: the page stays open while the next person logs in in another tab. What
    is typed on it is not saved in their name: the cell says why, and the note is saved — by
    its writer — once that person has logged out and the writer has logged in again."""
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="maria")
    other = watch_errors(context.new_page())
    context.clear_cookies(name="sessionid")
    log_in(other, "maria")
    page.bring_to_front()
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    _unsent_line(page, "orang lain sudah masuk di peramban ini")
    screenshot(page, "autosave-other-person")
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == ""

    other.bring_to_front()
    with other.expect_navigation():
        other.locator("header .account button", has_text="Keluar").click()
    log_in(other, "yohanis")
    page.bring_to_front()
    expect(page.locator("form.district-notes .status-saved")).to_be_visible(timeout=SENT_AGAIN_MS)
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES
    written = ChangeLog.objects.filter(
        object_id=meeting.pk, action=ChangeLog.Action.UPDATE, changes__has_key="minutes"
    )
    assert [entry.actor.username for entry in written] == ["yohanis"]


def test_a_note_its_writer_may_no_longer_change_stays_on_the_page_and_says_so(
    page: Page, context: BrowserContext
) -> None:
    """The role was taken away while the page was open: sending the note again would not help.
    The cell says so and keeps the text for the person to copy; nothing is kept in the browser."""
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    people.membership_revoke(
        membership=Membership.objects.get(user__username="yohanis"),
        actor=user_with_role(Role.TIM_PROGRAM, "53"),
    )
    typed = page.locator("form.district-notes textarea[name=minutes]")
    typed.fill(NOTES)
    _unsent_line(page, "tidak dapat lagi mengubah isian ini")
    screenshot(page, "autosave-refused")
    expect(typed).to_have_value(NOTES)
    kept = page.evaluate("Object.keys(window.localStorage)")
    assert [key for key in kept if key.startswith("rembuk-unsent")] == []
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == ""


def test_a_note_left_before_its_pause_had_passed_comes_back_and_is_saved(page: Page) -> None:
    """A cell is sent once the typing pauses. The person typed and left at once (a link, a
    phone's Back): what was typed is kept in this browser meanwhile, so the page opened again
    puts it back and saves it."""
    meeting = kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    notes = page.url
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    page.goto(reverse("home:index"))
    page.goto(notes)
    expect(page.locator("form.district-notes textarea[name=minutes]")).to_have_value(NOTES)
    expect(page.locator("form.district-notes .status-saved")).to_be_visible(timeout=SENT_AGAIN_MS)
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES
    kept = page.evaluate("Object.keys(window.localStorage)")
    assert [key for key in kept if key.startswith("rembuk-unsent")] == []


def test_leaving_the_page_with_a_note_not_yet_sent_asks_first(
    page: Page, context: BrowserContext
) -> None:
    kabupaten_meeting_opened_by_its_team(page, MEETING_DAY)
    context.set_offline(True)
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    _unsent_line(page, "server tidak dapat dihubungi")
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.close(run_before_unload=True)
    expect(page.locator("form.district-notes textarea[name=minutes]")).to_have_value(NOTES)
    assert asked == ["beforeunload"]
    assert not page.is_closed()
    context.set_offline(False)


def test_a_challenge_typed_offline_comes_back_to_its_own_row_of_the_sheet_once(
    page: Page, context: BrowserContext
) -> None:
    """The cells of a meeting sheet share one address and differ by their row (and, once
    saved, their id): a challenge kept in the browser comes back to the row it was typed in,
    not to every row; saved once, it is forgotten, so opening the page again adds nothing."""
    plan = full_plan(WAINYAPU, goals=2, activities_per_goal=1)
    first, second = (str(goal.id) for goal in plan.goals.order_by("position"))
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=3),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    sheet = reverse("meetings:meeting_detail", args=[meeting.pk])
    page.goto(sheet)
    page.locator(f"#challenges-{first} form textarea[name=text]").fill("Harga jagung jatuh")
    expect(page.locator(f"#challenges-{first} form .status-saved")).to_be_visible()
    context.set_offline(True)
    typed = page.locator(f"#challenges-{second} form textarea[name=text]")
    typed.fill(CHALLENGE)
    expect(page.locator(f"#challenges-{second} form .status-unsent")).to_be_visible()
    page.close()
    context.set_offline(False)

    again = watch_errors(context.new_page())
    again.goto(sheet)
    expect(again.locator(f"#challenges-{second} form textarea[name=text]").first).to_have_value(
        CHALLENGE
    )
    expect(again.locator(f"#challenges-{second} form .status-saved")).to_be_visible(
        timeout=SENT_AGAIN_MS
    )
    expect(again.locator(f"#challenges-{first} form textarea[name=text]").first).to_have_value(
        "Harga jagung jatuh"
    )
    texts = sorted(Challenge.objects.values_list("goal_id", "text"))
    assert texts == sorted(
        [
            (plan.goals.get(pk=first).pk, "Harga jagung jatuh"),
            (plan.goals.get(pk=second).pk, CHALLENGE),
        ]
    )
    again.reload()
    expect(again.locator(f"#challenges-{second} form textarea[name=text]").first).to_have_value(
        CHALLENGE
    )
    again.wait_for_timeout(1000)  # a second put-back would send now
    assert Challenge.objects.count() == 2
    assert again.console_errors == []  # type: ignore[attr-defined]
