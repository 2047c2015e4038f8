"""The meeting page saves as it is typed; meeting mode follows the laptop; a phone opens a link."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import OperationalError
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import LAPTOP, log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, CoordinationMeeting, PresenterState
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(page: Page, condition: Callable[[], bool], seconds: float = 5) -> None:
    for _ in range(int(seconds * 10)):
        try:
            if condition():
                return
        except OperationalError:
            pass  # SQLite in memory: the live server is writing that table right now
        page.wait_for_timeout(100)
    raise AssertionError("the change did not reach the server in time")


def a_meeting() -> CoordinationMeeting:
    kecamatan = region("53.18.11")
    desas = list(kecamatan.children.order_by("code")[:2])
    for desa in desas:
        full_plan(desa.code, goals=2, activities_per_goal=3)
    return services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=None
    )


def test_typing_a_challenge_saves_it_and_the_projector_follows_the_laptop(
    page: Page, browser: Browser, live_server
):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = a_meeting()
    first, second = list(meeting.sheets.select_related("desa").order_by("position"))
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    cell = page.locator("form.autosave:has(textarea[name=text])").first
    cell.locator("textarea[name=text]").fill("Penyuluh pertanian tidak hadir")
    expect(cell.locator(".status-saved")).to_be_visible(timeout=5000)
    assert Challenge.objects.get().text == "Penyuluh pertanian tidak hadir"
    cell.locator("textarea[name=cause]").fill("Jadwal penyuluh bentrok")
    wait_until(page, lambda: Challenge.objects.get().cause == "Jadwal penyuluh bentrok")
    assert Challenge.objects.count() == 1  # the second save updated the same record
    expect(cell.locator(".status-saved")).to_be_visible()
    screenshot(page, "meeting-page")

    # The projector: a second window of the same person.
    projector = page.context.new_page()
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    expect(projector.locator(".stage-desa strong")).to_have_text(first.desa.name)
    expect(projector.locator(".matrix3")).to_contain_text("Penyuluh pertanian tidak hadir")
    projector.keyboard.press("ArrowRight")
    expect(projector.locator(".stage-desa strong")).to_have_text(second.desa.name)
    projector.keyboard.press("ArrowDown")
    expect(projector.locator("tr.is-current")).to_have_id("row-1")
    assert PresenterState.objects.get().row == 1
    screenshot(projector, "meeting-mode")

    # The laptop points at the first village's first row; the projector follows by polling.
    page.locator("form:has(input[name=row][value='0']) button.project-row").first.click()
    expect(projector.locator(".stage-desa strong")).to_have_text(first.desa.name, timeout=6000)
    expect(projector.locator("tr.is-current")).to_have_id("row-0")
    # No CSP violation or script error (the 404 of /favicon.ico is the only failed load).
    errors = [e for e in page.console_errors if "status of 404" not in e]  # type: ignore[attr-defined]
    assert errors == []

    # A phone opens the village's share link without logging in.
    url = services.share_url_for(first, live_server.url)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone_page = phone.new_page()
    phone_page.goto(url)
    expect(phone_page.locator("h1")).to_contain_text(first.desa.name)
    expect(phone_page.locator("body")).to_contain_text("Penyuluh pertanian tidak hadir")
    assert phone_page.locator("a[href*='/rencana/']").count() == 0
    screenshot(phone_page, "shared-sheet-phone")
    phone.close()
    assert LAPTOP["width"] == 1366


def test_a_6000_character_paste_is_refused_with_a_message_and_nothing_is_cut(
    page: Page, live_server
):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = a_meeting()
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    # Count the autosaves the page holds back because a text is too long.
    page.evaluate(
        "document.addEventListener('htmx:beforeRequest', e => { if (e.defaultPrevented)"
        " window.heldBack = (window.heldBack || 0) + 1; })"
    )
    cell = page.locator("form.autosave:has(textarea[name=text])").first
    field = cell.locator("textarea[name=text]")
    counter = cell.locator("textarea[name=text] + .char-count")
    expect(counter).to_have_text("0 / 5.000")

    pasted = ("Penyuluh pertanian tidak hadir pada pertemuan kelompok tani. " * 100)[:6000]
    field.focus()
    page.keyboard.insert_text(pasted)  # what a paste does: the whole text at once
    expect(counter).to_contain_text("6.000 / 5.000")
    expect(counter).to_contain_text("terlalu panjang")
    expect(counter).to_contain_text("belum disimpan")
    box = counter.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    page.wait_for_function("() => (window.heldBack || 0) >= 1")  # the autosave came, was held
    expect(cell.locator(".status-saved")).to_have_count(0)
    assert field.input_value() == pasted  # nothing cut
    assert not Challenge.objects.exists()
    screenshot(page, "meeting-text-too-long")

    # Shortened to fit, it saves.
    field.fill(pasted[:4800])
    expect(cell.locator(".status-saved")).to_be_visible()
    expect(counter).to_contain_text("4.800 / 5.000")
    assert len(Challenge.objects.get().text) == 4800
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_projector_whose_session_ended_says_so_instead_of_showing_the_login_page(
    page: Page,
) -> None:
    """The projector polls every two seconds. After the person's session ended (a password
    reset on the hub ends every session), the poll was answered with the login page, which took
    the sheet's place on the wall. Now the sheet stays and a notice asks to log in again."""
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = a_meeting()
    first, second = list(meeting.sheets.select_related("desa").order_by("position"))
    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    expect(page.locator(".stage-desa strong")).to_have_text(first.desa.name)
    page.context.clear_cookies(name="sessionid")
    notice = page.locator("#not-sent")
    expect(notice).to_contain_text("Sesi Anda sudah berakhir", timeout=10_000)
    expect(page.locator(".stage-desa strong")).to_have_text(first.desa.name)
    expect(page.locator("input[name=password]")).to_have_count(0)
    screenshot(page, "meeting-mode-session-ended")
    # Logged in again in a new tab, the projector follows again and the notice goes.
    link = notice.get_by_role("link", name="Masuk lagi")
    with page.context.expect_page() as opened:
        link.click()
    log_in(opened.value, user.username)
    opened.value.close()
    expect(notice).to_have_count(0, timeout=10_000)
    services.presenter_go(meeting=meeting, sheet=second, row=0, step="")
    expect(page.locator(".stage-desa strong")).to_have_text(second.desa.name, timeout=10_000)


