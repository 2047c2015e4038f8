"""Meeting mode on the projector follows the discussion: what the room is talking about (the
village's opening, then the current row) is on the screen, near the top, after the page loads,
after ↓ ↓ ↑, the next village, "Tayangkan baris ini" on the laptop, and every poll — at the
three screen sizes of a kecamatan hall. Asserted on what the screen shows (bounding boxes), not
on classes."""

from __future__ import annotations

import datetime
import re
from typing import Any, NamedTuple

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import in_viewport, log_in, screenshot, shown_box, watch_errors
from rembuk.core.testing import ActivityFactory, full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.monitoring.models import ActivityStatus
from rembuk.monitoring.services import ProgressEntry, village_review_record, village_review_update
from rembuk.people.models import Role
from rembuk.plans.models import Activity

pytestmark = pytest.mark.django_db(transaction=True)

KODI_BALAGHAR = "53.18.11"

# Is the element on the screen with its top near the top: below the stage's own header (and the
# sticky column headings, for a row) and within the upper part of the screen?
NEAR_THE_TOP = """
([selector, share]) => {
  const item = document.querySelector(selector);
  const body = document.getElementById("stage-body");
  if (!item || !body) return false;
  const box = item.getBoundingClientRect();
  const head = item.tagName === "TR" ? document.querySelector("#stage .matrix3 thead") : null;
  const floor = body.getBoundingClientRect().top + (head ? head.getBoundingClientRect().height : 0);
  return box.top >= floor - 1 && box.top <= window.innerHeight * share && box.bottom > box.top;
}
"""

OPENING_END_SHOWN = """
() => {
  const opening = document.getElementById("stage-opening").getBoundingClientRect();
  return opening.bottom <= document.getElementById("stage-body").getBoundingClientRect().bottom + 1;
}
"""


def a_meeting_in_full_swing() -> CoordinationMeeting:
    """Two villages with long plans; the first held its own monitoring session (a long
    opening: blocked and late activities with their notes) and carries a follow-up."""
    kecamatan = region(KODI_BALAGHAR)
    desas = list(kecamatan.children.order_by("code")[:2])
    for desa in desas:
        full_plan(desa.code, goals=4, activities_per_goal=6)
    earlier = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 1, 18), villages=desas[:1], actor=None
    )
    first_sheet = MeetingSheet.objects.get(meeting=earlier)
    first_goal = first_sheet.plan.goals.order_by("position").first()
    services.followup_save(
        sheet=first_sheet, goal=first_goal, actor=None, text="Kecamatan menghubungi penyuluh"
    )
    review = village_review_record(
        desa=desas[0], date=datetime.date(2024, 3, 20), status="terlaksana", actor=None
    )
    activities = list(Activity.objects.filter(goal__plan__desa=desas[0]).order_by("goal__position"))
    village_review_update(
        review=review,
        base_version=None,
        actor=None,
        progress={
            a.pk: ProgressEntry(
                ActivityStatus.BLOCKED if n % 3 == 0 else ActivityStatus.LATE,
                "Dana Desa tahap I belum cair; pengurus menunggu pelatihan dari dinas.",
            )
            for n, a in enumerate(activities[:8])
        },
        off_track="Modal BUMDes belum diserahkan karena laporan keuangan belum selesai.",
        support_needed="Pendampingan DPMD untuk laporan keuangan desa.",
    )
    return services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas, actor=None
    )


def settles(page: Page) -> int:
    return int(page.evaluate("window.rembukSettles || 0"))


def count_settles(page: Page) -> None:
    """Counts this screen's settled answers, and keeps the laptop's count of shows as of the last
    (this listener runs after the page's own, which has then handled the answer)."""
    page.evaluate(
        "document.addEventListener('htmx:afterSettle', () => {"
        " window.rembukSettles = (window.rembukSettles || 0) + 1;"
        " var stage = document.getElementById('stage');"
        " window.rembukSettledShows = stage && stage.getAttribute('data-shows'); })"
    )


def shows(page: Page) -> str:
    """The laptop's count of shows this screen's sheet holds."""
    return str(page.locator("#stage").get_attribute("data-shows"))


def heard_the_show(page: Page, shows_before: str) -> None:
    """This screen has handled an answer counting a show after `shows_before` (count_settles):
    a key pressed before that answer settles is overtaken by the show, as the room wants."""
    page.wait_for_function(
        "before => window.rembukSettledShows != null && window.rembukSettledShows !== before",
        arg=shows_before,
    )


def projector_screen(
    browser: Browser, base_url: str, screen: tuple[int, int], username: str
) -> Page:
    """A screen of that size in its own browser context, signed in (not yet on a page)."""
    width, height = screen
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", base_url=base_url
    )
    projector = watch_errors(context.new_page())
    log_in(projector, username)
    return projector


def open_the_meeting(url: str, *screens: Page) -> None:
    """Each screen opens the meeting mode at `url`, any of its steps given 10 s to happen."""
    for screen in screens:
        screen.context.set_default_timeout(10_000)
        screen.goto(url)


def assert_near_the_top(page: Page, selector: str, share: float = 0.4) -> dict[str, Any]:
    page.wait_for_function(NEAR_THE_TOP, arg=[selector, share])
    box = shown_box(page.locator(selector))
    viewport = page.viewport_size
    assert viewport is not None
    assert 0 <= box["y"] <= viewport["height"] * share, (selector, box)
    return box


