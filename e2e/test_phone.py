"""On a phone (390×844): the pages fit the screen's width and their main actions can be reached."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import PHONE, log_in, screenshot
from rembuk.core.testing import PlanFactory, full_plan, region, user_with_role
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
    assert phone.url.endswith(reverse("people:my_villages"))
    expect(phone.locator(".village-list li")).to_have_count(8)
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator(".village-list a", has_text="Wainyapu"))
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
    phone.goto(reverse("plans:plan_list"))
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator("main .toolbar a.button").last)
    screenshot(phone, "phone-plan-list")
    phone.goto(reverse("plans:plan_import"))
    _fits_the_width(phone)
    _on_screen_horizontally(phone.locator("form.import-form button[type=submit]"))
    screenshot(phone, "phone-import")
    assert phone.console_errors == []  # type: ignore[attr-defined]
