"""{% stamp %}: a block of per-row markup rendered once per page, each row's values slotted in.

A plan row's tools (Edit, More, Move up and down, Delete: links, htmx attributes, a form with
its CSRF token, a dozen translated labels) are the same markup on every row but for the row's
ids, and the template engine paid every node of them on every row. This block is rendered once
per page with a placeholder for each slot, and each row gets that text with its own values put
in the placeholders' place (docs/decisions/0025):

    {% stamp goal=gv.goal_id item=row.activity_id %}
      <a href="{% page_url 'plans:activity_edit' plan.pk item %}" hx-target="#goal-{{ goal }}">…
    {% endstamp %}

The rule that makes it correct: the block's output may depend on a slot only by printing it
({{ item }}, or as an argument of {% page_url %}); everything else in it must be the same for the
whole page (the language, the person's rights, the CSRF token). A slot tested by {% if %} or
changed by a filter would be stamped wrong: keep such branches outside the block. A UUID slot's
placeholder is a random UUID, so URL patterns take it; any other slot's is letters and digits,
which escaping and URL-quoting leave as they are. A slot prints what {{ slot }} would print.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    Parser,
    Token,
    render_value_in_context,
)
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _placeholder(value: Any) -> Any:
    return uuid.uuid4() if isinstance(value, uuid.UUID) else f"stampslot{uuid.uuid4().hex}"


class StampNode(Node):
    def __init__(self, nodelist: NodeList, slots: dict[str, FilterExpression]) -> None:
        self.nodelist = nodelist
        self.slots = slots

    def render(self, context: Context) -> SafeString:
        values = {name: expression.resolve(context) for name, expression in self.slots.items()}
        # One cache per rendered page, as {% page_url %} and page_i18n keep theirs; a UUID slot
        # and the same slot holding something else (None) get a stamp each.
        stamps: dict[Any, tuple[str, list[tuple[str, str]]]] = context.__dict__.setdefault(
            "_page_stamps", {}
        )
        key = (self, *(isinstance(value, uuid.UUID) for value in values.values()))
        stamp = stamps.get(key)
        if stamp is None:
            placeholders = {name: _placeholder(value) for name, value in values.items()}
            with context.push(**placeholders):
                block = str(self.nodelist.render(context))
            stamp = stamps[key] = (block, [(name, str(p)) for name, p in placeholders.items()])
        text, fills = stamp
        for name, placeholder in fills:
            value = values[name]
            shown = (
                str(value)
                if isinstance(value, uuid.UUID)
                else render_value_in_context(value, context)
            )
            text = text.replace(placeholder, shown)
        return mark_safe(text)


@register.tag
def stamp(parser: Parser, token: Token) -> StampNode:
    """{% stamp name=value … %}…{% endstamp %}"""
    bits = token.split_contents()[1:]
    slots: dict[str, FilterExpression] = {}
    for bit in bits:
        name, sep, value = bit.partition("=")
        if not sep or not name.isidentifier() or not value:
            raise template.TemplateSyntaxError(f"{{% stamp %}} takes name=value slots, not {bit!r}")
        slots[name] = parser.compile_filter(value)
    if not slots:
        raise template.TemplateSyntaxError("{% stamp %} needs at least one name=value slot")
    nodelist = parser.parse(("endstamp",))
    parser.delete_first_token()
    return StampNode(nodelist, slots)
