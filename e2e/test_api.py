"""The API as a person meets it: a token made on the account page (shown once, then revoked),
and the docs pages, whose forms call the API with the browser's session under the CSP."""

from __future__ import annotations

import json

from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import full_plan, user_with_role
from rembuk.people.models import AccessToken, Role


def test_a_person_makes_a_token_sees_it_once_uses_it_and_revokes_it(page: Page) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", first_name="Yohanes")
    log_in(page, "camat.kodi")
    page.locator(f"header.top .account a[href='{reverse('people:account')}']").click()
    expect(page.locator("h1")).to_have_text("Akun saya")

    page.locator("input[name=name]").fill("Power Query Bappeda")
    page.locator("select[name=lifetime]").select_option("30")
    page.get_by_role("button", name="Buat token").click()
    shown = page.locator("input.token-value")
    expect(shown).to_be_visible()
    in_viewport(page, "input.token-value")
    plain = shown.input_value()
    assert plain.startswith("rbk_")
    screenshot(page, "account-token-new")

    # The token works against the API, as the person.
    me = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status == 200 and json.loads(me.body())["username"] == "camat.kodi"

    # Shown once: after a reload only its first characters remain.
    page.reload()
    expect(page.locator("input.token-value")).to_have_count(0)
    row = page.locator("table.tokens tbody tr", has_text="Power Query Bappeda")
    expect(row).to_contain_text(plain[:10])
    expect(row).to_contain_text("aktif")
    assert plain not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Cabut").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator("table.tokens tbody tr", has_text="Power Query Bappeda")).to_contain_text(
        "dicabut"
    )
    screenshot(page, "account-token-revoked")
    refused = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert refused.status == 401 and json.loads(refused.body())["reason"] == "revoked"
    assert AccessToken.objects.get().revoked_at is not None
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_docs_pages_read_and_write_through_the_api_under_the_csp(page: Page) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    log_in(page, "camat.kodi")
    response = page.goto(reverse("api:docs"))
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("h1")).to_contain_text("API Rembuk")
    screenshot(page, "api-docs-index")

    page.locator(f"a[href='{reverse('api:docs_part', args=['plans'])}#op-plan_list']").click()
    operation = page.locator("#op-plan_list")
    expect(operation).to_have_attribute("open", "")  # the anchor opened it
    operation.locator("input[name=limit]").fill("5")
    operation.get_by_role("button", name="Kirim").click()
    status = operation.locator(".try-status")
    expect(status).to_contain_text("200")
    status.scroll_into_view_if_needed()
    in_viewport(page, "#op-plan_list .try-status")
    expect(operation.locator(".try-body")).to_contain_text("Wainyapu")
    screenshot(page, "api-docs-try-read")

    # A write with the session: the page sends the CSRF token itself.
    add = page.locator("#op-goal_add")
    add.locator("summary").click()
    add.locator("input[name=plan_id]").fill(str(plan.pk))
    add.locator("textarea[name=body]").fill(json.dumps({"statement": "Air bersih untuk semua"}))
    add.get_by_role("button", name="Kirim").click()
    expect(add.locator(".try-status")).to_contain_text("201")
    expect(add.locator(".try-body")).to_contain_text("Air bersih untuk semua")
    assert plan.goals.filter(statement="Air bersih untuk semua").exists()
    screenshot(page, "api-docs-try-write")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_docs_index_reads_on_a_phone(phone: Page) -> None:
    """The operations' paths (ids in braces, no space to break at) made the index 640 px wide
    on a 390 px phone; they now break inside the screen, and the longest one is readable."""
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="kab.sbd")
    log_in(phone, "kab.sbd")
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(reverse("api:docs"))
    longest = phone.locator(".api-op-list a", has_text="/challenges/{challenge_id}").first
    longest.scroll_into_view_if_needed()
    in_viewport(phone, ".api-op-list a:has-text('/challenges/{challenge_id}') >> nth=0")
    box = longest.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "api-docs-phone")
    assert phone.console_errors == []  # type: ignore[attr-defined]