def polls_of(page: Page) -> list[tuple[int, int]]:
    """(bytes transferred, bytes of the stage) of each poll, as the browser measured them: a
    stage revalidated by a 304 transfers its headers only, its body comes from the cache."""
    return [
        (int(transferred), int(body))
        for transferred, body in page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => e.initiatorType === 'xmlhttprequest' && e.name.endsWith('/layar/'))"
            ".map(e => [e.transferSize, e.encodedBodySize])"
        )
    ]


def test_a_screen_whose_stage_is_unchanged_is_answered_304_and_still_follows_the_laptop(
    page: Page,
) -> None:
    """Every screen polls every two seconds. When nothing on its stage changed, the server
    answers 304 without drawing it (ADR 0029): the browser revalidates the stage it holds and
    keeps showing it; when the laptop steps on, the next poll brings the new row."""
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = a_meeting()
    first, _second = list(meeting.sheets.select_related("desa").order_by("position"))
    services.presenter_go(meeting=meeting, sheet=first, row=0, step="")
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    assert mode.endswith("/layar/")
    log_in(page, user.username)
    page.goto(mode)
    expect(page.locator("tr.is-current")).to_have_id("row-0")

    def revalidated() -> int:
        return sum(1 for transferred, body in polls_of(page) if transferred < body)

    for _ in range(60):
        if revalidated() >= 2:
            break
        page.wait_for_timeout(200)
    assert revalidated() >= 2, polls_of(page)
    # Still the stage, in view, after the unchanged polls.
    desa = page.locator(".stage-desa strong")
    expect(desa).to_have_text(first.desa.name)
    box = desa.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    # A step on the laptop: the next poll is drawn anew, sent whole, and shows it.
    before = len(polls_of(page))
    services.presenter_go(meeting=meeting, sheet=first, row=1, step="")
    expect(page.locator("tr.is-current")).to_have_id("row-1", timeout=6000)
    assert any(transferred > body for transferred, body in polls_of(page)[before:])
    errors = [e for e in page.console_errors if "status of 404" not in e]  # type: ignore[attr-defined]
    assert errors == []
