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

A block may name values of the page it depends on, `{% fixed menu menu_more %}`: it sees
those and nothing else, and one text is kept per language and combination of their values
(which must be hashable, and few: the menu of a set of roles, not a person's name). The
values are worked out on every request; only the markup around them is kept.
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


# A block with values keeps one text per language and combination of values, up to this
# many: the values it is given come from a small set (the sections of the menu a set of roles
# sees); past the limit it is rendered each time, still correct, so no page can grow the table.
MOST_TEXTS = 512


class FixedNode(Node):
    # Opaque to get_nodes_by_type(): {% extends %} walks the parent template for its blocks on
    # every request, and a fixed block holds none (fixed() refuses them).
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, names: list[str]) -> None:
        self.nodelist = nodelist
        self.names = names
        # Kept on the node, so a template parsed again (DEBUG, no cached loader) drops its texts.
        self.texts: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        values = tuple(context.get(name) for name in self.names) if self.names else ()
        key = (page_table(context).key, context.autoescape, values)
        try:
            text = self.texts.get(key)
        except TypeError:  # a value that cannot be a key: rendered each time, not kept
            return self._render_alone(context, values)
        if text is None:
            text = self._render_alone(context, values)
            if len(self.texts) < MOST_TEXTS:
                self.texts[key] = text
        return text

    def _render_alone(self, context: Context, values: tuple[Any, ...]) -> SafeString:
        # A plain Context, not a copy of the page's: no request, no context processors.
        isolated = Context(
            dict(zip(self.names, values, strict=True)),
            autoescape=context.autoescape,
            use_l10n=context.use_l10n,
            use_tz=context.use_tz,
        )
        isolated.template = context.template  # nodes read the engine's settings through it
        return mark_safe(self.nodelist.render(isolated))


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    """{% fixed [name …] %}…{% endfixed %}"""
    names = token.split_contents()[1:]
    for name in names:
        if not name.isidentifier():
            raise template.TemplateSyntaxError(f"{{% fixed %}} takes variable names, not {name!r}")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside {% fixed %}")
    return FixedNode(nodelist, names)


class NoBlocksNode(Node):
    """Markup rendered as it is, hidden from the walk `{% extends %}` makes of the parent
    template for its blocks on every request (every node of `base.html` outside its fixed
    blocks, a fifth of the frame's template work)."""

    child_nodelists = ()

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        return self.nodelist.render(context)


@register.tag
def noblocks(parser: Parser, token: Token) -> NoBlocksNode:
    """{% noblocks %}…{% endnoblocks %}: a part of a parent template that holds no block."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% noblocks %} takes no arguments")
    nodelist = parser.parse(("endnoblocks",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% block %} cannot be inside {% noblocks %}")
    return NoBlocksNode(nodelist)
