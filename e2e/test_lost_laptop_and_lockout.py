"""Browser tests: a programme-team member revokes a lost laptop's token and hands over the new
temporary passwords of the people whose hashes it held; a person locked out after five wrong
passwords reads why, and an administrator of their area unlocks them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import DEFAULT_PASSWORD, user_with_role
from rembuk.people.models import Role
from rembuk.sync import tokens
from rembuk.sync.models import CredentialCopy

pytestmark = pytest.mark.django_db(transaction=True)


def _in_viewport(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


def test_a_lost_laptop_is_revoked_and_its_peoples_new_passwords_are_shown_once(page: Page) -> None:
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    camat = user_with_role(
        Role.KECAMATAN, "53.18.11", username="camat.kodi", first_name="Yohanes", last_name="Bili"
    )
    token, _plain = tokens.token_issue(region_code="53.18.11", label="Laptop Kodi", actor=None)
    token.node_id = "laptop-kodi"
    token.save(update_fields=["node_id"])
    CredentialCopy.objects.create(token=token, user=camat)

    log_in(page, admin.username)
    page.goto(reverse("sync:page"))
    page.get_by_text("Laptop hilang atau dicuri…").click()
    page.get_by_role("button", name="Cabut dan ganti kata sandinya").click()

    expect(page.locator("h1")).to_contain_text("Laptop Kodi")
    row = page.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("camat.kodi")
    password = row.locator("td").nth(2).inner_text().strip()
    _in_viewport(page, "main table")
    screenshot(page, "lost-laptop-new-passwords")
    token.refresh_from_db()
    camat.refresh_from_db()
    assert token.revoked_at is not None
    assert camat.check_password(password) and not camat.check_password(DEFAULT_PASSWORD)

    page.goto(reverse("sync:page"))
    expect(page.locator("main")).not_to_contain_text(password)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_locked_out_person_reads_why_and_an_administrator_unlocks_them(page: Page) -> None:
    camat = user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    admin = user_with_role(Role.TIM_PROGRAM, "53.18")
    for _attempt in range(5):
        log_in(page, "camat.kodi", "salah-lagi")
    log_in(page, "camat.kodi")
    locked = page.locator("#login-locked")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("Terlalu banyak kata sandi yang salah")
    _in_viewport(page, "#login-locked")
    screenshot(page, "login-locked-out")

    log_in(page, admin.username)
    page.goto(reverse("people:user_list"))
    page.locator("main a.row-link", has_text=str(camat)).click()
    expect(page.locator("#login-locked")).to_be_visible()
    screenshot(page, "person-locked-out")
    page.get_by_role("button", name="Buka kunci sekarang").click()
    expect(page.locator("#login-locked")).to_have_count(0)
    page.locator("header.top .account button[type=submit]").click()

    log_in(page, "camat.kodi")
    assert page.url.endswith(reverse("home:index"))  # in, on the start page
    # The browser reports the lockout's own status (429); nothing else may go wrong.
    errors = page.console_errors  # type: ignore[attr-defined]
    assert errors and all("429" in error for error in errors)
