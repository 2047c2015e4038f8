"""{% page_url %}: Django's {% url %} with one reverse() per URL name and page.

A page that prints the same URL for every row (a move button per village, a save form per
follow-up) paid a full reverse() per tag: about a tenth of the meeting page. This tag reverses a
URL name with placeholder ids and slots each row's ids into that text (a `SlottedURL`,
rembuk/core/slotted_urls.py; docs/decisions/0025). The text with placeholders is the same for
every request: it is kept per process, beside {% site_url %}'s URLs
(site_urls.FixedURLs.patterns); a URL reversed with an argument that is not slotted (a text) is
kept per process with that text, up to VALUED_MOST of them, then for the page only. Same
arguments, same output, same errors as {% url %}.
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

from rembuk.core.slotted_urls import Slot, SlotRefusedError, SlottedURL, int_slot, uuid_slot
from rembuk.core.templatetags.site_urls import page_table

register = template.Library()

# Placeholders by argument position (the same position, the same placeholder: one kept text
# serves every page), for the values a path converter writes as their own text.
_UUID_SLOTS = tuple(uuid_slot(position + 1) for position in range(12))
_INT_SLOTS = tuple(int_slot(position) for position in range(12))
# How many URLs with unslotted values a process keeps (each a few hundred bytes).
VALUED_MOST = 4096


def _slot(position: int, value: Any) -> Slot | None:
    """The placeholder standing for `value` at `position`, or None when the value's text is not
    exactly what a path converter writes (only UUIDs and ints are slotted; other values are
    reversed as they are, and the page keeps one text per distinct value)."""
    if isinstance(value, uuid.UUID):
        return _UUID_SLOTS[position] if position < 12 else uuid_slot(position + 1)
    if type(value) is int and value >= 0:
        return _INT_SLOTS[position] if position < 12 else int_slot(position)
    return None


def _current_app(context: Context) -> str | None:
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


def _slotted(
    view_name: str, app: str | None, args: list[Any], kwargs: dict[str, Any], slots: list[Any]
) -> SlottedURL | None:
    """The URL with each slotted argument as its placeholder; None when a pattern refuses a
    placeholder (a converter narrower than any int): then each row's URL is reversed as it is."""
    placed = [
        s if s is not None else v for s, v in zip(slots, [*args, *kwargs.values()], strict=True)
    ]
    try:
        return SlottedURL(
            view_name,
            placed[: len(args)],
            dict(zip(kwargs, placed[len(args) :], strict=True)),
            current_app=app,
        )
    except SlotRefusedError:
        return None


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
            type(value) if slot is not None else ("value", type(value), value)
            for value, slot in zip(values, slots, strict=True)
        )
        key = (view_name, app_key, tuple(kwargs), shape)
        # Every argument slotted: the text is the same for every request, kept per process.
        # Else the unslotted values (a region code, a format) are part of the key: kept per
        # process too while there are few (the formats of a village's sheet are six, the
        # kecamatan a laptop shows one), then per rendered page (a Context and its copies,
        # includes and {% with %}, share it), as every desa of the country would not fit.
        cache: dict[tuple[Any, ...], SlottedURL]
        table = page_table(context)
        try:
            if None not in slots:
                cache = table.patterns
            elif len(table.valued) < VALUED_MOST or key in table.valued:
                cache = table.valued
            else:
                cache = context.__dict__.setdefault("_page_urls", {})
            slotted = cache.get(key)
        except TypeError:  # an argument that cannot be a key: reverse it as {% url %} does
            slotted = None
            key = None  # type: ignore[assignment]
        url_text = ""
        try:
            if slotted is None:
                slotted = _slotted(view_name, app_key, args, kwargs, slots)
                if key is not None and slotted is not None:
                    cache[key] = slotted
            if slotted is None:  # the placeholders did not fit the pattern: reversed as it is
                url_text = reverse(view_name, args=args, kwargs=kwargs, current_app=app_key)
            else:
                url_text = slotted.fill(
                    *[v for v, s in zip(values, slots, strict=True) if s is not None]
                )
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
