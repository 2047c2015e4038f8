"""{% csrf_token %} written once per page.

Load it after the template's other libraries (`{% load … page_csrf %}`): it replaces the
`csrf_token` tag of that template. A page with a small form per row (the meeting page: seventy)
paid `format_html` for the same hidden input each time; this node keeps the input per page and
token. Same output as Django's tag, which it calls (docs/decisions/0025).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode

register = template.Library()


class PageCsrfTokenNode(CsrfTokenNode):
    def render(self, context: Context) -> str:
        token = context.get("csrf_token")
        # One slot per rendered page: a Context and its copies (includes, {% with %}) share it.
        kept: dict[str, Any] = context.__dict__.setdefault("_page_csrf_input", {})
        if "input" not in kept or kept["token"] is not token:
            kept["token"], kept["input"] = token, super().render(context)
        return kept["input"]  # type: ignore[no-any-return]


@register.tag
def csrf_token(parser: Parser, token: Token) -> PageCsrfTokenNode:
    """{% csrf_token %}, written as before."""
    return PageCsrfTokenNode()