@pytest.mark.parametrize(
    "screen", [(1024, 768), (1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}"
)
def test_the_projector_shows_what_the_room_discusses_near_the_top(
    browser: Browser, live_server, screen: tuple[int, int]
):
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_in_full_swing()
    first, second = list(meeting.sheets.select_related("desa").order_by("position"))
    width, height = screen
    projector = projector_screen(browser, live_server.url, screen, user.username)
    projector.context.set_default_timeout(10_000)
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    count_settles(projector)
    name = f"projector-{width}x{height}"

    # On load: the first village's opening — its monitoring results and carried follow-up.
    expect(projector.locator(".stage-desa strong")).to_have_text(first.desa.name)
    assert_near_the_top(projector, "#stage-opening.is-current", 0.25)
    screenshot(projector, f"{name}-1-opening")

    # ↓ reads the opening to its end (it is taller than these screens), then goes into the
    # rows: the opening folds away and the first row comes to the top.
    for _press in range(10):
        if projector.evaluate(OPENING_END_SHOWN):
            break
        projector.keyboard.press("ArrowDown")
        expect(projector.locator("#stage")).to_have_attribute("data-row", "opening")
    assert projector.evaluate(OPENING_END_SHOWN)
    projector.keyboard.press("ArrowDown")
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    assert_near_the_top(projector, "#row-0.is-current")
    folded = projector.locator("details#stage-opening")
    expect(folded).to_be_visible()
    assert not folded.evaluate("details => details.open")
    screenshot(projector, f"{name}-2-row-1")
    projector.keyboard.press("ArrowDown")
    assert_near_the_top(projector, "#row-1.is-current")
    projector.keyboard.press("ArrowUp")
    assert_near_the_top(projector, "#row-0.is-current")

    # The next village has no monitoring results: it opens on its first row.
    projector.keyboard.press("ArrowRight")
    expect(projector.locator(".stage-desa strong")).to_have_text(second.desa.name)
    assert_near_the_top(projector, "#row-0.is-current")

    # The laptop puts the first village's fourth row on the screen; the projector polls.
    laptop = watch_errors(projector.context.new_page())
    laptop.goto(reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={first.desa.code}")
    laptop.locator("#row-3 button.project-row").click()
    expect(projector.locator(".stage-desa strong")).to_have_text(first.desa.name)
    assert_near_the_top(projector, "#row-3.is-current")
    screenshot(projector, f"{name}-3-row-4-from-the-laptop")

    # Polls while the laptop records a long challenge in the second row, above the one on
    # the screen: the fourth row stays where it is.
    before = shown_box(projector.locator("#row-3"))
    cell = laptop.locator("#row-1 form.autosave:has(textarea[name=text])").first
    cell.locator("textarea[name=text]").fill(
        "Penyuluh tidak datang. " * 40 + "Kelompok tani menunggu jadwal baru."
    )
    expect(cell.locator(".status-saved")).to_be_visible()
    expect(projector.locator("#row-1")).to_contain_text("Kelompok tani menunggu jadwal baru")
    polls = settles(projector)
    projector.wait_for_function("n => (window.rembukSettles || 0) >= n + 2", arg=polls)
    after = assert_near_the_top(projector, "#row-3.is-current")
    assert before is not None and abs(after["y"] - before["y"]) <= 2
    screenshot(projector, f"{name}-4-after-polls")

    assert projector.console_errors == [] and laptop.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


# Every piece of text of the village's opening and of the stage's title, with its font size in
# pixels as the screen draws it, against the stage's own text size.
TEXT_SIZES = """
() => {
  const stage = parseFloat(getComputedStyle(document.body).fontSize);
  const sizes = [];
  for (const el of document.querySelectorAll("#stage-opening *, .stage-title *")) {
    const ownText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!ownText || !el.getClientRects().length) continue;
    sizes.push([el.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(el).fontSize)]);
  }
  return {stage, sizes};
}
"""


@pytest.mark.parametrize("screen", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_villages_opening_and_name_grow_with_the_projector_like_its_rows(
    browser: Browser, live_server, screen: tuple[int, int]
):
    """The monitoring results, their badges and the village's name were sized for a laptop
    (rem): on a 1920-pixel projector they stayed at 13-17 pixels beside rows of 30."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_in_full_swing()
    width, height = screen
    projector = projector_screen(browser, live_server.url, screen, user.username)
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    assert_near_the_top(projector, "#stage-opening.is-current", 0.25)
    measured = projector.evaluate(TEXT_SIZES)
    stage = measured["stage"]
    assert len(measured["sizes"]) > 10  # the badges, the blocked activities, the notes, the name
    too_small = [(text, size) for text, size in measured["sizes"] if size < 0.75 * stage - 0.5]
    assert too_small == [], (stage, too_small)
    screenshot(projector, f"projector-{width}x{height}-opening-text")
    assert projector.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


# The last line of text in an element as the screen draws it (the lowest line box of its text).
LAST_LINE = """
(selector) => {
  const item = document.querySelector(selector);
  const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) {
    if (!walker.currentNode.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) {
      if (r.height > 0 && (!last || r.bottom > last.y + last.height)) {
        last = {x: r.left, y: r.top, width: r.width, height: r.height};
      }
    }
  }
  return last;
}
"""

# The part of the screen where the sheet's rows can be read: below the sticky column headings,
# above the bottom of the scrolling sheet and of the window.
SHEET_WINDOW = """
() => {
  const body = document.getElementById("stage-body").getBoundingClientRect();
  // The headings' cells stick to the top of the sheet; the thead itself scrolls away with it.
  const head = document.querySelector("#stage .matrix3 thead th").getBoundingClientRect();
  return {top: head.bottom, bottom: Math.min(body.bottom, window.innerHeight),
          scrollTop: document.getElementById("stage-body").scrollTop};
}
"""


def intersects(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def a_meeting_with_a_tall_first_row() -> CoordinationMeeting:
    """One village whose first goal carries far more activities than a screen holds, followed
    by two ordinary goals; no monitoring session, so the projector opens on the first row."""
    kecamatan = region(KODI_BALAGHAR)
    desa = kecamatan.children.order_by("code").first()
    plan = full_plan(desa.code, goals=3, activities_per_goal=2)
    goal = plan.goals.get(position=0)
    milestone = goal.milestones.get()
    for n in range(3, 23):
        ActivityFactory(
            milestone=milestone,
            goal=goal,
            position=n,
            name=f"Kegiatan 1.{n}: pendampingan kelompok ternak dan kader kesehatan hewan",
        )
    ActivityFactory(milestone=milestone, goal=goal, position=99, name="Kegiatan terakhir baris ini")
    return services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=[desa], actor=None
    )


class Room(NamedTuple):
    meeting: CoordinationMeeting
    laptop_username: str
    laptop: Page
    follower: Page


def a_laptop_and_a_follower(
    browser: Browser, live_server, laptop_screen: tuple[int, int], follower_screen: tuple[int, int]
) -> Room:
    """A kecamatan person's laptop, which drives, and a kabupaten reader's screen, which follows
    and may not drive, both on the meeting mode of a meeting whose first row is taller than a
    screen."""
    laptop_user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    reader = user_with_role(Role.TIM_KABUPATEN, "53.18")
    meeting = a_meeting_with_a_tall_first_row()
    laptop = projector_screen(browser, live_server.url, laptop_screen, laptop_user.username)
    follower = projector_screen(browser, live_server.url, follower_screen, reader.username)
    open_the_meeting(reverse("meetings:meeting_mode", args=[meeting.id]), laptop, follower)
    return Room(meeting, laptop_user.username, laptop, follower)


def last_line_is_readable(page: Page, selector: str) -> dict[str, float]:
    """The item's last line is inside the window, below the headings, above the sheet's
    bottom, and not under the capture panel; returns its box."""
    line = page.evaluate(LAST_LINE, selector)
    sheet = page.evaluate(SHEET_WINDOW)
    panel = shown_box(page.locator("#capture"))
    assert line is not None
    assert sheet["top"] - 1 <= line["y"], (line, sheet)
    assert line["y"] + line["height"] <= sheet["bottom"] + 1, (line, sheet)
    assert not intersects(line, panel), (line, panel)
    return line


@pytest.mark.parametrize("screen", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_down_reads_a_tall_row_to_its_end_before_the_next_and_up_reverses_it(
    browser: Browser, live_server, screen: tuple[int, int]
):
    """A row taller than the screen ran past its bottom and ↓ jumped to the next row, so its end
    was never on the wall; the capture panel of a planned meeting covered the row's bottom
    right. ↓ now scrolls through the row a screen at a time (a few lines overlapping) until its
    end shows above the panel, then steps; ↑ does the reverse. The room follows the row."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_with_a_tall_first_row()
    width, height = screen
    projector = projector_screen(browser, live_server.url, screen, user.username)
    projector.context.set_default_timeout(10_000)
    url = reverse("meetings:meeting_mode", args=[meeting.id])
    projector.goto(url)
    room = watch_errors(projector.context.new_page())  # a second screen following the projector
    room.goto(url)
    stage = projector.locator("#stage")
    name = f"projector-{width}x{height}-tall-row"
    expect(projector.locator("#capture summary")).to_be_visible()  # a planned meeting
    assert_near_the_top(projector, "#row-0.is-current")
    sheet = projector.evaluate(SHEET_WINDOW)
    first = projector.evaluate(LAST_LINE, "#row-0")
    assert first["y"] > sheet["bottom"], "the row must be taller than the screen for this test"
    screenshot(projector, f"{name}-1-top")

    # ↓ scrolls within the row, less than a screen at a time, the row staying current.
    presses = 0
    visible = sheet["bottom"] - sheet["top"]
    while projector.evaluate(LAST_LINE, "#row-0")["y"] > projector.evaluate(SHEET_WINDOW)["bottom"]:
        before = projector.evaluate(SHEET_WINDOW)["scrollTop"]
        projector.keyboard.press("ArrowDown")
        moved = projector.evaluate(SHEET_WINDOW)["scrollTop"] - before
        presses += 1
        assert 0 < moved < visible, (moved, visible)
        assert presses <= 10
        expect(stage).to_have_attribute("data-row", "0")
        expect(projector.locator("#row-0")).to_have_class(re.compile(r"\bis-current\b"))
    assert presses >= 1
    end = last_line_is_readable(projector, "#row-0")
    expect(projector.locator("#row-0")).to_contain_text("Kegiatan terakhir baris ini")
    screenshot(projector, f"{name}-2-its-end")
    # The room stays on the same row while the projector reads through it.
    expect(room.locator("#stage")).to_have_attribute("data-row", "0")

    # With the end in view, ↓ steps to the next row, at the top; the room follows.
    projector.keyboard.press("ArrowDown")
    expect(stage).to_have_attribute("data-row", "1")
    assert_near_the_top(projector, "#row-1.is-current")
    row = shown_box(projector.locator("#row-1"))
    panel = shown_box(projector.locator("#capture"))
    assert not intersects(row, panel), (row, panel)
    expect(room.locator("#stage")).to_have_attribute("data-row", "1", timeout=8_000)
    screenshot(projector, f"{name}-3-next-row")

    # ↑ goes back to the tall row and shows its end, where ↓ left it.
    projector.keyboard.press("ArrowUp")
    expect(stage).to_have_attribute("data-row", "0")
    projector.wait_for_function(
        "([s, y]) => { const r = document.querySelector(s); return r && r.classList.contains("
        "'is-current') && r.getBoundingClientRect().bottom < window.innerHeight; }",
        arg=["#row-0", end["y"]],
    )
    last_line_is_readable(projector, "#row-0")
    # ↑ again scrolls up through the row until its top is under the headings, then steps no
    # further (it is the first row and there is no opening).
    for _press in range(10):
        if projector.evaluate(NEAR_THE_TOP, ["#row-0", 0.4]):
            break
        projector.keyboard.press("ArrowUp")
        expect(stage).to_have_attribute("data-row", "0")
    assert_near_the_top(projector, "#row-0.is-current")
    screenshot(projector, f"{name}-4-back-to-its-top")

    # The capture panel, folded or open, has its own strip: it never lies over the sheet.
    for opened in (False, True):
        if opened:
            projector.locator("#capture summary").click()
            expect(projector.locator("#capture-text")).to_be_visible()
        sheet_box = shown_box(projector.locator("#stage-body"))
        panel = shown_box(projector.locator("#capture"))
        assert not intersects(sheet_box, panel), (opened, sheet_box, panel)
        assert panel["y"] + panel["height"] <= height + 1, panel
    screenshot(projector, f"{name}-5-panel-open")
    assert projector.console_errors == [] and room.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


# The first activity of the tall row whose top is below the sheet's top line (the first a
# reader sees in full), with how far below that line it is as a share of the row's height.
FIRST_ACTIVITY_SHOWN = """
() => {
  const top = document.querySelector("#stage .matrix3 thead th").getBoundingClientRect().bottom;
  const row = document.getElementById("row-0").getBoundingClientRect();
  const items = Array.from(document.querySelectorAll("#row-0 li"));
  const index = items.findIndex(li => li.getBoundingClientRect().top >= top - 1);
  const box = index >= 0 ? items[index].getBoundingClientRect() : null;
  return {index, below: box && (box.top - top) / row.height};
}
"""

# Whether this screen's sheet shows the same part of the tall row: the presenter's first whole
# activity is inside the window and above the sheet's bottom, and as far below the sheet's top
# line (as a share of the row's height) as on the presenter's screen, give or take a line of
# this screen: exact on a screen of the same proportions, where the type grows with the width;
# a line off where the type stops shrinking (18 px) and the text wraps differently.
SHOWS_THE_SAME_PART = """
([index, below]) => {
  const body = document.getElementById("stage-body").getBoundingClientRect();
  const top = document.querySelector("#stage .matrix3 thead th").getBoundingClientRect().bottom;
  const bottom = Math.min(body.bottom, window.innerHeight);
  const row = document.getElementById("row-0").getBoundingClientRect();
  const item = document.querySelectorAll("#row-0 li")[index];
  const box = item.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(item).lineHeight);
  return box.top >= 0 && box.bottom <= bottom + 1 &&
    Math.abs(box.top - top - below * row.height) <= line;
}
"""


def first_activity_shown(page: Page) -> dict[str, Any]:
    return page.evaluate(FIRST_ACTIVITY_SHOWN)


def presenter_posts(page: Page) -> list[str]:
    """The bodies of the position reports this screen sends (POSTs with a fraction)."""
    sent: list[str] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.post_data or "")
            if request.method == "POST" and "fraction" in (request.post_data or "")
            else None
        ),
    )
    return sent


