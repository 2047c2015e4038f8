"""Dashboards and programme stages in real Chromium: each viewer sees their own region (the
kecamatan its villages, the kabupaten its kecamatan, the programme both kabupaten), the charts
are drawn without JavaScript errors, and a chart's XLSX link downloads its numbers. A kecamatan
user records a stage by hand on the desa's stages page (on a phone)."""

from __future__ import annotations

import datetime
import itertools
from io import BytesIO
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, LAPTOP, log_in, screenshot
from rembuk.core.testing import MembershipFactory, region, user_with_role
from rembuk.learning.models import Theme
from rembuk.monitoring.models import ActivityStatus
from rembuk.people.models import Role
from rembuk.programme.models import StageProgress
from rembuk.programme.tests.records import (
    agency,
    make_lesson,
    make_meeting,
    make_plan,
    make_request,
    make_review,
)
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest

STATUS_CYCLE = [
    ActivityStatus.DONE,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.BLOCKED,
    ActivityStatus.LATE,
    ActivityStatus.NOT_STARTED,
    ActivityStatus.DONE,
]
REQUEST_CYCLE = [
    SupportRequest.Status.SUBMITTED,
    SupportRequest.Status.ACCEPTED,
    SupportRequest.Status.IN_PROGRESS,
    SupportRequest.Status.DONE,
    SupportRequest.Status.SCHEDULED,
]
THEME_CYCLE = [Theme.MARKETING, Theme.PESTS, Theme.WATER, Theme.MARKETING, Theme.BUMDES]


def a_year_of_records(kecamatan_code: str, kabupaten_code: str, year: int) -> None:
    kecamatan = region(kecamatan_code)
    desas = list(Region.objects.filter(parent=kecamatan).order_by("code"))
    agencies = [agency(name, kabupaten_code) for name in ("DPMD", "Distan", "Diskan")]
    meeting = make_meeting(kecamatan, datetime.date(year, 3, 28), desas)
    make_meeting(kecamatan, datetime.date(year, 7, 25), desas)
    make_meeting(kecamatan, datetime.date(year, 12, 5), desas, closed=False)
    statuses = itertools.cycle(STATUS_CYCLE)
    requests = itertools.cycle(REQUEST_CYCLE)
    themes = itertools.cycle(THEME_CYCLE)
    today = timezone.localdate()
    for n, desa in enumerate(desas):
        plan, acts = make_plan(desa, adopted_on=datetime.date(year, 1, 10 + n), activities=4)
        make_review(desa, plan, datetime.date(year, 3, 10), {a: next(statuses) for a in acts})
        if n % 3:  # most villages reviewed again recently
            make_review(
                desa, plan, today - datetime.timedelta(days=30), {a: next(statuses) for a in acts}
            )
        status = next(requests)
        make_request(
            meeting,
            desa,
            agency=agencies[n % 3] if status != SupportRequest.Status.SUBMITTED else None,
            status=status,
            closed_on=datetime.date(year, 6, 1) if status == SupportRequest.Status.DONE else None,
        )
        make_lesson(desa, datetime.date(year, 3, 28), [next(themes), next(themes)])


def records_for_both_kabupaten() -> int:
    """A year of records in two kecamatan, written in one transaction as a sync batch arrives:
    the dashboards' figures are computed once, at its commit (rembuk.programme.rollups), not
    after each of its few hundred writes."""
    year = timezone.localdate().year
    with transaction.atomic():
        a_year_of_records("53.18.11", "53.18", year)
        a_year_of_records("81.05.15", "81.05", year)
    return year


def read_xlsx(page: Page, link_selector: str) -> list[tuple]:
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator(link_selector).first.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(Path(download.path()).read_bytes())).active
    return list(sheet.iter_rows(values_only=True))


