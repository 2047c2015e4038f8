"""What a walk through Rembuk as its people found, on a small phone (360×740) and a laptop: each
test asserts what the person sees — a control big enough for a thumb and on the screen, the item
they just saved in view, a line between two villages — not how the page is built."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import log_in, screenshot, watch_errors
from e2e.test_dashboards import records_for_both_kabupaten
from e2e.test_support_requests import a_request_from_the_meeting
from rembuk.core.testing import MembershipFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meetings
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
WAINYAPU_AND_KAHALE = ("53.18.11.2006", "53.18.11.2002")
# The smallest a thumb taps reliably.
TAP = 40


@pytest.fixture
def small_phone(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(
        viewport=SMALL_PHONE,
        locale="id-ID",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
    )
    ctx.set_default_timeout(10_000)
    yield watch_errors(ctx.new_page())
    ctx.close()


def _tappable(target: Locator) -> None:
    """Visible, on the screen's width and at least TAP pixels high."""
    expect(target).to_be_visible()
    box = target.bounding_box()
    assert box is not None
    assert box["height"] >= TAP - 0.5, (target, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"] + 1, (target, box)


def _in_view(page: Page, target: Locator) -> None:
    """Within the viewport, not a screen above or below it."""
    expect(target).to_be_visible()
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= -1 and box["y"] < viewport["height"] - 20, (box, viewport)


def test_on_a_small_phone_every_control_of_the_header_is_big_enough_to_tap(
    small_phone: Page,
) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    log_in(small_phone, "tim.program")
    header = small_phone.locator("header.top")
    _tappable(header.get_by_role("link", name="Rembuk"))
    _tappable(header.get_by_role("link", name="Pemberitahuan"))
    menu = header.get_by_role("button", name="Menu")
    _tappable(menu)
    menu.tap()
    _tappable(header.locator(".account a"))  # the person's name: their account
    _tappable(header.get_by_role("button", name="Keluar"))
    for language in ("ID", "EN"):
        _tappable(header.get_by_role("button", name=language, exact=True))
    screenshot(small_phone, "walkthrough-phone-header")
    assert small_phone.console_errors == []  # type: ignore[attr-defined]


def test_on_a_small_phone_a_plans_row_buttons_are_big_enough_to_tap(small_phone: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=3)
    user_with_role(Role.FASILITATOR_DESA, "53.18.11.2006", username="fasdesa.wainyapu")
    log_in(small_phone, "fasdesa.wainyapu")
    small_phone.goto(reverse("plans:plan_detail", args=[plan.pk]))
    row = small_phone.locator("main tr", has_text="Kegiatan 1.2")
    _tappable(row.get_by_role("link", name="Ubah", exact=True))
    more = row.locator("summary", has_text="Lainnya")
    _tappable(more)
    more.tap()
    _tappable(row.get_by_role("button", name="Pindah ke atas"))
    _tappable(row.get_by_role("link", name="Hapus"))
    goal = small_phone.locator("main td.goal-cell")
    _tappable(goal.get_by_role("link", name="Ubah", exact=True))
    screenshot(small_phone, "walkthrough-phone-plan-row")
    assert small_phone.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [SMALL_PHONE, {"width": 1366, "height": 768}])
