"""Logging in and out, changing one's password, and switching the interface language."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import BrowserContext, Page, expect

from e2e.conftest import in_viewport, log_in, screenshot, watch_errors
from rembuk.core.testing import DEFAULT_PASSWORD, user_with_role
from rembuk.people.models import Role, User

NEW_PASSWORD = "kopi-pagi-di-wainyapu-7"


def test_a_wrong_password_shows_an_error_and_the_right_one_opens_the_start_page(page: Page) -> None:
    user_with_role(
        Role.KECAMATAN, "53.18.11", username="camat.kodi", first_name="Yohanes", last_name="Bili"
    )

    log_in(page, "camat.kodi", "bukan-ini")
    screenshot(page, "login-wrong-password")
    expect(page.locator(".notice.error")).to_be_visible()
    assert page.url.endswith(reverse("people:login"))

    log_in(page, "camat.kodi")
    assert page.url.endswith(reverse("home:index"))
    expect(page.locator("h1")).to_have_text("Selamat datang, Yohanes")
    expect(page.locator("header.top .account")).to_contain_text("Yohanes Bili")
    screenshot(page, "home-kecamatan-no-meeting")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_logging_out_ends_the_session(page: Page) -> None:
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")

    page.locator("header.top .account button[type=submit]").click()
    expect(page.locator("header.top .account")).to_have_count(0)

    # The pages need a login again.
    page.goto(reverse("people:my_villages"))
    assert reverse("people:login") in page.url
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_login_page_opened_before_someone_else_logged_in_says_the_form_expired(
    page: Page, context: BrowserContext
) -> None:
    """A shared laptop: the login page waits in one tab while someone logs in in another, which
    gives the browser a new CSRF token. Logging in from the old tab is refused with a page that
    says why and leads back — to the start page of whoever is logged in, named in the header."""
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu", first_name="Maria")
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", first_name="Yohanes")
    page.goto(reverse("people:login"))
    other = watch_errors(context.new_page())
    log_in(other, "tim.wainyapu")
    other.close()
    page.locator("input[name=username]").fill("camat.kodi")
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("button.wide").click()
    expect(page.locator("h1")).to_have_text("Formulir ini sudah kedaluwarsa")
    in_viewport(page, "main h1")
    screenshot(page, "form-expired")
    page.locator("main a.button", has_text="Buka lagi halaman tadi").click()
    expect(page.locator("header.top .account")).to_contain_text("Maria")
    # The browser reports the refused form's answer (a 403) on the console; nothing else.
    errors = page.console_errors  # type: ignore[attr-defined]
    assert [error for error in errors if "status of 403" not in error] == []


def test_a_person_changes_their_password_and_logs_in_with_the_new_one(page: Page) -> None:
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")

    # The user name in the header leads to the account page, and from there to the password.
    page.locator(f"header.top .account a[href='{reverse('people:account')}']").click()
    assert page.url.endswith(reverse("people:account"))
    # Which clock the times are on: Wainyapu's, WITA (ADR 0033).
    expect(page.locator("dd.time-zone")).to_have_text("WITA (UTC+8) · zona wilayah peran Anda")
    expect(page.locator("dd.time-zone")).to_be_in_viewport()
    page.locator(f"main a[href='{reverse('people:password_change')}']").click()
    assert page.url.endswith(reverse("people:password_change"))
    page.locator("input[name=old_password]").fill(DEFAULT_PASSWORD)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("main form.stack button[type=submit]").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    assert page.url.endswith(reverse("home:index"))

    page.locator("header.top .account button[type=submit]").click()
    log_in(page, "tim.wainyapu", DEFAULT_PASSWORD)
    expect(page.locator(".notice.error")).to_be_visible()
    log_in(page, "tim.wainyapu", NEW_PASSWORD)
    assert page.url.endswith(reverse("home:index"))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_person_with_a_temporary_password_must_choose_their_own_first(page: Page) -> None:
    user = user_with_role(Role.TIM_DESA, "53.18.11.2006", username="baru.wainyapu")
    User.objects.filter(pk=user.pk).update(must_change_password=True)

    log_in(page, "baru.wainyapu")
    assert page.url.endswith(reverse("people:password_change"))
    expect(page.locator(".notice.warning")).to_be_visible()

    # Any other page sends them back until the password is changed.
    page.goto(reverse("plans:plan_list"))
    assert page.url.endswith(reverse("people:password_change"))
    screenshot(page, "password-change-forced")

    # Right after typing the temporary password, it is not asked for again.
    expect(page.locator("input[name=old_password]")).to_have_count(0)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith(reverse("home:index"))
    page.goto(reverse("plans:plan_list"))
    assert page.url.endswith(reverse("plans:plan_list"))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_language_buttons_switch_between_indonesian_and_english(page: Page) -> None:
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")
    page.goto(reverse("people:password_change"))
    # Bahasa Indonesia by default, with Rembuk's wording ("kata sandi", not Django's "sandi").
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("label[for=id_old_password]")).to_have_text(
        re.compile("Kata sandi sekarang")
    )

    page.locator("form.lang button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(reverse("people:password_change"))  # back where the person was
    expect(page.locator("label[for=id_old_password]")).to_have_text(re.compile("Current password"))
    expect(page.locator("form.lang button[value=en]")).to_have_attribute("aria-current", "true")
    screenshot(page, "language-english")

    # The choice belongs to the person: it holds on the next page.
    page.goto(reverse("people:my_villages"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("form.lang button[value=id]").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.goto(reverse("people:password_change"))
    expect(page.locator("label[for=id_old_password]")).to_have_text(
        re.compile("Kata sandi sekarang")
    )
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_error_watch_catches_what_the_content_security_policy_refuses(page: Page) -> None:
    """The `console_errors == []` checks in these tests mean something: an inline script on a page
    served with Rembuk's own policy header is refused and reported."""
    response = page.goto(reverse("people:login"))
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert page.console_errors == []  # type: ignore[attr-defined]

    probe = page.url.replace(reverse("people:login"), "/csp-probe/")
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"content-security-policy": policy},
            body="<!doctype html><p>probe</p><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(probe)
    expect(page.locator("p")).to_have_text("probe")
    assert page.title() != "ran"
    assert any("Content Security Policy" in error for error in page.console_errors)  # type: ignore[attr-defined]