@pytest.mark.parametrize(
    "follower_screen", [(1920, 1080), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}"
)
def test_a_follower_shows_the_part_of_a_tall_row_the_presenter_reads(
    browser: Browser, live_server, follower_screen: tuple[int, int]
):
    """Screens following the projector opened the presenter's row at its top, whatever part of
    a tall row the presenter was reading. Now, once a ↓/↑ step within the row ends, they show
    the same part of it at the top of their sheet (on a screen of another size too), with one
    request per step and none for a mere scroll."""
    _, _, presenter, follower = a_laptop_and_a_follower(
        browser, live_server, (1280, 720), follower_screen
    )
    sent = presenter_posts(presenter)
    expect(follower.locator(".stage-nav button")).to_have_count(0)
    name = f"follower-{follower_screen[0]}x{follower_screen[1]}"
    assert first_activity_shown(presenter)["index"] == first_activity_shown(follower)["index"] == 0

    def follower_shows_what_the_presenter_shows() -> None:
        shown = first_activity_shown(presenter)
        assert shown["index"] > 0  # the presenter has read into the row
        follower.wait_for_function(SHOWS_THE_SAME_PART, arg=[shown["index"], shown["below"]])

    # ↓ within the tall row: one report once the step has ended; the follower follows.
    presenter.keyboard.press("ArrowDown")
    expect(presenter.locator("#stage")).to_have_attribute("data-row", "0")
    follower_shows_what_the_presenter_shows()
    assert len(sent) == 1, sent
    screenshot(presenter, f"{name}-1-presenter-read-into-the-row")
    screenshot(follower, f"{name}-1-follower")

    # Two quick presses are one step for the room: one report, after the second.
    presenter.keyboard.press("ArrowDown")
    presenter.keyboard.press("ArrowDown")
    follower_shows_what_the_presenter_shows()
    assert len(sent) == 2, sent
    screenshot(follower, f"{name}-2-follower-further")

    # ↑ within the row, back towards its top; the follower goes back with it.
    presenter.keyboard.press("ArrowUp")
    expect(presenter.locator("#stage")).to_have_attribute("data-row", "0")
    follower_shows_what_the_presenter_shows()
    assert len(sent) == 3, sent

    # Scrolling the presenter's sheet with the mouse sends nothing.
    presenter.mouse.move(400, 400)
    presenter.mouse.wheel(0, 300)
    presenter.wait_for_timeout(1_000)
    assert len(sent) == 3, sent

    # Read to the row's end; then ↓ steps, and the next row opens at its top on both screens.
    for _press in range(10):
        if (
            presenter.evaluate(LAST_LINE, "#row-0")["y"]
            <= presenter.evaluate(SHEET_WINDOW)["bottom"]
        ):
            break
        presenter.keyboard.press("ArrowDown")
    presenter.keyboard.press("ArrowDown")
    expect(presenter.locator("#stage")).to_have_attribute("data-row", "1")
    expect(follower.locator("#stage")).to_have_attribute("data-row", "1", timeout=8_000)
    assert_near_the_top(follower, "#row-1.is-current")

    # ↑ back into the tall row shows its end on the presenter (one report), then on the follower.
    presenter.wait_for_timeout(1_000)  # any report of the reading through row 0 has gone
    reports = len(sent)
    presenter.keyboard.press("ArrowUp")
    expect(presenter.locator("#stage")).to_have_attribute("data-row", "0")
    expect(follower.locator("#stage")).to_have_attribute("data-row", "0", timeout=8_000)
    follower_shows_what_the_presenter_shows()
    assert len(sent) == reports + 1, sent
    screenshot(follower, f"{name}-3-follower-back-at-the-row-s-end")
    assert presenter.console_errors == [] and follower.console_errors == []  # type: ignore[attr-defined]
    presenter.context.close()
    follower.context.close()


