"""The hub's sync endpoints. A node authenticates with its bearer token (no session, no CSRF);
each endpoint reads gzip JSON, calls one service and answers gzip JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rembuk.core.permissions import public
from rembuk.sync import services
from rembuk.sync.models import NodeToken

MAX_BODY_BYTES = 20 * 1024 * 1024


def _answer(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(services.encode(data), status=status, content_type="application/json")
    response["Content-Encoding"] = "gzip"
    return response


def _endpoint(
    handler: Callable[[NodeToken, dict[str, Any]], dict[str, Any]],
) -> Callable[[HttpRequest], HttpResponse]:
    @public
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        try:
            if len(request.body) > MAX_BODY_BYTES:
                raise services.SyncRefused("Batch too large.", status=413)
            payload = services.decode(request.body)
            header = request.headers.get("Authorization", "")
            plain = header.removeprefix("Bearer ").strip()
            token = services.token_authenticate(plain, str(payload.get("node_id", "")))
            return _answer(handler(token, payload))
        except services.SyncRefused as refusal:
            return _answer({"reason": refusal.reason, **refusal.data}, status=refusal.status)

    view.__name__ = handler.__name__
    return view


hello = _endpoint(lambda token, payload: services.hub_hello(token))
hello.__name__ = "hello"
push = _endpoint(services.hub_push)
pull = _endpoint(services.hub_pull)
ack = _endpoint(services.hub_ack)
