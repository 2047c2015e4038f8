"""Node tokens on the hub (docs/decisions/0005, 0011).

Owns these rules:
- A token is issued for one region, shown once and stored as a SHA-256 hash; its bundle-signing
  key is derived from it. It is bound to the first node id that presents it.
- A person issues, revokes and reads tokens only over regions their own programme-team
  membership covers (`actor=None` is the operator at the hub's shell, who may do anything).
- A request is authenticated from its header before its body is even inflated.
- A token first used by a node id whose changes this hub already holds (a replacement laptop
  restored from the old one's backup) sends that node back its own changes, which the restore
  may have lost (services.hub_restart_node_log does the same for a known token).
- A lost or stolen laptop: its token is revoked, and the people whose password hashes the hub
  sent to it get new temporary passwords, so what the laptop holds opens nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core.models import ChangeLog
from rembuk.people.models import User
from rembuk.people.services import user_password_reset
from rembuk.regions.models import Region
from rembuk.sync.models import NodeToken
from rembuk.sync.permissions import can_administer_region
from rembuk.sync.problems import Code
from rembuk.sync.wire import SyncRefused


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_key_for(token: str) -> str:
    return hmac.new(token.encode(), b"rembuk-bundle-v1", hashlib.sha256).hexdigest()


def _check_region(actor: Any, region_code: str) -> None:
    if actor is not None and not can_administer_region(actor, region_code):
        raise ValidationError(
            _("%(code)s is outside your area: you administer nodes only of your own regions.")
            % {"code": region_code},
            code="outside_scope",
        )


@transaction.atomic
def token_issue(*, region_code: str, label: str = "", actor: Any) -> tuple[NodeToken, str]:
    """A new node token for `region_code`. The plain token is returned once and never stored."""
    if not Region.objects.filter(code=region_code).exists():
        raise ValidationError(
            _("There is no region with code %(code)s.") % {"code": region_code}, code="region"
        )
    _check_region(actor, region_code)
    plain = "rbk_" + secrets.token_urlsafe(32)
    token = NodeToken.objects.create(
        region_code=region_code,
        label=label,
        token_hash=_hash(plain),
        signing_key=signing_key_for(plain),
        created_by=actor if actor is not None and actor.pk else None,
    )
    return token, plain


@transaction.atomic
def token_revoke(*, token: NodeToken, actor: Any) -> None:
    _check_region(actor, token.region_code)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@dataclass(frozen=True)
class NewPassword:
    person: User
    temporary_password: str


@transaction.atomic
def token_revoke_lost(*, token: NodeToken, actor: Any) -> list[NewPassword]:
    """The laptop of this token was lost or stolen: revoke the token and give every person whose
    password hash it received a new temporary password (shown once, to hand over)."""
    token_revoke(token=token, actor=actor)
    people = User.objects.filter(pk__in=token.credentials.values("user_id"), is_active=True)
    return [
        NewPassword(person, user_password_reset(user=person, actor=actor))
        for person in people.order_by("first_name", "username")
    ]


def token_from_header(plain: str) -> NodeToken:
    """The token a request presents, checked before anything else of the request is read."""
    token = NodeToken.objects.filter(token_hash=_hash(plain or "")).first()
    if token is None:
        raise SyncRefused(
            _("This token is not known to the hub."), status=401, code=Code.TOKEN_UNKNOWN
        )
    check_live(token)
    return token


def check_live(token: NodeToken) -> None:
    """Refuse a revoked token. The header's check comes before the body is read, which may
    take a while: the push, pull and bundle import check again once they hold the token's row,
    so a revocation stops what is still in flight."""
    if token.revoked_at is not None:
        raise SyncRefused(
            _("This node's token was revoked on the hub."), status=403, code=Code.TOKEN_REVOKED
        )


NODE_ID_BIND_LOCK = 0x4E4F4445  # "NODE": with the node id's hash, one PostgreSQL advisory lock


def _lock_node_id(node_id: str) -> None:
    """Serialise first binds of one node id until the transaction ends. No row holds the id
    yet, so no row lock can: two unused tokens would each see no live holder and both bind.
    On SQLite the IMMEDIATE transaction already holds the database's one write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [NODE_ID_BIND_LOCK, node_id]
            )


@transaction.atomic
def token_bind(token: NodeToken, node_id: str) -> NodeToken:
    """Bind the token to the node that first presents it; refuse any other node after that.
    The token is read again, locked: what the request read before may be stale (bound by a
    request from another computer, or revoked, meanwhile)."""
    if not node_id:
        raise SyncRefused(_("The request does not say which node sent it."))
    if not token.node_id:
        _lock_node_id(node_id)
    token = NodeToken.objects.select_for_update().get(pk=token.pk)
    check_live(token)
    if token.node_id and token.node_id != node_id:
        raise SyncRefused(
            _("This token belongs to another node."), status=403, code=Code.TOKEN_OTHER_NODE
        )
    if not token.node_id:
        # One node id, one live token: a computer copied from another one's data directory
        # has its node id, and the hub leaves a node's own changes out of what it sends it, so
        # the two would never receive each other's changes (and bundles would be checked with
        # the newer token's key). A replacement laptop is linked once the old token is revoked.
        holder = (
            NodeToken.objects.filter(node_id=node_id, revoked_at__isnull=True)
            .exclude(pk=token.pk)
            .first()
        )
        if holder is not None:
            raise SyncRefused(
                _(
                    "This computer has the node id of another computer that is still linked "
                    "(token %(label)s). Revoke that token on the hub first, or set this computer "
                    "up with a data directory of its own."
                )
                % {"label": f"{holder.label or _('node')} ({holder.node_id})"},
                status=403,
                code=Code.TOKEN_OTHER_NODE,
            )
    fields = ["node_id", "last_seen_at"]
    if not token.node_id:
        last_own = last_seq_from(node_id)
        if last_own:
            token.return_own_until = last_own
            fields.append("return_own_until")
    token.node_id = node_id
    token.last_seen_at = timezone.now()
    token.save(update_fields=fields)
    return token


def last_seq_from(node_id: str) -> int | None:
    """The place in this hub's log of the latest change it received from `node_id`."""
    return (
        ChangeLog.objects.filter(node_id=node_id)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )


def token_authenticate(plain: str, node_id: str) -> NodeToken:
    """The active token matching `plain`, bound to `node_id` on first use."""
    return token_bind(token_from_header(plain), node_id)
