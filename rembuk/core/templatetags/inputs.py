"""{% input_field form.field %}: a form field's <input> written in one Python call.

Django writes a field's widget through its form renderer: the template engine renders the
widget's template (text.html, date.html …), input.html and attrs.html for one element, about
1,400 Python calls for the plan page's adoption date. This tag writes the same bytes from the
same parts — the attributes BoundField.as_widget builds (`required`, `id`, aria ones) and the
widget's own context (type, name, formatted value, attributes) — so the form stays the one
home of what the input carries (docs/decisions/0025). Only plain `<input>` widgets whose values
are text, numbers or booleans take this path; anything else (a <select>, a textarea, a hidden
initial value, a template of its own) is rendered by Django as before. A test holds the two
equal.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.forms.widgets import Input
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        *("text", "number", "email", "url", "password", "hidden", "search", "tel"),
        *("date", "datetime", "time", "color"),
    )
)


def _plain(value: object) -> bool:
    return value is None or isinstance(value, (str, int, Promise))  # bool is an int


@register.simple_tag
def input_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    if (
        not isinstance(widget, Input)
        or widget.template_name not in INPUT_TEMPLATES
        or field.field.show_hidden_initial
        or field.field.localize
    ):
        return mark_safe(str(field))
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    shown = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if not _plain(shown["value"]) or not all(map(_plain, shown["attrs"].values())):
        return mark_safe(str(field))
    # input.html and attrs.html, with the engine's escaping of each printed value.
    html = f'<input type="{conditional_escape(shown["type"])}"'
    html += f' name="{conditional_escape(shown["name"])}"'
    if shown["value"] is not None:
        html += f' value="{conditional_escape(str(shown["value"]))}"'
    for name, value in shown["attrs"].items():
        if value is True:
            html += f" {conditional_escape(name)}"
        elif value is not False:
            html += f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
    return mark_safe(html + ">")
