"""Every kind of page the demo's people open, checked in Chromium by axe-core (Deque's rules,
shipped in the axe-playwright-python wheel): WCAG 2.1 A and AA and axe's best practices. A
person reading a projector from the back of a hall, a phone in the sun, or a screen reader
meets the same pages; a page with a violation fails with the rule, the element and the page.

The demo is seeded; from each person's home the links are followed breadth first, and each
route (one page per Django view: the pages of one route share their template) is checked
once, on a laptop and at a phone's width, by the first person who reaches it: the kecamatan,
the kabupaten team, the programme team, an agency, a village, and someone signed out (the
login page and a shared sheet). The meeting mode of the meeting to come is checked with its
capture panel open, on a laptop and on a phone; so are a page with a message (as after any
action) and a form sent after the session ended (the login page saying so, then the form back
with what was filled in). Downloads, the API and htmx fragments are not pages and are not
opened.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from e2e.conftest import LAPTOP, PHONE, log_in, log_in_here
from rembuk.demo.people import demo_password
from rembuk.demo.tests.walking import NOT_WALKED, NOT_WALKED_NAMESPACES, is_document, route_of
from rembuk.meetings import services as meetings
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # About fifty pages opened and checked: 65–77 s in CI on a slow host, against the 90 s a
    # browser test's call may take before it counts as hung. Each action keeps Playwright's
    # own 10 s; pytest-timeout's limit covers the one run again after a hang.
    pytest.mark.phase_limits(call=240),
    pytest.mark.timeout(600),
]

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PEOPLE = ("kecamatan.kodibalaghar", "kabupaten.sbd", "program", "opd.distan.sbd", "desa.wainyapu")
PAGES_PER_PERSON = 40  # a bound on the walk; the routes run out first
# Besides what the demo's walk leaves out (rembuk.demo.tests.walking): the language switch,
# which would turn the rest of the walk to English.
NOT_PAGES = NOT_WALKED | {"people:set_language"}

# htmx requests in flight (a panel loaded with the page): a page is checked once they ended and
# what they brought is in place.
COUNT_REQUESTS = """
window.__rembukRequests = 0;
document.addEventListener("htmx:beforeRequest", () => { window.__rembukRequests += 1; });
document.addEventListener("htmx:afterRequest", () => { window.__rembukRequests -= 1; });
"""
SETTLED = (
    "() => document.readyState === 'complete' && !window.__rembukRequests"
    " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
)


def violations(page: Page) -> list[str]:
    """axe's violations on the page as it stands, one line per rule and element."""
    page.wait_for_function(SETTLED)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    found = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules},"
        " resultTypes: ['violations']}).then(r => r.violations.map(v =>"
        " v.nodes.map(n => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`)).flat())",
        RULES,
    )
    path = urlsplit(page.url).path
    return [f"{path}: {line}" for line in found]


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def on_a_phone(page: Page) -> list[str]:
    """The page's violations at a phone's width, where wide tables scroll in their frames and the
    menu folds (the laptop's width is given back after)."""
    page.set_viewport_size(PHONE)
    # What the page does as its width changes (rembuk.js, on the resize event) done first.
    page.evaluate(NEXT_FRAMES)
    try:
        return [f"{line} [phone]" for line in violations(page)]
    finally:
        page.set_viewport_size(LAPTOP)


def page_route(url: str, base: str) -> str | None:
    """The route of a page of this server that the walk opens, or None (another site, a
    document, the API, signing out)."""
    route = route_of(url) if url.startswith(base) else None
    if route is None:
        return None
    name = route[0]
    if name in NOT_PAGES or name.startswith(NOT_WALKED_NAMESPACES) or is_document(name):
        return None
    return name


def walk(page: Page, base: str, checked: set[str], faults: list[str]) -> None:
    """From the person's home (the page shown), every route not yet checked that its links
    (and theirs) reach, each opened and checked once."""
    queue = [page.url]
    opened = 0
    while queue and opened < PAGES_PER_PERSON:
        url = queue.pop(0)
        route = page_route(url, base)
        if route is None or (route in checked and opened):
            continue
        try:
            answer = page.goto(url)
        except PlaywrightError as error:  # a file (a sheet's poster) is not a page
            if "Download is starting" in str(error):
                checked.add(route)
                continue
            raise
        opened += 1
        if answer is None or answer.status != 200:
            continue
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue
        if route not in checked:
            checked.add(route)
            faults.extend(violations(page))
            faults.extend(on_a_phone(page))
        links = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(link => link.href)"
        )
        queue.extend(link.split("#")[0] for link in links)


def test_every_kind_of_page_passes_axe_core(page: Page, phone: Page, live_server) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    password = demo_password()
    page.context.add_init_script(COUNT_REQUESTS)
    phone.context.add_init_script(COUNT_REQUESTS)
    checked: set[str] = set()
    faults: list[str] = []

    meeting = CoordinationMeeting.objects.get(
        kecamatan__code="53.18.11", status=CoordinationMeeting.Status.PLANNED
    )
    link = meetings.share_link_create(
        sheet=meeting.sheets.order_by("position").first(),
        actor=User.objects.get(username="kecamatan.kodibalaghar"),
    )
    page.goto(reverse("meetings:shared_sheet", args=[meetings.share_token(link)]))
    faults.extend(violations(page))
    page.goto(reverse("people:login"))
    faults.extend(violations(page))
    checked.update({"meetings:shared_sheet", "people:login"})

    for username in PEOPLE:
        log_in(page, username, password)
        walk(page, live_server.url, checked, faults)
        page.context.clear_cookies()

    # Meeting mode with its capture panel open, on a laptop and on a phone.
    log_in(page, "kecamatan.kodibalaghar", password)
    log_in(phone, "kecamatan.kodibalaghar", password)
    for screen in (page, phone):
        screen.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
        screen.locator("#capture summary").click()
        faults.extend(violations(screen))
    checked.add("meetings:meeting_mode")

    # A page with a message, as after any action (here: every notification marked read).
    page.goto(reverse("notifications:notification_list"))
    read_all = reverse("notifications:notifications_read_all")
    with page.expect_navigation():
        page.locator(f"form[action='{read_all}'] button[type=submit]").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    faults.extend(violations(page))
    faults.extend(on_a_phone(page))

    # A form sent after the session ended: the login page that says so, and the form back on
    # its page with what was filled in and a notice (ADR 0031).
    form_page = reverse("meetings:meeting_create", args=["53.18.11"])
    page.goto(form_page)
    page.locator("input[name=date]").fill("20-01-2031")
    page.locator("input[name=place]").fill("Aula Kantor Camat")
    Session.objects.all().delete()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages .form-not-sent")).to_be_visible()
    faults.extend(violations(page))
    log_in_here(page, "kecamatan.kodibalaghar", password)
    expect(page.locator(".form-restored")).to_be_visible()
    faults.extend(violations(page))
    faults.extend(on_a_phone(page))

    assert not faults, f"{len(faults)} accessibility violations:\n" + "\n".join(faults)
    # The walk reached the pages each person works in, not only their homes.
    for route in (
        "meetings:meeting_detail",
        "plans:plan_detail",
        "programme:region_dashboard",
        "support:request_detail",
        "learning:lesson_search",
        "district:meeting_detail",
    ):
        assert route in checked, f"{route} not reached; checked: {sorted(checked)}"
