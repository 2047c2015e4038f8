"""The whole follow-up loop of issue 4 in real Chromium, clicked through as the people would.

A kecamatan closes its coordination meeting, drafts Matriks 4 from it, rewords a cell and sends
it; the kabupaten team routes the meeting's request to Dinas Pertanian and puts it (with the
report) on the agenda of its own meeting; Dinas Pertanian answers and closes it; the village
reads the answer; the next kecamatan meeting reviews it. Then the real demo (seed_demo) behind
the dashboards of the kabupaten, the kecamatan and the programme, kept as PNG screenshots.

The interface is translated (Indonesian by default), so the locators use form actions, URLs,
ids and values; visible text is only checked where it is the people's own data.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import follow_menu, log_in, more_actions, prints_whole, screenshot
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
    UserFactory,
    region,
    user_with_role,
)
from rembuk.demo.people import demo_password
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import CoordinationMeeting, FollowUp
from rembuk.notifications.models import Notification
from rembuk.people.models import Agency, Role, User
from rembuk.people.services import agencies_seed
from rembuk.plans.models import LivelihoodPlan
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db(transaction=True)

KODI_BALAGHAR = "53.18.11"
SUMBA_BARAT_DAYA = "53.18"
WAINYAPU = "53.18.11.2006"
WAILANGIRA = "53.18.11.2001"

CHALLENGE = "Hama ulat grayak menyerang kebun sorgum; kelompok tani belum tahu cara mengatasinya."
# Without a final full stop: Matriks 4 adds "(Distan; tenggat …)." after it.
ASKED = "Meminta kunjungan penyuluh pertanian untuk melatih kelompok tani sorgum Wainyapu"
REWORDED = (
    "Desa membutuhkan kunjungan penyuluh pertanian (Dinas Pertanian) untuk kelompok tani "
    "sorgum, paling lambat bulan depan."
)
ANSWER = "Penyuluh BPP Kodi Balaghar datang dan melatih 18 petani tentang hama ulat grayak."


# --- the records the people start from -----------------------------------------------------


def a_plan(desa_code: str, goals: list[tuple[str, list[str]]]) -> LivelihoodPlan:
    """A plan covering this year, with real-looking goals and activities."""
    year = timezone.localdate().year
    plan: LivelihoodPlan = PlanFactory(  # type: ignore[assignment]
        desa=region(desa_code), period_start=year - 1, period_end=year + 1
    )
    for g, (statement, activities) in enumerate(goals):
        goal = GoalFactory(plan=plan, position=g, statement=statement, target_year=year + 1)
        milestone = MilestoneFactory(goal=goal, position=0, target_year=year + 1)
        for a, name in enumerate(activities):
            ActivityFactory(milestone=milestone, goal=goal, position=a, name=name)
    return plan


def a_member(role: str, code: str, agency: Agency | None = None) -> User:
    user: User = UserFactory()  # type: ignore[assignment]
    MembershipFactory(user=user, role=role, region=region(code), agency=agency)
    return user


def a_meeting_in_progress(kecamatan: User, on: datetime.date) -> CoordinationMeeting:
    """Kodi Balaghar's meeting with Wainyapu and Wailangira, their sheets recorded, not closed."""
    distan = Agency.objects.get(kabupaten__code=SUMBA_BARAT_DAYA, short_name="Distan")
    wainyapu = a_plan(
        WAINYAPU,
        [
            (
                "Hasil panen sorgum naik dua kali lipat",
                ["Pembibitan sorgum", "Sekolah lapang kelompok tani", "Pengadaan alat panen"],
            ),
            ("Kelompok garam punya pasar tetap", ["Pelatihan pengemasan", "Kontrak dengan toko"]),
        ],
    )
    wailangira = a_plan(
        WAILANGIRA,
        [("BUMDes membeli hasil panen jagung", ["Penyertaan modal BUMDes", "Gudang jagung"])],
    )
    meeting = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=on,
        villages=[wainyapu.desa, wailangira.desa],
        actor=kecamatan,
        place="Aula Kantor Camat Kodi Balaghar",
    )
    meeting = meeting_services.meeting_open(meeting=meeting, actor=kecamatan)
    sheets = {s.desa.code: s for s in meeting.sheets.select_related("meeting", "desa", "plan")}
    sorgum = wainyapu.goals.get(position=0)
    meeting_services.challenge_save(
        sheet=sheets[WAINYAPU],
        goal=sorgum,
        actor=kecamatan,
        text=CHALLENGE,
        cause="Penyuluh belum pernah berkunjung tahun ini.",
        blocked_activity_ids=[str(sorgum.activities.get(position=1).id)],
    )
    meeting_services.followup_save(
        sheet=sheets[WAINYAPU],
        goal=sorgum,
        actor=kecamatan,
        text=ASKED,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=distan,
        due_date=on + datetime.timedelta(days=45),
    )
    jagung = wailangira.goals.get()
    meeting_services.challenge_save(
        sheet=sheets[WAILANGIRA],
        goal=jagung,
        actor=kecamatan,
        text="Dana Desa terlambat cair, penyertaan modal BUMDes belum bisa dilakukan.",
    )
    meeting_services.followup_save(
        sheet=sheets[WAILANGIRA],
        goal=jagung,
        actor=kecamatan,
        text="Desa menyelesaikan laporan pertanggungjawaban keuangan bulan ini.",
        kind=FollowUp.Kind.VILLAGE_ACTION,
        owner=FollowUp.Owner.DESA,
    )
    return meeting


