"""How a service's refusal reaches the person: on the form field it names, or as one line.

Services raise `ValidationError` keyed by the field they judged (`{"title": [...]}`) or with no
field at all; a view shows it without knowing which kind it got.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names, the rest on top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a cell that shows its state beside the value."""
    return " ".join(str(message) for message in error.messages)
