"""Browser tests: real Chromium (the Debian package) driven by Playwright against a live server.

One browser per test session; a fresh context (cookies, storage) per test. Screenshots of every
page a test visits can be kept with E2E_SCREENSHOTS=dir for a person to look at.
"""

from __future__ import annotations

import datetime
import io
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

from django.urls import reverse
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Download,
    FloatRect,
    Locator,
    Page,
    expect,
    sync_playwright,
)

from rembuk.core.testing import DEFAULT_PASSWORD, region, user_with_role
from rembuk.district.models import DistrictMeeting
from rembuk.district.services import district_meeting_create
from rembuk.people.models import Role

# Chromium's headless shell (Debian's chromium-headless-shell, the same Blink as the desktop
# browser without its window and interface): the browser Playwright runs headless tests in by
# default. The whole browser in its headless mode took three times its CPU (docs/decisions/0020).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium-headless-shell")
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
# How long a download may take to start: most documents are built in the request, and the first
# one in the live server imports WeasyPrint; under CI's three test runs that can pass the 10 s
# every other action gets. A hang guard, not a timed assertion.
DOCUMENT_WAIT_MS = 60_000
# A few of Playwright's calls (evaluate, close, a download's path) wait on its driver without a
# limit of their own, and twice in round 3 one never returned while the live server sat idle
# (Chromium can drop a page's close that races a navigation), so pytest-timeout ended the whole
# run. Each phase of a browser test, each time it runs, has a limit of its own instead: past it
# an alarm raises BrowserTestHung in the call that waits (Playwright 1.65 goes on working after
# it), the test runs once more, and no other failure is run again; pytest-timeout's 240 s for
# the whole test, reruns included, stays the last guard (docs/decisions/0020). The slowest test
# takes about 20 s, a document may take DOCUMENT_WAIT_MS to start, and the first setup makes the
# test database (13 s in CI).
PHASE_LIMITS_S = {"setup": 120, "call": 90, "teardown": 30}


class BrowserTestHung(Exception):
    """A browser test's phase outlived its limit in PHASE_LIMITS_S."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=[BrowserTestHung]))


def _within_limit(item: pytest.Item, phase: str) -> Iterator[None]:
    # A test that walks many pages says so with its own limits (@pytest.mark.phase_limits).
    own = item.get_closest_marker("phase_limits")
    limit = (own.kwargs.get(phase) if own else None) or PHASE_LIMITS_S[phase]

    def hung(signum: int, frame: object) -> None:
        raise BrowserTestHung(
            f"its {phase} was still waiting after {limit} s; pages open: {_open_pages(item)}"
        )

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _within_limit(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _within_limit(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    return (yield from _within_limit(item, "teardown"))


def _open_pages(item: pytest.Item) -> str:
    """Each context's pages and their addresses, as Playwright last heard of them: read from its
    own records (no call to the driver, which is what waits), to tell a hang in a navigation from
    one in a close or a script."""
    browser = getattr(item, "funcargs", {}).get("browser")
    if browser is None:
        return "unknown"
    return (
        "; ".join(
            f"context {number}: " + (", ".join(page.url for page in context.pages) or "none")
            for number, context in enumerate(browser.contexts, start=1)
        )
        or "none"
    )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test run again after it hung says where it waited, which its passing run would hide."""
    if report.outcome != "rerun":
        return
    entries = getattr(getattr(report.longrepr, "reprtraceback", None), "reprentries", [])
    places = [entry.reprfileloc for entry in entries if getattr(entry, "reprfileloc", None)]
    lines = [f"  {place.path}:{place.lineno}" for place in places if "-packages" not in place.path]
    crash = getattr(report.longrepr, "reprcrash", None)
    heading = f"\n{report.nodeid} ({report.when}) hung, waiting at:"
    print(heading, *lines, crash.message if crash else "", "It runs again.", sep="\n")


@pytest.fixture(scope="session", autouse=True)
def _pages_seen() -> Iterator[None]:
    """With E2E_PAGES_SEEN=file: the pages (routes answering a whole HTML page to a GET) the
    browser tests opened, one route name a line, written when the session ends."""
    target = os.environ.get("E2E_PAGES_SEEN")
    if not target:
        yield
        return
    from django.core.handlers.base import BaseHandler

    seen: set[str] = set()
    original = BaseHandler.get_response

    def recording(self: BaseHandler, request):  # type: ignore[no-untyped-def]
        response = original(self, request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and "HX-Request" not in request.headers
        ):
            seen.add(match.view_name)
        return response

    BaseHandler.get_response = recording  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseHandler.get_response = original  # type: ignore[method-assign]
        Path(target).write_text("".join(f"{name}\n" for name in sorted(seen)))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _no_page_outlives_its_test(browser: Browser) -> Iterator[None]:
    """A context a test opened itself (a projector, a second person) and did not close — the
    test failed before its end — would keep polling the live server during the next tests."""
    yield
    for leftover in browser.contexts:
        close_context(leftover)


# A context whose close hung stays in browser.contexts; closed again after every later test, it
# could hang each of their teardowns.
_unclosable: list[BrowserContext] = []


def close_context(context: BrowserContext) -> None:
    if any(context is stuck for stuck in _unclosable):
        return
    try:
        context.close()
    except BrowserTestHung:
        _unclosable.append(context)
        raise


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport=LAPTOP, locale="id-ID", base_url=live_server.url)
    ctx.set_default_timeout(10_000)
    yield ctx
    close_context(ctx)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:  # type: ignore[no-untyped-def]
    # The live server runs in this process, so the setting reaches its requests too.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def watch_errors(new_page: Page) -> Page:
    """Collect script errors and console errors (a CSP violation is one) in page.console_errors."""
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))

    def on_console(message: ConsoleMessage) -> None:
        # The browser's own request for /favicon.ico is no exception: it answers (core.views).
        if message.type == "error":
            errors.append(message.text)

    new_page.on("console", on_console)
    new_page.console_errors = errors  # type: ignore[attr-defined]
    return new_page


