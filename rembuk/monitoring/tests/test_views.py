import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.meetings import services as meeting_services
from rembuk.monitoring import services
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.monitoring.services import ProgressEntry
from rembuk.people.models import Role
from rembuk.plans import services as plan_services
from rembuk.plans.models import Activity

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"
DAY = datetime.date(2024, 3, 19)


def activities(plan):
    return list(Activity.objects.filter(goal__plan=plan).order_by("goal__position", "position"))


def login(client, role, code):
    user = user_with_role(role, code, language="en")
    client.force_login(user)
    return user


@pytest.fixture
def plan():
    return full_plan(WAINYAPU, goals=2, activities_per_goal=3)


def blocked_review(plan, **texts):
    """Activity 1 blocked; 2 and 3 wait for it (3 through 2); activity 4 done."""
    a, b, c, d, *_ = activities(plan)
    plan_services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    plan_services.activity_dependency_add(activity=c, depends_on=b, actor=None)
    return services.village_review_create(
        desa=region(WAINYAPU),
        date=DAY,
        progress={
            a.pk: ProgressEntry(ActivityStatus.BLOCKED, "Dana Desa belum cair"),
            d.pk: ProgressEntry(ActivityStatus.DONE),
        },
        actor=None,
        **texts,
    )


def test_the_review_list_shows_sessions_latest_first_with_a_record_button(client, plan):
    login(client, Role.TIM_DESA, WAINYAPU)
    services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=None)
    services.village_review_create(
        desa=region(WAINYAPU), date=DAY + datetime.timedelta(days=30), actor=None
    )
    page = client.get(reverse("monitoring:review_list", args=[WAINYAPU])).content.decode()
    assert page.index("18 April 2024") < page.index("19 March 2024")
    assert reverse("monitoring:review_create", args=[WAINYAPU]) in page


def test_a_session_still_to_come_is_offered_to_be_moved_and_its_form_says_why(client, plan):
    """Its results are refused until its day: its button says what can be done before then, and
    its form says why the results wait and how to record them now."""
    login(client, Role.TIM_DESA, WAINYAPU)
    today = timezone.localdate()
    coming = services.village_review_create(
        desa=region(WAINYAPU), date=today + datetime.timedelta(days=30), actor=None
    )
    services.village_review_create(desa=region(WAINYAPU), date=today, actor=None)
    page = client.get(reverse("monitoring:review_list", args=[WAINYAPU])).content.decode()
    assert page.count("Change the date") == 1 and page.count("Record the results") == 1
    assert page.index("Change the date") < page.index("Record the results")  # latest first

    form = client.get(reverse("monitoring:review_edit", args=[coming.pk])).content.decode()
    planned_for = f"planned for {(today + datetime.timedelta(days=30)):%-d %B %Y}"
    assert planned_for in form and "set the day it met" in form


def test_the_kabupaten_team_reads_but_gets_no_record_button(client, plan):
    login(client, Role.TIM_KABUPATEN, "53.18")
    page = client.get(reverse("monitoring:review_list", args=[WAINYAPU])).content.decode()
    assert reverse("monitoring:review_create", args=[WAINYAPU]) not in page
    assert client.get(reverse("monitoring:review_create", args=[WAINYAPU])).status_code == 403


