"""End-of-period evaluation from the browser: a kecamatan user fills the evaluation of a village
plan, downloads the village's PDF and reads it back, then starts the next period's plan, which
opens with the goals marked to continue and shows what the evaluation said to change."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import DOCUMENT_WAIT_MS, log_in, screenshot
from rembuk.core.testing import full_plan, user_with_role
from rembuk.people.models import Role
from rembuk.plans.models import Goal, LivelihoodPlan


def test_a_kecamatan_user_evaluates_a_plan_and_starts_the_next_one(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    first, second = plan.goals.order_by("position")
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")

    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    edit_url = reverse("evaluation:evaluation_edit", args=[plan.pk])
    # The panel arrives by htmx after the page; its button leads to the form.
    page.locator(f"#evaluation-panel a[href='{edit_url}']").click()
    expect(page.locator("form.eval-form")).to_be_visible()
    screenshot(page, "evaluation_form")

    page.locator(f"textarea[name='{first.pk}-achieved']").fill("40 dari 60 KK lepas dari rentenir")
    page.locator(f"select[name='{first.pk}-result']").select_option("sebagian")
    page.locator(f"textarea[name='{first.pk}-factors']").fill("Harga jagung jatuh saat panen")
    page.locator(f"textarea[name='{first.pk}-keep']").fill("Kelompok simpan pinjam perempuan")
    page.locator(f"textarea[name='{first.pk}-change']").fill("Cari pembeli jagung sebelum panen")
    page.locator(f"select[name='{second.pk}-result']").select_option("tercapai")
    page.locator(f"input[name='{second.pk}-carry_forward']").uncheck()
    page.locator("form.eval-form button[type=submit]").click()
    expect(page).to_have_url(reverse("evaluation:evaluation_detail", args=[plan.pk]))
    expect(page.locator(".eval-report")).to_contain_text("Cari pembeli jagung sebelum panen")
    screenshot(page, "evaluation_detail")

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator(f"a[href='{reverse('evaluation:evaluation_pdf', args=[plan.pk])}']").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Wainyapu" in text and "Tujuan 1" in text
    assert "Cari pembeli jagung" in text

    page.locator(f"a[href='{reverse('evaluation:next_plan', args=[plan.pk])}']").click()
    expect(page.locator("input[name=period_start]")).to_have_value("2026")
    page.locator("main form button[type=submit]").click()

    new = LivelihoodPlan.objects.get(previous_plan=plan)
    expect(page).to_have_url(reverse("plans:plan_detail", args=[new.pk]))
    expect(page.locator("#matrix")).to_contain_text("Tujuan 1")
    expect(page.locator("#matrix")).not_to_contain_text("Tujuan 2")
    expect(page.locator("#evaluation-panel")).to_contain_text("Cari pembeli jagung sebelum panen")
    expect(
        page.locator(f"a[href='{reverse('plans:plan_detail', args=[plan.pk])}']").first
    ).to_be_visible()
    screenshot(page, "next_plan")
    assert list(Goal.objects.filter(plan=new).values_list("statement", flat=True)) == ["Tujuan 1"]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_village_enters_its_assets_profile_on_a_phone(phone: Page) -> None:
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(phone, "tim.wainyapu")
    phone.goto(reverse("evaluation:assets_list", args=["53.18.11.2006"]))
    phone.locator(f"a[href='{reverse('evaluation:assets_add', args=['53.18.11.2006'])}']").click()
    phone.locator("input[name=year]").fill("2025")
    phone.locator("input[name=households]").fill("412")
    phone.locator("textarea[name=natural]").fill("Lahan kering jagung; pesisir rumput laut")
    phone.locator("textarea[name=seasonality]").fill("Kemarau April–November")
    width, viewport = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport  # the form fits the phone's width
    screenshot(phone, "assets_form_phone")
    phone.locator("form.assets-form button[type=submit]").click()
    expect(phone).to_have_url(reverse("evaluation:assets_list", args=["53.18.11.2006"]))
    expect(phone.locator("main")).to_contain_text("Kemarau April–November")
    expect(phone.locator("main")).to_contain_text("412")

    # A figure corrected later, from the list.
    phone.locator("main a.button", has_text="Ubah").first.click()
    expect(phone.locator("input[name=households]")).to_have_value("412")
    phone.locator("input[name=households]").fill("415")
    phone.locator("form.assets-form button[type=submit]").click()
    expect(phone).to_have_url(reverse("evaluation:assets_list", args=["53.18.11.2006"]))
    expect(phone.locator("main")).to_contain_text("415")
    expect(phone.locator("main")).not_to_contain_text("412")
    assert phone.console_errors == []  # type: ignore[attr-defined]
