"""Browser tests of the small things a person meets on every page or on a phone: the site's icon,
links inside sentences that a thumb can hit, and marking a notification read without losing
one's place (round 12's walkthrough)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import user_with_role
from rembuk.notifications.models import Notification
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_browser_finds_the_sites_icon_with_debug_off(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    asked: list[tuple[str, int]] = []
    page.on("response", lambda response: asked.append((response.url, response.status)))
    page.goto(reverse("people:login"))
    # Whatever the page links, browsers ask /favicon.ico on their own.
    assert page.request.get("/favicon.ico").status == 200
    for icon in page.locator("link[rel=icon]").all():
        href = icon.get_attribute("href")
        assert href and href.startswith("/static/img/favicon.")
        answer = page.request.get(href)
        assert answer.status == 200 and answer.headers["content-type"].startswith("image/")
    assert page.locator("link[rel=icon]").count() == 2
    assert not [url for url, status in asked if status >= 400], asked
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot(page, "login-with-icon")


def _notifications(username: str, count: int, language: str = "id") -> list[Notification]:
    person = user_with_role(Role.KECAMATAN, "53.18.11", username=username, language=language)
    return [
        Notification.objects.create(
            user=person,
            kind=Notification.Kind.NEW_REQUEST,
            message=f"Permintaan dukungan nomor {number}",
            url="/rencana/",
            change_id=uuid.uuid4(),
        )
        for number in range(count)
    ]


@pytest.mark.parametrize(
    ("language", "read_label"), [("id", "Tandai sudah dibaca"), ("en", "Mark read")]
)
def test_marking_a_lower_notification_read_keeps_the_person_where_they_were(
    phone: Page, language: str, read_label: str
) -> None:
    made = _notifications("ina.kecamatan", 20, language)
    log_in(phone, "ina.kecamatan")
    phone.goto(reverse("notifications:notification_list"))
    target = made[3]  # newest first: the fourth from the bottom of twenty
    item = f"#notification-{target.pk}"
    phone.locator(item).scroll_into_view_if_needed()
    before = phone.evaluate("window.scrollY")
    assert before > 500  # far down the page, not at its top
    button = phone.locator(f"{item} button.mark-read")
    assert button.inner_text() == read_label
    button.tap()
    expect(phone.locator(item)).not_to_have_class(re.compile(r"\bunread\b"))
    expect(phone.locator(f"{item} button.mark-read")).to_have_count(0)
    in_viewport(phone, item)
    assert abs(phone.evaluate("window.scrollY") - before) < 5
    expect(phone.locator("#unread-count")).to_contain_text("19")
    expect(phone.locator("header.top .notification-bell .count")).to_contain_text("19")
    target.refresh_from_db()
    assert target.read_at is not None
    screenshot(phone, f"notification-marked-in-place-{language}")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_without_javascript_marking_read_comes_back_to_the_item(no_js_page: Page) -> None:
    made = _notifications("ina.kecamatan", 20)
    log_in(no_js_page, "ina.kecamatan")
    no_js_page.goto(reverse("notifications:notification_list"))
    item = f"#notification-{made[3].pk}"
    no_js_page.locator(f"{item} button.mark-read").click()
    no_js_page.wait_for_load_state()
    assert no_js_page.url.endswith(item)
    expect(no_js_page.locator(item)).not_to_have_class(re.compile(r"\bunread\b"))
    in_viewport(no_js_page, item)