def test_pages_of_a_desa_outside_the_users_region_are_404(client, plan):
    review = blocked_review(plan)
    login(client, Role.TIM_DESA, OTHER_DESA)
    for url in (
        reverse("monitoring:review_list", args=[WAINYAPU]),
        reverse("monitoring:review_create", args=[WAINYAPU]),
        reverse("monitoring:review_detail", args=[review.pk]),
        reverse("monitoring:review_edit", args=[review.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("monitoring:review_list", args=["99.99.99.9999"])).status_code == 404


def test_a_village_records_a_review_with_a_plain_post(client, plan):
    login(client, Role.FASILITATOR_DESA, WAINYAPU)
    url = reverse("monitoring:review_create", args=[WAINYAPU])
    form = client.get(url).content.decode()
    a, b, *_ = activities(plan)
    assert f'name="status_{a.pk.hex}"' in form and 'type="radio"' in form
    response = client.post(
        url,
        {
            "date": "2024-03-19",
            "initial-date": "2024-03-19",
            f"status_{a.pk.hex}": ActivityStatus.BLOCKED,
            f"note_{a.pk.hex}": "Modal belum diserahkan",
            f"status_{b.pk.hex}": ActivityStatus.IN_PROGRESS,
            "off_track": "Dana Desa belum cair",
            "support_needed": "Pendampingan DPMD",
        },
    )
    review = VillageReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:review_detail", args=[review.pk])
    assert review.support_needed == "Pendampingan DPMD"
    assert dict(ActivityProgress.objects.values_list("activity_id", "status")) == {
        a.pk: ActivityStatus.BLOCKED,
        b.pk: ActivityStatus.IN_PROGRESS,
    }


def test_a_missing_date_is_shown_on_the_form(client, plan):
    login(client, Role.TIM_DESA, WAINYAPU)
    response = client.post(reverse("monitoring:review_create", args=[WAINYAPU]), {"date": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not VillageReview.objects.exists()


def test_the_edit_form_shows_the_current_values_and_saves_only_changes(client, plan):
    review = blocked_review(plan, off_track="Kendala awal")
    a = activities(plan)[0]
    login(client, Role.KECAMATAN, "53.18.11")
    url = reverse("monitoring:review_edit", args=[review.pk])
    form = client.get(url).content.decode()
    assert "Kendala awal" in form
    assert f'value="terhambat" name="status_{a.pk.hex}"' in form or (
        f'name="status_{a.pk.hex}" value="terhambat"' in form
    )
    row = ActivityProgress.objects.get(review=review, activity=a)
    response = client.post(
        url,
        {
            "base_version": review.version,
            "date": "2024-03-19",
            "initial-date": "2024-03-19",
            "off_track": "Kendala awal",
            "initial-off_track": "Kendala awal",
            f"status_{a.pk.hex}": ActivityStatus.IN_PROGRESS,
            f"initial-status_{a.pk.hex}": ActivityStatus.BLOCKED,
            f"note_{a.pk.hex}": "Dana Desa belum cair",
            f"initial-note_{a.pk.hex}": "Dana Desa belum cair",
            f"version_{a.pk.hex}": row.version,
            "learning": "Belajar",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == ActivityStatus.IN_PROGRESS
    review.refresh_from_db()
    assert review.learning == "Belajar" and review.off_track == "Kendala awal"
    # Untouched activities keep their rows.
    assert ActivityProgress.objects.filter(review=review).count() == 2


def test_a_conflicting_edit_shows_what_was_saved_meanwhile(client, plan):
    review = services.village_review_create(
        desa=region(WAINYAPU), date=DAY, off_track="awal", actor=None
    )
    started = review.version
    services.village_review_update(
        review=review, base_version=started, off_track="dari orang lain", actor=None
    )
    login(client, Role.TIM_DESA, WAINYAPU)
    response = client.post(
        reverse("monitoring:review_edit", args=[review.pk]),
        {
            "base_version": started,
            "date": "2024-03-19",
            "initial-date": "2024-03-19",
            "off_track": "dari saya",
            "initial-off_track": "awal",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "dari orang lain" in page and "dari saya" in page
    assert "Saved meanwhile by someone else" in page
    # The next save starts from the current version and goes through.
    fresh = VillageReview.objects.get(pk=review.pk)
    assert f'name="base_version" value="{fresh.version}"' in page


def test_the_review_detail_shows_what_a_blocked_activity_holds_up(client, plan):
    _, b, c, *_ = activities(plan)
    review = blocked_review(plan, off_track="Laporan keuangan terlambat")
    login(client, Role.TIM_DESA, WAINYAPU)
    page = client.get(reverse("monitoring:review_detail", args=[review.pk])).content.decode()
    assert "This holds up 2 activities" in page
    trouble = page[page.index("review-trouble") :]
    assert b.name in trouble and c.name in trouble
    assert "through another activity" in trouble
    assert "Dana Desa belum cair" in page
    assert "Laporan keuangan terlambat" in page


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["review_detail", "review_edit"])
def test_review_pages_cost_the_same_queries_for_small_and_big_plans(client, name):
    login(client, Role.TIM_DESA, WAINYAPU)
    small = blocked_review(full_plan(WAINYAPU, goals=1, activities_per_goal=4))
    big_plan = full_plan(OTHER_DESA, goals=4, activities_per_goal=10)
    big_acts = activities(big_plan)
    for later, earlier in zip(big_acts[1:], big_acts[:-1], strict=True):
        plan_services.activity_dependency_add(activity=later, depends_on=earlier, actor=None)
    big = services.village_review_create(
        desa=region(OTHER_DESA),
        date=DAY,
        progress={a.pk: ProgressEntry(ActivityStatus.BLOCKED, "x") for a in big_acts},
        actor=None,
    )
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53.18", language="en"))
    few = queries(client, reverse(f"monitoring:{name}", args=[small.pk]))
    many = queries(client, reverse(f"monitoring:{name}", args=[big.pk]))
    assert few == many


def test_the_review_list_costs_the_same_queries_for_2_and_20_sessions(
    client, plan, django_assert_num_queries
):
    login(client, Role.TIM_DESA, WAINYAPU)
    url = reverse("monitoring:review_list", args=[WAINYAPU])
    for days in range(2):
        services.village_review_create(
            desa=region(WAINYAPU), date=DAY - datetime.timedelta(days=days), actor=None
        )
    few = queries(client, url)
    for days in range(2, 20):
        services.village_review_create(
            desa=region(WAINYAPU), date=DAY - datetime.timedelta(days=days), actor=None
        )
    with django_assert_num_queries(few):
        client.get(url)


def test_the_meeting_page_mode_and_share_page_start_from_the_latest_review(client, plan):
    _, b, c, *_ = activities(plan)
    blocked_review(plan, off_track="Laporan keuangan terlambat", support_needed="Pendampingan")
    kecamatan = login(client, Role.KECAMATAN, "53.18.11")
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[region(WAINYAPU)],
        actor=kecamatan,
    )
    link = meeting_services.share_link_create(sheet=meeting.sheets.get(), actor=kecamatan)
    token = meeting_services.share_token(link)
    pages = {
        "detail": client.get(reverse("meetings:meeting_detail", args=[meeting.pk])),
        "mode": client.get(reverse("meetings:meeting_mode", args=[meeting.pk])),
        "share": client.get(reverse("meetings:shared_sheet", args=[token])),
    }
    for where, response in pages.items():
        page = response.content.decode()
        digest = page[page.index('class="latest-review"') :]
        assert "Village monitoring of 19 March 2024" in digest, where
        assert "Dana Desa belum cair" in digest, where
        assert b.name in digest and c.name in digest, where
        assert "Laporan keuangan terlambat" in digest and "Pendampingan" in digest, where


def test_a_review_after_the_meeting_date_is_not_shown_on_its_sheet(client, plan):
    services.village_review_create(
        desa=region(WAINYAPU), date=DAY, off_track="Sebelum rapat", actor=None
    )
    kecamatan = login(client, Role.KECAMATAN, "53.18.11")
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 10),
        villages=[region(WAINYAPU)],
        actor=kecamatan,
    )
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Sebelum rapat" not in page


def test_the_index_takes_a_village_straight_to_its_sessions(client):
    login(client, Role.TIM_DESA, WAINYAPU)
    response = client.get(reverse("monitoring:review_index"))
    assert response["Location"] == reverse("monitoring:review_list", args=[WAINYAPU])


def test_the_index_lists_the_kecamatan_villages_with_their_latest_session(
    client, django_assert_num_queries
):
    login(client, Role.KECAMATAN, "53.18.11")
    services.village_review_record(desa=region(WAINYAPU), date=DAY, actor=None)
    url = reverse("monitoring:review_index")
    few = queries(client, url)
    for code in ("53.18.11.2001", "53.18.11.2002"):
        services.village_review_record(desa=region(code), date=DAY, actor=None)
    with django_assert_num_queries(few):
        page = client.get(url).content.decode()
    assert reverse("monitoring:review_list", args=[WAINYAPU]) in page
    assert "19 Mar 2024" in page
