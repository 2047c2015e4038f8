"""On a phone (390×844): the pages fit the screen's width and their main actions can be reached."""

from __future__ import annotations

import datetime

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import PHONE, log_in, screenshot
from rembuk.core.testing import PlanFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meetings
from rembuk.people.models import Role


def _fits_the_width(page: Page) -> None:
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1, (
        f"page is {scroll_width}px wide on a {inner_width}px screen"
    )


def _on_screen_horizontally(target: Locator) -> None:
    expect(target).to_be_visible()
    box = target.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, box


def test_my_villages_fits_a_phone(phone: Page) -> None:
    for code in ("53.18.11.2006", "53.18.11.2002"):
        PlanFactory(desa=region(code))
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    assert phone.url.endswith(reverse("home:index"))
    phone.goto(reverse("people:my_villages"))
    expect(phone.locator(".village-list li")).to_have_count(8)
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator(".village-list a", has_text="Wainyapu"))
    phone.locator("header.top .menu-toggle").tap()  # the menu is folded on a phone
    _on_screen_horizontally(phone.locator("header.top .account button[type=submit]"))
    screenshot(phone, "phone-my-villages")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_plan_page_fits_a_phone_and_a_goal_can_be_edited(phone: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=3)
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(phone, "tim.wainyapu")
    phone.goto(reverse("plans:plan_detail", args=[plan.pk]))
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator(".plan-actions a", has_text="PDF"))
    _on_screen_horizontally(phone.locator(".adopt-form button[type=submit]"))
    goal = phone.locator("tbody.goal-block", has_text="Tujuan 1")
    edit = goal.locator("td.goal-cell .row-tools a").first
    _on_screen_horizontally(edit)
    _on_screen_horizontally(goal.locator("td.col-activity", has_text="Kegiatan 1.3"))
    _on_screen_horizontally(phone.locator("#matrix > .actions a"))
    screenshot(phone, "phone-plan")

    edit.tap()
    statement = goal.locator("textarea[name=statement]")
    _on_screen_horizontally(statement)
    statement.fill("Warga Wainyapu punya tabungan kelompok")
    _fits_the_width(phone)
    screenshot(phone, "phone-plan-editing")
    goal.locator("form.plan-form button[type=submit]").tap()
    expect(phone.locator("tbody.goal-block .statement").first).to_contain_text(
        "Warga Wainyapu punya tabungan kelompok"
    )
    _fits_the_width(phone)
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_plan_list_and_import_page_fit_a_phone(phone: Page) -> None:
    PlanFactory(desa=region("53.18.11.2006"))
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(reverse("plans:plan_list"))
    _fits_the_width(phone)
    # One card per plan, each value under its label: status, period and counts were past the
    # screen's edge when the list was a seven-column table.
    card = phone.locator("table.plan-list tbody tr").first
    for label, value in (("Status", "Draf"), ("Periode", "–"), ("Kegiatan", "")):
        cell = card.locator(f"td[data-label='{label}']")
        _on_screen_horizontally(cell)
        expect(cell).to_contain_text(value)
    _on_screen_horizontally(card.locator("td[data-label='Status'] .badge"))
    expect(phone.locator("table.plan-list thead")).not_to_be_in_viewport()
    _on_screen_horizontally(phone.locator("main .toolbar a.button").last)
    screenshot(phone, "phone-plan-list")
    phone.goto(reverse("plans:plan_import"))
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator("form.import-form button[type=submit]"))
    screenshot(phone, "phone-import")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_meeting_page_on_a_phone_puts_the_row_before_the_summaries(phone: Page) -> None:
    import datetime

    from rembuk.meetings import services
    from rembuk.meetings.models import MeetingSheet
    from rembuk.monitoring.models import ActivityStatus
    from rembuk.monitoring.services import (
        ProgressEntry,
        village_review_record,
        village_review_update,
    )
    from rembuk.plans.models import Activity

    kecamatan = region("53.18.11")
    desas = list(kecamatan.children.order_by("code")[:8])
    for desa in desas:
        full_plan(desa.code, goals=2, activities_per_goal=7)
    # The first village carries follow-ups from March and held its own long review.
    march = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=desas[:1], actor=None
    )
    sheet = MeetingSheet.objects.get(meeting=march)
    goal = sheet.plan.goals.order_by("position").first()
    carried = [
        services.followup_save(sheet=sheet, goal=goal, actor=None, text=f"Tindak lanjut {n}")
        for n in range(1, 4)
    ]
    review = village_review_record(
        desa=desas[0], date=datetime.date(2024, 7, 10), status="terlaksana", actor=None
    )
    village_review_update(
        review=review,
        base_version=None,
        actor=None,
        progress={
            a.pk: ProgressEntry(ActivityStatus.BLOCKED, "Dana Desa tahap II belum cair.")
            for a in Activity.objects.filter(goal__plan__desa=desas[0])[:6]
        },
    )
    meeting = services.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 7, 25), villages=desas, actor=None
    )
    services.meeting_open(meeting=meeting, actor=None)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    _fits_the_width(phone)

    # The menu folds behind one button: the header is one line.
    header = phone.locator("header.top").bounding_box()
    assert header is not None and header["height"] <= 64, header
    plans_link = phone.locator("header.top nav a", has_text="Rencana")
    expect(plans_link).to_be_hidden()
    phone.locator("header.top .menu-toggle").tap()
    expect(plans_link).to_be_visible()
    phone.locator("header.top .menu-toggle").tap()
    expect(plans_link).to_be_hidden()

    # The first row's challenge field is within the first two screens, before the summaries,
    # which are folded to one line each.
    field = phone.locator("#row-0 .challenge-cell textarea[name=text]").first
    expect(field).to_be_attached()
    top = field.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top < 2 * PHONE["height"], f"the capture field starts {top}px down"
    expect(phone.locator("details#village-review")).not_to_have_attribute("open", "")
    expect(phone.locator("details#carried-here")).not_to_have_attribute("open", "")

    # Every cell of the stacked matrix says which column it is.
    labels = phone.locator("#row-0 > td").evaluate_all(
        "cells => cells.map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels == [
        '"Tujuan & Target Capaian"',
        '"Kegiatan"',
        '"Kendala/Tantangan yang dihadapi dan pembelajaran"',
        '"Gagasan solusi & tindak lanjut (dari hasil diskusi)"',
    ], labels

    # A follow-up's kind and who does it sit side by side; "Siapa yang melaksanakan" takes two
    # lines there, and its select stays level with the one beside it.
    meta = phone.locator("#row-0 .followup-meta").first
    meta.locator("select[name=owner]").scroll_into_view_if_needed()
    boxes = {}
    for name in ("kind", "owner"):
        label = meta.locator(f"label[for^=f-{name}-]").bounding_box()
        select = meta.locator(f"select[name={name}]").bounding_box()
        assert label is not None and select is not None
        assert select["y"] >= 0 and select["y"] + select["height"] <= PHONE["height"], select
        boxes[name] = (label["height"], select)
    assert boxes["owner"][0] > boxes["kind"][0], "the owner's label no longer wraps: " + str(boxes)
    assert abs(boxes["owner"][1]["y"] - boxes["kind"][1]["y"]) <= 1, boxes
    assert boxes["owner"][1]["x"] > boxes["kind"][1]["x"], boxes  # side by side

    # One copy of each carried follow-up on the page.
    for followup in carried:
        expect(phone.locator(f"#carried-{followup.id}")).to_have_count(1)
    screenshot(phone, "phone-meeting")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_deleting_a_plan_on_a_phone_is_at_the_bottom_and_asks_first(phone: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=3)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.goto(reverse("plans:plan_detail", args=[plan.pk]))
    delete = phone.locator(".danger-zone a.danger")
    top = delete.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top > 2 * PHONE["height"], f"'delete the plan' is {top}px down, among the first screens"
    box = delete.bounding_box()
    assert box is not None and box["width"] < PHONE["width"] * 0.8  # not a full-width red bar
    # Each activity shows two buttons, the rest folded; the prerequisites say what they are.
    activity = phone.locator("td.col-activity", has_text="Kegiatan 1.1")
    expect(activity.locator(".row-tools > a, .row-tools > details > summary")).to_have_count(2)
    activity.locator("details.row-more > summary").tap()
    expect(activity.locator(".row-more-list a", has_text="Kegiatan prasyarat")).to_be_visible()
    delete.tap()
    expect(phone.locator("main blockquote")).to_contain_text("Wainyapu")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_kecamatan_adds_a_villages_session_date_on_a_phone(phone: Page) -> None:
    """The table of the villages' monitoring sessions scrolled inside its box on a phone, with
    the date field and its button half past the right edge: each village is now a card."""
    for code in ("53.18.11.2006", "53.18.11.2002"):
        PlanFactory(desa=region(code))
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.goto(reverse("meetings:kecamatan_meetings", args=["53.18.11"]))
    _fits_the_width(phone)
    form = phone.locator(
        f"form[action='{reverse('meetings:village_review_add', args=['53.18.11.2006'])}']"
    )
    date, button = form.locator("input[name=date]"), form.locator("button[type=submit]")
    for target in (date, form.locator("select[name=status]"), button):
        _on_screen_horizontally(target)
    screenshot(phone, "phone-kecamatan-sessions")
    date.fill("20-03-2024")
    button.tap()
    expect(phone.locator("main")).to_contain_text("20 Mar 2024")
    _fits_the_width(phone)
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_a_village_reads_its_sheet_of_an_upcoming_meeting_without_empty_labels(
    phone: Page,
) -> None:
    """Before the meeting nothing is recorded: the phone showed the labels "Kendala/Tantangan"
    and "Gagasan solusi" of every goal with nothing under them."""
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    meetings.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=30),
        villages=[plan.desa],
        actor=None,
    )
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(phone, "tim.wainyapu")
    phone.goto(reverse("meetings:village_meetings"))
    sheet = phone.locator(".matrix3").first
    expect(sheet.locator("td.goal-cell")).to_have_count(2)
    _on_screen_horizontally(sheet.locator("td.goal-cell").first)
    _on_screen_horizontally(sheet.locator("td.activities-cell").first)
    for empty in ("td.challenge-cell", "td.followup-cell"):
        cells = sheet.locator(empty)
        for n in range(cells.count()):
            expect(cells.nth(n)).to_be_hidden()
    _fits_the_width(phone)
    screenshot(phone, "phone-village-upcoming-sheet")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_plan_history_reads_as_one_card_per_change_on_a_phone(phone: Page) -> None:
    """Four columns left the change a few letters wide, scrolled past the screen's edge, and
    the page tens of screens long: a phone shows one card per change."""
    from rembuk.plans.models import Activity
    from rembuk.plans.services import activity_dependency_add

    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=3)
    first, second, third = Activity.objects.filter(goal__plan=plan).order_by("position")
    activity_dependency_add(activity=second, depends_on=first, actor=None)
    activity_dependency_add(activity=third, depends_on=second, actor=None)
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(phone, "tim.wainyapu")
    phone.goto(reverse("plans:plan_history", args=[plan.pk]))
    _fits_the_width(phone)
    change = phone.locator("table.history tbody tr").first.locator("td").last
    _on_screen_horizontally(change)
    box = change.bounding_box()
    assert box is not None and box["width"] >= PHONE["width"] * 0.8, box
    expect(change).to_contain_text("Bergantung pada")
    screenshot(phone, "phone-plan-history")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_end_of_period_evaluation_and_the_matriks_4_list_fit_a_phone(phone: Page) -> None:
    """Both tables kept their later columns (what to keep and change; the status and the
    download links) past the screen's edge: on a phone each row is a card."""
    from rembuk.reports import services as reports

    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    meeting = meetings.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    report = reports.kecamatan_report_draft(meeting=meeting, actor=None)
    reports.kecamatan_report_send(report=report, actor=None)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")

    phone.goto(reverse("evaluation:evaluation_detail", args=[plan.pk]))
    _fits_the_width(phone)
    next_period = phone.locator("table.eval tbody tr").first.locator("td").last
    _on_screen_horizontally(next_period)
    screenshot(phone, "phone-evaluation")

    phone.goto(reverse("reports:kecamatan_report_index"))
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator("table.m4-list a", has_text="DOCX").first)
    screenshot(phone, "phone-matriks-4-list")
    assert phone.console_errors == []  # type: ignore[attr-defined]
