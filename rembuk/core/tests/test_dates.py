"""Dates are written and read day first (dd-mm-yyyy) in both languages."""

from __future__ import annotations

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from rembuk.core.dates import DateField, DateInput


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


class RembukDayForm(forms.Form):
    day = DateField()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "id",
            "Tanggal tidak valid: Februari 2027 tidak punya tanggal 31, hanya 28 hari. "
            "Tulis hh-bb-tttt, misalnya 28-03-2026.",
        ),
        (
            "en",
            "Invalid date: February 2027 has no day 31, it has 28 days. "
            "Write dd-mm-yyyy, for example 28-03-2026.",
        ),
    ],
)
def test_a_day_the_month_does_not_have_is_named_with_the_format(language, message):
    with translation.override(language):
        form = RembukDayForm({"day": "31-02-2027"})
        assert not form.is_valid()
        assert form.errors["day"] == [message]
        assert form.errors.as_data()["day"][0].code == "no_such_day"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("id", "Tanggal tidak valid: tulis hh-bb-tttt, misalnya 28-03-2026."),
        ("en", "Invalid date: write dd-mm-yyyy, for example 28-03-2026."),
    ],
)
@pytest.mark.parametrize("typed", ["kemarin", "04/25/2026", "31-13-2027", "2027-02"])
def test_text_that_is_not_a_date_gets_the_format_to_write(language, message, typed):
    with translation.override(language):
        form = RembukDayForm({"day": typed})
        assert not form.is_valid()
        assert form.errors["day"] == [message]


@pytest.mark.parametrize("typed", ["29-02-2028", "2027-02-28", "28022027", " 1.3.2027 "])
def test_real_days_in_every_accepted_shape_are_read(typed):
    form = RembukDayForm({"day": typed})
    assert form.is_valid(), form.errors


def test_an_iso_date_past_the_months_end_is_named_too():
    form = RembukDayForm({"day": "2027-04-31"})
    assert form.errors.as_data()["day"][0].code == "no_such_day"


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for app in apps.get_app_configs():
        if not app.name.startswith("rembuk."):
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_date_field_of_every_form_is_the_one_rembuk_date_field():
    date_fields = {
        f"{form_class.__module__}.{form_class.__name__}.{name}": type(field)
        for form_class in _form_classes()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField)
    }
    assert len(date_fields) >= 8  # meetings, monitoring, plans, district, evaluation, ...
    assert {name: cls for name, cls in date_fields.items() if cls is not DateField} == {}


@pytest.mark.parametrize("year", [1, 5, 99, 999, 1000, 2026, 9999])
def test_a_date_is_shown_as_strftime_writes_it(year):
    from rembuk.core.dates import shown

    for day in (datetime.date(year, 1, 1), datetime.date(year, 12, 31), datetime.date(year, 3, 9)):
        assert shown(day) == day.strftime("%d-%m-%Y")
    assert shown(None) == ""
