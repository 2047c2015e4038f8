"""A form as a person sends it, on the connections and laptops Rembuk is used on (ADR 0031,
0032).

On a slow connection nothing seems to happen after the click, so they click again: the browser
sends the form once, its buttons show that it is on its way, and the person lands where one
click takes them; a form whose answer is a file takes a click again a few seconds later. Where
the browser does send it twice (no JavaScript), the server carries it out once.

After the session ended (or someone logged in again on this browser), a form does not arrive:
the person is told, logs in again, and finds what they filled in back in the form, on the page
it was on, to send again — their own text only, never the next person's on a shared laptop
(rembuk.core.middleware, static/js/rembuk.js)."""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import (
    BrowserContext,
    CDPSession,
    Dialog,
    FloatRect,
    Locator,
    Page,
    Request,
    expect,
)

from e2e.conftest import kabupaten_meeting_opened_by_its_team, log_in, log_in_here, screenshot
from rembuk.core.testing import full_plan, user_with_role
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports.testing import add_sheet, make_meeting, seed_x_plan

pytestmark = pytest.mark.django_db(transaction=True)

# The kabupaten team's meeting whose agenda takes a topic.
KABUPATEN_MEETING_DAY = datetime.date(2027, 4, 18)

KODI_BALAGHAR = "53.18.11"
# What the connection adds to every request: the first click's answer is still on its way when
# the second click comes.
SLOW_MS = 3000
ARRIVAL_S = 30
# How long a note waits to be sent again once the connection returns (rembuk.js tries every 8 s):
# a hang guard.
SENT_AGAIN_MS = 30_000
TOPIC = "Kunjungan penyuluh ke dusun atas"
PURPOSE = "Berbagi pembelajaran tentang pemasaran kopi dan jambu mete antar desa."
NOTES = "Dinas Pertanian menjadwalkan ulang kunjungan penyuluh ke Wailangira."


def _slow_connection(page: Page) -> CDPSession:
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": SLOW_MS, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    return devtools


