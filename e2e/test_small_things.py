"""Browser tests of the small things a person meets on every page or on a phone: the site's icon,
links inside sentences that a thumb can hit, and marking a notification read without losing
one's place (round 12's walkthrough)."""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.staticfiles import served
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.notifications.models import Notification
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_browser_finds_the_sites_icon_with_debug_off(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    asked: list[tuple[str, int]] = []
    page.on("response", lambda response: asked.append((response.url, response.status)))
    page.goto(reverse("people:login"))
    # Whatever the page links, browsers ask /favicon.ico on their own.
    assert page.request.get("/favicon.ico").status == 200
    for icon in page.locator("link[rel=icon]").all():
        href = icon.get_attribute("href")
        assert href and href.startswith("/static/img/favicon.")
        answer = page.request.get(href)
        assert answer.status == 200 and answer.headers["content-type"].startswith("image/")
    assert page.locator("link[rel=icon]").count() == 2
    assert not [url for url, status in asked if status >= 400], asked
    assert page.console_errors == []  # type: ignore[attr-defined]
    screenshot(page, "login-with-icon")


def _notifications(username: str, count: int, language: str = "id") -> list[Notification]:
    person = user_with_role(Role.KECAMATAN, "53.18.11", username=username, language=language)
    return [
        Notification.objects.create(
            user=person,
            kind=Notification.Kind.NEW_REQUEST,
            message=f"Permintaan dukungan nomor {number}",
            url="/rencana/",
            change_id=uuid.uuid4(),
        )
        for number in range(count)
    ]


@pytest.mark.parametrize(
    ("language", "read_label"), [("id", "Tandai sudah dibaca"), ("en", "Mark read")]
)
def test_marking_a_lower_notification_read_keeps_the_person_where_they_were(
    phone: Page, language: str, read_label: str
) -> None:
    made = _notifications("ina.kecamatan", 20, language)
    log_in(phone, "ina.kecamatan")
    phone.goto(reverse("notifications:notification_list"))
    target = made[3]  # newest first: the fourth from the bottom of twenty
    item = f"#notification-{target.pk}"
    phone.locator(item).scroll_into_view_if_needed()
    before = phone.evaluate("window.scrollY")
    assert before > 500  # far down the page, not at its top
    button = phone.locator(f"{item} button.mark-read")
    assert button.inner_text() == read_label
    button.tap()
    expect(phone.locator(item)).not_to_have_class(re.compile(r"\bunread\b"))
    expect(phone.locator(f"{item} button.mark-read")).to_have_count(0)
    in_viewport(phone, item)
    assert abs(phone.evaluate("window.scrollY") - before) < 5
    expect(phone.locator("#unread-count")).to_contain_text("19")
    expect(phone.locator("header.top .notification-bell .count")).to_contain_text("19")
    target.refresh_from_db()
    assert target.read_at is not None
    screenshot(phone, f"notification-marked-in-place-{language}")
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_without_javascript_marking_read_comes_back_to_the_item(no_js_page: Page) -> None:
    made = _notifications("ina.kecamatan", 20)
    log_in(no_js_page, "ina.kecamatan")
    no_js_page.goto(reverse("notifications:notification_list"))
    item = f"#notification-{made[3].pk}"
    no_js_page.locator(f"{item} button.mark-read").click()
    no_js_page.wait_for_load_state()
    assert no_js_page.url.endswith(item)
    expect(no_js_page.locator(item)).not_to_have_class(re.compile(r"\bunread\b"))
    in_viewport(no_js_page, item)


SMALL_PHONE = {"width": 360, "height": 740}


def _each_a_thumb_can_hit(phone: Page, links: Locator, expected: int) -> None:
    """Every link of the row is at least 40 px high and, scrolled to, wholly on the screen."""
    assert links.count() >= expected, links.count()
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and box["height"] >= 40, (link.inner_text(), box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"], box
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], box


def test_the_year_links_are_tap_targets_on_a_phone_and_unchanged_on_a_laptop(
    phone: Page, page: Page
) -> None:
    from rembuk.district.services import district_meeting_create

    for year in (2023, 2024, 2025):
        district_meeting_create(
            kabupaten=region("53.18"), date=datetime.date(year, 4, 18), actor=None
        )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="timkab.sbd")
    url = reverse("district:kabupaten_meetings", args=["53.18"])
    log_in(phone, "timkab.sbd")
    phone.set_viewport_size(SMALL_PHONE)
    phone.goto(url)
    _each_a_thumb_can_hit(phone, phone.locator(".year-links a"), 3)
    # On a laptop the years stay a line of words, as tall as the text around them.
    log_in(page, "timkab.sbd")
    page.goto(url)
    assert page.locator(".year-links a").first.bounding_box()["height"] < 30  # type: ignore[index]


def test_the_dashboards_year_links_are_tap_targets_on_a_phone(phone: Page) -> None:
    from rembuk.programme.tests.records import make_meeting

    kecamatan = region("53.18.11")
    desas = list(kecamatan.children.order_by("code")[:2])
    this_year = datetime.date.today().year
    for year in (this_year - 2, this_year - 1):
        make_meeting(kecamatan, datetime.date(year, 3, 28), desas)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.set_viewport_size(SMALL_PHONE)
    phone.goto(reverse("programme:dashboard"))
    _each_a_thumb_can_hit(phone, phone.locator(".dash-years a"), 2)
    _each_a_thumb_can_hit(phone, phone.locator(".dash-toc a"), 3)
    screenshot(phone, "phone-dashboard-years")