def test_the_room_still_follows_the_laptop_after_its_person_logged_in_again(
    browser: Browser, live_server
):
    """The laptop's person logs in again in another tab mid-meeting (their session had ended):
    the browser's CSRF token changes. The laptop's reports of how far into a row it reads
    carried the page's own token, refused without a word, and the room stopped following."""
    _, username, presenter, follower = a_laptop_and_a_follower(
        browser, live_server, (1280, 720), (1920, 1080)
    )
    again = watch_errors(presenter.context.new_page())
    presenter.context.clear_cookies(name="sessionid")
    log_in(again, username)
    again.close()
    presenter.bring_to_front()
    presenter.keyboard.press("ArrowDown")
    expect(presenter.locator("#stage")).to_have_attribute("data-row", "0")
    shown = first_activity_shown(presenter)
    assert shown["index"] > 0  # the presenter has read into the row
    follower.wait_for_function(SHOWS_THE_SAME_PART, arg=[shown["index"], shown["below"]])
    assert follower.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", [(1280, 720), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_current_row_keeps_its_top_in_view_while_a_challenge_is_noted_for_it(
    browser: Browser, live_server, screen: tuple[int, int]
):
    """With the presenter part way into a tall row, opening "Catat tantangan untuk baris ini"
    left the row's top (its goal: which row the challenge is for) scrolled out of view above
    the sheet. Opening the panel, and typing in it, now bring the row's top into view."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_with_a_tall_first_row()
    width, height = screen
    projector = projector_screen(browser, live_server.url, screen, user.username)
    projector.context.set_default_timeout(10_000)
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    name = f"projector-{width}x{height}-capture"

    def row_top_is_in_view() -> bool:
        row = shown_box(projector.locator("#row-0"))
        sheet = projector.evaluate(SHEET_WINDOW)
        panel = shown_box(projector.locator("#capture"))
        inside = sheet["top"] - 1 <= row["y"] <= sheet["bottom"] - 40
        return inside and row["y"] < panel["y"]

    projector.keyboard.press("ArrowDown")
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    assert not row_top_is_in_view()  # reading further down the row, as the test needs
    screenshot(projector, f"{name}-1-reading-into-the-row")

    projector.locator("#capture summary").click()
    expect(projector.locator("#capture-text")).to_be_visible()
    assert_near_the_top(projector, "#row-0.is-current")
    assert row_top_is_in_view()
    screenshot(projector, f"{name}-2-panel-open")

    # Typing, the suggestions growing the panel: the top stays, through the polls too.
    field = projector.locator("#capture-text")
    field.click()
    field.press_sequentially("Pendamping kelompok ternak belum ditunjuk oleh dinas", delay=20)
    count_settles(projector)
    projector.wait_for_function("() => (window.rembukSettles || 0) >= 2")
    assert row_top_is_in_view()
    expect(field).to_be_focused()
    screenshot(projector, f"{name}-3-typing")
    assert projector.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


def shows_the_row_s_top(page: Page) -> None:
    """The tall row's top is at the top of this screen's sheet: its first activity is the first
    one shown, whole and on the screen."""
    assert_near_the_top(page, "#row-0.is-current")
    page.wait_for_function(f"() => ({FIRST_ACTIVITY_SHOWN})().index === 0")
    in_viewport(page, "#row-0 li >> nth=0")


def shows_the_same_part_as(page: Page, presenter: Page) -> None:
    """This screen shows the part of the tall row the presenter's screen shows: the presenter's
    first whole activity, as far below the sheet's top line, on the screen."""
    shown = first_activity_shown(presenter)
    assert shown["index"] > 0  # the presenter has read into the row
    page.wait_for_function(SHOWS_THE_SAME_PART, arg=[shown["index"], shown["below"]])
    in_viewport(page, f"#row-0 li >> nth={shown['index']}")


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_when_the_laptop_shows_the_row_again_every_screen_shows_the_same_part_of_it(
    browser: Browser, live_server, screen: tuple[int, int]
):
    """A screen that had read into a tall row itself (the projector, the same person's second
    screen, pressing ↓) ignored the room's position for as long as that row stayed on screen:
    when the laptop showed the row again from the meeting page, the other screens went to the
    row's top while the projector stayed where it was, and when the laptop then read into the
    row, the projector did not follow. Now every screen shows the same part of the row."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    reader = user_with_role(Role.TIM_KABUPATEN, "53.18")  # follows; may not drive
    meeting = a_meeting_with_a_tall_first_row()
    sheet = meeting.sheets.select_related("desa").get()
    url = reverse("meetings:meeting_mode", args=[meeting.id])
    other = (1920, 1080) if screen == (1366, 768) else (1366, 768)
    laptop = projector_screen(browser, live_server.url, (1366, 768), user.username)
    projector = projector_screen(browser, live_server.url, screen, user.username)
    follower = projector_screen(browser, live_server.url, other, reader.username)
    open_the_meeting(url, laptop, projector, follower)
    for page in (laptop, projector, follower):
        shows_the_row_s_top(page)
    meeting_page = watch_errors(laptop.context.new_page())  # the laptop's meeting page, beside
    meeting_page.goto(
        reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={sheet.desa.code}"
    )
    name = f"re-show-{screen[0]}x{screen[1]}"

    # The projector reads into the row itself; the laptop and the follower follow it.
    projector.keyboard.press("ArrowDown")
    projector.keyboard.press("ArrowDown")
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    shows_the_same_part_as(follower, projector)
    shows_the_same_part_as(laptop, projector)
    screenshot(follower, f"{name}-1-follower-read-into-the-row")

    # The laptop shows the row again from the meeting page ("Tayangkan desa ini": the village
    # has nothing to hear first, so its first row, the one on screen): its top, on every screen.
    meeting_page.locator("form:has(input[name=row][value='']) button[type=submit]").click()
    for page in (follower, laptop, projector):
        shows_the_row_s_top(page)
    screenshot(follower, f"{name}-2-follower-after-the-row-shown-again")
    screenshot(projector, f"{name}-2-projector-after-the-row-shown-again")

    # The laptop reads into the row (↓ Baris); the projector, which read on its own before,
    # follows it now, as the follower does.
    laptop.keyboard.press("ArrowDown")
    expect(laptop.locator("#stage")).to_have_attribute("data-row", "0")
    shows_the_same_part_as(projector, laptop)
    shows_the_same_part_as(follower, laptop)
    screenshot(projector, f"{name}-3-projector-follows-the-laptop")

    # "Tayangkan baris ini" on the row already shown keeps the part the room reads.
    meeting_page.locator("#row-0 button.project-row").click()
    meeting_page.wait_for_timeout(2_500)  # a poll on every screen
    shows_the_same_part_as(projector, laptop)
    shows_the_same_part_as(follower, laptop)

    # And the projector reads on (↓, then ↑): the laptop follows it back, the follower too.
    projector.keyboard.press("ArrowDown")
    shows_the_same_part_as(laptop, projector)
    shows_the_same_part_as(follower, projector)
    projector.keyboard.press("ArrowUp")
    shows_the_same_part_as(laptop, projector)
    shows_the_same_part_as(follower, projector)
    screenshot(follower, f"{name}-4-follower-follows-the-projector")

    for page in (laptop, meeting_page, projector, follower):
        assert page.console_errors == []  # type: ignore[attr-defined]
    for page in (laptop, projector, follower):
        page.context.close()


def scrolled_into_the_row_by_wheel(page: Page) -> None:
    """A person scrolls this screen's sheet with the mouse wheel, down into the tall row: its
    top leaves the screen (and nothing is sent: the room does not know)."""
    page.mouse.move(600, 450)
    page.mouse.wheel(0, 700)
    page.wait_for_function(f"() => ({FIRST_ACTIVITY_SHOWN})().index > 1")


@pytest.mark.parametrize(
    "follower_screen", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}"
)
def test_a_follower_scrolled_by_wheel_goes_where_the_laptop_shows_the_row_again(
    browser: Browser, live_server, follower_screen: tuple[int, int]
):
    """A screen scrolled inside a tall row by wheel or touch (which tells nobody) stayed there
    when the laptop showed the row again: the server's state (village, row, part of the row)
    had not changed, so nothing told it apart from an ordinary poll. The server now counts the
    laptop's shows, and every screen goes to where the laptop shows the row when it moves."""
    meeting, _, laptop, follower = a_laptop_and_a_follower(
        browser, live_server, (1366, 768), follower_screen
    )
    sheet = meeting.sheets.select_related("desa").get()
    for page in (laptop, follower):
        shows_the_row_s_top(page)
    meeting_page = watch_errors(laptop.context.new_page())
    meeting_page.goto(
        reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={sheet.desa.code}"
    )
    for page in (laptop, follower):
        count_settles(page)
    name = f"re-show-to-a-wheeled-follower-{follower_screen[0]}x{follower_screen[1]}"

    # The follower scrolls down into the row with the wheel; polls keep it there.
    scrolled_into_the_row_by_wheel(follower)
    polls = settles(follower)
    follower.wait_for_function("n => (window.rembukSettles || 0) >= n + 2", arg=polls)
    assert first_activity_shown(follower)["index"] > 1
    screenshot(follower, f"{name}-1-before-the-re-show")

    # The laptop shows the row again ("Tayangkan baris ini"): the follower shows its top.
    shows_before = shows(laptop)
    meeting_page.locator("#row-0 button.project-row").click()
    shows_the_row_s_top(follower)
    screenshot(follower, f"{name}-2-after-the-re-show")

    # The laptop reads into the row (↓), once its own screen has had the show (it was at the
    # row's top already, so only its count tells); the follower follows, then wheels away again.
    heard_the_show(laptop, shows_before)
    laptop.keyboard.press("ArrowDown")
    expect(laptop.locator("#stage")).to_have_attribute("data-row", "0")
    shows_the_same_part_as(follower, laptop)
    follower.mouse.move(600, 450)
    follower.mouse.wheel(0, -2_000)  # back up to the row's top
    shows_the_row_s_top(follower)
    polls = settles(follower)
    follower.wait_for_function("n => (window.rembukSettles || 0) >= n + 2", arg=polls)
    shows_the_row_s_top(follower)  # no report, no move: the polls leave it where it is

    # Shown again: the follower goes to the laptop's line, the part of the row the room reads.
    meeting_page.locator("#row-0 button.project-row").click()
    shows_the_same_part_as(follower, laptop)
    screenshot(follower, f"{name}-3-at-the-laptop-s-line")
    expect(laptop.locator("#stage")).to_have_attribute("data-row", "0")
    for page in (laptop, meeting_page, follower):
        assert page.console_errors == []  # type: ignore[attr-defined]
    laptop.context.close()
    follower.context.close()