def _click_again(devtools: CDPSession, box: FloatRect) -> None:
    """A second click where the button was, as the mouse gives it (Playwright's own click would
    first wait for the page the first click asked for)."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for kind in ("mousePressed", "mouseReleased"):
        devtools.send(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
        )


def _arrived(done: Callable[[], bool]) -> None:
    """Wait until the server has done what the first click asked (a hang guard, not a timed
    check)."""
    deadline = time.monotonic() + ARRIVAL_S
    while not done():
        assert time.monotonic() < deadline, "the first click never reached the server"
        time.sleep(0.05)


def _posts_to(page: Page, path: str) -> list[Request]:
    posts: list[Request] = []
    page.on(
        "request",
        lambda request: (
            posts.append(request)
            if request.method == "POST" and request.url.endswith(path)
            else None
        ),
    )
    return posts


def _click_twice_slowly(page: Page, button: Locator, first_arrived: Callable[[], bool]) -> None:
    """Click, and click again once the server has done what the first click asked while its
    answer is still on a slow connection."""
    box = button.bounding_box()
    assert box is not None
    devtools = _slow_connection(page)
    button.click(no_wait_after=True)
    _arrived(first_arrived)
    _click_again(devtools, box)


def _meeting_form(page: Page, *villages: str) -> str:
    """The kecamatan's form for its next meeting, its date and place filled in, for villages
    with a plan each; its address."""
    for desa in villages:
        full_plan(desa, goals=1, activities_per_goal=2)
    user_with_role(Role.KECAMATAN, KODI_BALAGHAR, username="camat.kodi")
    log_in(page, "camat.kodi")
    form_path = reverse("meetings:meeting_create", args=[KODI_BALAGHAR])
    page.goto(form_path)
    page.locator("input[name=date]").fill("20-01-2027")
    page.locator("input[name=place]").fill("Aula Kantor Camat")
    return form_path


def _meeting_scheduled_with_two_slow_clicks(page: Page) -> list[Request]:
    """The kecamatan's meeting form clicked twice on a slow connection; the form's POSTs."""
    posts = _posts_to(page, _meeting_form(page, f"{KODI_BALAGHAR}.2006"))
    _click_twice_slowly(
        page,
        page.get_by_role("button", name="Jadwalkan pertemuan"),
        CoordinationMeeting.objects.exists,
    )
    return posts


def test_a_meeting_scheduled_with_two_clicks_on_a_slow_connection_is_sent_once(
    page: Page,
) -> None:
    posts = _meeting_scheduled_with_two_slow_clicks(page)

    # Sent twice, the second found the first's meeting and answered with the form and "Kecamatan
    # Kodi Balaghar sudah punya pertemuan pada 20-01-2027".
    expect(page.locator(".messages")).to_contain_text(
        "Pertemuan sudah dijadwalkan", timeout=ARRIVAL_S * 1000
    )
    meeting = CoordinationMeeting.objects.get(kecamatan__code=KODI_BALAGHAR)
    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert len(posts) == 1, [post.url for post in posts]
    assert meeting.date == datetime.date(2027, 1, 20)
    screenshot(page, "sent-once-meeting")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_agenda_topic_added_with_two_clicks_on_a_slow_connection_is_added_once(
    page: Page,
) -> None:
    meeting = kabupaten_meeting_opened_by_its_team(page, KABUPATEN_MEETING_DAY)
    page.locator("#topic-title").fill(TOPIC)
    topics = AgendaItem.objects.filter(meeting=meeting, title=TOPIC)

    _click_twice_slowly(page, page.locator("form.add-topic button"), topics.exists)

    # Sent twice, it was on the agenda twice.
    topic = page.locator("#agenda p.agenda-topic", has_text=TOPIC)
    expect(topic).to_have_count(1, timeout=ARRIVAL_S * 1000)
    expect(topic).to_be_in_viewport()
    assert topics.count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_without_javascript_a_form_sent_twice_on_a_slow_connection_is_carried_out_once(
    no_js_page: Page,
) -> None:
    """No script holds the form: the browser sends it twice. The server carries it out once
    and answers the second send with where the first led (rembuk.core.sent_once, ADR 0032)."""
    page = no_js_page
    posts = _meeting_scheduled_with_two_slow_clicks(page)

    # Without the server's rule the second send found the first's meeting and answered with
    # the form and "Kecamatan Kodi Balaghar sudah punya pertemuan pada 20-01-2027".
    notice = page.locator(".messages", has_text="hanya diproses sekali")
    expect(notice).to_be_in_viewport(timeout=ARRIVAL_S * 1000)
    # What the first answer said, which the browser dropped for the second, said again: once.
    expect(page.locator(".messages li", has_text="Pertemuan sudah dijadwalkan")).to_have_count(1)
    meeting = CoordinationMeeting.objects.get(kecamatan__code=KODI_BALAGHAR)
    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert len(posts) == 2, [post.url for post in posts]
    screenshot(page, "sent-once-without-javascript")


def test_a_form_held_by_the_question_before_leaving_can_be_sent_again(
    page: Page, context: BrowserContext
) -> None:
    """A note not yet saved makes the page ask before it is left; the person stays, and the
    form they had sent must take their click again once the note is saved."""
    meeting = kabupaten_meeting_opened_by_its_team(page, KABUPATEN_MEETING_DAY)
    context.set_offline(True)
    page.locator("form.district-notes textarea[name=minutes]").fill(NOTES)
    expect(page.locator("form.district-notes .status-unsent")).to_be_visible()
    page.locator("#topic-title").fill(TOPIC)
    asked: list[str] = []

    def stay(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("form.add-topic button").click(no_wait_after=True)
    expect(page.locator("form.add-topic")).not_to_have_attribute("aria-busy", "true")
    assert asked == ["beforeunload"]

    context.set_offline(False)
    expect(page.locator("form.district-notes .status-saved")).to_be_visible(timeout=SENT_AGAIN_MS)
    page.locator("form.add-topic button").click()
    expect(page.locator("#agenda p.agenda-topic", has_text=TOPIC)).to_have_count(1)
    assert AgendaItem.objects.filter(meeting=meeting, title=TOPIC).count() == 1
    assert DistrictMeeting.objects.get(pk=meeting.pk).minutes == NOTES


def test_a_file_asked_twice_at_once_comes_once_and_can_be_asked_again(page: Page) -> None:
    meeting = make_meeting(KODI_BALAGHAR)
    add_sheet(meeting, f"{KODI_BALAGHAR}.2006", seed_x_plan(f"{KODI_BALAGHAR}.2006"))
    user_with_role(Role.KECAMATAN, KODI_BALAGHAR, username="camat.kodi")
    log_in(page, "camat.kodi")
    page.clock.install()  # the page's few seconds pass when the test says
    page.goto(reverse("reports:meeting_downloads", args=[meeting.pk]))
    export_path = reverse("reports:meeting_export", args=[meeting.pk, "xlsx"])
    posts = _posts_to(page, export_path)
    button = page.get_by_role("button", name="Matriks 3 semua desa (XLSX)")
    form = page.locator(f"form[action='{export_path}']")

    with page.expect_download() as first:
        button.click()
        button.click()  # at once: the same file is on its way
    assert first.value.suggested_filename.endswith(".xlsx")
    expect(form).to_have_attribute("aria-busy", "true")
    assert len(posts) == 1

    # The page stays where it was: a few seconds later the button takes a click again, for a
    # second copy.
    page.clock.run_for(3_500)
    expect(form).not_to_have_attribute("aria-busy", "true")
    with page.expect_download() as second:
        button.click()
    assert second.value.suggested_filename == first.value.suggested_filename
    assert len(posts) == 2
    assert page.console_errors == []  # type: ignore[attr-defined]


def _session_ends() -> None:
    """The session expires (or is ended on the hub) while the page is open."""
    Session.objects.all().delete()


def _told_it_was_not_sent(page: Page) -> None:
    expect(page).to_have_url(re.compile(re.escape(reverse("people:login")) + r"\?next="))
    told = page.locator(".messages .form-not-sent")
    expect(told).to_have_text(
        "Formulir Anda belum terkirim: sesi Anda sudah berakhir. Masuk lagi, lalu kirim lagi."
    )
    expect(told).to_be_in_viewport()


RESTORED = (
    "Isian Anda dikembalikan ke formulir ini karena belum terkirim. Periksa, lalu kirim lagi."
)


def test_a_meeting_form_sent_after_the_session_ended_comes_back_filled_in(page: Page) -> None:
    form_page = _meeting_form(page, f"{KODI_BALAGHAR}.2006", f"{KODI_BALAGHAR}.2001")
    page.locator("textarea[name=purpose]").fill(PURPOSE)
    page.locator(f"input[name=villages][value='{KODI_BALAGHAR}.2001']").uncheck()

    _session_ends()
    page.get_by_role("button", name="Jadwalkan pertemuan").click()
    _told_it_was_not_sent(page)
    assert not CoordinationMeeting.objects.exists()
    screenshot(page, "form-not-sent-login")

    log_in_here(page, "camat.kodi")
    expect(page).to_have_url(form_page)
    notice = page.locator(".form-restored")
    expect(notice).to_have_text(RESTORED)
    expect(notice).to_be_in_viewport()
    expect(page.locator("input[name=date]")).to_have_value("20-01-2027")
    expect(page.locator("input[name=place]")).to_have_value("Aula Kantor Camat")
    expect(page.locator("textarea[name=purpose]")).to_have_value(PURPOSE)
    expect(page.locator(f"input[name=villages][value='{KODI_BALAGHAR}.2006']")).to_be_checked()
    expect(page.locator(f"input[name=villages][value='{KODI_BALAGHAR}.2001']")).not_to_be_checked()
    screenshot(page, "form-not-sent-back")

    page.get_by_role("button", name="Jadwalkan pertemuan").click()
    expect(page.locator(".messages")).to_contain_text("Pertemuan sudah dijadwalkan")
    meeting = CoordinationMeeting.objects.get()
    assert (meeting.place, meeting.purpose) == ("Aula Kantor Camat", PURPOSE)
    assert [sheet.desa.code for sheet in meeting.sheets.all()] == [f"{KODI_BALAGHAR}.2006"]
    # Sent, it is forgotten: the form opened again is empty.
    page.goto(form_page)
    expect(page.locator("input[name=place]")).to_have_value("")
    expect(page.locator(".form-restored")).to_have_count(0)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_topic_sent_after_the_session_ended_comes_back_on_its_meeting_page(page: Page) -> None:
    """The topic's form posts to an address of its own, which answers only a POST: logging in
    again leads to the meeting's page the form was on."""
    meeting = kabupaten_meeting_opened_by_its_team(page, KABUPATEN_MEETING_DAY)
    page.locator("#topic-title").fill(TOPIC)
    _session_ends()
    page.locator("form.add-topic button").click()
    _told_it_was_not_sent(page)

    log_in_here(page, "yohanis")
    expect(page).to_have_url(reverse("district:meeting_detail", args=[meeting.pk]))
    expect(page.locator(".form-restored")).to_be_in_viewport()
    expect(page.locator("#topic-title")).to_have_value(TOPIC)
    page.locator("form.add-topic button").click()
    expect(page.locator("#agenda p.agenda-topic", has_text=TOPIC)).to_have_count(1)
    assert AgendaItem.objects.filter(meeting=meeting, title=TOPIC).count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


