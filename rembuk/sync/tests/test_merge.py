"""The merge rule (rembuk/sync/merge.py) is total: two changes never tie, so every node keeps
the same value whatever the order in which the changes arrive."""

from __future__ import annotations

from rembuk.sync.merge import LogRow, decide_merge
from rembuk.sync.wire import WireEntry

SAME_READING = "1700000000000.00003.hub"


def _entry(change_id: str, value: str) -> WireEntry:
    return WireEntry(
        seq=1,
        change_id=change_id,
        hlc=SAME_READING,
        node_id="hub",
        actor_id=None,
        actor_label="",
        model_label="plans.goal",
        object_id="4b889d44-fa05-48ae-9bfa-37f09e827029",
        object_repr="",
        action="update",
        changes={"statement": ["awal", value]},
        base_version=None,
        version=2,
        scope_code="53.18.11.2006",
        root_id="4b889d44-fa05-48ae-9bfa-37f09e827029",
        recorded_at="2026-01-01T00:00:00+00:00",
    )


def _row(entry: WireEntry) -> LogRow:
    return LogRow(1, entry["change_id"], entry["hlc"], "hub", "update", entry["changes"], "")


def test_two_changes_with_the_same_clock_reading_have_one_winner_in_either_order():
    low = _entry("00000000-0000-4000-8000-000000000001", "pertama")
    high = _entry("00000000-0000-4000-8000-000000000002", "kedua")
    seen = lambda row: False  # noqa: E731 - concurrent edits
    # high arrives where low is: high wins; low arrives where high is: low loses.
    assert decide_merge(high, [_row(low)], seen).winning_fields == ["statement"]
    assert decide_merge(low, [_row(high)], seen).winning_fields == []