def test_after_saving_an_activity_the_person_sees_it(
    browser: Browser,
    live_server,  # type: ignore[no-untyped-def]
    size: dict[str, int],
) -> None:
    phone = size["width"] < 500
    ctx = browser.new_context(
        viewport=size, locale="id-ID", base_url=live_server.url, is_mobile=phone, has_touch=phone
    )
    ctx.set_default_timeout(10_000)
    page = watch_errors(ctx.new_page())
    plan = full_plan("53.18.11.2006", goals=3, activities_per_goal=8)
    user_with_role(Role.FASILITATOR_DESA, "53.18.11.2006", username="fasdesa.wainyapu")
    log_in(page, "fasdesa.wainyapu")
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    row = page.locator("main tr", has_text="Kegiatan 2.4")
    row.get_by_role("link", name="Ubah", exact=True).click()
    form = page.locator("main form.plan-form")
    name = form.get_by_label("Kegiatan", exact=True)
    name.fill("Kegiatan 2.4, tungku contoh di pondok garam")
    # The form is taller than the row: the person scrolls down to its Save button.
    form.get_by_role("button", name="Simpan").click()
    saved = page.locator("main td", has_text="tungku contoh di pondok garam")
    expect(saved).to_be_visible()
    expect(form).to_have_count(0)
    # Before, the page stayed where the Save button was: the row a screen (phone: three) above.
    _in_view(page, saved)
    screenshot(page, f"walkthrough-saved-activity-{size['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]
    ctx.close()


def test_on_a_phone_each_village_of_the_dashboard_has_its_line(small_phone: Page) -> None:
    records_for_both_kabupaten()
    team = user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    MembershipFactory(user=team, role=Role.TIM_PROGRAM, region=region("81"))
    log_in(small_phone, "tim.program")
    small_phone.goto(reverse("programme:dashboard"))
    names = small_phone.locator("#tahapan-desa tbody th[scope=row]")
    assert names.count() > 10
    # The village's name stays in view while the table scrolls sideways (a sticky cell): the
    # line under it must be drawn too, or two villages read as one row.
    for index in range(names.count()):
        cell = names.nth(index)
        cell.scroll_into_view_if_needed()
        picture = Image.open(io.BytesIO(cell.screenshot())).convert("L")
        rows = [
            sum(picture.getpixel((x, y)) for x in range(picture.width)) / picture.width
            for y in range(picture.height - 3, picture.height)
        ]
        assert min(rows) < 245, (cell.inner_text(), rows, cell.bounding_box())
    screenshot(small_phone, "walkthrough-phone-dashboard-villages")
    assert small_phone.console_errors == []  # type: ignore[attr-defined]


def test_a_kabupaten_official_reads_the_whole_name_of_the_agency_chosen(page: Page) -> None:
    # The list was 36rem wide on a laptop: "… Koperasi dan UKM (Perindagkop" cut off.
    support = a_request_from_the_meeting()
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="kabupaten.sbd")
    log_in(page, "kabupaten.sbd")
    page.goto(reverse("support:request_detail", args=[support.pk]))
    agency = page.locator("#step-accept").get_by_label("OPD")
    # The list names an agency by its short name, whole at any width; the full name is the
    # option's title (docs/decisions/0016, round 14).
    agency.select_option(label="Perindagkop")
    expect(agency.locator("option:checked")).to_have_attribute(
        "title", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"
    )
    # The chosen name's width in the list's own font, against the room inside the list.
    needed = agency.evaluate(
        """select => {
          const probe = document.createElement("span");
          probe.style.font = getComputedStyle(select).font;
          probe.style.whiteSpace = "pre";
          probe.textContent = select.options[select.selectedIndex].text;
          document.body.append(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return width;
        }"""
    )
    room = agency.evaluate(
        "s => s.clientWidth - parseFloat(getComputedStyle(s).paddingLeft)"
        " - parseFloat(getComputedStyle(s).paddingRight) - 16"  # the arrow
    )
    assert needed <= room, (needed, room)
    screenshot(page, "walkthrough-support-agency")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_on_a_small_phone_the_support_lists_choices_are_big_enough_to_tap(
    small_phone: Page,
) -> None:
    a_request_from_the_meeting()
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="kabupaten.sbd")
    log_in(small_phone, "kabupaten.sbd")
    small_phone.goto(reverse("support:request_list"))
    choices = small_phone.locator("main form select")
    # One request, so one agency and one kecamatan: those filters, with a single choice, are
    # left out (e2e/test_what_a_person_meets.py); the status filter stays.
    assert choices.count() >= 1
    for index in range(choices.count()):
        _tappable(choices.nth(index))
    assert small_phone.console_errors == []  # type: ignore[attr-defined]


def test_on_a_small_phone_each_villages_folded_sheet_is_big_enough_to_tap(
    small_phone: Page,
) -> None:
    # A village reads the other villages' sheets of its kecamatan's meeting, each folded under
    # its name: the names were 24px high, one under the other.
    plans = [full_plan(code, goals=1, activities_per_goal=1) for code in WAINYAPU_AND_KAHALE]
    meetings.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=30),
        villages=[plan.desa for plan in plans],
        actor=None,
    )
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(small_phone, "tim.wainyapu")
    small_phone.goto(reverse("meetings:village_meetings"))
    kahale = small_phone.locator("details.village-sheet > summary", has_text="Kahale")
    _tappable(kahale)
    kahale.tap()
    expect(small_phone.locator("details.village-sheet", has_text="Kahale")).to_have_attribute(
        "open", ""
    )
    assert small_phone.console_errors == []  # type: ignore[attr-defined]
