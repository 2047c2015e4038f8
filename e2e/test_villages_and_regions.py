"""My villages for kecamatan and village users, the region tree with its counts, region search,
and the scope rule: another village's plan is a 404."""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, log_in, screenshot
from rembuk.core.testing import PlanFactory, region, user_with_role
from rembuk.people.models import Role

KODI_BALAGHAR = {
    "53.18.11.2001": "Wailangira",
    "53.18.11.2002": "Kahale",
    "53.18.11.2003": "Waikarara",
    "53.18.11.2004": "Panenggo Ede",
    "53.18.11.2005": "Waiha",
    "53.18.11.2006": "Wainyapu",
    "53.18.11.2007": "Loko Tali",
    "53.18.11.2008": "Waipakolo",
}


def _plans_for_kodi_balaghar() -> dict[str, str]:
    """A 2024–2025 plan for every desa of Kodi Balaghar, in one transaction (the dashboards'
    figures computed once, at its commit); returns plan ids by desa code."""
    with transaction.atomic():
        return {code: str(PlanFactory(desa=region(code)).pk) for code in KODI_BALAGHAR}


def _open_my_villages(page: Page) -> None:
    """From the start page (Beranda), the menu's "Desa saya"."""
    expect(page).to_have_url(re.compile(reverse("home:index") + "$"))
    page.locator(f"header nav a[href='{reverse('people:my_villages')}']").click()
    expect(page).to_have_url(re.compile(reverse("people:my_villages") + "$"))


def test_a_kecamatan_user_sees_the_eight_desa_of_their_kecamatan(page: Page) -> None:
    plans = _plans_for_kodi_balaghar()
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")

    log_in(page, "camat.kodi")
    _open_my_villages(page)
    villages = page.locator(".village-list li")
    expect(villages).to_have_count(8)
    for name in KODI_BALAGHAR.values():
        expect(page.locator(".village-list")).to_contain_text(name)
    expect(page.locator("main h2")).to_contain_text(["Kodi Balaghar"])
    expect(page.locator(".village-list")).to_contain_text("2024–2025")
    screenshot(page, "my-villages-kecamatan-with-plans")

    page.locator(".village-list a", has_text="Wainyapu").click()
    assert page.url.endswith(reverse("plans:plan_detail", args=[plans["53.18.11.2006"]]))
    expect(page.locator("main h1")).to_contain_text("Wainyapu")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_village_user_sees_only_their_own_desa(page: Page) -> None:
    _plans_for_kodi_balaghar()
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")

    log_in(page, "tim.wainyapu")
    _open_my_villages(page)
    expect(page.locator(".village-list li")).to_have_count(1)
    expect(page.locator(".village-list")).to_contain_text("Wainyapu")
    expect(page.locator("main")).not_to_contain_text("Kahale")
    screenshot(page, "my-villages-village-user")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_village_user_gets_a_404_for_another_villages_plan(page: Page) -> None:
    plans = _plans_for_kodi_balaghar()
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")

    own = page.goto(reverse("plans:plan_detail", args=[plans["53.18.11.2006"]]))
    assert own is not None and own.status == 200

    for url in (
        reverse("plans:plan_detail", args=[plans["53.18.11.2002"]]),
        reverse("plans:plan_history", args=[plans["53.18.11.2002"]]),
        reverse("plans:plan_export_pdf", args=[plans["53.18.11.2002"]]),
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        expect(page.locator("body")).not_to_contain_text("Kahale")
    screenshot(page, "plan-of-another-village-404")
    # The plan list does not offer it either.
    page.goto(reverse("plans:plan_list"))
    expect(page.locator("table.plan-list tbody tr")).to_have_count(1)
    expect(page.locator("table.plan-list")).not_to_contain_text("Kahale")


def _row(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("table.list tbody tr", has=page.locator("a.row-link", has_text=name))


def test_regions_drill_down_from_kabupaten_to_desa_with_counts(page: Page) -> None:
    plans = _plans_for_kodi_balaghar()
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tim.sbd")
    log_in(page, "tim.sbd")

    follow_menu(page, "regions:region_list")  # under "Lainnya"
    kabupaten = _row(page, "Sumba Barat Daya")
    # 11 kecamatan and 175 desa in the pilot data of Sumba Barat Daya.
    expect(kabupaten.locator("td")).to_have_text(
        [re.compile("Sumba Barat Daya"), "53.18", "11", "175"]
    )
    screenshot(page, "regions-list")

    kabupaten.locator("a.row-link").click()
    expect(page.locator("main h1")).to_contain_text("Sumba Barat Daya")
    kecamatan = _row(page, "Kodi Balaghar")
    expect(kecamatan.locator("td")).to_have_text(["Kodi Balaghar", "53.18.11", "8", "8"])
    screenshot(page, "regions-kabupaten")

    kecamatan.locator("a.row-link").click()
    expect(page.locator("main h1")).to_have_text("Kodi Balaghar")
    expect(page.locator("table.list tbody tr")).to_have_count(8)
    expect(_row(page, "Wainyapu").locator("td")).to_have_text(["Wainyapu", "53.18.11.2006", "1"])
    expect(page.locator(".breadcrumbs")).to_contain_text("Sumba Barat Daya")

    _row(page, "Wainyapu").locator("a.row-link").click()
    expect(page.locator("main h1")).to_have_text("Wainyapu")
    page.locator(".row-list a").click()
    assert page.url.endswith(reverse("plans:plan_detail", args=[plans["53.18.11.2006"]]))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_regions_are_found_by_name_and_by_code_as_one_types(page: Page) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    page.goto(reverse("regions:region_list"))

    search = page.locator("#region-q")
    search.fill("Wainyapu")
    results = page.locator("#search-results .region-results li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("53.18.11.2006")
    expect(results).to_contain_text("Kodi Balaghar")
    assert page.url.endswith(reverse("regions:region_list"))  # htmx: the page stayed
    screenshot(page, "regions-search-by-name")

    search.fill("53.18.11.200")
    expect(results).to_have_count(8)
    search.fill("zzzz-tidak-ada")
    expect(page.locator("#search-results .notice")).to_contain_text("zzzz-tidak-ada")

    search.fill("53.18.11.2002")
    expect(results).to_have_count(1)
    results.locator("a").click()
    expect(page.locator("main h1")).to_have_text("Kahale")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_region_search_works_without_javascript(no_js_page: Page) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(no_js_page, "camat.kodi")
    no_js_page.goto(reverse("regions:region_list"))
    no_js_page.locator("#region-q").fill("Wainyapu")
    no_js_page.locator("form.search button[type=submit]").click()
    assert reverse("regions:region_search") in no_js_page.url
    expect(no_js_page.locator(".region-results li")).to_have_count(1)
    expect(no_js_page.locator(".region-results")).to_contain_text("53.18.11.2006")
