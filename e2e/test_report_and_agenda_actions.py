"""Browser tests of actions no other browser test clicks: the kecamatan moves a village's row in
its Matriks 4 and writes the note to the kabupaten; the kabupaten team adds a topic to its
meeting's agenda and takes an item off; the kecamatan builds a waiting export itself when no
background worker runs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, in_viewport, log_in, pdf_text, screenshot, shown_box
from rembuk.core.testing import region, user_with_role
from rembuk.district.models import AgendaItem
from rembuk.district.services import agenda_item_add, district_meeting_create
from rembuk.people.models import Role, User
from rembuk.reports import services as report_services
from rembuk.reports.models import DocumentExport, KecamatanReport, KecamatanReportRow
from rembuk.reports.testing import add_sheet, make_meeting, record_seed_x, seed_x_plan

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"
WAILANGIRA = "53.18.11.2001"
KAHALE = "53.18.11.2002"


def _draft_report(writer: User, *codes: str) -> KecamatanReport:
    """A Matriks 4 draft of Kodi Balaghar with one row per village, in the order given."""
    meeting = make_meeting("53.18.11")
    for position, code in enumerate(codes):
        add_sheet(meeting, code, seed_x_plan(code), position)
    return report_services.kecamatan_report_draft(meeting=meeting, actor=writer)


def _row_names(page: Page) -> list[str]:
    return [
        name.split("\n")[0].strip()
        for name in page.locator(".m4-table td.m4-desa").all_inner_texts()
    ]


def test_the_kecamatan_moves_a_village_down_in_matriks_4_and_sees_the_new_order(
    page: Page,
) -> None:
    """The kecamatan presses ↓ beside Wainyapu and sees Wailangira first, Wainyapu second; ↑
    puts Wainyapu back on top."""
    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    report = _draft_report(writer, WAINYAPU, WAILANGIRA)
    first = KecamatanReportRow.objects.get(report=report, desa__code=WAINYAPU)
    second = KecamatanReportRow.objects.get(report=report, desa__code=WAILANGIRA)
    wainyapu, wailangira = first.desa.name, second.desa.name

    log_in(page, writer.username)
    page.goto(reverse("reports:kecamatan_report_detail", args=[report.pk]))
    assert _row_names(page) == [wainyapu, wailangira]

    page.get_by_role("button", name=f"Pindahkan {wainyapu} ke bawah").click()
    expect(page.locator(".m4-table tbody tr").first).to_have_id(f"row-{second.pk}")
    assert _row_names(page) == [wailangira, wainyapu]
    expect(page.locator(f"#row-{first.pk} td").first).to_have_text("2.")
    in_viewport(page, f"#row-{first.pk} td.m4-desa")
    # Now last, Wainyapu can only go up; Wailangira, now first, only down.
    expect(page.get_by_role("button", name=f"Pindahkan {wainyapu} ke atas")).to_be_visible()
    expect(page.get_by_role("button", name=f"Pindahkan {wainyapu} ke bawah")).to_have_count(0)
    expect(page.get_by_role("button", name=f"Pindahkan {wailangira} ke atas")).to_have_count(0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)
    screenshot(page, "matriks4-row-moved")

    page.get_by_role("button", name=f"Pindahkan {wainyapu} ke atas").click()
    expect(page.locator(".m4-table tbody tr").first).to_have_id(f"row-{first.pk}")
    assert _row_names(page) == [wainyapu, wailangira]
    first.refresh_from_db()
    assert first.position == 0
    assert page.console_errors == []  # type: ignore[attr-defined]


NOTE = (
    "Tiga desa menunggu kunjungan penyuluh pertanian.\n"
    "Mohon Bappeda membahasnya pada rapat tim kabupaten bulan depan."
)


def test_the_kecamatan_writes_the_note_to_the_kabupaten_and_finds_it_after_a_reload(
    page: Page,
) -> None:
    """The kecamatan types the note under its Matriks 4, sees it saved, reloads and reads it
    back; once the report is sent, the note is shown as text."""
    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    report = _draft_report(writer, WAINYAPU, WAILANGIRA)
    page.on("dialog", lambda dialog: dialog.accept())  # "Send this report…?"

    log_in(page, writer.username)
    page.goto(reverse("reports:kecamatan_report_detail", args=[report.pk]))
    expect(page.get_by_role("heading", name="Catatan untuk kabupaten")).to_be_visible()
    note = page.get_by_label("Catatan untuk kabupaten")
    note.fill(NOTE)
    saved = page.locator("section.m4-note .status-saved")
    expect(saved).to_contain_text("Tersimpan")  # autosaved, said beside the note
    in_viewport(page, "section.m4-note .status-saved")
    in_viewport(page, "#report-note")
    report.refresh_from_db()
    assert report.note == NOTE
    screenshot(page, "matriks4-note-saved")

    page.reload()
    expect(page.get_by_label("Catatan untuk kabupaten")).to_have_value(NOTE)

    page.get_by_role("button", name="Kirim ke kabupaten").click()
    expect(page.locator(".m4-locked")).to_be_visible()
    expect(page.locator("#report-note")).to_have_count(0)
    shown = page.locator("section.m4-note p")
    expect(shown).to_contain_text("Tiga desa menunggu kunjungan penyuluh pertanian.")
    expect(shown).to_contain_text("Mohon Bappeda membahasnya")
    shown.scroll_into_view_if_needed()
    in_viewport(page, "section.m4-note p")
    report.refresh_from_db()
    assert report.status == KecamatanReport.Status.SENT and report.note == NOTE
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_kabupaten_team_adds_a_topic_to_the_agenda_and_takes_another_off(
    page: Page,
) -> None:
    """The kabupaten team adds "Evaluasi penyaluran dana desa" under the other topics, sees it
    as item 2, takes item 1 off the agenda and sees only the new topic left, now item 1."""
    meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), place="Aula", actor=None
    )
    musrenbang = agenda_item_add(
        meeting=meeting, title="Persiapan Musrenbang Kabupaten", actor=None
    )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    page.on("dialog", lambda dialog: dialog.accept())  # "Take this item off the agenda?"

    log_in(page, "yohanis")
    page.goto(reverse("district:meeting_detail", args=[meeting.id]))
    page.get_by_label("Pokok bahasan lain").fill("Evaluasi penyaluran dana desa")
    page.locator("form.add-topic").get_by_role("button", name="Tambah").click()

    added = AgendaItem.objects.get(meeting=meeting, title="Evaluasi penyaluran dana desa")
    expect(page).to_have_url(
        reverse("district:meeting_detail", args=[meeting.id]) + f"#item-{added.id}"
    )
    item = page.locator(f"#item-{added.id}")
    expect(item.locator(".agenda-topic")).to_have_text("Evaluasi penyaluran dana desa")
    expect(item.locator(".agenda-number")).to_have_text("2.")
    expect(page.locator("#group-lain .agenda-item")).to_have_count(2)
    in_viewport(page, f"#item-{added.id} .agenda-topic")
    screenshot(page, "district-agenda-topic-added")

    page.locator(f"#item-{musrenbang.id}").get_by_role(
        "button", name="Keluarkan dari agenda"
    ).click()
    expect(page.locator(f"#item-{musrenbang.id}")).to_have_count(0)
    expect(page.locator("#group-lain")).not_to_contain_text("Persiapan Musrenbang Kabupaten")
    expect(page.locator("#group-lain .agenda-item")).to_have_count(1)
    expect(item.locator(".agenda-number")).to_have_text("1.")
    assert list(AgendaItem.objects.filter(meeting=meeting)) == [added]
    assert AgendaItem.all_objects.get(pk=musrenbang.pk).is_deleted
    screenshot(page, "district-agenda-item-removed")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_kabupaten_team_sees_the_confirmation_that_an_item_was_taken_off(
    page: Page,
) -> None:
    """The kabupaten team takes an item off the agenda and reads "Butir dikeluarkan dari
    agenda." on the screen it lands on."""
    meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), place="Aula", actor=None
    )
    item = agenda_item_add(meeting=meeting, title="Persiapan Musrenbang Kabupaten", actor=None)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    page.on("dialog", lambda dialog: dialog.accept())  # "Take this item off the agenda?"

    log_in(page, "yohanis")
    page.goto(reverse("district:meeting_detail", args=[meeting.id]))
    page.locator(f"#item-{item.id}").get_by_role("button", name="Keluarkan dari agenda").click()
    expect(page.locator("#agenda")).to_contain_text("Agenda masih kosong.")
    # The page opens at the agenda, below the first screen, past the messages at its top: they
    # float at the bottom of the screen until closed.
    message = page.locator(".messages li", has_text="Butir dikeluarkan dari agenda.")
    expect(page.locator(".messages .messages-close button")).to_have_text("Tutup")
    in_viewport(page, ".messages li >> nth=0")
    in_viewport(page, "#agenda h2")
    screenshot(page, "district-agenda-item-removed-message")
    # While they float, the page's end can still be scrolled out from under them.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page_end = shown_box(page.locator("main"))
    floating = shown_box(page.locator(".messages.floating"))
    assert page_end["y"] + page_end["height"] <= floating["y"]
    page.get_by_role("button", name="Tutup", exact=True).click()
    expect(message).to_have_count(0)