def test_showing_a_village_with_nothing_to_hear_first_shows_its_first_row_in_the_room(
    browser: Browser, live_server
):
    """Showing a village with no monitoring results and nothing carried in ("Tayangkan desa
    ini") stored its opening, which is empty: the laptop's page then marked no row as the one on
    screen. Now its first row is shown, on the projector and on the laptop's page."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_in_full_swing()
    _first, second = list(meeting.sheets.select_related("desa").order_by("position"))
    projector = projector_screen(browser, live_server.url, (1366, 768), user.username)
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    assert_near_the_top(projector, "#stage-opening.is-current", 0.25)  # the first village's
    meeting_page = watch_errors(projector.context.new_page())
    sheet_url = reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={second.desa.code}"
    meeting_page.goto(sheet_url)

    meeting_page.get_by_role("button", name="Tayangkan desa ini di proyektor").click()
    expect(projector.locator(".stage-desa strong")).to_have_text(second.desa.name)
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    assert_near_the_top(projector, "#row-0.is-current")
    in_viewport(projector, "#row-0 .goal-cell")
    expect(projector.locator("#stage-opening")).to_have_count(0)
    screenshot(projector, "village-without-an-opening-shown")

    # The laptop's page names the first row as the one on the projector.
    meeting_page.goto(sheet_url)
    expect(meeting_page.locator("#row-0")).to_have_class(re.compile(r"\bis-projected\b"))
    link = meeting_page.get_by_role("link", name="Ke baris yang ditayangkan (tujuan 1)")
    expect(link).to_be_visible()
    assert projector.console_errors == [] and meeting_page.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


# How "↑ Baris" looks to a person: enabled or not, and its opacity as drawn.
BUTTON_LOOK = """
(step) => {
  const button = document.querySelector(`#stage button[data-step="${step}"]`);
  return {disabled: button.disabled, opacity: parseFloat(getComputedStyle(button).opacity)};
}
"""


def test_up_looks_enabled_on_the_first_row_exactly_while_it_scrolls_up_within_it(
    browser: Browser, live_server
):
    """On the first row of a village with no opening, "↑ Baris" was drawn disabled (dimmed)
    even part way into a tall row, where ↑ scrolls back up through the row. Its look now tells
    the truth: enabled while pressing it scrolls, dimmed at the row's top, where it does not."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_with_a_tall_first_row()
    projector = projector_screen(browser, live_server.url, (1366, 768), user.username)
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    shows_the_row_s_top(projector)
    up = projector.locator('#stage button[data-step="previous-row"]')
    down = projector.locator('#stage button[data-step="next-row"]')
    sheet = projector.locator("#stage-body")

    def looks(enabled: bool) -> None:
        projector.wait_for_function(
            "([step, enabled]) => document.querySelector("
            '`#stage button[data-step="${step}"]`).disabled === !enabled',
            arg=["previous-row", enabled],
        )
        look = projector.evaluate(BUTTON_LOOK, "previous-row")
        assert (look["opacity"] == 1) if enabled else (look["opacity"] < 0.5), look

    # At the row's top ↑ does nothing (first row, no opening): it looks it.
    looks(enabled=False)
    screenshot(projector, "up-row-1-at-the-top")

    # ↓ Baris scrolls into the row: ↑ now scrolls back, and looks it; through the polls too.
    down.click()
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    assert first_activity_shown(projector)["index"] > 0
    looks(enabled=True)
    count_settles(projector)
    projector.wait_for_function("() => (window.rembukSettles || 0) >= 2")
    looks(enabled=True)
    screenshot(projector, "up-row-2-into-the-row")

    # Pressing it scrolls back up to the row's top, without a step; then it is dimmed again.
    before = sheet.evaluate("body => body.scrollTop")
    up.click()
    projector.wait_for_function(f"() => ({FIRST_ACTIVITY_SHOWN})().index === 0")
    assert sheet.evaluate("body => body.scrollTop") < before
    expect(projector.locator("#stage")).to_have_attribute("data-row", "0")
    looks(enabled=False)

    # Scrolled by the wheel instead, ↑ scrolls too: it looks enabled.
    scrolled_into_the_row_by_wheel(projector)
    looks(enabled=True)
    screenshot(projector, "up-row-3-after-the-wheel")
    assert projector.console_errors == []  # type: ignore[attr-defined]
    projector.context.close()


