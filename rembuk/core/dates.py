"""How dates are written and typed: dd-mm-yyyy, whatever the browser's language.

A browser's own date picker (<input type=date>) shows month first on a phone set to English,
so Rembuk's date fields are plain text fields that take dd-mm-yyyy (also with / or . between
the parts, or as eight digits) and ISO dates (yyyy-mm-dd) from older pages and scripts. The
format modules in config/formats use these lists for both languages.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [f"{day} %H:%M" for day in DATE_INPUT_FORMATS] + DATE_INPUT_FORMATS
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
# What the field shows before anything is typed, in the reader's language.
DATE_PLACEHOLDER = gettext_lazy("dd-mm-yyyy")
TIME_PLACEHOLDER = gettext_lazy("hh:mm")


def shown(day: datetime.date | None) -> str:
    """A date as Rembuk writes it in a field: 28-03-2024 ("" for none)."""
    return day.strftime("%d-%m-%Y") if day else ""


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
    raise ValidationError(
        _("Write the date as day-month-year, for example %(example)s.") % {"example": "28-03-2025"},
        code="invalid_date",
    )


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
