"""{% sent_once %}: the page render's token in a plain POST form (rembuk.core.sent_once, ADR
0032). Beside {% csrf_token %}; never inside a {% fixed %} block, whose markup is kept across
requests (a kept token would make two renders one)."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.html import format_html

from rembuk.core import sent_once as rule

register = template.Library()


@register.simple_tag(takes_context=True)
def sent_once(context: Context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return format_html(
        '<input type="hidden" name="{}" value="{}">', rule.FIELD, rule.page_token(request)
    )
