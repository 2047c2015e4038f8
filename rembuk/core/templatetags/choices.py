"""Choice lists built in one Python loop: a page that lists many choices (every kabupaten of the
country in a filter) would otherwise pay the template engine for each <option>."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString  # mark_safe less its lazy-text check: str here

from rembuk.core.forms import ChoicesText

register = template.Library()


# The markup kept per list made once per process (ChoicesText), up to this many selected
# values: the selected value comes from the request, so no request can grow the table.
MOST_KEPT = 64


@register.simple_tag
def options(choices: Iterable[tuple[Any, ...]], selected: Any = None) -> SafeString:
    """{% options kabupatens form.kabupaten.value %}: an <option> for each (value, label) or
    (value, label, title), the one whose value equals `selected` (as text) marked selected;
    values, labels and titles escaped. A title is the label in full where the label is short
    (an agency's short name, which a closed <select> on a phone shows whole). The markup of a
    ChoicesText (the same list for every request) is kept per selected value."""
    chosen = None if selected is None else str(selected)
    if not isinstance(choices, ChoicesText):
        return _options(choices, chosen)
    kept = choices.options_markup
    markup = kept.get(chosen)
    if markup is None:
        markup = _options(choices, chosen)
        if len(kept) < MOST_KEPT:
            kept[chosen] = markup
    return SafeString(markup)  # made by _options, every value and label escaped


def _options(choices: Iterable[tuple[Any, ...]], chosen: str | None) -> SafeString:
    parts = []
    for value, label, *title in choices:
        text = str(value)
        full = f' title="{escape(str(title[0]))}"' if title else ""
        mark = " selected" if text == chosen else ""
        parts.append(f'<option value="{escape(text)}"{full}{mark}>{escape(str(label))}</option>')
    return SafeString("".join(parts))  # every value, label and title escaped above


@register.simple_tag
def checkboxes(name: str, choices: Iterable[tuple[Any, Any, bool]]) -> SafeString:
    """{% checkboxes "blocked_activity_ids" item.checks %}: a labelled checkbox named `name` for
    each (value, label, checked), one per line; values and labels escaped."""
    field = escape(str(name))
    return SafeString(  # every value and label escaped
        "\n".join(
            f'<label><input type="checkbox" name="{field}" value="{escape(str(value))}"'
            f"{' checked' if checked else ''}> {escape(str(label))}</label>"
            for value, label, checked in choices
        )
    )
