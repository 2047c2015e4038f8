"""Browser tests of the header's main menu (base.html): the programme team's fourteen sections
keep the header to two lines on a laptop, the seldom opened ones folded under "Lainnya" (a
<details>), and each of them is reachable with a mouse, with the keyboard, without JavaScript and
on a phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import user_with_role
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

SELDOM_OPENED = ("regions:region_list", "operations:status", "people:user_list", "sync:page")


def _programme_team(page: Page) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    log_in(page, "tim.program")


def _at(page: Page, url_name: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(reverse(url_name)) + "$"))


@pytest.mark.parametrize("width", [1366, 1280])
def test_the_programme_teams_fourteen_sections_keep_the_header_to_two_lines(
    page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 768})
    _programme_team(page)
    expect(page.locator("header.top nav a")).to_have_count(14)
    more = page.locator("header.top details.menu-more")
    for url_name in SELDOM_OPENED:
        expect(more.locator(f"a[href='{reverse(url_name)}']")).to_be_hidden()

    header = page.locator("header.top")
    box = header.bounding_box()
    line = page.locator("header.top nav > a").first.bounding_box()
    padding = header.evaluate(
        "e => parseFloat(getComputedStyle(e).paddingTop)"
        " + parseFloat(getComputedStyle(e).paddingBottom)"
    )
    assert box is not None and line is not None
    # Two lines of links fit; a third (as before "Lainnya": the menu in two lines, the account
    # below it) does not.
    assert box["height"] < padding + 3 * line["height"], (box, line, padding)
    entries = page.locator("header.top nav > a, header.top nav > details > summary")
    tops = {
        round(top)
        for top in entries.evaluate_all("es => es.map(e => e.getBoundingClientRect().top)")
    }
    assert len(tops) <= 2, tops
    screenshot(page, f"main-menu-{width}")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_section_under_lainnya_opens_with_a_click_and_shows_where_one_is(page: Page) -> None:
    _programme_team(page)
    more = page.locator("header.top details.menu-more")
    more.locator("summary", has_text="Lainnya").click()
    installation = more.get_by_role("link", name="Instalasi")
    expect(installation).to_be_visible()
    # It lies over the page, beside the menu, not under the header's last line.
    list_box = more.locator(".menu-more-list").bounding_box()
    header_box = page.locator("header.top").bounding_box()
    assert list_box is not None and header_box is not None
    assert list_box["y"] < header_box["y"] + header_box["height"] + 8
    screenshot(page, "main-menu-open")
    page.locator("main h1").click()  # a click elsewhere closes it, as a menu does
    expect(installation).to_be_hidden()

    more.locator("summary").click()
    installation.click()
    _at(page, "operations:status")
    expect(page.get_by_role("heading", name="Instalasi", level=1)).to_be_visible()
    # Folded again on the new page, "Lainnya" says the open section is inside it.
    expect(more.locator("summary")).to_have_class(re.compile(r"\bcurrent\b"))
    expect(more.locator("a[aria-current=page]")).to_have_text("Instalasi")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_lainnya_and_its_sections_are_reached_with_the_keyboard(page: Page) -> None:
    _programme_team(page)
    page.locator("header.top nav > a").last.focus()
    page.keyboard.press("Tab")
    summary = page.locator("header.top details.menu-more summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    regions = page.locator(f"header.top nav a[href='{reverse('regions:region_list')}']")
    expect(regions).to_be_focused()
    page.keyboard.press("Escape")  # closes it and goes back to "Lainnya"
    expect(regions).to_be_hidden()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    _at(page, "regions:region_list")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_lainnya_opens_without_javascript(no_js_page: Page) -> None:
    _programme_team(no_js_page)
    no_js_page.locator("header.top details.menu-more summary").click()
    no_js_page.locator("header.top nav a", has_text="Pengguna").click()
    _at(no_js_page, "people:user_list")


def test_lainnya_opens_inside_the_phones_menu(phone: Page) -> None:
    _programme_team(phone)
    sync = phone.locator("header.top nav a", has_text="Sinkronisasi")
    phone.locator("header.top .menu-toggle").tap()
    expect(sync).to_be_hidden()
    phone.locator("header.top details.menu-more summary").tap()
    expect(sync).to_be_visible()
    box = sync.bounding_box()
    viewport = phone.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    screenshot(phone, "phone-main-menu-lainnya")
    sync.tap()
    _at(phone, "sync:page")
    assert phone.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url_name", "link"),
    [
        ("people:user_list", "Pengguna"),
        ("people:user_invite", "Pengguna"),
        ("sync:page", "Sinkronisasi"),
    ],
)
def test_on_people_and_sync_their_link_and_lainnya_show_where_one_is(
    page: Page, url_name: str, link: str
) -> None:
    _programme_team(page)
    page.goto(reverse(url_name))
    more = page.locator("header.top details.menu-more")
    summary = more.locator("summary")
    # Closed, "Lainnya" is underlined: the open section is inside it.
    expect(summary).to_have_css("text-decoration-line", "underline")
    expect(summary).to_have_class(re.compile(r"\bcurrent\b"))
    summary.click()
    current = more.get_by_role("link", name=link)
    expect(current).to_be_visible()
    expect(current).to_have_attribute("aria-current", "page")
    expect(current).to_have_css("text-decoration-line", "underline")
    expect(more.locator("a[aria-current=page]")).to_have_count(1)
    screenshot(page, f"main-menu-open-on-{url_name.replace(':', '-')}")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_elsewhere_lainnya_is_not_marked(page: Page) -> None:
    _programme_team(page)
    page.goto(reverse("plans:plan_list"))
    summary = page.locator("header.top details.menu-more summary")
    expect(summary).not_to_have_css("text-decoration-line", "underline")
    expect(page.locator("header.top nav a[aria-current=page]")).to_have_text("Rencana")
    expect(page.locator("header.top nav a[aria-current=page]")).to_have_css(
        "text-decoration-line", "underline"
    )
