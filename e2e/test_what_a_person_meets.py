"""Browser tests of round 13's walk through the pages least looked at lately, each on a 360×740
phone and a 1366×768 laptop: what a person would trip over, measured as they would see it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services as meetings
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}
SCREENS = [pytest.param(SMALL_PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]


def _fits_the_width(page: Page) -> None:
    width = page.viewport_size["width"]  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_sheets_downloads_read_as_a_list(page: Page, screen: dict[str, int], language: str) -> None:
    kecamatan = region("53.18.11")
    desa = kecamatan.children.order_by("code").first()
    full_plan(desa.code, goals=1, activities_per_goal=2)
    meeting = meetings.meeting_create(
        kecamatan=kecamatan, date=datetime.date(2024, 3, 28), villages=[desa], actor=None
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]))
    links = page.locator(".sheet-downloads a")
    expect(links).to_have_count(6)
    expect(links.first).to_have_text("Poster A1" if language == "id" else "A1 poster")
    boxes = []
    for index in range(6):
        links.nth(index).scroll_into_view_if_needed()
        in_viewport(page, f".sheet-downloads li:nth-child({index + 1}) a")
        box = links.nth(index).bounding_box()
        assert box is not None
        boxes.append(box)
    dots = page.locator(".sheet-downloads li + li").evaluate_all(
        "items => items.map(item => getComputedStyle(item, '::before').content)"
    )
    if screen is SMALL_PHONE:
        # A row of buttons: each a thumb can hit, apart from its neighbour, no dot between.
        for box in boxes:
            assert box["height"] >= 40 and box["width"] >= 40, box
        for left, right in zip(boxes, boxes[1:], strict=False):
            if abs(left["y"] - right["y"]) < 1:  # on the same line
                assert right["x"] - (left["x"] + left["width"]) >= 6, (left, right)
        assert set(dots) == {"none"}
    else:
        # A line of words with dots between, as before.
        assert len({round(box["y"]) for box in boxes}) == 1, boxes
        assert all(box["height"] < 30 for box in boxes), boxes
        assert set(dots) == {'" · "'}
    _fits_the_width(page)
    screenshot(page, f"sheet-downloads-{language}-{screen['width']}")
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_evaluation_forms_continue_box_sits_beside_its_words(
    page: Page, screen: dict[str, int]
) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    goal = plan.goals.get()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    page.set_viewport_size(screen)
    log_in(page, "camat.kodi")
    page.goto(reverse("evaluation:evaluation_edit", args=[plan.pk]))
    box_selector = f"input[name='{goal.pk}-carry_forward']"
    label_selector = f"label[for='id_{goal.pk}-carry_forward']"
    page.locator(label_selector).scroll_into_view_if_needed()
    in_viewport(page, box_selector)
    in_viewport(page, label_selector)
    box = page.locator(box_selector).bounding_box()
    label = page.locator(label_selector).bounding_box()
    assert box and label
    # The box inside its label, on the label's first line, before the words.
    assert label["x"] <= box["x"] and box["y"] < label["y"] + 24, (box, label)
    expect(page.locator(label_selector)).to_contain_text("Lanjutkan")
    checked = page.locator(box_selector).is_checked()
    page.locator(label_selector).click()  # the words tick the box too
    assert page.locator(box_selector).is_checked() is not checked
    screenshot(page, f"evaluation-continue-{screen['width']}")
