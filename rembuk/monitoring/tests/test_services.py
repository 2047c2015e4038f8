import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from rembuk.core.models import ChangeLog
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.monitoring import services
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.monitoring.services import ProgressEntry, ReviewConflict
from rembuk.people.models import Role
from rembuk.plans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the services' messages in the source language (English); the
    Indonesian a person sees is checked by the view and browser tests."""
    with translation.override("en"):
        yield


WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"
DAY = datetime.date(2024, 3, 19)


def activities(plan):
    return list(Activity.objects.filter(goal__plan=plan).order_by("goal__position", "position"))


@pytest.fixture
def plan():
    return full_plan(WAINYAPU, goals=1, activities_per_goal=4)


@pytest.fixture
def village():
    return user_with_role(Role.TIM_DESA, WAINYAPU)


def test_a_review_with_only_a_date_is_recorded_as_held_against_the_current_plan(plan, village):
    review = services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=village)
    assert review.status == VillageReview.Status.HELD
    assert review.plan == plan
    assert not review.progress.exists()
    assert ChangeLog.objects.filter(object_id=review.pk, action="create").exists()


def test_statuses_and_notes_are_recorded_per_activity(plan, village):
    first, second, *_ = activities(plan)
    review = services.village_review_create(
        desa=region(WAINYAPU),
        date=DAY,
        progress={
            first.pk: ProgressEntry(ActivityStatus.BLOCKED, "Dana Desa belum cair"),
            second.pk: ProgressEntry(ActivityStatus.DONE),
        },
        off_track="Modal belum diserahkan",
        support_needed="Pendampingan laporan keuangan",
        actor=village,
    )
    rows = {row.activity_id: row for row in review.progress.all()}
    assert rows[first.pk].status == ActivityStatus.BLOCKED
    assert rows[first.pk].note == "Dana Desa belum cair"
    assert rows[second.pk].status == ActivityStatus.DONE
    assert review.off_track == "Modal belum diserahkan"


def test_results_for_a_future_date_are_refused(plan, village):
    first = activities(plan)[0]
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        services.village_review_create(
            desa=region(WAINYAPU),
            date=future,
            progress={first.pk: ProgressEntry(ActivityStatus.DONE)},
            actor=village,
        )
    assert "future" in str(refused.value)
    planned = services.village_review_create(desa=region(WAINYAPU), date=future, actor=village)
    assert planned.status == VillageReview.Status.PLANNED


def test_a_note_without_a_status_is_refused_with_the_activity_named(plan, village):
    first = activities(plan)[0]
    with pytest.raises(ValidationError) as refused:
        services.village_review_create(
            desa=region(WAINYAPU),
            date=DAY,
            progress={first.pk: ProgressEntry("", "catatan")},
            actor=village,
        )
    assert first.name in str(refused.value)
    assert not VillageReview.objects.exists()


def test_an_unknown_status_is_refused(plan, village):
    first = activities(plan)[0]
    with pytest.raises(ValidationError):
        services.village_review_create(
            desa=region(WAINYAPU),
            date=DAY,
            progress={first.pk: ProgressEntry("hampir")},
            actor=village,
        )


def test_an_activity_of_another_plan_is_refused(plan, village):
    other_plan = full_plan(OTHER_DESA, goals=1, activities_per_goal=1)
    stranger = activities(other_plan)[0]
    with pytest.raises(ValidationError) as refused:
        services.village_review_create(
            desa=region(WAINYAPU),
            date=DAY,
            progress={stranger.pk: ProgressEntry(ActivityStatus.DONE)},
            actor=village,
        )
    assert refused.value.code == "activity_other_plan"


def test_a_plan_of_another_desa_is_refused(village):
    other_plan = full_plan(OTHER_DESA, goals=1, activities_per_goal=1)
    with pytest.raises(ValidationError):
        services.village_review_create(
            desa=region(WAINYAPU), date=DAY, plan=other_plan, actor=village
        )


def test_a_village_user_cannot_record_another_desa(village):
    full_plan(OTHER_DESA, goals=1, activities_per_goal=1)
    with pytest.raises(PermissionDenied):
        services.village_review_create(desa=region(OTHER_DESA), date=DAY, actor=village)


def test_the_kecamatan_records_on_behalf_of_its_village_but_the_kabupaten_team_only_reads(plan):
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    review = services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=kecamatan)
    assert review.changed_by == kecamatan
    with pytest.raises(PermissionDenied):
        services.village_review_create(
            desa=region(WAINYAPU), date=DAY, actor=user_with_role(Role.TIM_KABUPATEN, "53.18")
        )


def test_clearing_a_status_removes_the_row_and_setting_it_again_makes_a_new_one(plan, village):
    first = activities(plan)[0]
    review = services.village_review_create(
        desa=region(WAINYAPU),
        date=DAY,
        progress={first.pk: ProgressEntry(ActivityStatus.LATE)},
        actor=village,
    )
    row = review.progress.get()
    services.village_review_update(
        review=review,
        base_version=review.version,
        progress={first.pk: ProgressEntry("", "", row.version)},
        actor=village,
    )
    assert not ActivityProgress.objects.filter(review=review).exists()
    services.village_review_update(
        review=review,
        base_version=review.version,
        progress={first.pk: ProgressEntry(ActivityStatus.DONE)},
        actor=village,
    )
    assert ActivityProgress.objects.get(review=review).status == ActivityStatus.DONE


def test_a_stale_edit_of_the_same_text_is_a_conflict_and_writes_nothing(plan, village):
    first = activities(plan)[0]
    review = services.village_review_create(
        desa=region(WAINYAPU), date=DAY, off_track="awal", actor=village
    )
    started = review.version
    services.village_review_update(
        review=review, base_version=started, off_track="dari orang lain", actor=village
    )
    with pytest.raises(ReviewConflict) as clash:
        services.village_review_update(
            review=review,
            base_version=started,
            off_track="dari saya",
            progress={first.pk: ProgressEntry(ActivityStatus.DONE)},
            actor=village,
        )
    assert clash.value.current == {"off_track": "dari orang lain"}
    review.refresh_from_db()
    assert review.off_track == "dari orang lain"
    assert not ActivityProgress.objects.filter(review=review).exists()


def test_a_stale_edit_of_another_text_merges(plan, village):
    review = services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=village)
    started = review.version
    services.village_review_update(
        review=review, base_version=started, off_track="kendala", actor=village
    )
    services.village_review_update(
        review=review, base_version=started, learning="pelajaran", actor=village
    )
    review.refresh_from_db()
    assert (review.off_track, review.learning) == ("kendala", "pelajaran")


def test_two_people_setting_the_same_activity_differently_is_a_conflict(plan, village):
    first = activities(plan)[0]
    review = services.village_review_create(desa=region(WAINYAPU), date=DAY, actor=village)
    # Both opened the form when the activity had no status yet.
    services.village_review_update(
        review=review,
        base_version=review.version,
        progress={first.pk: ProgressEntry(ActivityStatus.DONE)},
        actor=village,
    )
    with pytest.raises(ReviewConflict) as clash:
        services.village_review_update(
            review=review,
            base_version=review.version,
            progress={first.pk: ProgressEntry(ActivityStatus.BLOCKED)},
            actor=village,
        )
    current = clash.value.progress[first.pk]
    assert current is not None and current.status == ActivityStatus.DONE
    assert first.name[:40] in str(clash.value)


def test_an_edit_of_a_planned_session_with_results_marks_it_held(plan, village):
    first = activities(plan)[0]
    planned = services.village_review_record(
        desa=region(WAINYAPU),
        date=DAY,
        status=VillageReview.Status.PLANNED,
        actor=village,
    )
    assert planned.plan is None
    updated = services.village_review_update(
        review=planned,
        base_version=planned.version,
        progress={first.pk: ProgressEntry(ActivityStatus.IN_PROGRESS)},
        actor=village,
    )
    assert updated.status == VillageReview.Status.HELD
    assert updated.plan == plan
    assert ActivityProgress.objects.get(review=planned).status == ActivityStatus.IN_PROGRESS


def test_village_review_record_keeps_its_behaviour():
    with pytest.raises(ValidationError):
        services.village_review_record(
            desa=region(WAINYAPU),
            date=timezone.localdate() + datetime.timedelta(days=1),
            status=VillageReview.Status.HELD,
            actor=None,
        )
    review = services.village_review_record(desa=region(WAINYAPU), date=DAY, actor=None)
    assert review.status == VillageReview.Status.PLANNED
