"""Cursor pagination: a page ends with `next_cursor` (and the `next` URL) naming the last row
by its sort keys, and the next page starts after it (keyset pagination).

Unlike page numbers, a cursor neither skips nor repeats a row when rows are added or removed
between two requests, and reading page 500 costs what page 1 costs. Every ordering ends with
the primary key, so the keys name exactly one row. The cursor is opaque to clients (base64 of
the key values); a cursor that does not fit the ordering is refused with a field error.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadCursor(ValueError):
    pass


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    next: str | None


def _key(obj: Model, path: str) -> Any:
    value: Any = obj
    for part in path.lstrip("-").split("__"):
        value = getattr(value, part)
    return value


def _encode(signature: str, values: Sequence[Any]) -> str:
    raw = json.dumps({"o": signature, "v": [str(v) for v in values]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(signature: str, cursor: str, width: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values = data["v"]
        if data["o"] != signature or len(values) != width:
            raise BadCursor
        if not all(isinstance(v, str) for v in values):
            raise BadCursor
    except (ValueError, KeyError, TypeError, binascii.Error) as bad:
        raise BadCursor(
            _("This cursor does not belong to this list. Start again without a cursor.")
        ) from bad
    return list(values)


def _after(order: Sequence[str], values: Sequence[str]) -> Q:
    """Rows that sort after the row whose keys are `values`."""
    condition = Q(pk__in=[])
    for index, field in enumerate(order):
        name = field.lstrip("-")
        step = Q(**{f"{name}__lt" if field.startswith("-") else f"{name}__gt": values[index]})
        for earlier, value in zip(order[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    order: Sequence[str],
    cursor: str | None,
    limit: int,
) -> Page:
    """One page of `queryset` in `order` (which must end with a unique key, e.g. "id")."""
    signature = ",".join(order)
    rows = queryset.order_by(*order)
    if cursor:
        rows = rows.filter(_after(order, _decode(signature, cursor, len(order))))
    items = list(rows[: limit + 1])
    if len(items) <= limit:
        return Page(items, None, None)
    items = items[:limit]
    next_cursor = _encode(signature, [_key(items[-1], field) for field in order])
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return Page(
        items, next_cursor, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    )


def offset_of(cursor: str | None, *, signature: str) -> int:
    """Where a ranked list (a search) resumes: its cursor holds an offset."""
    if not cursor:
        return 0
    raw = _decode(signature, cursor, 1)[0]
    if not raw.isdigit():
        raise BadCursor(
            _("This cursor does not belong to this list. Start again without a cursor.")
        )
    return int(raw)


def ranked_page(
    request: HttpRequest, items: Sequence[Any], *, offset: int, limit: int, signature: str
) -> Page:
    """A page of a ranked list fetched as `items` = rows offset … offset + limit (one more
    than shown, to know whether another page follows)."""
    if len(items) <= limit:
        return Page(list(items), None, None)
    next_cursor = _encode(signature, [offset + limit])
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return Page(
        list(items[:limit]),
        next_cursor,
        request.build_absolute_uri(f"{request.path}?{query.urlencode()}"),
    )
