"""The site's URLs plus two views to compare the meeting page with, under the same server:

- a minimal Django view (signed in, like the page: the session and the user are looked up,
  every middleware runs, nothing else);
- a view that runs only the meeting page's own queries — recorded from the page itself by
  bench_throughput.py — and answers their row count as JSON.
"""

from __future__ import annotations

import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as site_urls
from rembuk.core.permissions import rule, signed_in


@rule(signed_in)
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@cache
def _recorded() -> list[tuple[str, Any]]:
    with open(Path(os.environ["REMBUK_BENCH_QUERIES"]), "rb") as handle:
        return list(pickle.load(handle))  # noqa: S301 - the bench's own file


@rule(signed_in)
def meeting_queries(request: HttpRequest) -> HttpResponse:
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in _recorded():
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return JsonResponse({"queries": len(_recorded()), "rows": rows})


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/meeting-queries/", meeting_queries),
    *site_urls,
]
