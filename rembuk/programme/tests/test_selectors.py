import datetime

from rembuk.programme.tables import default_year, months_before


def test_four_months_before_keeps_the_day_or_the_last_day_of_a_shorter_month():
    assert months_before(datetime.date(2026, 11, 22), 4) == datetime.date(2026, 7, 22)
    assert months_before(datetime.date(2026, 2, 10), 4) == datetime.date(2025, 10, 10)
    assert months_before(datetime.date(2026, 6, 30), 4) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 6, 30), 4) == datetime.date(2024, 2, 29)


def test_the_default_year_is_this_year_when_it_has_a_meeting_or_nothing_has_one():
    today = datetime.date(2026, 11, 22)
    assert default_year([2024, 2026], today) == 2026
    assert default_year([], today) == 2026


def test_without_a_meeting_this_year_the_latest_past_year_with_one_is_shown():
    today = datetime.date(2026, 11, 22)
    assert default_year([2023, 2024], today) == 2024
    assert default_year([2024, 2027], today) == 2024  # a planned meeting next year does not count
    assert default_year([2027], today) == 2027
