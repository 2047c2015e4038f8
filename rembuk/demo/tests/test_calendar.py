"""The demo's calendar places the 2024 story around any day, keeping its order."""

from __future__ import annotations

import datetime

import pytest

from rembuk.demo.calendar import AUTHORED_MEETING, AUTHORED_TODAY, SEASON_START, DemoCalendar

STORY = [
    datetime.date(2023, 5, 17),  # the programme's guide (before the story's year)
    datetime.date(2023, 12, 12),  # Desa X's musyawarah desa
    datetime.date(2024, 2, 20),  # the last plan adopted
    SEASON_START,
    datetime.date(2024, 3, 14),  # the first village review
    AUTHORED_MEETING,
    datetime.date(2024, 4, 2),  # Matriks 4 sent
    datetime.date(2024, 4, 18),  # the kabupaten team meets
    datetime.date(2024, 4, 26),  # DPMD answers
    AUTHORED_TODAY,
    datetime.date(2024, 7, 25),  # the next kecamatan meeting
]


def _days() -> list[datetime.date]:
    first = datetime.date(2026, 1, 1)
    return [first + datetime.timedelta(days=n) for n in range(0, 365, 5)]


@pytest.mark.parametrize("today", _days(), ids=lambda day: day.isoformat())
def test_the_story_keeps_its_order_and_its_today_on_any_day(today):
    calendar = DemoCalendar.on(today)
    placed = [calendar.day(day) for day in STORY]
    assert placed == sorted(placed)
    assert calendar.day(AUTHORED_TODAY) == today
    assert calendar.day(datetime.date(2024, 7, 25)) > today  # the next meeting is to come
    assert calendar.day(datetime.date(2024, 3, 14)) < calendar.day(AUTHORED_MEETING)


@pytest.mark.parametrize("today", _days(), ids=lambda day: day.isoformat())
def test_the_story_s_year_is_this_year_from_the_second_week_of_january(today):
    calendar = DemoCalendar.on(today)
    if today >= datetime.date(2026, 1, 8):
        assert calendar.day(datetime.date(2024, 3, 14)).year == today.year
        assert calendar.year == today.year
    else:
        assert calendar.year == today.year - 1  # no room yet: the story ends in December


def test_mid_year_the_story_is_not_squeezed_eight_weeks_after_the_meeting():
    calendar = DemoCalendar.on(datetime.date(2027, 6, 15))
    assert calendar.day(AUTHORED_MEETING) == datetime.date(2027, 4, 20)
    assert calendar.day(datetime.date(2024, 4, 2)) == datetime.date(2027, 4, 25)
    assert calendar.year == 2027


def test_texts_name_their_dates_as_placed_and_move_their_years():
    calendar = DemoCalendar.on(datetime.date(2027, 6, 15))
    assert calendar.text("Musyawarah desa {2023-12-12}; laporan 2023.") == (
        "Musyawarah desa 3 Januari 2027; laporan 2026."
    )
    assert calendar.text("pada {2024-04-22..2024-04-24}, diunggah {2024-04-24:dm}") == (
        "pada 15–17 Mei 2027, diunggah 17 Mei"
    )
    assert calendar.text("tanpa tanggal") == "tanpa tanggal"
