"""Browser tests: real Chromium (the Debian package) driven by Playwright against a live server.

One browser per test session; a fresh context (cookies, storage) per test. Screenshots of every
page a test visits can be kept with E2E_SCREENSHOTS=dir for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from django.urls import reverse  # noqa: E402

from rembuk.core.testing import DEFAULT_PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport=LAPTOP, locale="id-ID", base_url=live_server.url)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    new_page = context.new_page()
    errors: list[str] = []
    # A CSP violation or a script error fails the test: pages must run clean.
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    new_page.on(
        "console",
        lambda message: errors.append(message.text)
        if message.type == "error" and "favicon" not in message.text
        else None,
    )
    new_page.console_errors = errors  # type: ignore[attr-defined]
    return new_page


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(
        viewport=PHONE, locale="id-ID", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    yield ctx.new_page()
    ctx.close()


def log_in(page: Page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto(reverse("people:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def screenshot(page: Page, name: str) -> None:
    """Keep a PNG of what the person saw, when E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
