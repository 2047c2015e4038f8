"""{% site_url %}: the URL of a page that takes no arguments, reversed once per process; and
the one home of the URL texts that are the same for every request ({% page_url %}'s too).

The frame of every page (base.html's header, the main menu) links to a dozen fixed pages, and a
full reverse() for each was about a tenth of a page that shows nothing else. A URL without
arguments is the same text for every request, as long as the URL configuration, the script
prefix (SCRIPT_NAME) and the language (for translated patterns) are the same: those are the
cache's key (docs/decisions/0025). Same output and errors as {% url 'name' %}.

{% page_url %} keeps its URLs with placeholder ids in the same table (`patterns`): they depend
on nothing else but the URL name, the current app and the arguments' kinds. {% stamp %} keeps
its blocks per page instead: they hold the CSRF token and what the person may do.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from rembuk.core.page_context import once_per_page
from rembuk.core.slotted_urls import Slot, SlottedURL

register = template.Library()


class FixedURLs(dict[str, str]):
    """reverse(name) of URL names that take no arguments, filled as they are asked for, under
    one URL configuration, script prefix and language; beside them, {% page_url %}'s URLs with
    placeholders, by URL name, current app, keyword names and the arguments' kinds."""

    def __init__(self, urlconf: Any, key: tuple[Any, str, str | None]) -> None:
        super().__init__()
        self.urlconf = urlconf
        # What the table's texts depend on, for texts kept elsewhere ({% fixed %}'s blocks).
        self.key = key
        self.patterns: dict[tuple[Any, ...], SlottedURL] = {}
        # {% page_url %}'s URLs with unslotted values (texts) in the key, bounded there.
        self.valued: dict[tuple[Any, ...], SlottedURL] = {}

    def __missing__(self, name: str) -> str:
        url = self[name] = reverse(name, urlconf=self.urlconf)
        return url

    def slotted(self, view_name: str, *args: Slot | str, escaped: bool = False) -> SlottedURL:
        """SlottedURL(view_name, args), `.escaped()` if asked, reversed once per process (and
        URL configuration, prefix and language): for a URL a page repeats with its records'
        ids, each a Slot, the other arguments fixed texts of the code (a kind, never a value
        from a request)."""
        key = ("slotted", escaped, view_name, *args)
        url = self.patterns.get(key)
        if url is None:
            url = SlottedURL(view_name, args)
            url = self.patterns[key] = url.escaped() if escaped else url
        return url


_tables: dict[tuple[Any, str, str | None], FixedURLs] = {}


def fixed_urls() -> FixedURLs:
    """The fixed URLs of this request; ask once per page (the key's parts cost more than the
    lookups)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = (urlconf, get_script_prefix(), get_language())
    table = _tables.get(key)
    if table is None:
        table = _tables[key] = FixedURLs(urlconf, key)
    return table


def page_table(context: Context) -> FixedURLs:
    """fixed_urls() of the page being rendered, asked once per page (a Context and its copies
    share it)."""
    return once_per_page(context, "_site_urls", fixed_urls)


@register.simple_tag(takes_context=True)
def site_url(context: Context, name: str) -> str:
    """{% site_url 'name' %}: {% url 'name' %} for a name that takes no arguments."""
    return page_table(context)[name]
