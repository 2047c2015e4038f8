"""Browser test for support requests (issue 4 part 3): the kabupaten routes a request to Dinas
Pertanian, the agency schedules, starts and closes it with a response, the village reads it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import PHONE, log_in, screenshot, watch_errors
from rembuk.core.testing import MembershipFactory, UserFactory, full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp
from rembuk.people.models import Agency, Role, User
from rembuk.people.services import agencies_seed
from rembuk.support.models import SupportRequest
from rembuk.support.services import requests_from_meeting

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"
ASKED = "Meminta kunjungan penyuluh pertanian untuk kelompok garam dan kebun sorgum."
ANSWER = "Penyuluh BPP Kodi Balaghar datang dan melatih 18 petani tentang hama sorgum."


@pytest.fixture
def second_page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """Another person's browser (its own cookies)."""
    ctx = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url)
    ctx.set_default_timeout(10_000)
    yield watch_errors(ctx.new_page())
    ctx.close()


def requests_from_the_meeting(
    texts: list[str], agency: str, due_date: datetime.date | None = None
) -> list[SupportRequest]:
    """Kodi Balaghar's meeting of 28 March 2024 on Wainyapu's plan, one agency-support follow-up
    per text, owned by `agency` of Sumba Barat Daya, and the requests the meeting sends."""
    agencies_seed(kabupaten=region("53.18"), actor=None)
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    sheet = meeting.sheets.select_related("meeting", "plan", "desa").get()
    for text in texts:
        meeting_services.followup_save(
            sheet=sheet,
            goal=plan.goals.get(),
            actor=None,
            text=text,
            kind=FollowUp.Kind.AGENCY_SUPPORT,
            owner=FollowUp.Owner.AGENCY,
            owner_agency=Agency.objects.get(kabupaten__code="53.18", short_name=agency),
            due_date=due_date,
        )
    return requests_from_meeting(meeting=meeting, actor=None)


def a_request_from_the_meeting() -> SupportRequest:
    (request,) = requests_from_the_meeting([ASKED], "DPMD", datetime.date(2024, 4, 30))
    return request


def distan_staff() -> User:
    user: User = UserFactory()  # type: ignore[assignment]
    MembershipFactory(
        user=user,
        role=Role.OPD,
        region=region("53.18"),
        agency=Agency.objects.get(kabupaten__code="53.18", short_name="Distan"),
    )
    return user


def test_a_request_goes_to_dinas_pertanian_and_its_answer_reaches_the_village(
    page: Page, second_page: Page, live_server
) -> None:
    request = a_request_from_the_meeting()
    kabupaten = user_with_role(Role.TIM_KABUPATEN, "53.18")
    distan = distan_staff()
    villager = user_with_role(Role.TIM_DESA, WAINYAPU)

    # The kabupaten team finds the new request in its queue and routes it to Dinas Pertanian.
    log_in(page, kabupaten.username)
    page.goto(reverse("support:request_list"))
    queue = page.locator("#queue")
    expect(queue).to_contain_text(ASKED)
    screenshot(page, "support-queue")
    queue.get_by_role("link", name=ASKED).click()
    page.locator("#accept-agency").select_option(
        label="Distan"
    )  # its short name; the full one is its title
    page.locator("#step-accept button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-diterima")).to_be_visible()
    expect(page.locator(".request-head")).to_contain_text("Dinas Pertanian")
    expect(page.locator("#queue")).to_have_count(0)

    # The Dinas Pertanian staff member schedules, starts and closes it, on a phone.
    agency = second_page
    log_in(agency, distan.username)
    agency.goto(reverse("support:request_list"))
    expect(agency.locator("#request-results")).to_contain_text(ASKED)
    screenshot(agency, "support-agency-list-phone")
    agency.locator("#request-results").get_by_role("link").first.click()
    expect(agency.locator(".request-text")).to_contain_text(ASKED)
    visit = datetime.date.today() + datetime.timedelta(days=7)
    agency.locator("#schedule-for").fill(visit.strftime("%d-%m-%Y"))
    agency.locator("#step-schedule button[type=submit]").click()
    expect(agency.locator(".request-head .badge.request-dijadwalkan")).to_be_visible()
    agency.locator("#step-start button[type=submit]").click()
    expect(agency.locator(".request-head .badge.request-berjalan")).to_be_visible()
    # Closing without a response is refused and keeps the note typed.
    agency.locator("#close-note").fill("Kunjungan sore hari.")
    agency.locator("#step-close button[type=submit]").click()
    expect(agency.locator("#steps .error")).to_be_visible()
    expect(agency.locator("#close-note")).to_have_value("Kunjungan sore hari.")
    # The refusal is answered with status 400, which Chromium logs; that one is expected.
    agency.console_errors.clear()  # type: ignore[attr-defined]
    agency.locator("#close-response").fill(ANSWER)
    agency.locator("#step-close button[type=submit]").click()
    expect(agency.locator(".request-head .badge.request-selesai")).to_be_visible()
    logbook = agency.locator("#logbook li")
    expect(logbook).to_have_count(5)  # submitted, accepted, scheduled, started, done
    expect(agency.locator("#logbook")).to_contain_text("Kunjungan sore hari.")
    screenshot(agency, "support-agency-closed-phone")
    assert agency.console_errors == []  # type: ignore[attr-defined]

    # The village reads the answer on its requests page and beside the decision about it.
    page.context.clear_cookies()
    log_in(page, villager.username)
    page.goto(reverse("support:region_requests", args=[WAINYAPU]))
    expect(page.locator("main")).to_contain_text(ANSWER)
    expect(page.locator(".badge.request-selesai")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    screenshot(page, "support-village-requests")
    page.goto(reverse("meetings:village_meetings"))
    expect(page.locator("#decisions")).to_contain_text(ANSWER)
    assert page.console_errors == []  # type: ignore[attr-defined]
    assert SupportRequest.objects.get(pk=request.pk).status == SupportRequest.Status.DONE

    # The next kecamatan meeting reviews the follow-up and reads what the agency did.
    next_meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 7, 25),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    page.context.clear_cookies()
    log_in(page, kecamatan.username)
    page.goto(reverse("meetings:meeting_detail", args=[next_meeting.id]) + f"?desa={WAINYAPU}")
    carried = page.locator("details#carried-here")
    carried.locator("summary").click()
    expect(carried).to_contain_text(ASKED)
    expect(carried).to_contain_text(ANSWER)
    expect(carried.locator(".badge.request-selesai")).to_be_visible()
    carried.scroll_into_view_if_needed()
    screenshot(page, "support-next-meeting-review")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_without_javascript_a_decline_needs_its_reason(no_js_page: Page, live_server) -> None:
    request = a_request_from_the_meeting()
    kabupaten = user_with_role(Role.TIM_KABUPATEN, "53.18")
    page = no_js_page
    log_in(page, kabupaten.username)
    page.goto(reverse("support:request_list") + "?status=diajukan")
    page.locator("#request-results").get_by_role("link", name=ASKED).click()
    page.locator("#step-decline button[type=submit]").click()
    expect(page.locator("#steps .error")).to_be_visible()
    assert SupportRequest.objects.get(pk=request.pk).status == SupportRequest.Status.SUBMITTED
    page.locator("#decline-reason").fill("Sudah dibiayai lewat program lain tahun ini.")
    page.locator("#step-decline button[type=submit]").click()
    expect(page.locator(".request-head .badge.request-ditolak")).to_be_visible()
    expect(page.locator(".request-head")).to_contain_text("Sudah dibiayai lewat program lain")
    screenshot(page, "support-declined-no-js")