@pytest.mark.parametrize(
    ("language", "themes"),
    [
        ("id", ["Keuangan & pelaporan desa", "BUMDes & permodalan"]),
        ("en", ["Village finance & reporting", "BUMDes & capital"]),
    ],
)
def test_a_lessons_page_names_its_themes_and_its_links_fit_a_thumb(
    phone: Page, language: str, themes: list[str]
) -> None:
    from rembuk.programme.tests.records import make_lesson

    lesson = make_lesson(
        region("53.18.11.2006"), datetime.date(2024, 3, 28), ["keuangan_desa", "bumdes"]
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    log_in(phone, "camat.kodi")
    phone.set_viewport_size(SMALL_PHONE)
    phone.goto(reverse("learning:lesson_detail", args=[lesson.pk]))
    # The themes by their names in the reader's language, not the codes they are stored as.
    expect(phone.locator(".badge.theme")).to_have_text(themes)
    assert "keuangan_desa" not in phone.locator("main").inner_text()
    _each_a_thumb_can_hit(phone, phone.locator("main p.tap-links a"), 1)
    phone.goto(reverse("learning:lesson_edit", args=[lesson.pk]))
    _each_a_thumb_can_hit(phone, phone.locator("main p.tap-links a"), 1)


def test_region_and_people_pages_links_fit_a_thumb(phone: Page) -> None:
    user_with_role(Role.TIM_PROGRAM, "53", username="tim.program")
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(phone, "tim.program")
    phone.set_viewport_size(SMALL_PHONE)
    phone.goto(reverse("regions:region_list"))
    _each_a_thumb_can_hit(phone, phone.locator("main h2 a"), 1)
    _each_a_thumb_can_hit(phone, phone.locator("main p.actions a"), 1)
    phone.goto(reverse("regions:region_detail", args=["53.18"]))
    _each_a_thumb_can_hit(phone, phone.locator("main a.row-link").first, 1)
    _each_a_thumb_can_hit(phone, phone.locator("main p.actions a"), 1)  # the kabupaten's OPD
    phone.goto(reverse("people:user_list"))
    _each_a_thumb_can_hit(phone, phone.locator("main .memberships a").first, 1)
    phone.goto(reverse("people:user_invite"))
    _each_a_thumb_can_hit(phone, phone.locator("main .actions a"), 1)  # "Batal"
    phone.goto(reverse("people:account"))
    _each_a_thumb_can_hit(phone, phone.locator("main p.tap-links a"), 1)  # the API's guide
    assert phone.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_evaluation_form_shows_no_label_of_a_hidden_field(phone: Page, language: str) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    log_in(phone, "camat.kodi")
    phone.goto(reverse("evaluation:evaluation_edit", args=[plan.pk]))
    expect(phone.locator("fieldset.eval-goal")).to_have_count(2)
    # Each goal's version travels in a hidden input; its label, "Base version:" (Django's name
    # for the field, untranslated), was on screen in both languages.
    assert "Base version" not in phone.locator("main").inner_text()
    expect(
        phone.locator("fieldset.eval-goal input[type=hidden][name$='-base_version']")
    ).to_have_count(2)


def test_the_suggestions_address_on_a_phone_is_the_lesson_search_its_filters_together(
    phone: Page,
) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(phone, "camat.kodi")
    phone.goto(reverse("learning:suggestions") + "?text=harga+kopra+turun")
    expect(phone).to_have_url(re.compile(re.escape(reverse("learning:lesson_search")) + r"\?q="))
    expect(phone.locator("input[name=q]")).to_have_value("harga kopra turun")
    expect(phone.locator("header.top")).to_be_visible()  # a page with its menu, not a fragment
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Its filters follow each other without a blank the height of a field between them.
    search = phone.locator("#id_q").bounding_box()
    theme_label = phone.locator("label[for=id_theme]").bounding_box()
    kabupaten_label = phone.locator("label[for=id_kabupaten]").bounding_box()
    theme = phone.locator("#id_theme").bounding_box()
    assert search and theme_label and kabupaten_label and theme
    assert theme_label["y"] - (search["y"] + search["height"]) < 30, (search, theme_label)
    assert kabupaten_label["y"] - (theme["y"] + theme["height"]) < 30, (theme, kabupaten_label)


def test_the_scripts_and_stylesheets_as_served_mean_what_their_sources_mean(
    page: Page, settings
) -> None:  # type: ignore[no-untyped-def]
    """An installation serves its scripts and stylesheets without their comments
    (rembuk.core.staticfiles): each script still parses, and each stylesheet has the same rules,
    read by Chromium itself."""
    page.goto("about:blank")
    static = Path(settings.STATIC_SOURCE_DIR)
    for path in sorted(static.glob("js/*.js")):
        source = path.read_text()
        sent = served(str(path.relative_to(static)), source.encode()).decode()
        # new Function() parses without running: a SyntaxError fails the test here.
        page.evaluate("text => { new Function(text); }", sent)
    for path in sorted(static.glob("css/*.css")):
        source = path.read_text()
        sent = served(str(path.relative_to(static)), source.encode()).decode()
        assert sent != source, path.name
        rules = page.evaluate(
            """texts => texts.map(text => {
                const sheet = new CSSStyleSheet();
                sheet.replaceSync(text);
                return Array.from(sheet.cssRules, rule => rule.cssText);
            })""",
            [source, sent],
        )
        assert rules[0] and rules[0] == rules[1], path.name
