import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from rembuk.core import history
from rembuk.core.models import ChangeLog, HistoryBypassError
from rembuk.core.testing import ActivityFactory, GoalFactory, PlanFactory, region
from rembuk.plans.models import Activity, Goal, LivelihoodPlan

pytestmark = pytest.mark.django_db


def test_creating_a_record_writes_one_log_entry_with_every_field():
    plan = PlanFactory()
    entry = ChangeLog.objects.get(object_id=plan.id)
    assert entry.action == "create"
    assert entry.version == plan.version == 1
    assert entry.changes["period_start"] == [None, 2024]
    assert entry.changes["desa_id"] == [None, str(region("53.18.11.2006").id)]
    assert entry.scope_code == "53.18.11.2006"
    assert entry.root_id == plan.id


def test_an_update_logs_old_and_new_values_of_the_changed_fields_only():
    goal = GoalFactory(statement="Lama")
    goal = history.update(goal, actor=None, statement="Baru", target_year=goal.target_year)
    entry = ChangeLog.objects.filter(object_id=goal.id).last()
    assert entry.action == "update"
    assert entry.changes == {"statement": ["Lama", "Baru"]}
    assert entry.root_id == goal.plan_id
    assert goal.version == 2


def test_an_update_that_changes_nothing_writes_nothing():
    goal = GoalFactory()
    before = ChangeLog.objects.count()
    history.update(goal, actor=None, statement=goal.statement)
    assert ChangeLog.objects.count() == before


@pytest.mark.parametrize(
    "bypass",
    [
        lambda: Goal.objects.all().update(statement="x"),
        lambda: Goal.all_objects.filter(statement__isnull=False).update(statement="x"),
        lambda: Goal.objects.all().delete(),
        lambda: Goal.objects.first().delete(),
        lambda: Goal.objects.bulk_create(
            [Goal(plan=LivelihoodPlan.objects.first(), statement="x")]
        ),
        lambda: Goal.objects.bulk_update(list(Goal.objects.all()), ["statement"]),
        lambda: Goal(plan=LivelihoodPlan.objects.first(), statement="x").save(),
        lambda: ChangeLog.objects.all().update(actor_label="x"),
        lambda: ChangeLog.objects.all().delete(),
    ],
    ids=[
        "update",
        "update-all-objects",
        "queryset-delete",
        "instance-delete",
        "bulk_create",
        "bulk_update",
        "save",
        "log-update",
        "log-delete",
    ],
)
def test_writes_that_would_bypass_the_change_log_are_refused(bypass):
    GoalFactory()
    before = (Goal.all_objects.count(), ChangeLog.objects.count())
    with pytest.raises(HistoryBypassError), transaction.atomic():
        bypass()
    assert (Goal.all_objects.count(), ChangeLog.objects.count()) == before


def test_concurrent_edits_to_different_fields_both_land():
    goal = GoalFactory(statement="S", target="T")
    started_at = goal.version
    history.update(goal, actor=None, base_version=started_at, statement="S2")
    merged = history.update(goal, actor=None, base_version=started_at, target="T2")
    assert (merged.statement, merged.target) == ("S2", "T2")


def test_a_stale_edit_to_the_same_field_is_refused_with_the_current_text():
    goal = GoalFactory(statement="Asli")
    started_at = goal.version
    history.update(goal, actor=None, base_version=started_at, statement="Dari proyektor")
    with pytest.raises(history.EditConflict) as conflict:
        history.update(goal, actor=None, base_version=started_at, statement="Dari laptop")
    assert conflict.value.current == {"statement": "Dari proyektor"}
    assert Goal.objects.get(pk=goal.pk).statement == "Dari proyektor"


@pytest.mark.parametrize("base_version", [-1, 3, 99999999999999999999])
def test_an_edit_from_a_version_the_record_never_had_is_refused_and_writes_nothing(base_version):
    """A base version no page could hold (negative, or past the record's own: versions only
    grow) is refused with a message, not compared with the log nor stored in it, where one past
    the column's range was a server error on either database."""
    goal = GoalFactory(statement="Asli")
    before = ChangeLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        history.update(goal, actor=None, base_version=base_version, statement="Baru")
    assert refused.value.code == "unknown_version"
    assert ChangeLog.objects.count() == before
    assert Goal.objects.get(pk=goal.pk).statement == "Asli"


def test_soft_delete_tombstones_the_record_and_its_children_and_logs_each():
    activity = ActivityFactory()
    goal = activity.goal
    history.soft_delete(goal, actor=None)
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.all_objects.get(pk=goal.pk).is_deleted
    assert Activity.all_objects.get(pk=activity.pk).is_deleted
    deleted = set(ChangeLog.objects.filter(action="delete").values_list("object_id", flat=True))
    assert {goal.pk, activity.pk, activity.milestone_id} <= deleted


def test_editing_a_deleted_record_is_refused():
    goal = GoalFactory()
    history.soft_delete(goal, actor=None)
    with pytest.raises(ValidationError) as refused:
        history.update(goal, actor=None, statement="x")
    assert refused.value.code == "deleted"


def test_log_entries_carry_increasing_hybrid_clock_readings():
    goal = GoalFactory()
    for text in ("a", "b", "c"):
        goal = history.update(goal, actor=None, statement=text)
    readings = list(
        ChangeLog.objects.filter(object_id=goal.id).order_by("seq").values_list("hlc", flat=True)
    )
    assert readings == sorted(readings)
    assert len(set(readings)) == len(readings)


def test_a_change_written_as_of_an_earlier_moment_carries_that_date_but_not_its_clock():
    import datetime

    from django.utils import timezone

    from rembuk.core.clock import HLC

    then = timezone.now() - datetime.timedelta(days=40)
    with history.recorded_as_of(then):
        goal = GoalFactory(statement="Lama")
        goal = history.update(goal, actor=None, statement="Baru")
    assert goal.changed_at == then
    entries = list(ChangeLog.objects.filter(object_id=goal.id))
    assert [entry.recorded_at for entry in entries] == [then, then]
    # Sync still orders by the real clock: the hybrid clock was not moved back.
    assert HLC.parse(entries[-1].hlc).physical_ms > then.timestamp() * 1000 + 86_400_000
    # Outside the block, now again.
    later = history.update(goal, actor=None, statement="Lagi")
    assert later.changed_at > then + datetime.timedelta(days=39)


def test_no_write_path_stores_a_null_character():
    """PostgreSQL stores none; autosaving cells and the lesson capture post raw text, not a
    form's. Refused in create, update and bulk_create alike, nothing logged."""
    plan = PlanFactory(desa=region("53.18.11.2006"))
    goal = GoalFactory(plan=plan)
    logged = ChangeLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        history.update(goal, actor=None, statement="Bibit\x00 terlambat")
    assert refused.value.message_dict == {"statement": ["Karakter null tidak diperbolehkan."]}
    with pytest.raises(ValidationError):
        history.create(Goal, actor=None, plan=plan, statement="Pasar\x00", position=9)
    with pytest.raises(ValidationError):
        history.bulk_create(Goal, [Goal(plan=plan, statement="\x00", position=10)], actor=None)
    goal.refresh_from_db()
    assert "\x00" not in goal.statement
    assert ChangeLog.objects.count() == logged
