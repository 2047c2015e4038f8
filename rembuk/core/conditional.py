"""Conditional GETs: answering "304 Not Modified" to a client that already holds what it asks
for. The API tags each JSON read (rembuk.api.conditional); meeting mode tags the projector's
poll by what its stage is drawn from (ADR 0029). One reading of `If-None-Match` for both."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.http import HttpRequest, HttpResponse

_TAG = re.compile(r'^\s*(?:W/)?"?(?P<opaque>[^",]*)"?\s*$')


def opaque_tags(header: str) -> list[str]:
    """The tags an ETag header lists, without their quotes and weak marks."""
    tags = []
    for part in header.split(","):
        match = _TAG.match(part)
        if match:
            tags.append(match.group("opaque"))
    return tags


def not_modified(request: HttpRequest, etag: str) -> bool:
    """If-None-Match names this ETag (weak comparison: compression marks tags weak on the way
    out, and a tag made from what a page is drawn from is weak from the start)."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return bool(set(opaque_tags(etag)) & set(opaque_tags(header)))


def weak_etag(*parts: Any) -> str:
    """A weak ETag naming these parts (each by its `str`): equal parts, equal tag."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]
    return f'W/"{digest}"'


def not_modified_response(etag: str, *, like: HttpResponse | None = None) -> HttpResponse:
    """A 304 for `etag`, with the caching headers of the answer it stands for (`like`)."""
    unchanged = HttpResponse(status=304)
    del unchanged["Content-Type"]  # a 304 has no body to describe
    unchanged["ETag"] = etag
    if like is not None:
        for header in ("Cache-Control", "Vary", "Content-Language"):
            if header in like:
                unchanged[header] = like[header]
    return unchanged
