"""Browser tests for the village side of the meeting (issue 3 part 6) and the kecamatan's
list of its villages' own monitoring sessions (part 1)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services
from rembuk.meetings.models import FollowUp
from rembuk.monitoring.models import VillageReview
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def test_a_village_user_reads_the_decisions_about_its_village(page: Page, live_server) -> None:
    kecamatan_user = user_with_role(Role.KECAMATAN, "53.18.11")
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=3)
    meeting = services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[region(WAINYAPU)],
        actor=kecamatan_user,
    )
    sheet = meeting.sheets.get()
    goal = plan.goals.get()
    services.challenge_save(
        sheet=sheet, goal=goal, actor=kecamatan_user, text="Kayu bakar untuk masak garam mahal"
    )
    services.followup_save(
        sheet=sheet,
        goal=goal,
        actor=kecamatan_user,
        text="Mencoba tungku hemat kayu seperti di desa tetangga",
        kind=FollowUp.Kind.VILLAGE_ACTION,
        owner=FollowUp.Owner.DESA,
    )
    villager = user_with_role(Role.TIM_DESA, WAINYAPU)
    log_in(page, villager.username)
    page.goto(reverse("meetings:village_meetings"))
    main = page.locator("main")
    expect(main).to_contain_text("Mencoba tungku hemat kayu seperti di desa tetangga")
    expect(main).to_contain_text("Kayu bakar untuk masak garam mahal")
    screenshot(page, "village-meetings")
    # Read-only: no recording forms for the village on this page.
    expect(page.locator(f"form[action*='{meeting.id}']")).to_have_count(0)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_kecamatan_records_a_villages_own_session_date(page: Page, live_server) -> None:
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    log_in(page, user.username)
    page.goto(reverse("meetings:kecamatan_meetings", args=["53.18.11"]))
    form = page.locator(f"form[action='{reverse('meetings:village_review_add', args=[WAINYAPU])}']")
    form.locator("input[name=date]").fill("20-03-2024")
    form.locator("select[name=status]").select_option(VillageReview.Status.HELD)
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("20 Mar 2024")
    review = VillageReview.objects.get(desa__code=WAINYAPU)
    assert (review.date, review.status) == (datetime.date(2024, 3, 20), VillageReview.Status.HELD)
    screenshot(page, "kecamatan-review-dates")
    assert page.console_errors == []  # type: ignore[attr-defined]