def a_poll_swapped_in_and_settling_slowly(page: Page) -> None:
    """A poll of the stage whose answer, once swapped in, takes a second and a half to settle
    (htmx's settle step is 20 ms; on a slow network an answer can arrive at any moment): on
    return it is swapped in and not yet settled."""
    page.evaluate(
        """() => {
          htmx.config.defaultSettleDelay = 1500;
          window.pollSwapped = false;
          window.pollSettled = false;
          document.addEventListener("htmx:afterSwap", () => { window.pollSwapped = true; },
            {once: true});
          document.addEventListener("htmx:afterSettle", () => { window.pollSettled = true; },
            {once: true});
          htmx.ajax("GET", location.pathname, {target: "#stage", swap: "outerHTML"});
        }"""
    )
    page.wait_for_function("() => window.pollSwapped")
    assert not page.evaluate("window.pollSettled")


def test_a_step_into_the_row_while_a_poll_settles_is_kept_and_reaches_the_room(
    browser: Browser, live_server
):
    """↓ Baris pressed after a poll's answer was swapped in but before it settled: the settling
    kept the row where it had been before the press, so the laptop went back to the row's top
    and the room never heard of the step (seen with polls every second)."""
    _, _, laptop, follower = a_laptop_and_a_follower(browser, live_server, (1366, 768), (1366, 768))
    for page in (laptop, follower):
        shows_the_row_s_top(page)

    # The key is pressed between a poll's swap and its settling.
    a_poll_swapped_in_and_settling_slowly(laptop)
    laptop.keyboard.press("ArrowDown")
    shown = first_activity_shown(laptop)
    assert shown["index"] > 0  # read into the row
    laptop.wait_for_function("() => window.pollSettled")

    # The laptop stays where the step took it, and the room follows it there.
    laptop.wait_for_function(SHOWS_THE_SAME_PART, arg=[shown["index"], shown["below"]])
    assert first_activity_shown(laptop)["index"] == shown["index"]
    shows_the_same_part_as(follower, laptop)
    assert laptop.console_errors == []  # type: ignore[attr-defined]


