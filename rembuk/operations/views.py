"""The installation's status page (programme team) and /healthz (the hub's monitoring)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from rembuk.core.permissions import public, rule
from rembuk.operations import selectors
from rembuk.operations.permissions import can_view_installation


@rule(can_view_installation)
def status_page(request: HttpRequest) -> HttpResponse:
    status = selectors.installation_status(request.user)
    return render(
        request,
        "operations/status.html",
        {
            "status": status,
            "backup_is_stale": status.last_backup is None
            or selectors.is_stale(status.last_backup.made_at),
        },
    )


@public
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers at this version's schema, else 503. Says nothing else:
    anyone may ask."""
    ok, problems, _pending = selectors.database_health()
    healthy = ok and not problems
    return JsonResponse({"status": "ok" if healthy else "error"}, status=200 if healthy else 503)
