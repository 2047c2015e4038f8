"""Plans as files, from the web pages: download the template, fill it in, import it; broken files
are refused with every problem listed and nothing written; the plan's PDF downloads and reads."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from django.contrib.sessions.models import Session
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import DOCUMENT_WAIT_MS, log_in, log_in_here, screenshot
from rembuk.core.testing import full_plan, user_with_role
from rembuk.people.models import Role
from rembuk.plans.models import Activity, Goal, LivelihoodPlan

# Two goals as a village writes them into the template: the goal on the first row of its block.
ROWS = [
    {
        "Tujuan & Target Capaian": "Nelayan Kahale menjual ikan kering dengan harga layak",
        "Target Tujuan": "30 keluarga nelayan",
        "Tahun Target Tujuan": 2025,
        "Tujuan Antara": "Ada tempat penjemuran ikan yang bersih",
        "Nilai Target Tujuan Antara": "2 para-para jemur",
        "Tahun Target": 2024,
        "Kegiatan": "Membuat para-para jemur ikan",
        "Keterangan Kegiatan": "Gotong royong bulan Mei",
        "Sumber Pembiayaan": "Dana Desa, Swadaya",
        "Kewenangan": "Desa",
    },
    {
        "Kegiatan": "Pelatihan pengemasan ikan kering",
        "Keterangan Kegiatan": "Oleh Dinas Perikanan",
        "Sumber Pembiayaan": "APBD Kabupaten",
        "Kewenangan": "Kabupaten",
    },
    {
        "Tujuan & Target Capaian": "Garam Kahale laku di pasar Tambolaka",
        "Kegiatan": "Kelompok usaha garam",
        "Sumber Pembiayaan": "BUMDes",
        "Kewenangan": "Desa",
    },
]


def _open_import_page(page: Page) -> None:
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    page.goto(reverse("plans:plan_list"))
    page.locator(f"main .toolbar a[href='{reverse('plans:plan_import')}']").click()
    expect(page.locator("form.import-form")).to_be_visible()


def _download_template(page: Page, folder: Path) -> Path:
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator("main a[download]").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


def _fill_template(template: Path, rows: list[dict[str, object]], target: Path) -> Path:
    """Write rows under the template's own header row, found by its text."""
    workbook = load_workbook(template)
    sheet = workbook["Rencana"]
    header_row, columns = next(
        (row[0].row, {str(c.value): c.column for c in row if c.value})
        for row in sheet.iter_rows(max_row=20)
        if any(c.value == "Kegiatan" for c in row)
    )
    for offset, values in enumerate(rows, start=1):
        for header, value in values.items():
            sheet.cell(row=header_row + offset, column=columns[header], value=value)
    workbook.save(target)
    return target


def _upload(page: Page, desa: str, period: str, file: Path) -> None:
    page.locator("select[name=desa]").select_option(desa)
    page.locator("input[name=period]").fill(period)
    page.locator("input[name=file]").set_input_files(str(file))
    page.locator("form.import-form button[type=submit]").click()


def test_a_filled_in_template_is_imported_from_the_web_page(page: Page, tmp_path: Path) -> None:
    _open_import_page(page)
    template = _download_template(page, tmp_path)
    filled = _fill_template(template, ROWS, tmp_path / "rencana-kahale.xlsx")

    _upload(page, "53.18.11.2002", "2024-2025", filled)
    expect(page.locator("ul.messages li.success")).to_contain_text("2")
    expect(page.locator("main h1")).to_contain_text("Kahale")
    plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2002")
    assert page.url.endswith(reverse("plans:plan_detail", args=[plan.pk]))
    blocks = page.locator("tbody.goal-block")
    expect(blocks).to_have_count(2)
    expect(blocks.first).to_contain_text("Nelayan Kahale menjual ikan kering dengan harga layak")
    expect(blocks.first).to_contain_text("Ada tempat penjemuran ikan yang bersih")
    expect(blocks.first).to_contain_text("Pelatihan pengemasan ikan kering")
    expect(blocks.first.locator(".badge.proposal")).to_have_count(1)
    expect(blocks.nth(1)).to_contain_text("Garam Kahale laku di pasar Tambolaka")
    screenshot(page, "import-success")
    assert Activity.objects.filter(goal__plan=plan).count() == 3
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_an_import_sent_after_the_session_ended_asks_for_the_file_again(
    page: Page, tmp_path: Path
) -> None:
    """A file is not kept by a browser: after logging in again the village and the period are
    back in the form, and the notice asks for the file (rembuk.js, ADR 0031)."""
    _open_import_page(page)
    filled = _fill_template(_download_template(page, tmp_path), ROWS, tmp_path / "kahale.xlsx")
    Session.objects.all().delete()
    _upload(page, "53.18.11.2002", "2024-2025", filled)
    expect(page.locator(".messages .form-not-sent")).to_be_visible()
    log_in_here(page, "camat.kodi")
    expect(page).to_have_url(reverse("plans:plan_import"))
    expect(page.locator(".form-restored")).to_have_text(
        "Isian Anda dikembalikan ke formulir ini karena belum terkirim. Periksa, lalu kirim "
        "lagi. Pilih lagi berkasnya: peramban tidak menyimpannya."
    )
    expect(page.locator("select[name=desa]")).to_have_value("53.18.11.2002")
    expect(page.locator("input[name=period]")).to_have_value("2024-2025")
    assert not LivelihoodPlan.objects.exists()
    page.locator("input[name=file]").set_input_files(str(filled))
    page.locator("form.import-form button[type=submit]").click()
    expect(page.locator("ul.messages li.success")).to_be_visible()
    assert Activity.objects.filter(goal__plan__desa__code="53.18.11.2002").count() == 3