def test_on_a_phone_a_refused_decline_says_why_next_to_its_own_form(phone: Page) -> None:
    """The reason for a refusal was printed at the top of the steps, screens above the Decline
    button a person had just pressed, in plain text."""
    a_request_from_the_meeting()
    kabupaten = user_with_role(Role.TIM_KABUPATEN, "53.18")
    log_in(phone, kabupaten.username)
    phone.goto(reverse("support:request_list") + "?status=diajukan")
    phone.locator("#request-results").get_by_role("link", name=ASKED).tap()
    phone.locator("#step-decline button[type=submit]").tap()
    error = phone.locator("#step-decline [role=alert]")
    expect(error).to_contain_text("alasan")
    expect(error).to_be_in_viewport(ratio=1)
    box = error.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    expect(phone.locator("#steps [role=alert]")).to_have_count(1)  # said once, in its place
    screenshot(phone, "phone-decline-refused")
    # The refusal is answered with status 400, which Chromium logs; that one is expected.
    phone.console_errors.clear()  # type: ignore[attr-defined]
    phone.locator("#decline-reason").fill("Sudah dibiayai lewat program lain tahun ini.")
    phone.locator("#step-decline button[type=submit]").tap()
    expect(phone.locator(".request-head .badge.request-ditolak")).to_be_visible()
    assert phone.console_errors == []  # type: ignore[attr-defined]


def test_the_filters_wrap_on_a_phone_and_the_show_button_stands_clear_of_the_first_card(
    browser: Browser, live_server
) -> None:
    """At 360 pixels the "Tampilkan" button was squeezed beside the last select and touched the
    first request card."""
    a_request_from_the_meeting()
    village = user_with_role(Role.TIM_DESA, WAINYAPU)
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="id-ID",
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = watch_errors(context.new_page())
    log_in(page, village.username)
    page.goto(reverse("support:request_list"))
    button = page.locator("form.request-filters button[type=submit]")
    button.scroll_into_view_if_needed()
    card = page.locator("#request-results tbody tr").first
    expect(card).to_contain_text(ASKED)
    box = button.bounding_box()
    card_box = card.bounding_box()
    assert box is not None and card_box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 1, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
    # Its own line: below every select, not beside the last one, and clear of the first card.
    for select in page.locator("form.request-filters select").all():
        select_box = select.bounding_box()
        assert select_box is not None
        assert select_box["x"] + select_box["width"] <= 360 + 1, select_box
        assert box["y"] >= select_box["y"] + select_box["height"], (box, select_box)
    assert box["y"] + box["height"] < card_box["y"], (box, card_box)
    screenshot(page, "support-filters-phone-360")
    assert page.console_errors == []  # type: ignore[attr-defined]
    context.close()
