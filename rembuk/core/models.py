"""Base models for replicated records and the one change log.

Every domain record that travels between nodes inherits ReplicatedModel: a UUID primary key,
a version, who/when/which node changed it last, and soft deletion (tombstones). Writes go only
through rembuk.core.history, which writes the record and its ChangeLog entry in one
transaction; every other write path (save() outside history, QuerySet.update(), bulk_create,
bulk_update, delete) is refused with HistoryBypassError. See docs/decisions/0002.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The PostgreSQL advisory lock that serialises writers of the change log (core migration 0003
# takes it in a trigger; rembuk.core.history takes it first, before any row lock).
CHANGELOG_WRITER_LOCK = 7358201

# Set by rembuk.core.history while it writes; nothing else may set it.
history_write_in_progress: ContextVar[bool] = ContextVar("history_write_in_progress", default=False)


class HistoryBypassError(RuntimeError):
    """A write to a replicated model tried to go around the change log."""


def _refuse(what: str) -> None:
    raise HistoryBypassError(
        f"{what} would bypass the change log; use rembuk.core.history (create/update/soft_delete)."
    )


class ReplicatedQuerySet(models.QuerySet):
    def live(self) -> ReplicatedQuerySet:
        return self.filter(is_deleted=False)

    def update(self, **kwargs: Any) -> int:
        _refuse("QuerySet.update()")
        return 0

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("QuerySet.delete()")
        return 0, {}

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        _refuse("bulk_update()")
        return 0

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if not history_write_in_progress.get():
            _refuse("bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)

    def _raw_update(self, **kwargs: Any) -> int:
        """Only rembuk.core.history calls this, inside its own transaction."""
        if not history_write_in_progress.get():
            _refuse("QuerySet.update()")
        return super().update(**kwargs)


class LiveManager(models.Manager.from_queryset(ReplicatedQuerySet)):  # type: ignore[misc]
    """The default manager hides tombstones, so no view can forget to."""

    def get_queryset(self) -> ReplicatedQuerySet:
        return super().get_queryset().filter(is_deleted=False)


class AllManager(models.Manager.from_queryset(ReplicatedQuerySet)):  # type: ignore[misc]
    pass


class ReplicatedModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    changed_on_node = models.CharField(max_length=40, blank=True, editable=False)
    is_deleted = models.BooleanField(default=False, editable=False)

    objects = LiveManager()
    all_objects = AllManager()

    # Fields that the change log never records (bookkeeping, not content).
    HISTORY_EXCLUDED: ClassVar[frozenset[str]] = frozenset(
        {"id", "version", "changed_at", "changed_by", "changed_on_node", "is_deleted"}
    )
    # What a field's values mean when the field itself does not say, so the history can show
    # them in people's words (rembuk.core.history_text): choices for a list of codes or a code
    # without choices, or the label of the model a list of record ids points to.
    HISTORY_VALUES: ClassVar[dict[str, Any]] = {}

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not history_write_in_progress.get():
            _refuse(f"{type(self).__name__}.save()")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse(f"{type(self).__name__}.delete()")
        return 0, {}

    # Each concrete model says where it belongs, for scoped replication and history pages.
    def scope_code(self) -> str:
        raise NotImplementedError

    def history_root_id(self) -> uuid.UUID:
        return self.id


class LocalNode(models.Model):
    """This install's identity as a sync node. Exactly one row."""

    node_id = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.node_id


class ChangeLogQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        _refuse("ChangeLog update (the log is append-only)")
        return 0

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("ChangeLog delete (the log is append-only)")
        return 0, {}


class ChangeLog(models.Model):
    """One entry per change to a replicated record: the history users read and what sync sends.

    `seq` is local order (a sync cursor); `change_id` is global identity (idempotent apply);
    `hlc` orders changes across nodes (hybrid logical clock, last writer wins per field).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    seq = models.BigAutoField(primary_key=True)
    change_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    hlc = models.CharField(max_length=80, db_index=True)
    node_id = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    model_label = models.CharField(max_length=60)
    object_id = models.UUIDField(db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict)  # {field: [old, new]}
    base_version = models.PositiveIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField()
    scope_code = models.CharField(max_length=20)  # indexed with seq, below
    root_id = models.UUIDField(db_index=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["root_id", "seq"]),
            models.Index(fields=["model_label", "object_id", "seq"]),
            # A place's newest change in one step (the projector's poll, ADR 0029); a node's
            # pull by region reads ranges of it.
            models.Index(fields=["scope_code", "seq"], name="core_changelog_scope_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.model_label}:{self.object_id} {self.action} v{self.version}"


class SentForm(models.Model):
    """A form this install has carried out, so that the same form sent again is answered with
    where the first one led instead of being carried out twice (rembuk.core.sent_once, ADR
    0032). Local to this install, never replicated; kept a day."""

    # Who sent it, the page render's token, where it went and what it held, hashed together.
    key = models.CharField(max_length=64, primary_key=True)
    # Where the first send's answer led; empty while it is still being carried out.
    answer = models.TextField(blank=True)
    # What that answer said ([level, text, tags] of its messages), said again to a repeat.
    said = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:12]} → {self.answer or '…'}"