def _topic_sent_after_a_login_in_another_tab(
    page: Page, context: BrowserContext, username: str
) -> str:
    """Yohanis types a topic on the kabupaten meeting's page; meanwhile `username` logs in
    again in another tab of the browser; then the topic is sent, and refused as expired. The
    meeting page's address."""
    meeting = kabupaten_meeting_opened_by_its_team(page, KABUPATEN_MEETING_DAY)
    meeting_page = reverse("district:meeting_detail", args=[meeting.pk])
    page.locator("#topic-title").fill(TOPIC)
    other_tab = context.new_page()
    other_tab.goto(meeting_page)
    other_tab.get_by_role("button", name="Keluar").click()
    log_in(other_tab, username)
    other_tab.close()
    page.locator("form.add-topic button").click()
    expect(page.locator("h1.form-not-sent")).to_be_visible()
    return meeting_page


def test_a_form_not_sent_comes_back_to_its_writer_only(page: Page, context: BrowserContext) -> None:
    """A shared kabupaten laptop: while Yohanis types a topic, Maria logs in in another tab.
    His form no longer arrives (the page says it had expired), the meeting page opened again
    is Maria's and stays empty — she does not get his text, nor send it in her name — and
    Yohanis, back on this browser, finds it in the form."""
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="maria")
    meeting_page = _topic_sent_after_a_login_in_another_tab(page, context, "maria")
    # Maria is told to copy by hand: nothing is kept for her.
    expect(page.locator(".form-copy-by-hand")).to_be_visible()
    expect(page.locator(".form-kept")).to_be_hidden()
    page.get_by_role("link", name="Buka lagi halaman tadi").click()
    expect(page).to_have_url(meeting_page)
    expect(page.locator("#topic-title")).to_have_value("")
    expect(page.locator(".form-restored")).to_have_count(0)

    page.get_by_role("button", name="Keluar").click()
    log_in(page, "yohanis")
    page.goto(meeting_page)
    expect(page.locator("#topic-title")).to_have_value(TOPIC)
    expect(page.locator(".form-restored")).to_be_in_viewport()
    assert not AgendaItem.objects.filter(title=TOPIC).exists()
    page.locator("form.add-topic button").click()
    expect(page.locator("#agenda p.agenda-topic", has_text=TOPIC)).to_have_count(1)