SHEET_SCROLL = "() => document.getElementById('stage-body').scrollTop"


def laptop_at_the_tall_row(browser: Browser, live_server, screen: tuple[int, int]) -> Page:
    """The kecamatan's laptop in meeting mode, at the top of a first row taller than the screen."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    meeting = a_meeting_with_a_tall_first_row()
    laptop = projector_screen(browser, live_server.url, screen, user.username)
    laptop.context.set_default_timeout(10_000)
    laptop.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    shows_the_row_s_top(laptop)
    return laptop


def test_a_wheel_scroll_while_a_poll_settles_is_kept(browser: Browser, live_server):
    """The wheel turned after a poll's answer was swapped in but before it settled: the
    settling put the current row back where it had been before the scroll, so the sheet jumped
    back under the person's hand (a scroll by wheel or touch tells nobody; it is this screen's
    own)."""
    laptop = laptop_at_the_tall_row(browser, live_server, (1366, 768))
    start = laptop.evaluate(SHEET_SCROLL)

    a_poll_swapped_in_and_settling_slowly(laptop)
    sheet = shown_box(laptop.locator("#stage-body"))
    laptop.mouse.move(sheet["x"] + sheet["width"] / 2, sheet["y"] + sheet["height"] / 2)
    laptop.mouse.wheel(0, 300)
    laptop.wait_for_function(f"(start) => ({SHEET_SCROLL})() >= start + 300", arg=start)
    assert not laptop.evaluate("window.pollSettled")  # the scroll ended before the settling
    scrolled_to = laptop.evaluate(SHEET_SCROLL)
    shown = first_activity_shown(laptop)
    assert shown["index"] > 0  # read into the row
    laptop.wait_for_function("() => window.pollSettled")

    assert abs(laptop.evaluate(SHEET_SCROLL) - scrolled_to) <= 1
    assert first_activity_shown(laptop) == shown
    assert laptop.console_errors == []  # type: ignore[attr-defined]


HEADING_BAND = """
() => {
  const head = document.querySelector("#stage .stage-head").getBoundingClientRect();
  const sheet = document.getElementById("stage-body").getBoundingClientRect();
  const cells = Array.from(document.querySelectorAll("#stage .matrix3 thead th"));
  const bottom = Math.max(...cells.map(th => th.getBoundingClientRect().bottom));
  return {x: sheet.left, y: head.bottom, width: sheet.width, height: bottom - head.bottom};
}
"""


def test_the_column_headings_hide_the_text_scrolled_under_them(browser: Browser, live_server):
    """While a tall row was scrolled, bits of its text showed through just above and below the
    sticky column headings: a collapsed border belongs to the table, not the heading, so the
    headings' top and bottom lines stayed behind and left the text under them uncovered. From
    the header's rule to the headings' bottom line the screen now looks exactly as it does with
    nothing scrolled."""
    projector = laptop_at_the_tall_row(browser, live_server, (1024, 768))
    band = projector.evaluate(HEADING_BAND)
    unscrolled = projector.screenshot(clip=band)

    for _ in range(2):  # the row's text now passes under the headings
        projector.keyboard.press("ArrowDown")
    projector.wait_for_function(f"() => ({FIRST_ACTIVITY_SHOWN})().index > 3")
    assert projector.evaluate(HEADING_BAND) == band  # the headings stayed where they were
    assert projector.screenshot(clip=band) == unscrolled
    assert projector.console_errors == []  # type: ignore[attr-defined]