def unread_count(page: Page) -> int:
    # The bell is only there once signed in: wait for it, as log_in may return before the
    # page after the login form has arrived.
    expect(page.locator("header .notification-bell")).to_be_visible()
    count = page.locator("header .notification-bell .count")
    if count.count() == 0:
        return 0
    return int(count.inner_text().split()[0])


def label_above_its_field(scope: Locator, field_id: str) -> None:
    """The label sits right above the field it names (in the same column), not elsewhere."""
    label = scope.locator(f"label[for='{field_id}']").bounding_box()
    field = scope.locator(f"#{field_id}").bounding_box()
    assert label and field
    assert label["y"] + label["height"] <= field["y"] + 1, "the label is not above its field"
    assert field["y"] - (label["y"] + label["height"]) < 20, "the label is far from its field"
    assert field["x"] - 2 <= label["x"] < field["x"] + field["width"], "another column"


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def _no_errors(page: Page) -> None:
    assert page.console_errors == []  # type: ignore[attr-defined]


# --- 1. the loop ----------------------------------------------------------------------------


def test_a_request_travels_from_the_kecamatan_meeting_to_dinas_pertanian_and_back(
    page: Page, live_server
) -> None:
    today = timezone.localdate()
    held_on = today - datetime.timedelta(days=21)
    next_on = today + datetime.timedelta(days=70)
    kabupaten_on = today + datetime.timedelta(days=7)
    agencies_seed(kabupaten=region(SUMBA_BARAT_DAYA), actor=None)
    distan = Agency.objects.get(kabupaten__code=SUMBA_BARAT_DAYA, short_name="Distan")
    kecamatan = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    kabupaten = user_with_role(Role.TIM_KABUPATEN, SUMBA_BARAT_DAYA)
    distan_staff = a_member(Role.OPD, SUMBA_BARAT_DAYA, agency=distan)
    villager = user_with_role(Role.TIM_DESA, WAINYAPU)
    meeting = a_meeting_in_progress(kecamatan, held_on)
    page.on("dialog", lambda dialog: dialog.accept())  # "Send this report…?"

    # -- The kecamatan closes its meeting, drafts Matriks 4, rewords a cell and sends it.
    log_in(page, kecamatan.username)
    follow_menu(page, "meetings:meeting_list")  # one kecamatan: straight to its meetings
    expect(page).to_have_url(reverse("meetings:kecamatan_meetings", args=[KODI_BALAGHAR]))
    page.locator(f"main a[href='{reverse('meetings:meeting_detail', args=[meeting.pk])}']").click()
    close_form = page.locator(
        f"form[action='{reverse('meetings:meeting_close', args=[meeting.pk])}']"
    )
    close_form.locator("input[name=next_meeting_date]").fill(next_on.strftime("%d-%m-%Y"))
    close_form.locator("button[type=submit]").click()
    expect(page.locator(".meeting-head .badge.status-selesai")).to_be_visible()
    request = SupportRequest.objects.get(followup__text=ASKED)
    assert request.status == SupportRequest.Status.SUBMITTED and request.agency == distan

    more_actions(page)
    page.locator(
        f"form[action='{reverse('reports:kecamatan_report_draft', args=[meeting.pk])}'] button"
    ).click()
    report = KecamatanReport.objects.get(meeting=meeting)
    expect(page).to_have_url(reverse("reports:kecamatan_report_detail", args=[report.pk]))
    row = KecamatanReportRow.objects.get(report=report, desa__code=WAINYAPU)
    expect(page.locator(f"#cell-{row.pk}-goals_and_efforts")).to_contain_text(
        "Hasil panen sorgum naik dua kali lipat"
    )  # from the plan
    expect(page.locator(f"#cell-{row.pk}-challenges")).to_contain_text("ulat grayak")  # sheet
    support_cell = page.locator(f"#cell-{row.pk}-support_needed")
    expect(support_cell).to_contain_text(ASKED)  # from the follow-up
    support_cell.fill(REWORDED)
    expect(page.locator(f"form:has(#cell-{row.pk}-support_needed) .status-saved")).to_be_visible()
    screenshot(page, "loop-01-matriks4-draft")
    page.locator(
        f"form[action='{reverse('reports:kecamatan_report_send', args=[report.pk])}'] button"
    ).click()
    expect(page.locator(".m4-locked")).to_be_visible()
    expect(page.locator("main textarea")).to_have_count(0)
    expect(page.locator("#rows")).to_contain_text(REWORDED)
    report.refresh_from_db()
    assert report.status == KecamatanReport.Status.SENT
    screenshot(page, "loop-02-matriks4-sent")
    _no_errors(page)
    log_out(page)

    # -- The kabupaten team: the report arrived (a notification), the request waits in the queue.
    log_in(page, kabupaten.username)
    assert unread_count(page) >= 1
    assert Notification.objects.filter(
        user=kabupaten, kind=Notification.Kind.REPORT_RECEIVED, read_at=None
    ).exists()
    follow_menu(page, "support:request_list")
    queue = page.locator("#queue")
    expect(queue).to_contain_text(ASKED)
    queue.locator(f"a[href='{reverse('support:request_detail', args=[request.pk])}']").click()
    expect(page.locator(".request-text")).to_contain_text(ASKED)
    page.locator("#accept-agency").select_option(str(distan.pk))
    page.locator("#step-accept button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-diterima")).to_be_visible()
    expect(page.locator("#step-accept")).to_have_count(0)
    request.refresh_from_db()
    assert (request.status, request.agency) == (SupportRequest.Status.ACCEPTED, distan)
    screenshot(page, "loop-03-request-routed")

    # ...then schedules its own meeting and builds the agenda from what reached it.
    follow_menu(page, "district:district_index")  # one kabupaten: straight to its meetings
    expect(page).to_have_url(
        reverse("district:kabupaten_meetings", args=[SUMBA_BARAT_DAYA]), timeout=10_000
    )
    schedule = page.locator("#schedule")
    schedule.locator("input[name=date]").fill(kabupaten_on.strftime("%d-%m-%Y"))
    schedule.locator("input[name=place]").fill("Aula Bappeda, Tambolaka")
    schedule.locator("button[type=submit]").click()
    district_meeting = DistrictMeeting.objects.get(kabupaten__code=SUMBA_BARAT_DAYA)
    expect(page).to_have_url(reverse("district:meeting_detail", args=[district_meeting.pk]))
    page.locator("#build-agenda").click()
    report_link = f"a[href='{reverse('reports:kecamatan_report_detail', args=[report.pk])}']"
    expect(page.locator(f"#group-laporan {report_link}")).to_be_visible()
    distan_group = page.locator(f"#group-{distan.pk}")
    expect(distan_group).to_contain_text(ASKED)
    expect(
        distan_group.locator(f"a[href='{reverse('support:request_detail', args=[request.pk])}']")
    ).to_be_visible()
    assert AgendaItem.objects.filter(meeting=district_meeting, request=request).exists()
    assert AgendaItem.objects.filter(meeting=district_meeting, report=report).exists()
    screenshot(page, "loop-04-kabupaten-agenda")
    _no_errors(page)
    log_out(page)

    # -- Dinas Pertanian: a notification of the new request leads to it; it answers and closes.
    log_in(page, distan_staff.username)
    assert unread_count(page) >= 1
    page.locator("header .notification-bell").click()
    news = page.locator("li.notification.unread", has_text=ASKED)
    expect(news).to_have_count(1)
    assert Notification.objects.filter(
        user=distan_staff, kind=Notification.Kind.NEW_REQUEST, read_at=None
    ).exists()
    news.locator("button.notification-open").click()
    expect(page).to_have_url(reverse("support:request_detail", args=[request.pk]))
    expect(page.locator(".request-text")).to_contain_text(ASKED)
    visit = today + datetime.timedelta(days=3)
    page.locator("#schedule-for").fill(visit.strftime("%d-%m-%Y"))
    page.locator("#step-schedule button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-dijadwalkan")).to_be_visible()
    page.locator("#step-start button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-berjalan")).to_be_visible()
    page.locator("#close-response").fill(ANSWER)
    page.locator("#step-close button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-selesai")).to_be_visible()
    expect(page.locator(".request-head")).to_contain_text(ANSWER)
    expect(page.locator("#steps")).to_have_count(0)  # closed: no next step
    request.refresh_from_db()
    assert (request.status, request.response) == (SupportRequest.Status.DONE, ANSWER)
    screenshot(page, "loop-05-distan-closed")
    _no_errors(page)
    log_out(page)

    # -- The village team reads the answer: on its requests page and beside the decision.
    log_in(page, villager.username)
    assert Notification.objects.filter(
        user=villager, kind=Notification.Kind.REQUEST_STATUS
    ).exists()
    assert unread_count(page) >= 1
    follow_menu(page, "support:request_list")
    page.locator(f"main a[href='{reverse('support:region_requests', args=[WAINYAPU])}']").click()
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator("main .badge.request-selesai")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)  # reads, does not act
    screenshot(page, "loop-06-village-requests")
    follow_menu(page, "meetings:meeting_list")  # a village goes to its own meetings page
    expect(page).to_have_url(reverse("meetings:village_meetings"))
    expect(page.locator("#decisions")).to_contain_text(ASKED)
    expect(page.locator("#decisions")).to_contain_text(ANSWER)
    screenshot(page, "loop-07-village-meetings")
    _no_errors(page)
    log_out(page)

    # -- The kecamatan schedules its next meeting, which opens with the follow-up review.
    log_in(page, kecamatan.username)
    follow_menu(page, "meetings:meeting_list")
    page.locator(
        f"main a[href='{reverse('meetings:meeting_create', args=[KODI_BALAGHAR])}']"
    ).click()
    expect(page.locator(f"input[name=villages][value='{WAINYAPU}']")).to_be_checked()
    expect(page.locator(f"input[name=villages][value='{WAILANGIRA}']")).to_be_checked()
    page.locator("input[name=date]").fill(next_on.strftime("%d-%m-%Y"))
    page.locator("main form button[type=submit]").click()
    next_meeting = CoordinationMeeting.objects.get(kecamatan__code=KODI_BALAGHAR, date=next_on)
    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[next_meeting.pk]))
    assert next_meeting.previous_meeting_id == meeting.pk
    # Wainyapu's follow-up is reviewed on Wainyapu's own sheet, where the conversation about
    # the village starts, unfolded from its one-line summary.
    page.locator(f"#villages a[href='?desa={WAINYAPU}#sheet']").click()
    carried = page.locator("details#carried-here")
    carried.locator("summary").click()
    item = carried.locator(f"#carried-{request.followup_id}")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(ASKED)
    expect(item.locator(".badge.request-selesai")).to_be_visible()
    expect(item.locator(".request-response")).to_contain_text(ANSWER)
    expect(
        item.locator(f"a[href='{reverse('support:request_detail', args=[request.pk])}']")
    ).to_be_visible()
    label_above_its_field(item, f"carried-note-{request.followup_id}")
    label_above_its_field(item, f"carried-status-{request.followup_id}")
    carried.scroll_into_view_if_needed()
    screenshot(page, "loop-08-next-meeting-review")
    _no_errors(page)


