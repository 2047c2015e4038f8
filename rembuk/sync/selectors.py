"""Reads for the Sinkronisasi page and the sync commands, scoped to the reader: records by the
reader's region, node tokens and quarantine by the regions the reader administers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ChangeLog
from rembuk.core.nodes import local_node_id
from rembuk.people.permissions import scope_filter
from rembuk.sync.models import Conflict, HubLink, NodeToken, Quarantine, Rejection
from rembuk.sync.permissions import SYNC_ADMIN_ROLES, SYNC_ROLES
from rembuk.sync.scope import REGION_MODEL, pull_filter


class RecordState(models.TextChoices):
    # In Indonesian: belum terkirim, terkirim, konflik, ditolak (DHIS2-style per-record state).
    NOT_SENT = "not_sent", _("not sent yet")
    SENT = "sent", _("sent")
    CONFLICT = "conflict", _("conflict")
    REJECTED = "refused", _("refused")


@dataclass
class RecordRow:
    model_label: str
    object_id: uuid.UUID
    object_repr: str
    state: RecordState
    reason: str
    last_change: Any


def open_conflicts(user: Any) -> QuerySet[Conflict]:
    return Conflict.objects.filter(status=Conflict.Status.OPEN).filter(
        scope_filter(user, "scope", SYNC_ROLES)
    )


def conflict_for(user: Any, pk: uuid.UUID) -> Conflict:
    return get_object_or_404(
        Conflict.objects.filter(scope_filter(user, "scope", SYNC_ROLES)), pk=pk
    )


def _own_changes() -> QuerySet[ChangeLog]:
    """This node's own changes that travel to the hub (regions never do)."""
    return ChangeLog.objects.filter(node_id=local_node_id()).exclude(model_label=REGION_MODEL)


def waiting_count(link: HubLink) -> int:
    """This node's changes the hub has not acknowledged yet."""
    return _own_changes().filter(seq__gt=link.push_cursor).count()


def record_states(user: Any, link: HubLink, *, limit: int = 50) -> list[RecordRow]:
    """The records this node changed most recently, each with its sync state (three queries)."""
    entries = (
        _own_changes()
        .filter(scope_filter(user, "scope_code", SYNC_ROLES))
        .order_by("-seq")
        .values("seq", "change_id", "model_label", "object_id", "object_repr", "recorded_at")[
            : limit * 4
        ]
    )
    latest: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    change_ids: dict[uuid.UUID, tuple[str, uuid.UUID]] = {}
    for values in entries:
        key = (values["model_label"], values["object_id"])
        change_ids[values["change_id"]] = key
        if key not in latest and len(latest) < limit:
            latest[key] = dict(values)
    rejected = {
        change_ids[row.change_id]: row.reason
        for row in Rejection.objects.filter(change_id__in=list(change_ids))
        if change_ids[row.change_id] in latest
    }
    conflicted = set(
        Conflict.objects.filter(
            status=Conflict.Status.OPEN, object_id__in=[k[1] for k in latest]
        ).values_list("model_label", "object_id")
    )
    rows = []
    for key, entry in latest.items():
        if key in conflicted:
            state, reason = RecordState.CONFLICT, ""
        elif key in rejected:
            state, reason = RecordState.REJECTED, rejected[key]
        elif entry["seq"] > link.push_cursor:
            state, reason = RecordState.NOT_SENT, ""
        else:
            state, reason = RecordState.SENT, ""
        rows.append(
            RecordRow(key[0], key[1], entry["object_repr"], state, reason, entry["recorded_at"])
        )
    return rows


# --- the hub: node tokens and quarantine, by the regions the reader administers -------------


def _pending_filter(token: NodeToken) -> Q:
    """Changes on the hub that this token's node has not acknowledged yet."""
    return (
        Q(seq__gt=token.pull_cursor)
        & pull_filter(token.region_code)
        & ~Q(node_id=token.node_id or "-")
    )


@dataclass
class TokenRow:
    token: NodeToken
    pending: int


def tokens_for(user: Any) -> QuerySet[NodeToken]:
    """Node tokens of regions the user administers (`user=None`: the shell, every token)."""
    tokens = NodeToken.objects.select_related("created_by")
    if user is None:
        return tokens
    return tokens.filter(scope_filter(user, "region_code", SYNC_ADMIN_ROLES))


def token_for(user: Any, pk: int, *, active: bool = False) -> NodeToken:
    tokens = tokens_for(user)
    return get_object_or_404(tokens.filter(revoked_at__isnull=True) if active else tokens, pk=pk)


def tokens_overview(user: Any) -> list[TokenRow]:
    """The user's node tokens, each active one with how many changes its node has not received:
    one count query for all of them (each a filtered count), whatever their number."""
    tokens = list(tokens_for(user))
    active = [t for t in tokens if t.is_active]
    counts = (
        ChangeLog.objects.aggregate(
            **{f"t{t.pk}": Count("seq", filter=_pending_filter(t)) for t in active}
        )
        if active
        else {}
    )
    return [TokenRow(t, counts.get(f"t{t.pk}", 0) if t.is_active else 0) for t in tokens]


def quarantine_for(user: Any) -> QuerySet[Quarantine]:
    """Changes waiting in quarantine that came from regions the user administers."""
    return Quarantine.objects.filter(released_at__isnull=True).filter(
        scope_filter(user, "region_code", SYNC_ADMIN_ROLES)
    )


def quarantine_item_for(user: Any, pk: int) -> Quarantine:
    return get_object_or_404(
        Quarantine.objects.filter(scope_filter(user, "region_code", SYNC_ADMIN_ROLES)), pk=pk
    )
