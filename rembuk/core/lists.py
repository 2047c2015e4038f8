"""Long lists: how many rows one page shows, and how many regions a filter offers to choose
from before it asks for a code instead. A national team's scope holds 7,277 kecamatan and
83,762 desa: a page that listed them all weighed megabytes and took seconds to draw
(docs/decisions/0034)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

ROWS_PER_PAGE = 50
# A <select> of more regions than this is a wall nobody scrolls: the filter takes a typed code.
CHOICES_OFFERED = 200


def page_of(request: HttpRequest, rows: Any, *, counted: Any = None) -> Page:
    """The page of `rows` that `?page=` asks for (the first, or the last when past the end).
    templates/includes/pagination.html links to the others, keeping the other parameters.
    `counted`: the same rows without what only their order needs, counted instead of `rows`."""
    paginator = Paginator(rows, ROWS_PER_PAGE)
    if counted is not None:
        paginator.__dict__["count"] = counted.count()  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get("page"))
