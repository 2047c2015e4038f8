"""Small helpers for views that serve a whole page and its htmx fragments from one template."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def template_for(request: HttpRequest, page: str, fragment: str) -> str:
    """`page` for a normal request, `page#fragment` (a partialdef) for an htmx request."""
    return f"{page}#{fragment}" if is_htmx(request) else page
