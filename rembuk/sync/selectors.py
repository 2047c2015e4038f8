"""Reads for the Sinkronisasi page, scoped to the user where records are involved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ChangeLog
from rembuk.core.nodes import local_node_id
from rembuk.people.permissions import scope_filter
from rembuk.sync import services
from rembuk.sync.models import Conflict, HubLink, NodeToken, Quarantine, Rejection
from rembuk.sync.permissions import SYNC_ROLES


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


def record_states(user: Any, link: HubLink, *, limit: int = 50) -> list[RecordRow]:
    """The records this node changed most recently, each with its sync state (three queries)."""
    entries = (
        ChangeLog.objects.filter(node_id=local_node_id())
        .exclude(model_label__in=services.PULL_ONLY_MODELS)
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


@dataclass
class TokenRow:
    token: NodeToken
    pending: int


def tokens_overview() -> list[TokenRow]:
    return [
        TokenRow(token, services.token_pending(token) if token.is_active else 0)
        for token in NodeToken.objects.select_related("created_by")
    ]


def quarantine_open() -> QuerySet[Quarantine]:
    return Quarantine.objects.filter(released_at__isnull=True)
