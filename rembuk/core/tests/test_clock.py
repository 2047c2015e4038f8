import pytest

from rembuk.core.clock import HLC, MAX_COUNTER, HybridLogicalClock


def test_readings_never_go_backwards_when_the_wall_clock_does():
    wall = iter([1000, 900, 900, 1100])
    clock = HybridLogicalClock("a", wall_ms=lambda: next(wall))
    readings = [clock.now() for _ in range(4)]
    assert readings == sorted(readings)
    assert str(readings[1]) == "0000000001000.00001.a"


def test_after_observing_a_node_ahead_in_time_the_clock_stays_ahead_of_it():
    clock = HybridLogicalClock("slow", wall_ms=lambda: 1000)
    remote = HLC(5_000_000, 3, "fast")
    clock.observe(str(remote))
    assert clock.now() > remote


def test_string_order_is_clock_order():
    a, b = HLC(999, 12, "x"), HLC(1000, 0, "a")
    assert (str(a) < str(b)) == (a < b)
    assert HLC.parse(str(a)) == a


def test_a_full_counter_moves_the_clock_one_millisecond_on_and_keeps_string_order():
    clock = HybridLogicalClock("hub", wall_ms=lambda: 1000)
    clock.observe(HLC(1000, MAX_COUNTER - 1, "node"))
    readings = [clock.now() for _ in range(3)]
    assert [str(r) for r in readings] == sorted(str(r) for r in readings)
    assert readings[-1] == HLC(1001, 1, "hub")


def test_a_reading_that_breaks_the_format_is_refused():
    for text in ("1000.1.a", "0000000001000.100000.a", "0000000001000.00001.", "x.y.z"):
        with pytest.raises(ValueError):
            HLC.parse(text)


@pytest.mark.django_db
def test_a_write_is_stamped_after_every_reading_another_process_logged():
    """Processes of one hub share the clock through the database: a reading logged by another
    worker (here written straight into the log, behind this process's clock) is observed under
    the writer lock before this process stamps its own write."""
    import uuid

    from rembuk.core import history
    from rembuk.core.models import ChangeLog
    from rembuk.core.nodes import clock
    from rembuk.core.testing import region
    from rembuk.plans.models import LivelihoodPlan

    mine = clock()
    ahead = HLC(mine.now().physical_ms + 3_600_000, 7, "hub")
    ChangeLog.objects.create(
        hlc=str(ahead),
        node_id="hub",
        model_label="plans.livelihoodplan",
        object_id=uuid.uuid4(),
        action="create",
        version=1,
        scope_code="53.18.11.2006",
        root_id=uuid.uuid4(),
    )
    plan = history.create(
        LivelihoodPlan, actor=None, desa=region("53.18.11.2006"), period_start=2024, period_end=2025
    )
    logged = ChangeLog.objects.get(object_id=plan.pk)
    assert HLC.parse(logged.hlc) > ahead
