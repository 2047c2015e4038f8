"""The plan pages as a kecamatan user clicks through them: the list and its filters, creating a
plan, the Matriks 1 page edited in place with htmx (and the same without JavaScript), Riwayat,
musrenbang proposals and their XLSX, adopting a plan."""

from __future__ import annotations

import datetime
import re
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, in_viewport, log_in, screenshot
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    full_plan,
    region,
    user_with_role,
)
from rembuk.people.models import Role
from rembuk.plans.models import Authority, FundingSource, LivelihoodPlan

# In Indonesian, the words of Matriks 1 in the BangKIT guide (seed 000); in English, their meaning.
MATRIKS_1_HEADINGS_ID = [
    "Tujuan & Target Capaian",
    "Tujuan Antara dan nilai target pencapaiannya",
    "Kegiatan-kegiatan yang direncanakan",
    "Keterangan Kegiatan",
    "Sumber Pembiayaan",
]
MATRIKS_1_HEADINGS_EN = [
    "Goal and target",
    "Intermediate goal and its target value",
    "Planned activities",
    "Description of the activity",
    "Funding sources",
]


def _camat(page: Page, language: str = "id") -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi", language=language)
    log_in(page, "camat.kodi")


def _goal_block(page: Page, text: str) -> Locator:
    return page.locator("tbody.goal-block", has_text=text)


def _activity_cell(scope: Locator, name: str) -> Locator:
    return scope.locator("td.col-activity", has_text=name)


def _more(cell: Locator) -> Locator:
    """The tools folded under a cell's "More" (moving, prerequisites, deleting), unfolded."""
    cell.locator("details.row-more > summary").first.click()
    return cell.locator("details.row-more[open] .row-more-list").first


def _activity_names(block: Locator) -> list[str]:
    return [
        name.strip()
        for name in block.locator("td.col-activity > div:first-child").all_inner_texts()
    ]


def _mark_page(page: Page) -> None:
    """A value only this very document holds: if it is still there, the page never navigated."""
    page.evaluate("window.rembukStayed = true")


def _stayed(page: Page) -> bool:
    return bool(page.evaluate("window.rembukStayed === true"))


