"""The monitoring form says how to write a date that cannot be read (rembuk.core.dates)."""

from __future__ import annotations

import pytest
from django.utils import translation

from rembuk.monitoring.forms import VillageReviewForm


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        (
            "id",
            "31-02-2027",
            "Tanggal tidak valid: Februari 2027 tidak punya tanggal 31, hanya 28 hari. "
            "Tulis hh-bb-tttt, misalnya 28-03-2026.",
        ),
        ("id", "3l-02-2027", "Tanggal tidak valid: tulis hh-bb-tttt, misalnya 28-03-2026."),
        (
            "en",
            "31-02-2027",
            "Invalid date: February 2027 has no day 31, it has 28 days. "
            "Write dd-mm-yyyy, for example 28-03-2026.",
        ),
        ("en", "3l-02-2027", "Invalid date: write dd-mm-yyyy, for example 28-03-2026."),
    ],
)
def test_a_session_date_that_is_not_a_day_gets_a_message_naming_the_format(
    language, typed, message
):
    with translation.override(language):
        form = VillageReviewForm({"date": typed})
        assert form.errors["date"] == [message]
