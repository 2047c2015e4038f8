"""A kecamatan user walks through a whole coordination meeting (issue 3, "Done when").

Schedule it, download an invitation, open meeting mode, record challenges and follow-ups for two
villages as they are said, review a follow-up carried in from the previous meeting, close the
meeting (confirming the village nobody spoke for), download the A1 poster and find the recorded
text in it; then the village's share link, made on the page, opens on a phone without logging in.

Printouts are Indonesian whatever the interface language, so the PDFs are read for their fixed
wording; the pages are checked by URL, field names and the data typed in.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, PHONE, log_in, pdf_text, screenshot, watch_errors
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, FollowUpReview
from rembuk.people.models import Agency, Role
from rembuk.people.services import agencies_seed

pytestmark = pytest.mark.django_db(transaction=True)

KECAMATAN = "53.18.11"
MARCH = datetime.date(2024, 3, 28)


def the_earlier_meeting(desa_codes: list[str]) -> FollowUp:
    """March: the kecamatan met before, and one follow-up of the first desa is still open."""
    kecamatan = region(KECAMATAN)
    villages = [region(code) for code in desa_codes]
    march = services.meeting_create(kecamatan=kecamatan, date=MARCH, villages=villages, actor=None)
    sheet = march.sheets.get(desa=villages[0])
    assert sheet.plan is not None
    followup = services.followup_save(
        sheet=sheet,
        goal=sheet.plan.goals.order_by("position").first(),
        text="Meminta no kontak penyuluh pertanian untuk kelompok tani.",
        kind=FollowUp.Kind.KECAMATAN_SUPPORT,
        owner=FollowUp.Owner.KECAMATAN,
        actor=None,
    )
    services.meeting_close(meeting=march, confirm_empty=True, actor=None)
    return followup


def track_requests(page: Page) -> list[int]:
    """A counter of the page's requests in flight (one shared list cell)."""
    in_flight = [0]

    def started(_request: object) -> None:
        in_flight[0] += 1

    def ended(_request: object) -> None:
        in_flight[0] -= 1

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    return in_flight


def saved(page: Page, in_flight: list[int]) -> None:
    """Wait until the autosaves of what was just typed have been answered.

    The cells save 800 ms after the last keystroke. The test then reads the database only
    while the server is idle: SQLite in memory refuses a write to a table another thread is
    reading ("database table is locked"), so polling the database would break the server.
    """
    page.wait_for_timeout(1000)
    for _ in range(100):
        if in_flight[0] <= 0:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the autosave did not answer in time")


