"""Offline bundles: sync by file, on a USB stick or over WhatsApp (docs/decisions/0005).

Owns these rules: a bundle is signed (HMAC of the node token's key over its clear header and its
body) and its signature is checked before the body is even inflated; it is refused when altered,
addressed to another node or region, sent by a revoked node, or when an earlier bundle from the
same side is missing; importing it twice changes nothing. On the hub its changes are judged like
a push (rembuk.sync.trust).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.nodes import local_node_id
from rembuk.sync.models import NodeToken
from rembuk.sync.people import node_profiles
from rembuk.sync.services import (
    NOT_LINKED_MESSAGE,
    highest_seq,
    hub_apply,
    hub_holds,
    hub_link,
    hub_page,
    node_apply_page,
    outgoing,
    sender_token,
)
from rembuk.sync.tokens import signing_key_for
from rembuk.sync.wire import (
    MAX_BUNDLE_INFLATED_BYTES,
    PROTOCOL_VERSION,
    SyncRefused,
    decode,
    encode,
    payload_int,
    payload_list,
    payload_text,
)

BUNDLE_MAGIC = b"REMBUK-BUNDLE-1\n"
_MAX_HEADER_BYTES = 4096


def _sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def _pack(key: str, header: dict[str, Any], payload: dict[str, Any]) -> bytes:
    # The header travels in clear (so the receiver knows which key to check with); the
    # signature covers header and body together.
    head = json.dumps(header, separators=(",", ":")).encode()
    body = encode(payload)
    return BUNDLE_MAGIC + head + b"\n" + _sign(key, head + b"\n" + body).encode() + b"\n" + body


def _not_a_bundle() -> SyncRefused:
    return SyncRefused(_("This file is not a Rembuk sync bundle."))


def _unpack(data: bytes) -> tuple[dict[str, Any], bytes, str]:
    """(header, signed bytes, signature); the body is decoded only after the check."""
    if not data.startswith(BUNDLE_MAGIC):
        raise _not_a_bundle()
    head, _nl, rest = data[len(BUNDLE_MAGIC) :].partition(b"\n")
    signature, _nl, body = rest.partition(b"\n")
    if len(head) > _MAX_HEADER_BYTES:
        raise _not_a_bundle()
    try:
        header = json.loads(head)
    except ValueError as error:
        raise _not_a_bundle() from error
    if not isinstance(header, dict):
        raise _not_a_bundle()
    return header, head + b"\n" + body, signature.decode(errors="replace")


def _verify(key: str, signed: bytes, signature: str) -> dict[str, Any]:
    if not hmac.compare_digest(signature, _sign(key, signed)):
        raise SyncRefused(
            _("The bundle's signature does not match: it was altered or is not for this place.")
        )
    return decode(signed.partition(b"\n")[2], limit=MAX_BUNDLE_INFLATED_BYTES)


def bundle_export_from_node() -> bytes:
    """Every change of this node the hub has not acknowledged, signed for the hub."""
    link = hub_link()
    if link is None:
        raise SyncRefused(str(NOT_LINKED_MESSAGE))
    entries = outgoing(link, after=link.push_cursor, limit=None)
    header = {
        "kind": "node-to-hub",
        "protocol": PROTOCOL_VERSION,
        "from_node": local_node_id(),
        "to_node": link.hub_node_id,
        "region_code": link.region_code,
        "after": link.push_cursor,
        "pulled_to": link.pull_cursor,
        "pull_change_id": link.pull_change_id,
        "created_at": timezone.now().isoformat(),
    }
    payload = {"entries": entries, "people": node_profiles(link)}
    return _pack(signing_key_for(link.token), header, payload)


def bundle_export_for_node(token: NodeToken) -> bytes:
    """Every hub change in the node's scope it has not acknowledged, signed for that node."""
    if not token.node_id:
        raise SyncRefused(_("This token has not been used by a node yet."))
    page = hub_page(token, after=token.pull_cursor, limit=None, digest="")
    header = {
        "kind": "hub-to-node",
        "protocol": PROTOCOL_VERSION,
        "from_node": local_node_id(),
        "to_node": token.node_id,
        "region_code": token.region_code,
        "after": token.pull_cursor,
        "created_at": timezone.now().isoformat(),
    }
    return _pack(token.signing_key, header, page)


@dataclass
class ImportResult:
    applied: int
    already_here: int
    refused: int
    conflicts: int
    direction: str


def bundle_import(data: bytes) -> ImportResult:
    """Apply a bundle from the other side: idempotent; refused when tampered or misaddressed."""
    header, signed, signature = _unpack(data)
    if header.get("protocol") != PROTOCOL_VERSION:
        raise SyncRefused(_("This bundle was made by an incompatible version of Rembuk."))
    if header.get("kind") == "hub-to-node":
        return _import_on_node(signature, signed, header)
    if header.get("kind") == "node-to-hub":
        return _import_on_hub(signature, signed, header)
    raise _not_a_bundle()


def _import_on_node(signature: str, signed: bytes, header: dict[str, Any]) -> ImportResult:
    link = hub_link()
    if link is None:
        raise SyncRefused(_("This install is not a node, so it cannot take a bundle from a hub."))
    payload = _verify(signing_key_for(link.token), signed, signature)
    if header.get("to_node") != local_node_id() or header.get("region_code") != link.region_code:
        raise SyncRefused(
            _("This bundle is for another node or region (%(region)s).")
            % {"region": str(header.get("region_code"))[:20]}
        )
    if payload_int(header, "after") > link.pull_cursor:
        raise SyncRefused(
            _("An earlier bundle from the hub has not been imported here; import it first.")
        )
    result = node_apply_page(link, payload, source=str(header.get("from_node", ""))[:40])
    return ImportResult(
        result.applied, result.already_here, len(result.refused), result.conflicts, "hub-to-node"
    )


def _import_on_hub(signature: str, signed: bytes, header: dict[str, Any]) -> ImportResult:
    token = sender_token(str(header.get("from_node", ""))[:40])
    if token is None:
        raise SyncRefused(_("This bundle comes from a node this hub does not know."))
    if token.revoked_at is not None:
        raise SyncRefused(_("This bundle comes from a node whose token was revoked."))
    payload = _verify(token.signing_key, signed, signature)
    if header.get("to_node") != local_node_id() or header.get("region_code") != token.region_code:
        raise SyncRefused(
            _("This bundle is for another hub or region (%(region)s).")
            % {"region": str(header.get("region_code"))[:20]}
        )
    with transaction.atomic():
        history.lock_writers()
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        if payload_int(header, "after") > token.push_cursor:
            raise SyncRefused(
                _("An earlier bundle from this node has not been imported; import it first.")
            )
        pulled_to = payload_int(header, "pulled_to")
        if hub_holds(pulled_to, payload_text(header, "pull_change_id", limit=40)):
            # Only a place this hub's log still holds (see services.hub_holds).
            token.pull_cursor = max(token.pull_cursor, pulled_to)
        result, _people_acked = hub_apply(token, payload)
        token.push_cursor = max(token.push_cursor, highest_seq(payload_list(payload, "entries")))
        token.last_seen_at = timezone.now()
        token.save(update_fields=["pull_cursor", "push_cursor", "last_seen_at"])
    return ImportResult(
        result.applied, result.already_here, len(result.refused), result.conflicts, "node-to-hub"
    )
