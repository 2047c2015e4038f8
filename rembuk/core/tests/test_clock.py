from rembuk.core.clock import HLC, HybridLogicalClock


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