def test_without_a_worker_the_kecamatan_builds_the_waiting_meeting_pdf_itself(
    page: Page, live_server, settings, tmp_path: Path
) -> None:
    """No background worker runs: the kecamatan waits on the progress page, presses "build it
    now", and the page offers the finished PDF, which holds every village."""
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_meeting("53.18.11")
    for position, code in enumerate((WAINYAPU, WAILANGIRA, KAHALE)):
        add_sheet(meeting, code, seed_x_plan(code), position)
    record_seed_x(meeting.sheets.get(desa__code=WAINYAPU))
    user = user_with_role(Role.KECAMATAN, "53.18.11")

    log_in(page, user.username)
    page.goto(reverse("reports:meeting_downloads", args=[meeting.pk]))
    page.get_by_role("button", name="Satu PDF untuk seluruh pertemuan").click()
    export = DocumentExport.objects.get(ref=str(meeting.pk))
    expect(page).to_have_url(live_server.url + reverse("reports:export_status", args=[export.pk]))
    expect(page.get_by_text("Menunggu proses latar belakang")).to_be_in_viewport(ratio=1)
    build_now = page.get_by_role(
        "button", name="Proses latar belakang tidak berjalan? Buat sekarang"
    )
    expect(build_now).to_be_in_viewport(ratio=1)
    screenshot(page, "export-build-now")

    build_now.click(timeout=DOCUMENT_WAIT_MS)
    download_link = page.get_by_role("link", name=f"Unduh {export.filename}")
    expect(download_link).to_be_in_viewport(ratio=1, timeout=DOCUMENT_WAIT_MS)
    expect(page.get_by_role("heading", name="Berkas sudah siap")).to_be_in_viewport(ratio=1)
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as downloaded:
        download_link.click()
    assert downloaded.value.suggested_filename == export.filename
    text = pdf_text(downloaded.value)
    assert "Kodi Balaghar" in text
    for code in (WAINYAPU, WAILANGIRA, KAHALE):
        assert region(code).name in text
    assert page.console_errors == []  # type: ignore[attr-defined]
