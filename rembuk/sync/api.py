"""The hub's sync endpoints. A node authenticates with its bearer token (no session, no CSRF);
each endpoint reads gzip JSON, calls one service and answers gzip JSON.

The token is checked from the header before the body is read or inflated, and the body is
inflated with a hard cap (rembuk.sync.wire), so an anonymous request costs the hub nothing and
a node's costs it a bounded amount. A malformed payload is a 4xx with a reason, never a 500.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rembuk.core.permissions import public
from rembuk.sync import services, tokens
from rembuk.sync.models import NodeToken
from rembuk.sync.wire import MAX_REQUEST_BYTES, SyncRefused, decode, encode, payload_text

logger = logging.getLogger(__name__)


def _answer(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(encode(data), status=status, content_type="application/json")
    response["Content-Encoding"] = "gzip"
    response["Cache-Control"] = "private, no-store"
    return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise SyncRefused(_("The request's length is malformed.")) from error


def _endpoint(
    handler: Callable[[NodeToken, dict[str, Any]], dict[str, Any]],
) -> Callable[[HttpRequest], HttpResponse]:
    @public
    @csrf_exempt
    @require_POST
    def view(request: HttpRequest) -> HttpResponse:
        try:
            header = request.headers.get("Authorization", "")
            token = tokens.token_from_header(header.removeprefix("Bearer ").strip())
            if _declared_length(request) > MAX_REQUEST_BYTES:
                raise SyncRefused(
                    _("The request is larger than %(limit)d MB; send smaller batches.")
                    % {"limit": MAX_REQUEST_BYTES // (1024 * 1024)},
                    status=413,
                )
            payload = decode(request.body)
            token = tokens.token_bind(token, payload_text(payload, "node_id", limit=40))
            return _answer(handler(token, payload))
        except SyncRefused as refusal:
            # `code`, when there is one, tells the node what kind of problem it is
            # (rembuk.sync.problems); the reason is for the person who looks after Rembuk.
            code = {"code": refusal.code} if refusal.code else {}
            return _answer(
                {"reason": refusal.reason, **refusal.data, **code}, status=refusal.status
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            # Every field is checked on the way in; should one slip through, the node still
            # gets a refusal it can read, and the hub's log keeps the trace.
            logger.exception("malformed sync payload from a node")
            return _answer({"reason": _("The sync data is malformed.")}, status=400)

    view.__name__ = handler.__name__
    return view


hello = _endpoint(services.hub_hello)
push = _endpoint(services.hub_push)
pull = _endpoint(services.hub_pull)
ack = _endpoint(services.hub_ack)