def test_a_kecamatan_user_runs_a_whole_meeting_and_prints_the_poster(
    page: Page, browser: Browser, live_server
) -> None:
    user = user_with_role(Role.KECAMATAN, KECAMATAN)
    agencies_seed(kabupaten=region("53.18"), actor=None)
    desa = list(region(KECAMATAN).children.order_by("code")[:3])
    for village in desa:
        full_plan(village.code, goals=2, activities_per_goal=3)
    carried = the_earlier_meeting([v.code for v in desa])
    dpmd = Agency.objects.get(kabupaten__code="53.18", short_name="DPMD")

    # --- schedule the meeting: every desa with a plan is ticked by default ---
    in_flight = track_requests(page)
    log_in(page, user.username)
    page.goto(reverse("meetings:kecamatan_meetings", args=[KECAMATAN]))
    page.locator(f"a[href='{reverse('meetings:meeting_create', args=[KECAMATAN])}']").click()
    page.locator("input[name=date]").fill("25-07-2024")
    page.locator("input[name=start_time]").fill("09:00")
    page.locator("input[name=place]").fill("Aula Kantor Camat Kodi Balaghar")
    for village in desa:
        expect(page.locator(f"input[name=villages][value='{village.code}']")).to_be_checked()
    page.locator("form.meeting-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/[0-9a-f-]{36}/$"))  # the new meeting's page
    meeting = CoordinationMeeting.objects.get(date=datetime.date(2024, 7, 25))
    expect(page).to_have_url(
        f"{live_server.url}{reverse('meetings:meeting_detail', args=[meeting.id])}"
    )
    assert meeting.previous_meeting is not None and meeting.previous_meeting.date == MARCH
    assert meeting.sheets.count() == 3
    # From here on, the villages in the order the meeting discusses them.
    desa = [sheet.desa for sheet in meeting.sheets.select_related("desa").order_by("position")]
    detail = reverse("meetings:meeting_detail", args=[meeting.id])

    # --- the invitation, one letter per village ---
    page.goto(reverse("reports:meeting_downloads", args=[meeting.id]))
    invitation = reverse("reports:invitation", args=[meeting.id, "pdf"]) + "?mode=per-desa"
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as letter:
        page.locator(f"a[href='{invitation}']").click()
    letter_text = pdf_text(letter.value)
    for village in desa:
        assert f"Kepala Desa {village.name}" in letter_text
    assert "Aula Kantor Camat Kodi Balaghar" in letter_text
    assert "Kamis, 25 Juli 2024" in letter_text

    # --- start the meeting and open meeting mode (the projector window) ---
    page.goto(detail)
    page.locator(
        f"form[action='{reverse('meetings:meeting_open', args=[meeting.id])}'] button"
    ).click()
    expect(
        page.locator(f"a[href='{reverse('meetings:meeting_mode', args=[meeting.id])}']")
    ).to_be_visible()
    with page.context.expect_page() as opened:
        page.locator(f"a[href='{reverse('meetings:meeting_mode', args=[meeting.id])}']").click()
    projector = watch_errors(opened.value)
    # A page just opened from a link is still attaching: let it load before reloading it (the
    # reload makes the error watchers see the whole page load).
    projector.wait_for_load_state("load")
    projector.reload()
    expect(projector.locator(".stage-desa strong")).to_have_text(desa[0].name)
    projector_errors = list(projector.console_errors)  # type: ignore[attr-defined]
    # The projector polls the server every 2 s. The test's in-memory SQLite cannot serve that
    # poll and an autosave at the same moment (a file database in WAL mode can), so the screen
    # is closed while the laptop records, and opened again to look at the result.
    projector.close()

    # --- first village: a challenge and a follow-up, saved as they are typed ---
    page.goto(f"{detail}?desa={desa[0].code}")
    challenge = page.locator("form.autosave:has(textarea[name=cause])").first
    challenge.locator("textarea[name=text]").fill(
        "Pencairan Dana Desa tahap I terlambat sehingga modal BUMDes belum diserahkan."
    )
    expect(challenge.locator(".status-saved")).to_be_visible()
    saved(page, in_flight)  # and the lessons of other villages it asked for
    challenge.locator("textarea[name=cause]").fill("Laporan keuangan tahun lalu belum selesai.")
    saved(page, in_flight)
    assert Challenge.objects.filter(cause__startswith="Laporan keuangan").exists()
    followup = page.locator("form.autosave:has(select[name=kind])").first
    followup.locator("textarea[name=text]").fill(
        "Meminta pendampingan DPMD untuk menyelesaikan laporan keuangan desa."
    )
    expect(followup.locator(".status-saved")).to_be_visible()
    # An agency owns it: choose the agency, then the owner (each choice saves).
    followup.locator("select[name=kind]").select_option(FollowUp.Kind.AGENCY_SUPPORT)
    followup.locator("select[name=owner_agency]").select_option(str(dpmd.id))
    followup.locator("select[name=owner]").select_option(FollowUp.Owner.AGENCY)
    followup.locator("input[name=due_date]").fill("15-08-2024")
    followup.locator("input[name=due_date]").dispatch_event("change")
    saved(page, in_flight)
    assert FollowUp.objects.filter(
        owner_agency=dpmd, due_date=datetime.date(2024, 8, 15), sheet__meeting=meeting
    ).exists()
    expect(followup.locator(".status-saved")).to_be_visible()
    screenshot(page, "walkthrough-first-village")

    # The projector shows what was just recorded.
    projector = watch_errors(page.context.new_page())
    projector.goto(reverse("meetings:meeting_mode", args=[meeting.id]))
    expect(projector.locator(".matrix3")).to_contain_text("Pencairan Dana Desa tahap I terlambat")
    projector_errors += projector.console_errors  # type: ignore[attr-defined]
    projector.close()

    # --- second village ---
    page.goto(f"{detail}?desa={desa[1].code}")
    second = page.locator("form.autosave:has(textarea[name=cause])").first
    second.locator("textarea[name=text]").fill(
        "Bibit jagung dari dinas datang setelah musim tanam."
    )
    expect(second.locator(".status-saved")).to_be_visible()
    # Typing a challenge also asks for lessons of other villages; let that answer first too.
    saved(page, in_flight)
    second_followup = page.locator("form.autosave:has(select[name=kind])").first
    second_followup.locator("select[name=kind]").select_option(FollowUp.Kind.KECAMATAN_SUPPORT)
    second_followup.locator("select[name=owner]").select_option(FollowUp.Owner.KECAMATAN)
    second_followup.locator("textarea[name=text]").fill(
        "Kecamatan menanyakan jadwal penyaluran bibit ke Dinas Pertanian."
    )
    saved(page, in_flight)
    assert FollowUp.objects.filter(
        sheet__desa=desa[1], sheet__meeting=meeting, owner=FollowUp.Owner.KECAMATAN
    ).exists()
    expect(second_followup.locator(".status-saved")).to_be_visible()

    # --- review the follow-up carried in from March, on its own village's sheet ---
    page.locator(f"#villages a[href='?desa={carried.sheet.desa.code}#sheet']").click()
    page.locator("details#carried-here > summary").click()
    review = page.locator(f"#carried-{carried.id}")
    expect(review).to_have_count(1)  # one copy on the page, not a second one that goes stale
    expect(review).to_contain_text("Meminta no kontak penyuluh pertanian untuk kelompok tani.")
    review.locator("select[name=status]").select_option(FollowUp.Status.DONE)
    review.locator("textarea[name=note]").fill("Nomor penyuluh sudah dibagikan di grup WhatsApp.")
    saved(page, in_flight)
    assert FollowUpReview.objects.filter(
        meeting=meeting, status=FollowUp.Status.DONE, note__startswith="Nomor penyuluh"
    ).exists()
    expect(review.locator(".status-saved")).to_be_visible()

    # --- close: the third village spoke of nothing, so Rembuk names it and asks first ---
    page.goto(detail)
    close = page.locator("#close form")
    close.locator("input[name=next_meeting_date]").fill("24-10-2024")
    close.locator("textarea[name=documents_note]").fill("Poster dibagikan hari ini.")
    close.locator("button[type=submit]").click()
    expect(page.locator(".empty-villages")).to_have_text(desa[2].name)
    assert (
        CoordinationMeeting.objects.get(pk=meeting.pk).status != CoordinationMeeting.Status.CLOSED
    )
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}{detail}")
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.CLOSED
    assert meeting.next_meeting_date == datetime.date(2024, 10, 24)

    # --- the A1 poster of the first village, read back ---
    page.goto(reverse("reports:meeting_downloads", args=[meeting.id]))
    poster = reverse("reports:sheet_download", args=[meeting.id, desa[0].code, "pdf-a1"])
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as printed:
        page.locator(f"a[href='{poster}']").click()
    poster_text = pdf_text(printed.value)
    assert f"Desa: {desa[0].name}" in poster_text
    assert "Tanggal pelaksanaan koordinasi: 25 Juli 2024" in poster_text
    assert (
        "Pencairan Dana Desa tahap I terlambat sehingga modal BUMDes belum diserahkan."
        in poster_text
    )
    assert "Laporan keuangan tahun lalu belum selesai." in poster_text
    assert "Meminta pendampingan DPMD untuk menyelesaikan laporan keuangan desa." in poster_text
    assert "Penanggung jawab: DPMD · Tenggat: 15 Agustus 2024" in poster_text

    # --- the village's share link, made on the page, opens on a phone without logging in ---
    page.goto(f"{detail}?desa={desa[0].code}")
    make_link = reverse(
        "meetings:share_link_create", args=[meeting.id, meeting.sheets.get(desa=desa[0]).id]
    )
    page.locator(f"form[action='{make_link}'] button").click()
    url = page.locator("input.share-url").first.input_value()
    assert "/berbagi/" in url
    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = watch_errors(phone_context.new_page())
    phone.goto(url)
    expect(phone.locator("h1")).to_contain_text(desa[0].name)
    expect(phone.locator("body")).to_contain_text("Pencairan Dana Desa tahap I terlambat")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    screenshot(phone, "walkthrough-shared-sheet-phone")
    phone_errors = list(phone.console_errors)  # type: ignore[attr-defined]
    phone_context.close()

    # No CSP violation or script error on any page of the walk.
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert projector_errors == []
    assert phone_errors == []