# --- 2. the dashboards on the demo ----------------------------------------------------------


def screenshots_folder() -> Path:
    folder = os.environ.get("E2E_SCREENSHOTS") or str(
        Path(tempfile.gettempdir()) / "rembuk-e2e-screenshots"
    )
    return Path(folder)


def full_page(page: Page, name: str) -> Path:
    path = screenshots_folder() / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a page was drawn, not a blank
    return path


def numbers_in(page: Page, key: str) -> list[int]:
    cells = page.locator(f"#{key} table.dash-table td.num").all_inner_texts()
    return [int(cell) for cell in cells if cell.strip().isdigit()]


def check_dashboard(page: Page, keys: tuple[str, ...]) -> None:
    """Each chart drawn as SVG with its numbers as a table, and the numbers are not all zero."""
    for key in keys:
        section = page.locator(f"section#{key}")
        expect(section.locator("svg").first).to_be_visible()
        expect(section.locator("table.dash-table tbody tr").first).to_be_visible()
        assert sum(numbers_in(page, key)) > 0, f"{key}: every number is zero"


CHARTED = ("tahapan", "kegiatan", "pertemuan", "dukungan", "tema")


def on_screen(page: Page, target: Locator) -> None:
    """The element is drawn inside the window's width and starts in the first two screens."""
    expect(target).to_be_visible()
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box
    top = target.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
    assert top < 2 * viewport["height"], f"{top}px down"


