"""Lists over a wide scope, as a programme or kabupaten team meets them: a page at a time, a
search, the queue's oldest cards with a way to the rest (docs/decisions/0034). The page size is
set small here so that a few records make several pages; the national benchmark
(bench/bench_lists.py) measures the real thing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, in_viewport, log_in, screenshot
from e2e.test_support_requests import requests_from_the_meeting
from rembuk.core import lists
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.people.models import Agency, Role
from rembuk.people.services import agencies_seed
from rembuk.plans import views as plan_views
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def test_a_programme_officer_pages_through_the_kecamatan_and_finds_one_by_name(
    page: Page, monkeypatch
) -> None:
    monkeypatch.setattr(lists, "ROWS_PER_PAGE", 5)
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today() + datetime.timedelta(days=10),
        villages=[plan.desa],
        actor=None,
    )
    user_with_role(Role.TIM_PROGRAM, "53", username="program.ntt")
    total = Region.objects.filter(level=Region.Level.KECAMATAN, code__startswith="53.").count()
    pages = (total + 4) // 5
    log_in(page, "program.ntt")

    follow_menu(page, "meetings:meeting_list")
    expect(page.locator("main [role=status]")).to_have_text(f"{total} kecamatan.")
    expect(page.locator("table.list tbody tr")).to_have_count(5)
    expect(page.locator("nav.pagination")).to_contain_text(f"Halaman 1 dari {pages}")
    page.locator("nav.pagination a", has_text="Berikutnya").click()
    expect(page.locator("nav.pagination")).to_contain_text(f"Halaman 2 dari {pages}")
    expect(page.locator("table.list tbody tr")).to_have_count(5)
    in_viewport(page, "main h1")

    page.get_by_label("Kecamatan (nama atau kode)").fill("balagh")
    page.get_by_role("button", name="Cari").click()
    row = page.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Kodi Balaghar")
    in_viewport(page, "table.list tbody tr")
    screenshot(page, "meeting-index-searched")
    row.locator(f"a[href='{reverse('meetings:meeting_detail', args=[meeting.pk])}']").click()
    expect(page).to_have_url(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kabupaten_team_sees_its_oldest_new_requests_and_pages_through_them_all(
    page: Page, monkeypatch
) -> None:
    monkeypatch.setattr(lists, "ROWS_PER_PAGE", 10)
    requests_from_the_meeting(
        [f"Dukungan nomor {number:02d} untuk kelompok tani" for number in range(1, 26)], "Distan"
    )
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="kabupaten.sbd")
    log_in(page, "kabupaten.sbd")

    follow_menu(page, "support:request_list")
    expect(page.locator("#queue h2")).to_have_text("25 permintaan baru perlu diteruskan")
    expect(page.locator("#queue .request-card")).to_have_count(20)
    more = page.get_by_role("link", name="Lihat semua 25 permintaan baru di daftar")
    more.scroll_into_view_if_needed()
    in_viewport(page, "#queue p:last-child a")
    more.click()
    expect(page.locator("#filter-status")).to_have_value("diajukan")
    results = page.locator("#request-results")
    expect(results.locator("[role=status]")).to_have_text("25 permintaan.")
    expect(results.locator("tbody tr")).to_have_count(10)
    in_viewport(page, "#request-results tbody tr:first-child")
    results.locator("nav.pagination a", has_text="Berikutnya").click()
    expect(results.locator("nav.pagination")).to_contain_text("Halaman 2 dari 3")
    expect(page.locator("#filter-status")).to_have_value("diajukan")  # the filter kept
    in_viewport(page, "#all-requests h2")  # the next page opens at the list, past the queue
    results.locator("nav.pagination a", has_text="Berikutnya").click()
    expect(results.locator("tbody tr")).to_have_count(5)
    screenshot(page, "requests-last-page")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_national_team_types_the_kecamatan_code_to_filter_plans(page: Page, monkeypatch) -> None:
    monkeypatch.setattr(plan_views, "CHOICES_OFFERED", 1)  # as with the country's 7,277
    wainyapu = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    other = full_plan("53.18.01.2001", goals=1, activities_per_goal=1)
    user_with_role(Role.TIM_PROGRAM, "53", username="program.ntt")
    log_in(page, "program.ntt")

    follow_menu(page, "plans:plan_list")
    field = page.get_by_label("Kode kecamatan")
    expect(field).to_be_visible()
    field.fill("53.18.11")
    page.get_by_role("button", name="Saring").click()
    rows = page.locator("table.plan-list tbody tr")
    expect(rows).to_have_count(1)
    expect(
        rows.locator(f"a[href='{reverse('plans:plan_detail', args=[wainyapu.pk])}']")
    ).to_be_visible()
    expect(
        page.locator(f"a[href='{reverse('plans:plan_detail', args=[other.pk])}']")
    ).to_have_count(0)
    proposals = page.locator(
        f"a[href='{reverse('plans:musrenbang_proposals', args=['53.18.11'])}']"
    )
    expect(proposals).to_be_visible()
    in_viewport(page, "table.plan-list tbody tr")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_national_team_invites_agency_staff_from_the_agencies_of_the_kabupaten_typed(
    page: Page, monkeypatch
) -> None:
    from rembuk.people import forms
    from rembuk.people.models import User

    monkeypatch.setattr(forms, "CHOICES_OFFERED", 1)  # as with the country's 2,056 agencies
    agencies_seed(kabupaten=region("53.18"), actor=None)
    dpmd = Agency.objects.get(kabupaten__code="53.18", short_name="DPMD")
    user_with_role(Role.TIM_PROGRAM, "53", username="program.ntt")
    log_in(page, "program.ntt")
    page.goto(reverse("people:user_invite"))
    form = page.locator("main form.stack")
    agency = form.locator("select[name=agency]")
    expect(agency.locator("option")).to_have_count(1)
    expect(form).to_contain_text("ketik dulu kode wilayahnya")
    form.locator("input[name=full_name]").fill("Agustina Bili")
    form.locator("input[name=username]").fill("agustina.dpmd")
    form.locator("select[name=role]").select_option(Role.OPD)
    with page.expect_response(lambda response: "/wilayah/cari/" in response.url):
        form.locator("input[name=region_code]").fill("53.18")
    with page.expect_response(lambda response: "/pilihan-opd/" in response.url):
        form.locator("input[name=region_code]").blur()  # the code is typed: its agencies come
    expect(agency.locator(f"option[value='{dpmd.pk}']")).to_have_count(1)
    agency.select_option(str(dpmd.pk))
    agency.scroll_into_view_if_needed()
    in_viewport(page, "main form.stack select[name=agency]")
    screenshot(page, "people-invite-agency-of-the-kabupaten")
    form.locator("button[type=submit]").click()
    person = User.objects.get(username="agustina.dpmd")
    expect(page).to_have_url(reverse("people:user_invite_done", args=[person.pk]))
    assert person.memberships.get().agency == dpmd
    assert page.console_errors == []  # type: ignore[attr-defined]
