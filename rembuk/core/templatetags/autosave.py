"""The `was_` values of an autosaving cell, written by the page as the views write them after a
save (rembuk.core.autosave.saved_values), so the two never disagree; and the cell's save state
as a page first shows it, written in one Python call."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django import template
from django.db import models
from django.template.context import Context
from django.utils.safestring import SafeString  # mark_safe less its lazy-text check: str here
from django.utils.translation import gettext

from rembuk.core.autosave import saved_values as _saved_values
from rembuk.core.translated import localized_int, per_language

register = template.Library()


@register.simple_tag
def saved_values(obj: models.Model | None, names: str, **defaults: Any) -> dict[str, str]:
    """{% saved_values item "text cause" as fields %}; for a new entry, `name=value` defaults."""
    return _saved_values(obj or None, names.split(), defaults)


@register.simple_tag(takes_context=True)
def save_state(
    context: Context, obj: Any, key: Any = "", fields: Mapping[str, Any] | None = None
) -> SafeString:
    """{% save_state item key item.fields %}: the save state block of a cell as the page first
    shows it — the same HTML as `{% include "includes/save_state.html" with obj=… key=…
    fields=… only %}` with no message yet (a test holds the two equal). A page with a save state
    per cell (the meeting page: twenty) paid the template engine about 700 function calls for
    each; the views still render the template after a save, with its messages."""
    pk = getattr(obj, "pk", None) if obj else None
    parts = ['\n<div class="save-state" aria-live="polite">\n  ']
    if pk:
        if key:
            parts.append(f'<input type="hidden" name="id" value="{escape(str(pk))}">')
        version = localized_int(obj.version, context.use_l10n)
        parts.append(f'<input type="hidden" name="base_version" value="{escape(version)}">')
    parts.append("\n  ")
    if key:
        parts.append(f'<input type="hidden" name="key" value="{escape(str(key))}">')
    parts.append("\n  ")
    for name, value in (fields or {}).items():
        parts.append(
            f'<input type="hidden" name="was_{escape(str(name))}" value="{escape(str(value))}">'
        )
    parts.append(_statuses())
    return SafeString("".join(parts))  # every value escaped above


@per_language
def _statuses() -> str:
    saving, dirty = escape(gettext("Saving…")), escape(gettext("Not saved yet"))
    return (
        f'\n  <span class="status-saving">{saving}</span>'
        f'<span class="status-dirty">{dirty}</span>\n  \n</div>\n'
    )
