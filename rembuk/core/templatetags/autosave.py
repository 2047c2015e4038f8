"""The `was_` values of an autosaving cell, written by the page as the views write them after a
save (rembuk.core.autosave.saved_values), so the two never disagree."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from rembuk.core.autosave import saved_values as _saved_values

register = template.Library()


@register.simple_tag
def saved_values(obj: models.Model | None, names: str, **defaults: Any) -> dict[str, str]:
    """{% saved_values item "text cause" as fields %}; for a new entry, `name=value` defaults."""
    return _saved_values(obj or None, names.split(), defaults)