def test_a_kecamatan_user_sees_its_villages_and_downloads_a_chart_as_xlsx(page: Page) -> None:
    year = records_for_both_kabupaten()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    page.goto(reverse("programme:dashboard"))
    expect(page.locator("h1")).to_contain_text("Kodi Balaghar")
    # On a laptop the wide drawing, label beside its bar; the narrow one is for phones.
    expect(page.locator("#kegiatan svg.chart-wide")).to_be_visible()
    expect(page.locator("#kegiatan svg.chart-narrow")).to_be_hidden()
    main = page.locator("main")
    expect(main).not_to_contain_text("Teluk Waru")
    assert page.locator("svg.chart-wide").count() == 5
    screenshot(page, "dashboard_kecamatan")

    rows = read_xlsx(page, "#kegiatan a[href*='.xlsx']")
    assert rows[0][0].startswith("Kegiatan menurut status") or "kecamatan" in rows[0][0].lower()
    header = next(i for i, row in enumerate(rows) if row[0] == "Kecamatan")
    assert rows[header + 1][0] == "Kodi Balaghar"
    assert rows[header + 1][-1] > 0  # the total of activities
    assert str(year) in " ".join(str(cell) for cell in rows[2] if cell)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kabupaten_user_moves_from_the_kabupaten_to_a_kecamatan(page: Page) -> None:
    records_for_both_kabupaten()
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tim.sbd")
    log_in(page, "tim.sbd")
    page.goto(reverse("programme:dashboard"))
    expect(page.locator("h1")).to_contain_text("Sumba Barat Daya")
    meetings = page.locator("#pertemuan table")
    expect(meetings).to_contain_text("Kodi Balaghar")
    expect(meetings).not_to_contain_text("Wewewa Barat")  # no programme village there
    expect(page.locator("main")).not_to_contain_text("Teluk Waru")
    screenshot(page, "dashboard_kabupaten")

    rows = read_xlsx(page, "#dukungan a[href*='.xlsx']")
    agencies = {row[0] for row in rows if row and row[0]}
    assert {"DPMD", "Distan", "Diskan"} <= agencies

    meetings.get_by_role("link", name="Kodi Balaghar").click()
    expect(page).to_have_url(reverse("programme:region_dashboard", args=["53.18.11"]))
    expect(page.locator("h1")).to_contain_text("Kodi Balaghar")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_programme_team_sees_both_kabupaten_and_other_years(page: Page) -> None:
    year = records_for_both_kabupaten()
    user = user_with_role(Role.TIM_PROGRAM, "53", username="program")
    MembershipFactory(user=user, role=Role.TIM_PROGRAM, region=region("81"))
    make_meeting(region("53.18.11"), datetime.date(year - 1, 5, 2), [region("53.18.11.2006")])
    log_in(page, "program")
    page.goto(reverse("programme:dashboard"))
    main = page.locator("main")
    # Over two provinsi the tables list their kabupaten; each opens its own dashboard.
    meetings = main.locator("#pertemuan table")
    expect(meetings).to_contain_text("Sumba Barat Daya")
    expect(meetings).to_contain_text("Seram Bagian Timur")
    expect(meetings).not_to_contain_text("Kodi Balaghar")
    screenshot(page, "dashboard_programme")
    meetings.get_by_role("link", name="Kabupaten Seram Bagian Timur").click()
    expect(page.locator("h1")).to_contain_text("Seram Bagian Timur")
    expect(page.locator("#pertemuan table")).to_contain_text("Teluk Waru")
    # The way back up, above the heading.
    back = page.locator("nav.breadcrumbs a").first
    expect(back).to_be_in_viewport()
    back.click()

    page.locator(".dash-years").get_by_role("link", name=str(year - 1)).click()
    expect(page.locator(".dash-years [aria-current=page]")).to_have_text(str(year - 1))
    expect(page.locator("#pertemuan h2")).to_contain_text(str(year - 1))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_user_sets_a_stage_by_hand_on_a_phone(phone: Page) -> None:
    records_for_both_kabupaten()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.goto(reverse("programme:desa_stages", args=["53.18.11.2006"]))
    stages = phone.locator("ol.stages > li")
    expect(stages).to_have_count(8)
    expect(stages.nth(4)).to_have_class("stage stage-selesai")  # the adopted plan
    screenshot(phone, "stages_phone_before")

    stages.nth(1).get_by_role("link").click()
    phone.get_by_label("Selesai").check()
    phone.locator("input[name=date]").fill("24-08-2023")
    phone.locator("input[name=done_by]").fill("Tim program")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(reverse("programme:desa_stages", args=["53.18.11.2006"]))
    expect(stages.nth(1)).to_contain_text("Tim program")
    expect(stages.nth(1)).to_have_class("stage stage-selesai")
    screenshot(phone, "stages_phone_after")
    row = StageProgress.objects.get()
    assert (row.stage, row.date) == (2, datetime.date(2023, 8, 24))
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_kecamatan_dashboard_reads_on_a_phone(phone: Page) -> None:
    records_for_both_kabupaten()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(reverse("programme:dashboard"))
    expect(phone.locator("#kegiatan svg.chart-wide")).to_be_hidden()
    chart = phone.locator("#kegiatan svg.chart-narrow")
    expect(chart).to_be_visible()
    # The chart fits the screen's width, its whole legend on screen and its letters readable
    # (the wide drawing shrunk to 360 px wrote them 5 px high; kept readable, it cut "Ter…").
    _within_the_screen(chart)
    for key in ("Belum mulai", "Terhambat", "Batal"):
        legend = chart.locator("text", has_text=key)
        _within_the_screen(legend)
        assert legend.bounding_box()["height"] >= 12  # type: ignore[index]
    _within_the_screen(chart.locator("text", has_text="Kodi Balaghar").first)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # The table is wider than the screen: a shadow at its right edge says so, and once
    # scrolled to its last column the kecamatan's name is still in view.
    frame = phone.locator("#kegiatan .dash-scroll")
    frame.scroll_into_view_if_needed()
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth + 100")
    assert "radial-gradient" in frame.evaluate("e => getComputedStyle(e).backgroundImage")
    screenshot(phone, "dashboard_kecamatan_phone")
    # Without a pointer too: the frame takes the keyboard's focus, named after its section,
    # and the arrow keys scroll it (rembuk.js).
    expect(frame).to_have_attribute("tabindex", "0")
    expect(frame).to_have_attribute(
        "aria-label", phone.locator("#kegiatan h2").inner_text().strip()
    )
    frame.focus()
    expect(frame).to_be_focused()
    at_the_end = "e => e.scrollLeft + e.clientWidth >= e.scrollWidth - 1"
    for _ in range(100):
        if frame.evaluate(at_the_end):
            break
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        f"() => ({at_the_end})(document.querySelector('#kegiatan .dash-scroll'))"
    )
    assert frame.evaluate("e => e.scrollLeft") > 100
    name = frame.locator("tbody th[scope=row]").first
    expect(name).to_have_text("Kodi Balaghar")
    _within_the_screen(name)
    _within_the_screen(frame.locator("thead th").last)
    screenshot(phone, "dashboard_kecamatan_phone_scrolled")
    # Turned into a wide screen, the table fits: its frame is no longer a stop of its own.
    phone.set_viewport_size(LAPTOP)
    expect(frame).not_to_have_attribute("tabindex", "0")
    expect(frame).not_to_have_attribute("role", "group")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def _within_the_screen(target: Locator) -> None:
    expect(target).to_be_visible()
    box = target.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 361, box
