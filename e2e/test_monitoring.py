"""Browser tests for village monitoring (issue 4 item 1): a village records its session on a
phone by tapping statuses; the kecamatan's meeting sheet starts from it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import in_viewport, log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.monitoring import services as monitoring_services
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.people.models import Role
from rembuk.plans import services as plan_services
from rembuk.plans.models import Activity

pytestmark = pytest.mark.django_db(transaction=True)

WAINYAPU = "53.18.11.2006"


def test_a_village_records_its_review_on_a_phone_and_the_meeting_sheet_starts_from_it(
    phone: Page, page: Page, live_server
) -> None:
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=4)
    first, second, third, _ = Activity.objects.filter(goal__plan=plan).order_by("position")
    plan_services.activity_dependency_add(activity=second, depends_on=first, actor=None)
    plan_services.activity_dependency_add(activity=third, depends_on=second, actor=None)
    villager = user_with_role(Role.TIM_DESA, WAINYAPU)

    log_in(phone, villager.username)
    # The village lands on its plan; the monitoring is one tap away.
    phone.goto(reverse("plans:plan_detail", args=[plan.pk]))
    phone.get_by_role("link", name="Pemantauan desa").or_(
        phone.get_by_role("link", name="Village monitoring")
    ).first.click()
    phone.locator(f"a[href='{reverse('monitoring:review_create', args=[WAINYAPU])}']").click()
    expect(phone.locator("fieldset.activity-status")).to_have_count(4)

    blocked = phone.locator(f"#activity-{first.pk} label.tap-terhambat")
    box = blocked.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    blocked.tap()
    phone.locator(f"#activity-{first.pk} input[type=text]").fill("Dana Desa belum cair")
    phone.locator(f"#activity-{second.pk} label.tap-berjalan").tap()
    phone.locator("textarea[name=off_track]").fill("Modal BUMDes belum diserahkan")
    phone.locator("textarea[name=support_needed]").fill("Pendampingan laporan keuangan dari DPMD")
    screenshot(phone, "monitoring-form-phone")
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("button[type=submit].big").click()

    review = VillageReview.objects.get()
    expect(phone).to_have_url(
        live_server.url + reverse("monitoring:review_detail", args=[review.pk])
    )
    trouble = phone.locator(".review-trouble")
    expect(trouble).to_contain_text("Dana Desa belum cair")
    expect(trouble).to_contain_text(second.name)
    expect(trouble).to_contain_text(third.name)
    screenshot(phone, "monitoring-detail-phone")
    assert dict(ActivityProgress.objects.values_list("activity_id", "status")) == {
        first.pk: ActivityStatus.BLOCKED,
        second.pk: ActivityStatus.IN_PROGRESS,
    }
    assert phone.console_errors == []  # type: ignore[attr-defined]

    # The kecamatan opens the meeting: the village's sheet starts from its review.
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date.today(),
        villages=[region(WAINYAPU)],
        actor=kecamatan,
    )
    log_in(page, kecamatan.username)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    latest = page.locator("#sheet .latest-review")
    expect(latest).to_contain_text("Dana Desa belum cair")
    expect(latest).to_contain_text("Modal BUMDes belum diserahkan")
    expect(latest).to_contain_text(third.name)
    screenshot(page, "monitoring-on-meeting-sheet")
    page.goto(reverse("meetings:meeting_mode", args=[meeting.pk]))
    expect(page.locator(".stage .latest-review")).to_contain_text("Pendampingan laporan keuangan")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_review_form_works_without_javascript(no_js_page: Page, live_server) -> None:
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    first = Activity.objects.filter(goal__plan=plan).order_by("position").first()
    assert first is not None
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    log_in(no_js_page, kecamatan.username)
    no_js_page.goto(reverse("monitoring:review_create", args=[WAINYAPU]))
    no_js_page.locator(f"#activity-{first.pk} label.tap-selesai").click()
    no_js_page.locator("textarea[name=learning]").fill("Belajar dari desa tetangga")
    no_js_page.locator("button[type=submit].big").click()
    expect(no_js_page.locator("main")).to_contain_text("Belajar dari desa tetangga")
    review = VillageReview.objects.get()
    assert review.progress.get().status == ActivityStatus.DONE
    # Edit it again: the chosen status is shown checked.
    no_js_page.goto(reverse("monitoring:review_edit", args=[review.pk]))
    expect(
        no_js_page.locator(f"#activity-{first.pk} input[type=radio][value=selesai]")
    ).to_be_checked()


def test_a_village_that_met_before_the_planned_day_moves_the_session_and_records_it(
    phone: Page, live_server
) -> None:
    """A session planned for a later day: its button offers to change the date, the form says
    why results wait for the day, and set to the day the village met, the results are kept."""
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    first = Activity.objects.filter(goal__plan=plan).order_by("position").first()
    assert first is not None
    today = datetime.date.today()
    planned = monitoring_services.village_review_create(
        desa=region(WAINYAPU), date=today + datetime.timedelta(days=20), plan=plan, actor=None
    )
    assert planned.status == VillageReview.Status.PLANNED
    log_in(phone, user_with_role(Role.TIM_DESA, WAINYAPU).username)

    phone.goto(reverse("monitoring:review_list", args=[WAINYAPU]))
    move = phone.get_by_role("link", name="Ubah tanggal")
    expect(move).to_be_visible()
    expect(phone.get_by_role("link", name="Catat hasilnya")).to_have_count(0)
    move.tap()
    hint = phone.locator("#date-upcoming")
    expect(hint).to_contain_text("hasilnya bisa dicatat setelah dilaksanakan")
    in_viewport(phone, "#date-upcoming")
    screenshot(phone, "monitoring-planned-session-phone")

    phone.locator("input[name=date]").fill(today.strftime("%d-%m-%Y"))
    phone.locator(f"#activity-{first.pk} label.tap-selesai").tap()
    phone.locator("button[type=submit].big").click()
    expect(phone).to_have_url(
        live_server.url + reverse("monitoring:review_detail", args=[planned.pk])
    )
    planned.refresh_from_db()
    assert (planned.date, planned.status) == (today, VillageReview.Status.HELD)
    assert ActivityProgress.objects.get(review=planned).status == ActivityStatus.DONE
    assert phone.console_errors == []  # type: ignore[attr-defined]
