import datetime

import pytest

from rembuk.core.testing import full_plan, region
from rembuk.monitoring import selectors, services
from rembuk.monitoring.models import ActivityStatus
from rembuk.monitoring.services import ProgressEntry
from rembuk.plans import services as plan_services
from rembuk.plans.models import Activity

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"
DAY = datetime.date(2024, 3, 19)


def activities(plan):
    return list(Activity.objects.filter(goal__plan=plan).order_by("goal__position", "position"))


def test_a_blocked_activity_holds_up_its_dependents_directly_first_then_through_others():
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=5)
    a, b, c, d, e = activities(plan)
    plan_services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    plan_services.activity_dependency_add(activity=c, depends_on=a, actor=None)
    plan_services.activity_dependency_add(activity=d, depends_on=c, actor=None)
    dependents = selectors.dependents_by_activity(plan.pk)
    assert selectors.held_up_by(a.pk, dependents) == [b, c, d]
    assert selectors.held_up_by(e.pk, dependents) == []


def test_the_digest_is_the_latest_held_session_up_to_the_meeting(django_assert_num_queries):
    plan = full_plan(WAINYAPU, goals=2, activities_per_goal=5)
    a, b, *_ = activities(plan)
    plan_services.activity_dependency_add(activity=b, depends_on=a, actor=None)
    services.village_review_create(
        desa=region(WAINYAPU), date=DAY - datetime.timedelta(days=40), actor=None
    )
    services.village_review_create(
        desa=region(WAINYAPU),
        date=DAY,
        progress={
            a.pk: ProgressEntry(ActivityStatus.BLOCKED, "Dana Desa belum cair"),
            b.pk: ProgressEntry(ActivityStatus.NOT_STARTED),
        },
        off_track="Modal belum diserahkan",
        actor=None,
    )
    services.village_review_create(
        desa=region(WAINYAPU), date=DAY + datetime.timedelta(days=20), actor=None
    )
    desa_id = region(WAINYAPU).pk
    with django_assert_num_queries(3):
        digest = selectors.review_digest(desa_id, DAY + datetime.timedelta(days=9))
    assert digest is not None
    assert digest.review.date == DAY
    assert [(c.status, c.count) for c in digest.counts] == [
        (ActivityStatus.NOT_STARTED, 1),
        (ActivityStatus.BLOCKED, 1),
    ]
    assert digest.activity_total == 10 and digest.not_recorded == 8
    assert [line.activity for line in digest.trouble] == [a]
    assert digest.trouble[0].holds_up == [b]


def test_no_digest_costs_one_query(django_assert_num_queries):
    desa_id = region(WAINYAPU).pk
    with django_assert_num_queries(1):
        assert selectors.review_digest(desa_id, DAY) is None


def test_the_digests_review_is_the_record_as_the_orm_reads_it():
    from rembuk.monitoring.models import VillageReview

    full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=None)
    digest = selectors.review_digest(region(WAINYAPU).pk, DAY)  # the day itself counts
    assert digest is not None
    expected = VillageReview.objects.get(desa__code=WAINYAPU)
    for field in VillageReview._meta.concrete_fields:
        assert getattr(digest.review, field.attname) == getattr(expected, field.attname)
    assert digest.review.desa.code == WAINYAPU and digest.activity_total == 2
    assert selectors.review_digest(region(WAINYAPU).pk, DAY - datetime.timedelta(days=1)) is None
