"""The report does not print twice what the recorded text already says (seed 000's wording)."""

from __future__ import annotations

import uuid

from rembuk.meetings.models import Challenge
from rembuk.reports.report import _challenge_line, _target_line


def test_a_target_that_names_its_year_is_not_followed_by_the_year_again() -> None:
    assert _target_line("di tahun 2025", 2025) == "(di tahun 2025)"
    assert _target_line("15 ton jagung", 2025) == "(15 ton jagung; tahun 2025)"
    assert _target_line("", 2025) == "(tahun 2025)"


def test_a_challenge_that_writes_its_count_gets_no_second_count() -> None:
    activities = {str(uuid.uuid4()) for _ in range(7)}
    blocked = sorted(activities)[:6]
    written = Challenge(
        text="Kegiatan lain ikut terlambat (6 dari 7 kegiatan).", blocked_activity_ids=blocked
    )
    unwritten = Challenge(text="Kegiatan lain ikut terlambat.", blocked_activity_ids=blocked)

    assert _challenge_line(written, activities, activities).blocked_note == ""
    assert (
        _challenge_line(unwritten, activities, activities).blocked_note
        == "menghambat 6 dari 7 kegiatan"
    )