def check_homes(page: Page, phone: Page, password: str) -> None:
    """Every role starts on its own work (rembuk.home), on a laptop and on a phone."""
    log_in(page, "kecamatan.kodibalaghar", password)
    next_meeting = CoordinationMeeting.objects.get(
        kecamatan__code=KODI_BALAGHAR, status=CoordinationMeeting.Status.PLANNED
    )
    on_screen(
        page,
        page.locator(f"a[href='{reverse('meetings:meeting_detail', args=[next_meeting.id])}']"),
    )
    on_screen(page, page.locator(".home-meeting .notice.warning", has_text="Waikarara"))
    full_page(page, "home-kecamatan")
    log_out(page)

    log_in(phone, "desa.wailangira", password)
    wailangira = LivelihoodPlan.objects.get(desa__code=WAILANGIRA)
    on_screen(
        phone, phone.locator(f"a[href='{reverse('plans:plan_detail', args=[wailangira.id])}']")
    )
    on_screen(phone, phone.locator("#desa-53\\.18\\.11\\.2001 .badge.due-lewat"))
    on_screen(phone, phone.locator(".home-answer", has_text="DPMD"))
    full_page(phone, "home-village-phone")
    phone.context.clear_cookies()

    log_in(page, "opd.distan.sbd", password)
    overdue = page.locator(".due-group.due-lewat")
    on_screen(page, overdue)
    expect(overdue).to_contain_text("Wailangira")
    expect(page.locator("main")).not_to_contain_text("Dinas Peternakan memeriksa")  # Disnak's
    full_page(page, "home-agency")
    log_out(page)

    log_in(page, "kabupaten.sbd", password)
    on_screen(page, page.locator(".home-card", has_text="diteruskan ke OPD").locator("li").first)
    on_screen(page, page.locator(".home-card", has_text="lewat tenggat").locator("li").first)
    full_page(page, "home-kabupaten")
    log_out(page)

    log_in(page, "program", password)
    expect(page).to_have_url(re.compile(reverse("programme:dashboard") + "$"))
    log_out(page)


