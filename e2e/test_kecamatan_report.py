"""Browser test for Matriks 4 (issue 4 part 2): the kecamatan drafts the summary from its
meeting, rewords a cell (autosave), sends it, finds it locked, downloads the PDF and makes a
correction version."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, log_in, more_actions, screenshot
from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.testing import add_sheet, make_meeting, record_seed_x, seed_x_plan

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"
WAILANGIRA = "53.18.11.2001"


def test_the_kecamatan_drafts_edits_sends_downloads_and_corrects_matriks_4(
    page: Page, live_server, tmp_path: Path
) -> None:
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = make_meeting("53.18.11")
    record_seed_x(add_sheet(meeting, WAINYAPU, seed_x_plan(WAINYAPU), 0))
    add_sheet(meeting, WAILANGIRA, seed_x_plan(WAILANGIRA), 1)
    page.on("dialog", lambda dialog: dialog.accept())  # "Send this report…?"

    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    more_actions(page)
    draft_button = page.locator(
        f"form[action='{reverse('reports:kecamatan_report_draft', args=[meeting.pk])}'] button"
    )
    draft_button.click()

    expect(page.locator("main")).to_contain_text("Kecamatan : Kodi Balaghar")
    report = KecamatanReport.objects.get(meeting=meeting)
    row = KecamatanReportRow.objects.get(report=report, desa__code=WAINYAPU)
    cell = page.locator(f"#cell-{row.pk}-challenges")
    expect(cell).to_contain_text("menghambat 6 dari 7 kegiatan")  # drafted from the sheet
    cell.fill(
        "Desa terkendala dalam hal kemampuan menyiapkan laporan keuangan sehingga DD belum "
        "dapat cair.\nDesa membutuhkan pendampingan penyuluh pertanian."
    )
    form = page.locator(f"form:has(#cell-{row.pk}-challenges)")
    expect(form.locator(".status-saved")).to_be_visible(timeout=10_000)  # autosaved
    row.refresh_from_db()
    assert row.challenges.startswith("Desa terkendala dalam hal kemampuan")
    screenshot(page, "matriks4-draft")

    page.locator(f"form[action$='/matriks-4/{report.pk}/kirim/'] button").click()
    expect(page.locator(".m4-locked")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)  # locked: read-only
    expect(page.locator("main")).to_contain_text("Desa membutuhkan pendampingan penyuluh")
    report.refresh_from_db()
    assert report.status == KecamatanReport.Status.SENT
    screenshot(page, "matriks4-sent")

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as download_info:
        page.locator(f"a[href$='/matriks-4/{report.pk}/unduh/pdf/']").click()
    download = download_info.value
    assert download.suggested_filename == "matriks-4-kodi-balaghar-v1.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.locator(f"form[action$='/matriks-4/{report.pk}/koreksi/'] button").click()
    correction = KecamatanReport.objects.get(previous=report)
    expect(page).to_have_url(
        live_server.url + reverse("reports:kecamatan_report_detail", args=[correction.pk])
    )
    expect(page.locator("textarea").first).to_be_visible()  # a draft again, editable
    expect(page.locator(".m4-versions")).to_contain_text("1")
    expect(page.locator(".m4-versions li")).to_have_count(2)
    assert correction.edition == 2
    screenshot(page, "matriks4-correction")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_kabupaten_finds_the_received_report_and_reads_it(page: Page, live_server) -> None:
    from rembuk.reports import services

    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = make_meeting("53.18.11")
    record_seed_x(add_sheet(meeting, WAINYAPU, seed_x_plan(WAINYAPU), 0))
    draft = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    services.kecamatan_report_send(report=draft, actor=writer)
    reader = user_with_role(Role.TIM_KABUPATEN, "53.18")

    log_in(page, reader.username)
    page.goto(reverse("reports:kecamatan_report_list", args=["53.18"]))
    expect(page.locator(".m4-list tbody tr")).to_have_count(1)
    screenshot(page, "matriks4-received")
    page.locator(".m4-list tbody a", has_text="Kodi Balaghar").click()

    expect(page.locator("main")).to_contain_text("Kecamatan : Kodi Balaghar")
    expect(page.locator("main")).to_contain_text("menghambat 6 dari 7 kegiatan")
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator(f"form[action$='/matriks-4/{draft.pk}/koreksi/']")).to_have_count(0)
    screenshot(page, "matriks4-kabupaten-reads")
    assert page.console_errors == []  # type: ignore[attr-defined]
