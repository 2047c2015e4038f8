"""A dashboard table as HTML, built in Python rather than by template loops.

Profiling the dashboards showed the template engine taking most of a page's time once the
figures were kept: seven tables of up to fifty rows are a few thousand cells, each several
template nodes. The markup is the one the template wrote: the first cell of a row is its row
header (a link when the row opens a page), numbers and dates align right, a missing number is a
dash. Every text goes through escape(); nothing here is marked safe that was not escaped.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from html import escape  # what django.utils.html.escape returns, without its lazy-text wrapper
from typing import Any

from django.utils.safestring import SafeString, mark_safe

MISSING = "–"


def _cell(value: Any) -> tuple[str, bool]:
    """(escaped text, is a number) of one value."""
    if value is None:
        return MISSING, True
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y"), True
    if isinstance(value, bool):
        return escape(str(value)), False
    if isinstance(value, int | float):
        return str(value), True
    return escape(str(value)), False


def table_html(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], links: Sequence[str | None]
) -> SafeString:
    body = []
    numeric: list[bool] = []
    for index, row in enumerate(rows):
        cells = [_cell(value) for value in row]
        if not numeric:
            numeric = [num for _text, num in cells]
        link = links[index] if index < len(links) else None
        first = cells[0][0]
        if link:
            first = f'<a href="{escape(link)}">{first}</a>'
        rest = "".join(
            f'<td class="num">{text}</td>' if num else f"<td>{text}</td>" for text, num in cells[1:]
        )
        body.append(f'<tr><th scope="row">{first}</th>{rest}</tr>')
    head = "".join(
        f'<th scope="col" class="num">{escape(str(header))}</th>'
        if 0 < index < len(numeric) and numeric[index]
        else f'<th scope="col">{escape(str(header))}</th>'
        for index, header in enumerate(headers)
    )
    return mark_safe(
        f'<table class="dash-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )
