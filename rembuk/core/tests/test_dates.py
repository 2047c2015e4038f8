"""Dates are written and read day first (dd-mm-yyyy) in both languages."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from rembuk.core.dates import DateInput


class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_typed_date_is_read_day_first_in_both_languages(language):
    with translation.override(language):
        form = DayForm({"day": "05-04-2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 4, 5)
        assert not DayForm({"day": "04/25/2026"}).is_valid()  # month first is not a date here


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_field_is_plain_text_showing_dd_mm_yyyy_not_the_browsers_own_picker(language):
    with translation.override(language):
        html = str(DayForm(initial={"day": datetime.date(2026, 4, 5)})["day"])
    assert 'type="text"' in html and 'value="05-04-2026"' in html
    assert 'inputmode="numeric"' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_date_printed_without_a_format_is_day_first(language):
    with translation.override(language):
        text = Template("{{ day|date }} {{ moment|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context(
                {"day": datetime.date(2026, 4, 5), "moment": datetime.datetime(2026, 4, 5, 9, 30)}
            )
        )
    assert text == "05-04-2026 05-04-2026 09:30"
