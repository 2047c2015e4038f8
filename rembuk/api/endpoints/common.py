"""Pieces the endpoint modules share: the change history of a record, and the version a write
started from.

The endpoint modules do not use `from __future__ import annotations`: django-ninja reads the
annotations of the view functions at run time to build the parameters and the schema.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from rembuk.api.conditional import started_from
from rembuk.api.filters import narrowed
from rembuk.api.pagination import Page, paginate
from rembuk.api.schemas import MAX_VERSION, ListFilters, page_schema
from rembuk.core.history import history_for


class HistoryEntry(Schema):
    seq: int = Field(description="This node's order of the change.")
    change_id: uuid.UUID = Field(description="The change's id on every node.")
    recorded_at: datetime.datetime
    actor_username: str | None = Field(description="Who made the change (null: the system).")
    actor_name: str
    node_id: str = Field(description="The installation where the change was made.")
    model: str = Field(description="What changed, e.g. plans.activity.")
    object_id: uuid.UUID
    object_repr: str
    action: str = Field(description="create, update or delete.")
    changes: dict[str, Any] = Field(description="{field: [old, new]} for every field changed.")
    base_version: int | None = Field(description="The version the edit started from.")
    version: int = Field(description="The version it made.")


HistoryPage = page_schema(HistoryEntry, "HistoryPage")


class HistoryQuery(Schema):
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(50, ge=1, le=200)


def history_page(request: HttpRequest, root_id: uuid.UUID, query: HistoryQuery) -> Page:
    """Riwayat of one aggregate (a plan with its goals…), newest first."""
    page = paginate(
        request, history_for(root_id), order=("-seq",), cursor=query.cursor, limit=query.limit
    )
    page.items = [
        HistoryEntry(
            seq=entry.seq,
            change_id=entry.change_id,
            recorded_at=entry.recorded_at,
            actor_username=entry.actor.get_username() if entry.actor else None,
            actor_name=entry.actor_label,
            node_id=entry.node_id,
            model=entry.model_label,
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            action=entry.action,
            changes=entry.changes,
            base_version=entry.base_version,
            version=entry.version,
        )
        for entry in page.items
    ]
    return page


class VersionedWrite(Schema):
    version: int | None = Field(
        None,
        ge=0,
        le=MAX_VERSION,
        description="The version you started from (or send If-Match). Required, one way or "
        "the other.",
    )


def base_version(request: HttpRequest, version: int | None) -> int:
    """The version a write started from: If-Match, or the `version` it sent."""
    return started_from(request, version)


class DeleteQuery(Schema):
    version: int | None = Field(
        None, ge=0, le=MAX_VERSION, description="The version you started from (or send If-Match)."
    )


def listed(
    request: HttpRequest,
    rows: QuerySet[Any],
    filters: ListFilters,
    *,
    region_path: str,
    order: Sequence[str],
    out: Callable[[Any], Any],
    date_path: str | None = None,
) -> Page:
    """One page of a list a selector scoped to the caller: narrowed by the common filters and
    the list's `status` (when it has one), each row shaped by `out`."""
    rows = narrowed(rows, filters, region_path=region_path, date_path=date_path)
    status = getattr(filters, "status", None)
    if status:
        rows = rows.filter(status=status)
    page = paginate(request, rows, order=order, cursor=filters.cursor, limit=filters.limit)
    page.items = [out(row) for row in page.items]
    return page
