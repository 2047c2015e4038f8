"""Absolute links for what is printed or read aloud and typed elsewhere: QR codes on posters,
the login address on an invitation, the hub's address for node_init. And the page a form was
sent from, to lead the person back to it.

REMBUK_BASE_URL (settings.BASE_URL) is the public address when set: a hub behind a TLS proxy
then prints https:// links whatever the proxy forwards. Without it, the request's own address
(https too behind a proxy that sets X-Forwarded-Proto, with REMBUK_BEHIND_PROXY=1).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """`path` (from reverse(), so it already holds any script prefix) on the public address."""
    if settings.BASE_URL:
        public = urlsplit(settings.BASE_URL)
        return f"{public.scheme}://{public.netloc}{path}"
    if request is None:
        raise ValueError("An absolute URL outside a request needs REMBUK_BASE_URL.")
    return request.build_absolute_uri(path)


def site_address(request: HttpRequest | None) -> str:
    return absolute_url(request, "/")


def page_sent_from(request: HttpRequest) -> str:
    """The path (and query) of the page this request was sent from, by its Referer, when that
    page is this site's; else "". (Another site's address is never followed.)"""
    page = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(page, {request.get_host()}, request.is_secure()):
        return ""
    parts = urlsplit(page)
    return parts.path + (f"?{parts.query}" if parts.query else "")