def test_a_row_with_a_bad_value_is_listed_with_its_row_and_column_and_nothing_is_written(
    page: Page, tmp_path: Path
) -> None:
    _open_import_page(page)
    template = _download_template(page, tmp_path)
    bad = [dict(ROWS[0]), {**ROWS[1], "Kewenangan": "Raja Kodi"}]
    filled = _fill_template(template, bad, tmp_path / "salah.xlsx")

    _upload(page, "53.18.11.2002", "2024-2025", filled)
    issues = page.locator("table.import-issues tbody tr")
    expect(issues).to_have_count(1)
    # The template's header is on row 4: the second data row is row 6; Kewenangan is column K.
    expect(issues.locator("td")).to_have_text(["Rencana", "6", "K (Kewenangan)", re.compile(r"\S")])
    expect(issues.locator("td").last).to_contain_text("Raja Kodi")
    screenshot(page, "import-error-row-column")
    assert page.url.endswith(reverse("plans:plan_import"))
    assert not LivelihoodPlan.all_objects.exists()
    assert not Goal.all_objects.exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_sheet_without_the_activity_column_is_refused(page: Page, tmp_path: Path) -> None:
    _open_import_page(page)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["No", "Tujuan & Target Capaian", "Tujuan Antara", "Sumber Pembiayaan"])
    sheet.append([1, "Ternak babi sehat", "Kandang bersih", "Swadaya"])
    path = tmp_path / "tanpa-kegiatan.xlsx"
    workbook.save(path)

    _upload(page, "53.18.11.2002", "2024-2025", path)
    expect(page.locator(".import-errors")).to_be_visible()
    expect(page.locator("table.import-issues")).to_contain_text("Kegiatan")
    screenshot(page, "import-error-missing-column")
    assert not LivelihoodPlan.all_objects.exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_text_file_renamed_xlsx_is_refused(page: Page, tmp_path: Path) -> None:
    _open_import_page(page)
    path = tmp_path / "bukan-excel.xlsx"
    path.write_text("Tujuan;Kegiatan\nTernak sehat;Vaksin\n", encoding="utf-8")

    _upload(page, "53.18.11.2002", "2024-2025", path)
    issues = page.locator("table.import-issues tbody tr")
    expect(issues).to_have_count(1)
    expect(issues).to_contain_text(".xlsx")
    screenshot(page, "import-error-not-xlsx")
    assert not LivelihoodPlan.all_objects.exists()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_plan_pdf_downloads_with_the_goals_and_the_desa(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=2, activities_per_goal=2)
    user_with_role(Role.TIM_DESA, "53.18.11.2006", username="tim.wainyapu")
    log_in(page, "tim.wainyapu")
    page.goto(reverse("plans:plan_detail", args=[plan.pk]))

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator(".plan-actions a", has_text="PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Wainyapu" in text
    assert "Tujuan 1" in text and "Tujuan 2" in text
    assert "Kegiatan 2.2" in text
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    assert page.console_errors == []  # type: ignore[attr-defined]
