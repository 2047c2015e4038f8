import datetime

import pytest

from rembuk.core.testing import region
from rembuk.monitoring.models import ActivityStatus
from rembuk.programme import services
from rembuk.programme.models import Stage, StageProgress
from rembuk.programme.stages import desa_stages, stages_for
from rembuk.programme.tests.records import (
    KODI_BALAGHAR,
    WAILANGIRA,
    WAINYAPU,
    agency,
    make_evaluation,
    make_meeting,
    make_plan,
    make_request,
    make_review,
)
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db

DONE, IN_PROGRESS, NOT_STARTED = (
    StageProgress.Status.DONE,
    StageProgress.Status.IN_PROGRESS,
    StageProgress.Status.NOT_STARTED,
)


def statuses(desa):
    return [state.status for state in desa_stages(desa).stages]


def test_a_desa_with_no_records_has_started_no_stage():
    stages = desa_stages(region(WAINYAPU))
    assert [s.status for s in stages.stages] == [NOT_STARTED] * 8
    assert stages.current is None
    assert stages.current_number == 0


def test_a_draft_plan_means_planning_is_in_progress():
    make_plan(region(WAINYAPU))
    assert statuses(region(WAINYAPU))[3:5] == [IN_PROGRESS, NOT_STARTED]


def test_an_adopted_plan_marks_stage_5_done_on_the_musyawarah_date():
    make_plan(region(WAINYAPU), adopted_on=datetime.date(2024, 1, 16))
    stages = desa_stages(region(WAINYAPU))
    adoption = stages.stages[Stage.ADOPTION - 1]
    assert (adoption.status, adoption.date, adoption.source) == (
        DONE,
        datetime.date(2024, 1, 16),
        "derived",
    )
    assert stages.current_number == 5


def test_a_held_review_puts_stage_6_in_progress_and_a_planned_one_does_not():
    desa = region(WAINYAPU)
    plan, acts = make_plan(desa, adopted_on=datetime.date(2024, 1, 16))
    make_review(desa, plan, datetime.date(2024, 6, 1), held=False)
    assert statuses(desa)[5] == NOT_STARTED
    make_review(desa, plan, datetime.date(2024, 3, 1), {acts[0]: ActivityStatus.IN_PROGRESS})
    implementation = desa_stages(desa).stages[5]
    assert (implementation.status, implementation.date) == (IN_PROGRESS, datetime.date(2024, 3, 1))


def test_stage_6_is_done_when_the_latest_review_found_every_activity_finished():
    desa = region(WAINYAPU)
    plan, acts = make_plan(desa, adopted_on=datetime.date(2024, 1, 16))
    make_review(desa, plan, datetime.date(2024, 3, 1), dict.fromkeys(acts, ActivityStatus.BLOCKED))
    make_review(
        desa,
        plan,
        datetime.date(2024, 11, 1),
        {
            acts[0]: ActivityStatus.DONE,
            acts[1]: ActivityStatus.DONE,
            acts[2]: ActivityStatus.CANCELLED,
        },
    )
    assert statuses(desa)[5] == DONE


def test_stage_7_is_in_progress_while_a_request_is_open_and_done_once_all_are_answered():
    desa = region(WAINYAPU)
    meeting = make_meeting(region(KODI_BALAGHAR), datetime.date(2024, 3, 28), [desa])
    distan = agency("Distan")
    first = make_request(meeting, desa, agency=distan)
    assert statuses(desa)[6] == IN_PROGRESS
    make_request(
        meeting,
        desa,
        agency=distan,
        status=SupportRequest.Status.DONE,
        closed_on=datetime.date(2024, 5, 2),
    )
    assert statuses(desa)[6] == IN_PROGRESS  # one answered, one still open
    from rembuk.core import history

    history.update(first, actor=None, status=SupportRequest.Status.DECLINED)
    support = desa_stages(desa).stages[6]
    assert (support.status, support.date, support.who) == (
        DONE,
        datetime.date(2024, 5, 2),
        "Distan",
    )


def test_an_evaluation_marks_stage_8_done():
    desa = region(WAINYAPU)
    plan, _ = make_plan(desa, adopted_on=datetime.date(2024, 1, 16))
    make_evaluation(plan, datetime.date(2025, 12, 10))
    stages = desa_stages(desa)
    assert stages.stages[7].status == DONE
    assert stages.current_number == 8


def test_a_stage_set_by_hand_wins_over_what_rembuk_derives():
    desa = region(WAINYAPU)
    make_plan(desa, adopted_on=datetime.date(2024, 1, 16))
    services.stage_progress_set(
        desa=desa,
        stage=Stage.ADOPTION,
        status=IN_PROGRESS,
        date=datetime.date(2024, 1, 10),
        done_by="Kepala desa",
        note="Musdes diulang",
        actor=None,
    )
    services.stage_progress_set(
        desa=desa, stage=Stage.GUIDE, status=DONE, date=None, done_by="Tim program", actor=None
    )
    stages = desa_stages(desa)
    adoption = stages.stages[Stage.ADOPTION - 1]
    assert (adoption.status, adoption.who, adoption.source) == (
        IN_PROGRESS,
        "Kepala desa",
        "manual",
    )
    assert stages.stages[0].status == DONE
    assert stages.current_number == 5


def test_the_bulk_computation_agrees_with_the_single_one_and_keeps_its_query_count(
    django_assert_num_queries,
):
    one, other = region(WAINYAPU), region(WAILANGIRA)
    plan, acts = make_plan(one, adopted_on=datetime.date(2024, 1, 16))
    make_review(one, plan, datetime.date(2024, 3, 1), {acts[0]: ActivityStatus.DONE})
    make_plan(other)
    desas = Region.objects.filter(code__in=[WAINYAPU, WAILANGIRA]).order_by("code")
    with django_assert_num_queries(7):
        bulk = stages_for(desas)
    assert [s.status for s in bulk[one.pk].stages] == statuses(one)
    assert [s.status for s in bulk[other.pk].stages] == statuses(other)
    whole = Region.objects.filter(code__startswith="53.18.", level=Region.Level.DESA)
    with django_assert_num_queries(7):
        assert len(stages_for(whole)) == whole.count() > 100