def test_a_form_expired_by_its_writers_new_login_says_it_is_kept_and_comes_back(
    page: Page, context: BrowserContext
) -> None:
    """Yohanis logs in again in another tab (his session there ended) while his topic waits in
    the first: the expired-form page tells him his text is kept, not to copy it by hand, and
    opening the page again puts it back."""
    _topic_sent_after_a_login_in_another_tab(page, context, "yohanis")
    expect(page.locator(".form-kept")).to_be_in_viewport()
    expect(page.locator(".form-kept")).to_contain_text("tersimpan di peramban ini")
    expect(page.locator(".form-copy-by-hand")).to_be_hidden()
    screenshot(page, "expired-form-kept")
    page.get_by_role("link", name="Buka lagi halaman tadi").click()
    expect(page.locator("#topic-title")).to_have_value(TOPIC)
    expect(page.locator(".form-restored")).to_be_in_viewport()


def test_a_button_sent_after_the_session_ended_brings_back_no_notice(page: Page) -> None:
    """A form with nothing filled in (an export's button) has nothing to give back: the login
    page says it was not sent, and its page opens again as it was, with no notice."""
    meeting = make_meeting(KODI_BALAGHAR)
    add_sheet(meeting, f"{KODI_BALAGHAR}.2006", seed_x_plan(f"{KODI_BALAGHAR}.2006"))
    user_with_role(Role.KECAMATAN, KODI_BALAGHAR, username="camat.kodi")
    log_in(page, "camat.kodi")
    downloads = reverse("reports:meeting_downloads", args=[meeting.pk])
    page.goto(downloads)
    _session_ends()
    page.get_by_role("button", name="Matriks 3 semua desa (XLSX)").click()
    _told_it_was_not_sent(page)
    log_in_here(page, "camat.kodi")
    expect(page).to_have_url(downloads)
    expect(page.get_by_role("button", name="Matriks 3 semua desa (XLSX)")).to_be_visible()
    expect(page.locator(".form-restored")).to_have_count(0)