def _the_kabupaten_prints_its_pages_whole(page: Page, password: str) -> None:
    """District officials print everything, often from the browser: the pages whose tables are
    wider than A4 on screen (the dashboard's requests by agency, Matriks 4, a plan's Matriks 1,
    the Musrenbang proposals) print every column; the requests list with them; the kabupaten
    meeting's page, a page of text boxes, each decision whole."""
    log_in(page, "kabupaten.sbd", password)
    report = KecamatanReport.objects.get(
        kecamatan__code=KODI_BALAGHAR, status=KecamatanReport.Status.SENT
    )
    plan = LivelihoodPlan.objects.get(desa__code=WAILANGIRA)
    held = DistrictMeeting.objects.filter(
        kabupaten__code=SUMBA_BARAT_DAYA, status=DistrictMeeting.Status.HELD
    )
    for url in (
        reverse("programme:dashboard"),
        reverse("reports:kecamatan_report_detail", args=[report.pk]),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:musrenbang_proposals", args=[KODI_BALAGHAR]),
        reverse("support:request_list"),
        reverse("district:meeting_detail", args=[held.latest("date").pk]),
    ):
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        prints_whole(page)
    _no_errors(page)
    log_out(page)


def test_the_demo_s_start_pages_and_dashboards_render_and_their_screenshots_are_kept(
    page: Page, phone: Page, live_server
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    password = demo_password()
    check_homes(page, phone, password)

    log_in(page, "kabupaten.sbd", password)
    follow_menu(page, "programme:dashboard")
    expect(page.locator("h1")).to_contain_text("Sumba Barat Daya")
    check_dashboard(page, CHARTED)
    full_page(page, "dashboard-demo-kabupaten")
    page.locator(
        f"#pertemuan a[href='{reverse('programme:region_dashboard', args=[KODI_BALAGHAR])}']"
    ).click()
    expect(page.locator("h1")).to_contain_text("Kodi Balaghar")
    check_dashboard(page, CHARTED)
    _no_errors(page)
    log_out(page)
    _the_kabupaten_prints_its_pages_whole(page, password)

    log_in(page, "kecamatan.kodibalaghar", password)
    follow_menu(page, "programme:dashboard")
    expect(page.locator("h1")).to_contain_text("Kodi Balaghar")
    check_dashboard(page, CHARTED)
    expect(page.locator("main")).not_to_contain_text("Teluk Waru")
    # The demo lives around today: only Waiha, which held no review before the meeting it
    # missed, is listed as quiet.
    quiet = page.locator("section#tanpa-catatan table.dash-table tbody tr")
    expect(quiet).to_have_count(1)
    expect(quiet).to_contain_text("Waiha")
    full_page(page, "dashboard-demo-kecamatan")
    _no_errors(page)
    log_out(page)

    log_in(page, "program", password)
    follow_menu(page, "programme:dashboard")
    check_dashboard(page, CHARTED)
    meetings = page.locator("#pertemuan table")
    expect(meetings).to_contain_text("Sumba Barat Daya")
    expect(meetings).to_contain_text("Seram Bagian Timur")
    full_page(page, "dashboard-demo-programme")
    # Over both provinsi the programme dashboard lists the kabupaten; each opens its own.
    meetings.get_by_role("link", name="Kabupaten Sumba Barat Daya").click()
    expect(page.locator("h1")).to_contain_text("Sumba Barat Daya")
    check_dashboard(page, CHARTED)
    full_page(page, "dashboard-demo-programme-sbd")
    _no_errors(page)
