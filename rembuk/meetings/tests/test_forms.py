"""The meeting forms say how to write a date that cannot be read (rembuk.core.dates)."""

from __future__ import annotations

import pytest
from django.utils import translation

from rembuk.meetings.forms import MeetingCloseForm, MeetingForm


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("id", ["Februari 2027 tidak punya tanggal 31", "hh-bb-tttt", "28-03-2026"]),
        ("en", ["February 2027 has no day 31", "dd-mm-yyyy", "28-03-2026"]),
    ],
)
def test_a_meeting_on_the_31st_of_february_is_refused_naming_the_format(language, words):
    with translation.override(language):
        errors = [
            MeetingForm({"date": "31-02-2027"}).errors["date"][0],
            MeetingCloseForm({"next_meeting_date": "31-02-2027"}).errors["next_meeting_date"][0],
        ]
    for error in errors:
        for word in words:
            assert word in error
