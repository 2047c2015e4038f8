"""{% page_url %}: Django's {% url %} with one reverse() per URL name and page.

A page that prints the same URL for every row (a move button per village, a save form per
follow-up) paid a full reverse() per tag: about a tenth of the meeting page. This tag reverses a
URL name with placeholder ids and slots each row's ids into that text (docs/decisions/0025).
The text with placeholders is the same for every request: it is kept per process, beside
{% site_url %}'s URLs (site_urls.FixedURLs.patterns); a URL reversed with an argument that is
not slotted (a text) is kept for the page only. Same arguments, same output, same errors as
{% url %}.
"""

from __future__ import annotations

import uuid
from html import escape
from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode, url
from django.urls import NoReverseMatch, reverse

from rembuk.core.templatetags.site_urls import page_table

register = template.Library()

# Placeholders that no URL's fixed text contains; each argument position has its own.
_INT_SLOT_BASE = 987_654_320_000
_UUID_SLOTS = tuple(uuid.UUID(int=position + 1) for position in range(12))


def _slot(position: int, value: Any) -> Any:
    """The placeholder standing for `value` at `position`, or None when the value's text is not
    exactly what a path converter writes (only UUIDs and ints are slotted; other values are
    reversed as they are, and the page keeps one text per distinct value)."""
    if isinstance(value, uuid.UUID):
        return _UUID_SLOTS[position] if position < 12 else uuid.UUID(int=position + 1)
    if type(value) is int and value >= 0:
        return _INT_SLOT_BASE + position
    return None


def _current_app(context: Context) -> str | None:
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


def _reversed(
    view_name: str, app: str | None, args: list[Any], kwargs: dict[str, Any], slots: list[Any]
) -> tuple[str, list[tuple[str, int]] | None]:
    """The URL with each slotted argument as its placeholder, and where to put the values back;
    when a pattern refuses a placeholder (a converter narrower than any int), the URL of the
    values themselves and no fills (not to be kept: it holds this row's values)."""
    values = [*args, *kwargs.values()]
    placed = [s if s is not None else v for s, v in zip(slots, values, strict=True)]
    try:
        text = reverse(
            view_name,
            args=placed[: len(args)],
            kwargs=dict(zip(kwargs, placed[len(args) :], strict=True)),
            current_app=app,
        )
    except NoReverseMatch:
        if all(s is None for s in slots):
            raise
        return reverse(view_name, args=args, kwargs=kwargs, current_app=app), None
    return text, [(str(s), i) for i, s in enumerate(slots) if s is not None]


class PageURLNode(URLNode):
    def render(self, context: Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        app_key = context.__dict__.get("_page_urls_app", Ellipsis)
        if app_key is Ellipsis:
            app_key = context.__dict__["_page_urls_app"] = _current_app(context)
        values = [*args, *kwargs.values()]
        slots = [_slot(position, value) for position, value in enumerate(values)]
        shape = tuple(
            type(value) if slot is not None else ("value", value)
            for value, slot in zip(values, slots, strict=True)
        )
        key = (view_name, app_key, tuple(kwargs), shape)
        # Every argument slotted: the text is the same for every request, kept per process;
        # else per rendered page (a Context and its copies, includes and {% with %}, share it).
        cache: dict[tuple[Any, ...], tuple[str, list[tuple[str, int]] | None]]
        if None not in slots:
            cache = page_table(context).patterns  # type: ignore[assignment]
        else:
            cache = context.__dict__.setdefault("_page_urls", {})
        try:
            entry = cache.get(key)
        except TypeError:  # an argument that cannot be a key: reverse it as {% url %} does
            entry = None
            key = None  # type: ignore[assignment]
        url_text = ""
        try:
            if entry is None:
                entry = _reversed(view_name, app_key, args, kwargs, slots)
                if key is not None and entry[1] is not None:
                    cache[key] = entry
            url_text, fills = entry
            if fills is None:  # the placeholders did not fit the pattern: reversed as it is
                fills = []
            for placeholder, position in fills:
                url_text = url_text.replace(placeholder, str(values[position]))
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url_text = ""
        if self.asvar:
            context[self.asvar] = url_text
            return ""
        return escape(url_text) if context.autoescape else url_text


@register.tag
def page_url(parser: Parser, token: Token) -> PageURLNode:
    """{% page_url 'app:name' arg1 arg2 [as var] %}, written like {% url %}."""
    node = url(parser, token)
    return PageURLNode(node.view_name, node.args, node.kwargs, node.asvar)