@pytest.fixture
def page(context: BrowserContext) -> Page:
    # A CSP violation or a script error fails the test: pages must run clean.
    return watch_errors(context.new_page())


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(
        viewport=PHONE, locale="id-ID", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    ctx.set_default_timeout(10_000)
    yield watch_errors(ctx.new_page())
    ctx.close()


@pytest.fixture
def no_js_page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A browser with JavaScript switched off: every page must still work with plain forms."""
    ctx = browser.new_context(
        viewport=LAPTOP, locale="id-ID", base_url=live_server.url, java_script_enabled=False
    )
    ctx.set_default_timeout(10_000)
    yield watch_errors(ctx.new_page())
    ctx.close()


def log_in(page: Page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    page.goto(reverse("people:login"))
    log_in_here(page, username, password)
    page.wait_for_load_state("networkidle")


def kabupaten_meeting_opened_by_its_team(page: Page, day: datetime.date) -> DistrictMeeting:
    """A meeting of Sumba Barat Daya's kabupaten team on `day`, its page opened by Yohanis, of
    the team."""
    meeting = district_meeting_create(kabupaten=region("53.18"), date=day, place="Aula", actor=None)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    log_in(page, "yohanis")
    page.goto(reverse("district:meeting_detail", args=[meeting.id]))
    return meeting


def log_in_here(page: Page, username: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in on the login page shown, which then leads on to where it was asked to."""
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    # Wait for the answer to the POST itself: waiting for "networkidle" alone could return
    # while the login page is still the one showing.
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def follow_menu(page: Page, url_name: str) -> None:
    """Follow the header's main menu to a section, as a person would: a seldom opened section
    is under "Lainnya" (base.html), which is opened first."""
    href = reverse(url_name)
    more = page.locator("header.top details.menu-more")
    if more.locator(f"a[href='{href}']").count() and more.get_attribute("open") is None:
        more.locator("summary").click()
    page.locator(f"header.top nav a[href='{href}']").click()
    page.wait_for_load_state("networkidle")


def more_actions(page: Page) -> None:
    """Open the meeting page's "Tindakan rapat", the menu of its less frequent actions, by its
    name (the header's "Lainnya" is another menu)."""
    menu = page.locator("main details").filter(
        has=page.locator("summary", has_text="Tindakan rapat")
    )
    if menu.get_attribute("open") is None:
        menu.locator("summary").first.click()
    expect(menu.get_by_role("link", name="Unduhan dan cetak")).to_be_visible()


def pdf_text(download: Download) -> str:
    """The text of a downloaded PDF, its whitespace made single spaces."""
    path = download.path()
    assert path is not None
    reader = pypdf.PdfReader(io.BytesIO(Path(path).read_bytes()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def shown_box(target: Locator) -> FloatRect:
    """The box of the element a locator finds, which must be shown. A screen that polls
    (meeting mode) replaces its elements: one found just before a swap is measured just after
    it, detached, and has no box; the element that replaced it is measured instead."""
    box = target.bounding_box()
    if box is None:
        target.wait_for(state="visible")
        box = target.bounding_box()
    assert box is not None, target
    return box


def in_viewport(page: Page, selector: str) -> None:
    """What the test looks at is on the screen, not only in the page: its whole box."""
    box = shown_box(page.locator(selector))
    viewport = page.viewport_size
    assert viewport is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (selector, box)


# A4 portrait less the 1 cm margins a browser prints with by default, in CSS pixels (96 per inch).
PAPER_WIDTH = 718


def prints_whole(page: Page) -> None:
    """What the page puts on A4 portrait when a district official prints it from the browser:
    nothing sticks out past the paper's right edge, and no frame cuts off what it holds (a
    table that scrolls in its frame on screen prints only the columns the frame shows; a text
    box, the lines it shows)."""
    screen = page.viewport_size
    assert screen is not None
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAPER_WIDTH, "height": 1000})
    try:
        cut = page.evaluate(
            """(width) => {
              const cut = [];
              for (const element of document.querySelectorAll("main *")) {
                const style = getComputedStyle(element);
                if (style.display === "none" || style.visibility === "hidden") continue;
                const name = element.tagName.toLowerCase() + "." + element.className;
                // A field scrolls its own text; the visually hidden are one pixel on purpose.
                const own = ["input", "textarea", "select"].includes(element.tagName.toLowerCase())
                  || element.classList.contains("visually-hidden");
                if (!own && style.overflowX !== "visible"
                    && element.scrollWidth > element.clientWidth + 1) {
                  cut.push(name + " shows " + element.clientWidth + " of " + element.scrollWidth);
                }
                if (element.tagName === "TEXTAREA"
                    && element.scrollHeight > element.clientHeight + 1) {
                  cut.push(name + " shows " + element.clientHeight + "px of its text's "
                    + element.scrollHeight);
                }
                const right = element.getBoundingClientRect().right;
                if (right > width + 1) cut.push(name + " ends at " + Math.round(right));
              }
              return cut.slice(0, 5);
            }""",
            PAPER_WIDTH,
        )
        assert cut == [], (page.url, cut)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(screen)


def screenshot(page: Page, name: str) -> None:
    """Keep a PNG of what the person saw, when E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
