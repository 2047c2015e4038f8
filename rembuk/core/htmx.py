"""Small helpers for views that serve a whole page and its htmx fragments from one template."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    # The headers as WSGI names them: `request.headers` would build a table of every header
    # for these two, on every page.
    meta = request.META
    return meta.get("HTTP_HX_REQUEST") == "true" and not meta.get("HTTP_HX_BOOSTED")


def template_for(request: HttpRequest, page: str, fragment: str) -> str:
    """`page` for a normal request, `page#fragment` (a partialdef) for an htmx request."""
    return f"{page}#{fragment}" if is_htmx(request) else page
