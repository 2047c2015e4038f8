"""How dates are written and typed: dd-mm-yyyy, whatever the browser's language.

A browser's own date picker (<input type=date>) shows month first on a phone set to English,
so Rembuk's date fields are plain text fields that take dd-mm-yyyy (also with / or . between
the parts, or as eight digits) and ISO dates (yyyy-mm-dd) from older pages and scripts. The
format modules in config/formats use these lists for both languages.

Every date field of every form is `DateField` below, so that a date that cannot be read gets
the same message everywhere: which format to write, and, for a day the month does not have
(31-02-2027), that this day does not exist.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [f"{day} %H:%M" for day in DATE_INPUT_FORMATS] + DATE_INPUT_FORMATS
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
# What the field shows before anything is typed, in the reader's language.
DATE_PLACEHOLDER = gettext_lazy("dd-mm-yyyy")
TIME_PLACEHOLDER = gettext_lazy("hh:mm")


def shown(day: datetime.date | None) -> str:
    """A date as Rembuk writes it in a field: 28-03-2024 ("" for none). What
    strftime("%d-%m-%Y") writes, at a tenth of its cost (the meeting page writes one per
    follow-up, a dashboard table one per village)."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}" if day else ""


# The typed shapes read as (day, month, year) to tell "no such day" from "not a date".
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{2})(\d{2})(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_EXAMPLE = "28-03-2026"


def parse_day(text: str | None) -> datetime.date | None:
    """A typed date, or None when the field was left empty; ValidationError when unreadable."""
    value = re.sub(r"\s+", "", text or "")
    if not value:
        return None
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise unreadable_day(value)


def unreadable_day(value: str) -> ValidationError:
    """Why a typed date is not a date, in words that say how to write one."""
    parts = _typed_parts(value)
    if parts:
        day, month, year = parts
        days_in_month = calendar.monthrange(year, month)[1]
        if day > days_in_month:
            return ValidationError(
                _(
                    "Invalid date: %(month)s %(year)s has no day %(day)s, it has %(days)s days. "
                    "Write %(format)s, for example %(example)s."
                )
                % {
                    "month": MONTHS[month],
                    "year": year,
                    "day": day,
                    "days": days_in_month,
                    "format": DATE_PLACEHOLDER,
                    "example": DATE_EXAMPLE,
                },
                code="no_such_day",
            )
    return ValidationError(
        _("Invalid date: write %(format)s, for example %(example)s.")
        % {"format": DATE_PLACEHOLDER, "example": DATE_EXAMPLE},
        code="invalid",
    )


def _typed_parts(value: str) -> tuple[int, int, int] | None:
    """(day, month, year) when the text has a date's shape with a real month, else None."""
    if match := _DAY_FIRST.match(value):
        numbers = [int(n) for n in match.groups() if n is not None]
        day, month, year = numbers
    elif match := _ISO.match(value):
        year, month, day = (int(n) for n in match.groups())
    else:
        return None
    if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1:
        return day, month, year
    return None


class DateField(forms.DateField):
    """The date field of every Rembuk form: dd-mm-yyyy typed as text, read in both languages.

    Use it instead of forms.DateField (a ModelForm names it in Meta.field_classes) so that an
    impossible date gets the message of `unreadable_day`, not Django's bare "Enter a valid date".
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_day(str(value))


class DateInput(forms.DateInput):
    """A text field for dd-mm-yyyy (not the browser's own picker, which follows its locale)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "placeholder": DATE_PLACEHOLDER,
            "autocomplete": "off",
            "class": "date-input",
            "size": "10",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d-%m-%Y")


class TimeInput(forms.TimeInput):
    """A text field for a 24-hour time (09:00), whatever the browser's locale."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "placeholder": TIME_PLACEHOLDER,
            "autocomplete": "off",
            "class": "time-input",
            "size": "5",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%H:%M")
