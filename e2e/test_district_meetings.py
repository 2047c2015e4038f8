"""Kabupaten team meetings in the browser: the kabupaten team sees the year below the guideline of
3 meetings, schedules one, builds its agenda from the Matriks 4 received and the open requests,
records a decision and an assignment for Dinas Pertanian (saved as typed), marks it held and
downloads the minutes, which it reads back."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import DOCUMENT_WAIT_MS, in_viewport, log_in, screenshot
from rembuk.core.testing import AgencyFactory, full_plan, region, user_with_role
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.services import district_meeting_create
from rembuk.district.tests.conftest import aware, make_report, make_request
from rembuk.meetings.services import meeting_create
from rembuk.people.models import Role


def test_the_kabupaten_team_schedules_a_meeting_and_records_its_decisions(page: Page) -> None:
    distan = AgencyFactory(name="Dinas Pertanian", short_name="Distan")
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=2)
    kecamatan_meeting = meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    make_report(kecamatan_meeting, sent_at=aware(2024, 4, 2), support="Kunjungan penyuluh")
    make_request(kecamatan_meeting, "Penjadwalan penyuluh pertanian ke desa", agency=distan)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    log_in(page, "yohanis")

    page.goto(reverse("district:district_index"))
    expect(page).to_have_url(reverse("district:kabupaten_meetings", args=["53.18"]))
    page.goto(reverse("district:kabupaten_meetings", args=["53.18"]) + "?tahun=2024")
    expect(page.locator("#guideline-warning")).to_be_visible()
    page.locator("input[name=date]").fill("18-04-2024")
    # The place's example is a line of its own, still there once a place is typed.
    place = page.get_by_role("textbox", name="Tempat")
    place.fill("Aula Bappeda, Tambolaka")
    expect(place).to_have_accessible_description("Contoh: Aula Bappeda")
    in_viewport(page, "#schedule .help")
    page.locator("#schedule button[type=submit]").click()

    meeting = DistrictMeeting.objects.get()
    expect(page).to_have_url(reverse("district:meeting_detail", args=[meeting.id]))
    expect(page.locator("#sources-count")).to_contain_text("1")
    page.locator("#build-agenda").click()
    expect(page.locator("#group-laporan")).to_contain_text("Kodi Balaghar")
    agency_group = page.locator(f"#group-{distan.pk}")
    expect(agency_group).to_contain_text("Penjadwalan penyuluh pertanian ke desa")

    item = AgendaItem.objects.get(meeting=meeting, request__isnull=False)
    form = page.locator(f"#item-{item.id} form.agenda-form")
    form.locator("textarea[name=decision]").fill("Dinas Pertanian menjadwalkan ulang kunjungan")
    form.locator("select[name=assigned_agency]").select_option(str(distan.pk))
    form.locator("textarea[name=assignment]").fill("Penyuluh berkunjung ke Wainyapu")
    form.locator("input[name=assignment_due]").fill("10-05-2024")
    form.locator("input[name=assignment_due]").dispatch_event("change")
    expect(form.locator(".status-saved")).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "district_meeting")

    page.reload()
    expect(form.locator("textarea[name=decision]")).to_have_value(
        "Dinas Pertanian menjadwalkan ulang kunjungan"
    )
    expect(form.locator("select[name=assigned_agency]")).to_have_value(str(distan.pk))
    page.locator("form[action$='/status/'] button[type=submit]").click()
    expect(page.locator("#meeting-status")).to_have_class("badge status-terlaksana")

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        page.locator(f"a[href='{reverse('district:minutes_pdf', args=[meeting.id])}']").click()
    download = info.value
    assert download.suggested_filename == "notulen-kabupaten-sumba-barat-daya-2024-04-18.pdf"
    reader = PdfReader(BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Dinas Pertanian menjadwalkan ulang kunjungan" in text
    assert "Penyuluh berkunjung ke Wainyapu" in text
    assert "Dinas Pertanian (Distan)" in text and "Aula Bappeda, Tambolaka" in text
    assert not page.console_errors  # type: ignore[attr-defined]


def test_the_meeting_details_card_begins_with_its_first_field_and_says_saved_by_its_button(
    page: Page,
) -> None:
    meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), place="Aula", actor=None
    )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    log_in(page, "yohanis")
    page.goto(reverse("district:meeting_detail", args=[meeting.id]))

    card = page.locator("form.district-notes")
    card_box = card.bounding_box()
    first_label = card.locator("label", has_text="Tanggal").bounding_box()
    assert card_box is not None and first_label is not None
    # The first text sits at the card's top (its border, padding and the label's own small
    # margin): once an empty save-state line and a paragraph margin, 51 px, stood above it.
    assert first_label["y"] - card_box["y"] < 16, (card_box, first_label)

    card.locator("input[name=place]").fill("Aula Bappeda, Tambolaka")
    participants = card.get_by_role("textbox", name="Peserta")
    participants.fill("Bappeda (2), DPMD")
    # The example is a line of its own, still there once the list is typed.
    expect(participants).to_have_accessible_description(
        "Contoh: Bappeda (2), DPMD, Dinas Pertanian, Camat Kodi Balaghar"
    )
    in_viewport(page, "#meeting-participants-help")
    saved = card.locator(".status-saved")
    expect(saved).to_be_visible()
    saved_box = saved.bounding_box()
    button_box = card.locator(".save-button").bounding_box()
    assert saved_box is not None and button_box is not None
    # "Saved" appears on the button's line, where the person looks after saving.
    assert button_box["y"] <= saved_box["y"] + saved_box["height"] / 2
    assert saved_box["y"] + saved_box["height"] / 2 <= button_box["y"] + button_box["height"]
    screenshot(page, "district-meeting-details-card")
    assert not page.console_errors  # type: ignore[attr-defined]
