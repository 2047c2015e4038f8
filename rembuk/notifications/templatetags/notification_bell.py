"""{% notification_bell %}: the header's link to the notifications with the unread count, the
one home of its markup.

Two places write it: the frame of every page (base.html) and the answer to an htmx "Mark read"
(notifications/notification_list.html), which replaces the bell's content out of band so the
header's count follows. Both read `unread_notifications` from the context processor, which asks
the database only when the count is printed.
"""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from rembuk.core.templatetags.site_urls import page_table

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_bell(context: Context, *, out_of_band: bool = False) -> SafeString:
    """The bell; `out_of_band=True` for an htmx answer: the same content, swapped into the
    header's bell by its id."""
    unread = context.get("unread_notifications")
    count = (
        format_html(
            ' <span class="count">{}<span class="visually-hidden"> {}</span></span>',
            localize(unread),
            gettext("unread"),
        )
        if unread
        else ""
    )
    if out_of_band:
        return format_html(
            '<a id="notification-bell" hx-swap-oob="innerHTML">{}{}</a>',
            gettext("Notifications"),
            count,
        )
    return format_html(
        '<a class="notification-bell" id="notification-bell" href="{}">{}{}</a>',
        page_table(context)["notifications:notification_list"],
        gettext("Notifications"),
        count,
    )
