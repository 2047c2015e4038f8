"""Offline bundles: sync by file, on a USB stick or over WhatsApp (docs/decisions/0005).

Owns these rules: a bundle is signed (HMAC of the node token's key over its clear header and its
body) and its signature is checked before the body is even inflated; it is refused when altered,
addressed to another node or region, sent by a revoked node, or when an earlier bundle from the
same side is missing; importing it twice changes nothing. On the hub its changes are judged like
a push (rembuk.sync.trust). A node restored from a backup is found by the hub itself: a
bundle holds every change of the node after its `after`, so the hub sees whether the change its
cursor stands on is still there (services.node_log_rewound).
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
from django.utils.translation import gettext_lazy

from rembuk.core import history
from rembuk.core.nodes import local_node_id
from rembuk.sync.models import NodeToken
from rembuk.sync.people import node_profiles
from rembuk.sync.services import (
    NOT_LINKED_MESSAGE,
    hub_apply,
    hub_holds,
    hub_link,
    hub_own_returned,
    hub_page,
    hub_restart_node_log,
    hub_take_batch,
    node_apply_page,
    node_holds,
    node_log_rewound,
    outgoing,
    own_change_at,
    sender_token,
    uuid_text,
)
from rembuk.sync.tokens import check_live, signing_key_for
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

# Read by kecamatan staff (on the laptop) and the programme team (on the hub).
NODE_RESTORED_AT_HUB = gettext_lazy(
    "The laptop that sent this bundle was restored from a backup. Nothing is lost: its changes "
    "made since the restore were taken, and the next bundle for it brings back the changes it "
    "had sent before the restore."
)
NODE_RESTORED_AT_NODE = gettext_lazy(
    "This computer was restored from a backup. Nothing is lost: send the hub a bundle from this "
    "computer now; it carries the changes made here since the restore, and the hub's next "
    "bundle brings back the changes sent before the restore."
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
        "after_change_id": own_change_at(link.push_cursor),
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
    reference: int = 0  # of `applied`, regions, agencies and roles (ApplyResult.reference)
    # The node was restored from a backup (found on the hub from its bundle, or on the node from
    # the hub's acknowledgement of changes it no longer holds).
    node_restored: bool = False


def restored_message(result: ImportResult) -> str:
    """What to tell the person who imported a bundle from (or for) a restored laptop."""
    at_hub = result.direction == "node-to-hub"
    return str(NODE_RESTORED_AT_HUB if at_hub else NODE_RESTORED_AT_NODE)


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
    acked = payload_int(payload, "acked")
    restored = acked > link.push_cursor and not node_holds(
        acked, payload_text(payload, "acked_change_id", limit=40)
    )
    result = node_apply_page(link, payload, source=str(header.get("from_node", ""))[:40])
    return ImportResult(
        result.applied,
        result.already_here,
        len(result.refused),
        result.conflicts,
        "hub-to-node",
        reference=result.reference,
        node_restored=restored,
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
        check_live(token)  # revoked while the bundle was being checked
        after = payload_int(header, "after")
        if after > token.push_cursor:
            raise SyncRefused(
                _("An earlier bundle from this node has not been imported; import it first.")
            )
        entries = payload_list(payload, "entries")
        restored = "after_change_id" in header and node_log_rewound(
            token,
            after=after,
            after_change_id=payload_text(header, "after_change_id", limit=40),
            entries=entries,
        )
        if restored:
            after_change_id = uuid_text(payload_text(header, "after_change_id", limit=40))
            hub_restart_node_log(token, after=after, after_change_id=after_change_id)
        pulled_to = payload_int(header, "pulled_to")
        if hub_holds(pulled_to, payload_text(header, "pull_change_id", limit=40)):
            # Where the node says it stands, when this log still holds that place (see
            # services.hub_holds) — behind the hub's cursor after the node's restore, so that
            # the hub's next bundle starts where the node is.
            token.pull_cursor = pulled_to
            hub_own_returned(token, pulled_to)
        result, _people_acked = hub_apply(token, payload)
        hub_take_batch(token, entries)
        token.last_seen_at = timezone.now()
        token.save(
            update_fields=[
                "pull_cursor",
                "push_cursor",
                "push_change_id",
                "return_own_until",
                "last_seen_at",
            ]
        )
    return ImportResult(
        result.applied,
        result.already_here,
        len(result.refused),
        result.conflicts,
        "node-to-hub",
        node_restored=restored,
    )