def test_the_plan_list_filters_by_kecamatan_desa_status_and_year(page: Page) -> None:
    PlanFactory(desa=region("53.18.11.2006"))
    PlanFactory(
        desa=region("53.18.11.2002"),
        status=LivelihoodPlan.Status.ADOPTED,
        adopted_on=datetime.date(2024, 2, 3),
    )
    PlanFactory(desa=region("53.18.01.2001"), period_start=2026, period_end=2027)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tim.sbd")
    log_in(page, "tim.sbd")

    page.locator("header.top nav a", has_text=re.compile("Plans|Rencana")).click()
    rows = page.locator("table.plan-list tbody tr")
    expect(rows).to_have_count(3)
    # On a laptop still a table: its headings show and a plan's status sits on its desa's line.
    expect(page.locator("table.plan-list thead th", has_text="Status")).to_be_visible()
    desa_box = rows.first.locator("td").first.bounding_box()
    status_box = rows.first.locator("td .badge").bounding_box()
    assert desa_box and status_box and abs(desa_box["y"] - status_box["y"]) < 10
    screenshot(page, "plan-list")

    page.locator("#f-kecamatan").select_option("53.18.11")
    page.locator(".plan-filters button[type=submit]").click()
    expect(rows).to_have_count(2)
    expect(page.locator("table.plan-list")).not_to_contain_text("Bondo Boghila")

    page.locator("#f-status").select_option(LivelihoodPlan.Status.ADOPTED)
    page.locator(".plan-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Kahale")

    page.goto(reverse("plans:plan_list"))
    page.locator("#f-q").fill("Wainya")
    page.locator(".plan-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Wainyapu")
    page.locator("#f-q").fill("53.18.01")
    page.locator(".plan-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Bondo Boghila")

    page.goto(reverse("plans:plan_list"))
    page.locator("#f-year").fill("2027")
    page.locator(".plan-filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("2026–2027")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_user_creates_a_plan_and_adds_its_first_goal(page: Page) -> None:
    _camat(page, language="en")
    page.goto(reverse("plans:plan_list"))
    page.locator("main a.button", has_text="+").click()
    assert page.url.endswith(reverse("plans:plan_create"))
    page.locator("select[name=desa]").select_option("53.18.11.2002")
    page.locator("input[name=period_start]").fill("2024")
    page.locator("input[name=period_end]").fill("2025")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("Kahale")
    expect(page.locator(".plan-facts")).to_contain_text("2024–2025")
    expect(page.locator("table.matrix1 thead th")).to_have_text(MATRIKS_1_HEADINGS_EN)
    plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2002")
    assert page.url.endswith(reverse("plans:plan_detail", args=[plan.pk]))

    _mark_page(page)
    page.locator("#matrix a.button", has_text="+").click()
    form = page.locator("#new-goal form")
    form.locator("textarea[name=statement]").fill("Nelayan Kahale menjual ikan kering ke Tambolaka")
    form.locator("textarea[name=target]").fill("20 keluarga menjual rutin")
    form.locator("input[name=target_year]").fill("2025")
    form.locator("button[type=submit]").click()
    block = _goal_block(page, "Nelayan Kahale menjual ikan kering")
    expect(block).to_be_visible()
    expect(block).to_contain_text("20 keluarga menjual rutin")
    expect(page.locator("#new-goal")).to_have_count(0)
    assert _stayed(page)
    assert page.url.endswith(reverse("plans:plan_detail", args=[plan.pk]))
    screenshot(page, "plan-created-with-goal")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_plan_is_edited_in_place_without_leaving_the_page(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    _camat(page)
    page.goto(plan_url)
    expect(page.locator("table.matrix1 thead th")).to_have_text(MATRIKS_1_HEADINGS_ID)
    screenshot(page, "plan-matriks-1")
    _mark_page(page)

    # Edit a goal's statement.
    goal = _goal_block(page, "Tujuan 1")
    goal.locator("td.goal-cell .row-tools a", has_text=re.compile("Edit|Ubah")).click()
    statement = goal.locator("textarea[name=statement]")
    expect(statement).to_have_value("Tujuan 1")
    screenshot(page, "plan-editing-goal")
    statement.fill("Semua warga Wainyapu terbebas dari rentenir")
    goal.locator("form.plan-form button[type=submit]").click()
    goal = _goal_block(page, "Semua warga Wainyapu terbebas dari rentenir")
    expect(goal.locator("td.goal-cell .statement")).to_contain_text(
        "Semua warga Wainyapu terbebas dari rentenir"
    )
    expect(goal.locator("form.plan-form")).to_have_count(0)
    assert page.url.endswith(plan_url)

    # Add an intermediate goal to it.
    goal.locator("td.goal-cell .row-tools a", has_text="+").click()
    goal.locator("textarea[name=statement]").fill("BUMDes membeli jagung saat panen")
    goal.locator("textarea[name=target_value]").fill("50 ton per musim")
    goal.locator("input[name=target_year]").fill("2025")
    goal.locator("form.plan-form button[type=submit]").click()
    milestone_cell = goal.locator("td.col-milestone", has_text="BUMDes membeli jagung saat panen")
    expect(milestone_cell).to_contain_text("50 ton per musim")

    # Add an activity under it, paid from two sources, with kabupaten authority.
    milestone_cell.locator(".row-tools a", has_text="+").click()
    form = goal.locator("form.plan-form")
    form.locator("textarea[name=name]").fill("Gudang jagung milik BUMDes")
    form.locator("textarea[name=description]").fill("Dibangun sebelum panen April 2025")
    form.locator(f"input[name=funding_sources][value={FundingSource.DANA_DESA}]").check()
    form.locator(f"input[name=funding_sources][value={FundingSource.APBD_KABUPATEN}]").check()
    form.locator("select[name=authority]").select_option(Authority.KABUPATEN)
    screenshot(page, "plan-adding-activity")
    form.locator("button[type=submit]").click()
    row = goal.locator("tr", has=page.locator("td.col-activity", has_text="Gudang jagung"))
    expect(row.locator(".badge.proposal")).to_be_visible()
    expect(row.locator("td.col-funding")).to_contain_text("Dana Desa")
    expect(row.locator("td.col-funding")).to_contain_text("APBD Kabupaten")
    expect(row.locator("td.col-description")).to_contain_text("Dibangun sebelum panen")

    # Move an activity up.
    assert _activity_names(goal)[:2] == ["Kegiatan 1.1", "Kegiatan 1.2"]
    _more(_activity_cell(goal, "Kegiatan 1.2")).locator("button[value=up]").click()
    expect(goal.locator("td.col-activity > div:first-child").first).to_have_text("Kegiatan 1.2")
    assert _activity_names(goal)[:2] == ["Kegiatan 1.2", "Kegiatan 1.1"]

    # Delete an activity, saying yes to the question.
    questions: list[str] = []

    def accept(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    _more(_activity_cell(goal, "Kegiatan 1.1")).locator("a.danger").click()
    expect(_activity_cell(goal, "Kegiatan 1.1")).to_have_count(0)
    assert len(questions) == 1
    expect(goal).to_contain_text("Kegiatan 1.2")
    expect(_goal_block(page, "Tujuan 2")).to_contain_text("Kegiatan 2.1")

    assert _stayed(page), "the plan page navigated during in-place editing"
    assert page.url.endswith(plan_url)
    screenshot(page, "plan-after-edits")

    # What the page shows is what was stored.
    page.reload()
    goal = _goal_block(page, "Semua warga Wainyapu terbebas dari rentenir")
    assert _activity_names(goal) == ["Kegiatan 1.2", "Gudang jagung milik BUMDes"]

    # Riwayat shows the change from the old text to the new.
    page.locator(".plan-actions a", has_text="Riwayat").click()
    assert page.url.endswith(reverse("plans:plan_history", args=[plan.pk]))
    change = page.locator("table.history tbody tr", has=page.locator("ins", has_text="rentenir"))
    expect(change.locator("del")).to_have_text("Tujuan 1")
    expect(change.locator("ins")).to_have_text("Semua warga Wainyapu terbebas dari rentenir")
    expect(page.locator("table.history")).to_contain_text("Gudang jagung milik BUMDes")
    screenshot(page, "plan-history")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_cancel_puts_the_goal_back_unchanged(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    goal = _goal_block(page, "Tujuan 1")
    goal.locator("td.goal-cell .row-tools a", has_text=re.compile("Edit|Ubah")).click()
    goal.locator("textarea[name=statement]").fill("Teks yang tidak jadi disimpan")
    goal.locator("form .actions a").click()
    expect(goal.locator("form.plan-form")).to_have_count(0)
    expect(goal.locator("td.goal-cell .statement")).to_contain_text("Tujuan 1")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_plan_is_edited_without_javascript_through_full_page_forms(no_js_page: Page) -> None:
    page = no_js_page
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=2)
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    goal_id = plan.goals.get().pk
    _camat(page)
    page.goto(plan_url)

    page.locator("td.goal-cell .row-tools a", has_text=re.compile("Edit|Ubah")).click()
    assert reverse("plans:goal_edit", args=[plan.pk, goal_id]) in page.url
    page.locator("textarea[name=statement]").fill("Petani jagung Wainyapu lepas dari tengkulak")
    page.locator("form.plan-form button[type=submit]").click()
    assert page.url.endswith(f"{plan_url}#goal-{goal_id}")
    expect(page.locator("td.goal-cell .statement")).to_contain_text(
        "Petani jagung Wainyapu lepas dari tengkulak"
    )
    screenshot(page, "plan-no-js-after-edit")

    # Deleting asks on a page of its own.
    _more(_activity_cell(page.locator("#matrix"), "Kegiatan 1.1")).locator("a.danger").click()
    expect(page.locator("main blockquote")).to_contain_text("Kegiatan 1.1")
    page.locator("main form button.danger").click()
    assert page.url.startswith(page.url.split("#")[0])
    assert reverse("plans:plan_detail", args=[plan.pk]) in page.url
    expect(page.locator("table.matrix1")).not_to_contain_text("Kegiatan 1.1")
    expect(page.locator("table.matrix1")).to_contain_text("Kegiatan 1.2")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_plan_is_built_and_pruned_without_javascript(no_js_page: Page) -> None:
    """Every row's tools as full pages: a goal, its intermediate goal and activity added and
    edited, an activity's prerequisites chosen, then the intermediate goal and the goal deleted."""
    page = no_js_page
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    _camat(page)
    page.goto(plan_url)

    page.locator("main a.button", has_text="Tambah tujuan").click()
    page.locator("form.plan-form textarea[name=statement]").fill("Rumput laut dijual bersama")
    page.locator("form.plan-form button[type=submit]").click()
    block = _goal_block(page, "Rumput laut dijual bersama")
    expect(block).to_be_visible()

    block.locator("td.goal-cell .row-tools a", has_text="Tujuan Antara").click()
    page.locator("form.plan-form textarea[name=statement]").fill("Kelompok pengering terbentuk")
    page.locator("form.plan-form button[type=submit]").click()
    block = _goal_block(page, "Rumput laut dijual bersama")
    expect(block.locator("td.col-milestone")).to_contain_text("Kelompok pengering terbentuk")

    milestone = block.locator("td.col-milestone", has_text="Kelompok pengering terbentuk")
    milestone.locator(".row-tools a", has_text="Ubah").click()
    page.locator("form.plan-form textarea[name=statement]").fill("Dua kelompok pengering")
    page.locator("form.plan-form button[type=submit]").click()
    block = _goal_block(page, "Rumput laut dijual bersama")
    milestone = block.locator("td.col-milestone", has_text="Dua kelompok pengering")
    expect(milestone).to_be_visible()

    milestone.locator(".row-tools a", has_text="Kegiatan").click()
    page.locator("form.plan-form textarea[name=name]").fill("Membuat para-para jemur")
    page.locator("form.plan-form button[type=submit]").click()
    block = _goal_block(page, "Rumput laut dijual bersama")
    cell = _activity_cell(block, "Membuat para-para jemur")
    expect(cell).to_be_visible()

    cell.locator(".row-tools > a", has_text="Ubah").click()
    page.locator("form.plan-form textarea[name=name]").fill("Membuat para-para jemur bambu")
    page.locator("form.plan-form button[type=submit]").click()
    cell = _activity_cell(_goal_block(page, "Rumput laut dijual bersama"), "para-para jemur bambu")
    expect(cell).to_be_visible()

    _more(cell).locator("a", has_text="Kegiatan prasyarat").click()
    page.locator("label", has_text="Kegiatan 1.1").locator("input").check()
    page.locator("main form button[type=submit]").click()
    assert reverse("plans:plan_detail", args=[plan.pk]) in page.url
    screenshot(page, "plan-no-js-built")

    # Deleting asks on a page of its own, for an intermediate goal and for a goal.
    block = _goal_block(page, "Rumput laut dijual bersama")
    milestone = block.locator("td.col-milestone", has_text="Dua kelompok pengering")
    _more(milestone).locator("a.danger").click()
    expect(page.locator("main blockquote")).to_contain_text("Dua kelompok pengering")
    page.locator("main form button.danger").click()
    block = _goal_block(page, "Rumput laut dijual bersama")
    expect(block).not_to_contain_text("Dua kelompok pengering")

    _more(block.locator("td.goal-cell")).locator("a.danger").click()
    expect(page.locator("main blockquote")).to_contain_text("Rumput laut dijual bersama")
    page.locator("main form button.danger").click()
    expect(page.locator("table.matrix1")).not_to_contain_text("Rumput laut dijual bersama")
    expect(page.locator("table.matrix1")).to_contain_text("Kegiatan 1.1")

    # The evaluation panel, which scripts load into the page, is a page of its own without them.
    page.get_by_role(
        "link", name="Profil aset penghidupan, evaluasi, dan rencana berikutnya"
    ).click()
    assert reverse("evaluation:plan_panel", args=[plan.pk]) in page.url
    expect(page.locator("#evaluation-panel")).to_contain_text("Evaluasi akhir periode")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_musrenbang_proposals_are_listed_and_downloaded_as_xlsx(page: Page) -> None:
    wainyapu = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    kahale = PlanFactory(desa=region("53.18.11.2002"))
    milestone = MilestoneFactory(goal=GoalFactory(plan=kahale, statement="Garam Kahale dijual"))
    ActivityFactory(
        milestone=milestone,
        name="Jalan tani ke ladang garam",
        authority=Authority.KABUPATEN,
        funding_sources=[FundingSource.APBD_KABUPATEN],
    )
    ActivityFactory(milestone=milestone, name="Arisan kelompok garam", authority=Authority.DESA)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[wainyapu.pk]))

    page.locator(".plan-actions a", has_text="Musrenbang").click()
    assert page.url.endswith(reverse("plans:musrenbang_proposals", args=["53.18.11"]))
    table = page.locator("table.proposals")
    expect(table).to_contain_text("Jalan tani ke ladang garam")
    expect(table).to_contain_text("Kahale")
    expect(table).not_to_contain_text("Arisan kelompok garam")
    screenshot(page, "musrenbang-proposals")

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator("main a.button", has_text="XLSX").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = download.path()
    with open(path, "rb") as stream:
        sheet = load_workbook(BytesIO(stream.read())).active
    assert sheet is not None
    values = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Jalan tani ke ladang garam" in values
    assert "Kahale" in values
    assert "Arisan kelompok garam" not in values
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_plan_is_adopted_with_the_date_of_the_musyawarah_desa(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    expect(page.locator(".plan-facts .badge.draft")).to_be_visible()

    page.locator("#id_adopted_on").fill("12-03-2024")
    page.locator(".adopt-form button[type=submit]").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    expect(page.locator(".plan-facts .badge.ditetapkan")).to_be_visible()
    expect(page.locator(".plan-facts")).to_contain_text("2024")
    expect(page.locator(".adopt-form")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.status == LivelihoodPlan.Status.ADOPTED
    assert plan.adopted_on == datetime.date(2024, 3, 12)
    screenshot(page, "plan-adopted")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_dismissed_question_deletes_nothing_and_a_deleted_goal_renumbers_the_rest(
    page: Page,
) -> None:
    plan = full_plan("53.18.11.2006", goals=3, activities_per_goal=1)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    _mark_page(page)

    page.once("dialog", lambda dialog: dialog.dismiss())
    _more(_activity_cell(page.locator("#matrix"), "Kegiatan 1.1")).locator("a.danger").click()
    page.once("dialog", lambda dialog: dialog.accept())
    _more(_goal_block(page, "Tujuan 1").locator("td.goal-cell")).locator("a.danger").click()
    expect(page.locator("tbody.goal-block")).to_have_count(2)
    expect(page.locator("#matrix")).not_to_contain_text("Tujuan 1")
    expect(_goal_block(page, "Tujuan 2").locator(".statement .number")).to_have_text("1.")

    # Goals move too: Tujuan 3 goes up above Tujuan 2.
    _more(_goal_block(page, "Tujuan 3").locator("td.goal-cell")).locator("button[value=up]").click()
    expect(page.locator("tbody.goal-block").first).to_contain_text("Tujuan 3")
    assert _stayed(page)
    page.reload()
    statements = page.locator("td.goal-cell .statement").all_inner_texts()
    assert [s.strip() for s in statements] == ["1. Tujuan 3", "2. Tujuan 2"]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_two_people_saving_the_same_goal_see_each_others_text(
    page: Page, browser: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    _camat(page)
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    page.goto(plan_url)
    other_context = browser.new_context(base_url=live_server.url)
    other = other_context.new_page()
    log_in(other, "tim.wainyapu")
    other.goto(plan_url)

    for person in (page, other):
        _goal_block(person, "Tujuan 1").locator("td.goal-cell .row-tools a").first.click()
        expect(person.locator("textarea[name=statement]")).to_be_visible()

    page.locator("textarea[name=statement]").fill("Versi camat: warga bebas rentenir")
    page.locator("form.plan-form button[type=submit]").click()
    expect(page.locator("form.plan-form")).to_have_count(0)

    other.locator("textarea[name=statement]").fill("Versi desa: tabungan kelompok")
    other.locator("form.plan-form button[type=submit]").click()
    conflict = other.locator(".notice.conflict")
    expect(conflict).to_contain_text("Versi camat: warga bebas rentenir")
    expect(other.locator("textarea[name=statement]")).to_have_value("Versi desa: tabungan kelompok")
    screenshot(other, "plan-edit-conflict")

    # Saving again, knowingly, takes the person's text.
    other.locator("form.plan-form button[type=submit]").click()
    expect(other.locator("form.plan-form")).to_have_count(0)
    expect(other.locator("td.goal-cell .statement")).to_contain_text(
        "Versi desa: tabungan kelompok"
    )
    other_context.close()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_period_and_notes_change_and_a_plan_is_deleted(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))

    page.locator(f".plan-actions a[href='{reverse('plans:plan_update', args=[plan.pk])}']").click()
    page.locator("input[name=period_end]").fill("2026")
    page.locator("textarea[name=notes]").fill("Disusun dalam musyawarah dusun, Februari 2024.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".plan-facts")).to_contain_text("2024–2026")
    expect(page.locator(".plan-notes")).to_contain_text("musyawarah dusun")

    # Deleting the whole plan is at the bottom of the page, away from everyday buttons.
    page.locator(".danger-zone a.danger").click()
    expect(page.locator("main blockquote")).to_contain_text("Wainyapu")
    page.locator("main form button.danger").click()
    assert page.url.endswith(reverse("plans:plan_list"))
    expect(page.locator("ul.messages li.success")).to_contain_text("Wainyapu")
    expect(page.locator("table.plan-list")).not_to_contain_text("Wainyapu")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_goal_saved_without_a_connection_says_so_and_keeps_the_text(
    page: Page, context: BrowserContext
) -> None:
    """On a phone whose data dropped, "Simpan" sent nothing: the form stayed as it was, a
    button that seemed to do nothing. A notice now says why; the text stays in its field, and
    once the connection is back the same button saves it."""
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    _camat(page)
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    goal = _goal_block(page, "Tujuan 1")
    goal.locator("td.goal-cell .row-tools a", has_text=re.compile("Edit|Ubah")).click()
    statement = goal.locator("textarea[name=statement]")
    statement.fill("Semua warga terbebas dari rentenir")
    context.set_offline(True)
    goal.locator("form.plan-form button[type=submit]").click()
    notice = page.locator("#not-sent")
    expect(notice).to_contain_text("server tidak dapat dihubungi")
    in_viewport(page, "#not-sent li.error")
    expect(statement).to_have_value("Semua warga terbebas dari rentenir")
    screenshot(page, "plan-goal-not-sent")
    context.set_offline(False)
    goal.locator("form.plan-form button[type=submit]").click()
    saved = _goal_block(page, "Semua warga terbebas dari rentenir")
    expect(saved.locator("td.goal-cell .statement")).to_contain_text("terbebas dari rentenir")
    expect(notice).to_have_count(0)
    assert plan.goals.get().statement == "Semua warga terbebas dari rentenir"
