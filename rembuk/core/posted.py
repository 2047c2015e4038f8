"""Reading what a form posted, the same way on every page.

Autosaving cells post, besides each field, the value the page showed (`was_<name>`) and the
version it was built from (`base_version`). Sending the services only the fields that differ
from what the page showed is what lets two people edit different cells of one record at once;
the version lets rembuk.core.history refuse a stale edit of the same field (ADR 0007).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import QueryDict

from rembuk.core.dates import parse_day


def changed_fields(
    post: QueryDict, names: list[str], multi: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The fields whose posted value differs from what the page showed (`was_<name>`).

    A name in `multi` is a list of values (checkboxes); the page showed it comma-separated.
    """
    changed: dict[str, Any] = {}
    for name in names:
        if name in multi:
            values = sorted(v for v in post.getlist(name) if v)
            if values != sorted(v for v in str(post.get(f"was_{name}", "")).split(",") if v):
                changed[name] = values
            continue
        if name not in post:
            continue
        # Browsers send line ends as CRLF; the page showed them as LF.
        text = str(post.get(name, "")).replace("\r\n", "\n")
        if text != str(post.get(f"was_{name}", "")).replace("\r\n", "\n"):
            changed[name] = text
    return changed


def base_version(post: QueryDict) -> int | None:
    """The version the page was built from, or None when it did not say."""
    try:
        return int(str(post["base_version"]))
    except (KeyError, ValueError):
        return None


def posted_date(value: str | None) -> datetime.date | None:
    """A date typed in a date field (dd-mm-yyyy, rembuk.core.dates), or None when left empty."""
    return parse_day(value)
