"""{% fixed %}: markup that is the same for every request in one language, written once per
process and language.

`base.html`, the frame of every page, is mostly such markup: the head's links, translated
labels, fixed URLs, the language buttons. The template engine paid every node of it on every
request, about a third of a page that shows nothing else. A fixed block is rendered the first
time it is met under a URL configuration, script prefix and language (the key of
`site_urls.fixed_urls()`, which keeps the fixed URLs beside it) and that text is written
afterwards (docs/decisions/0025):

    {% fixed %}<a class="skip" href="#main">{% translate "Skip to content" %}</a>{% endfixed %}

The block is rendered with an empty context: it sees the active language (through
`{% get_current_language %}`, `{% translate %}`, `{% site_url %}`, `{% static %}`) but neither
the request, the person nor the CSRF token, so nothing about one person can be kept for the
next. Whatever reads the context (`{{ user }}`, `{% csrf_token %}`, `{% if messages %}`) stays
outside the block; inside it would print as empty, which the tests of each page show.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.utils.safestring import SafeString, mark_safe

from rembuk.core.templatetags.site_urls import page_table

register = template.Library()


class FixedNode(Node):
    # Opaque to get_nodes_by_type(): {% extends %} walks the parent template for its blocks on
    # every request, and a fixed block holds none (fixed() refuses them).
    child_nodelists = ()

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        # Kept on the node, so a template parsed again (DEBUG, no cached loader) drops its texts.
        self.texts: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (page_table(context).key, context.autoescape)
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = self._first_render(context)
        return text

    def _first_render(self, context: Context) -> SafeString:
        # A plain Context, not a copy of the page's: no request, no context processors.
        isolated = Context(
            autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz
        )
        with isolated.bind_template(context.template):
            return mark_safe(self.nodelist.render(isolated))


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    """{% fixed %}…{% endfixed %}"""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% fixed %} takes no arguments")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside {% fixed %}")
    return FixedNode(nodelist)
