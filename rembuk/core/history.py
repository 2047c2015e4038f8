"""The only write path for replicated records.

Owns three rules: (1) a record and its ChangeLog entry are written in one transaction;
(2) an edit that started from an older version merges when it touches other fields than the
edits made since, and is refused with EditConflict when it touches the same field (the person
sees the current text and decides); (3) deletion is soft, cascades to replicated children, and
is logged like any other change.

Every change is stamped with the time it is recorded (`recording_time()`): now, unless it is
written inside `recorded_as_of(moment)`.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections, models, router, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history_text
from rembuk.core.models import (
    CHANGELOG_WRITER_LOCK,
    ChangeLog,
    ReplicatedModel,
    history_write_in_progress,
)
from rembuk.core.nodes import clock, local_node_id
from rembuk.core.null_characters import holds_null_character
from rembuk.core.signals import change_recorded


class EditConflict(ValidationError):
    """Someone changed the same field since this edit started. Carries the current values."""

    def __init__(
        self,
        field_values: dict[str, Any],
        model: type[models.Model] | None = None,
        version: int | None = None,
    ) -> None:
        self.current = field_values
        self.model = model
        self.version = version  # the record's version now: where a retry starts from
        names = ", ".join(sorted(_field_label(model, name) for name in field_values))
        super().__init__(
            _(
                "Someone else changed this (%(fields)s) while you were editing. "
                "The current text is shown; check it and save again."
            )
            % {"fields": names},
            code="edit_conflict",
        )

    def labelled(self) -> list[tuple[str, Any]]:
        """The current values with the fields' names, both as a person reads them."""
        if self.model is None:
            return sorted(self.current.items())
        return sorted(history_text.readable_values(self.model, self.current))


def _field_label(model: type[models.Model] | None, name: str) -> str:
    """A field as the page labels it (its verbose name), not its code name."""
    if model is None:
        return name
    return history_text.field_name(model._meta.label_lower, name).lower()


_recorded_as_of: ContextVar[datetime.datetime | None] = ContextVar("recorded_as_of", default=None)


@contextmanager
def recorded_as_of(moment: datetime.datetime) -> Iterator[None]:
    """Record the changes written inside as made at `moment`, for records entered afterwards
    about what happened then (the demo's story; see docs/decisions/0016). Only the dates a
    person reads move: the hybrid logical clock still reads the real clock, so the order in
    which nodes apply changes, and therefore sync, is unaffected."""
    token = _recorded_as_of.set(moment)
    try:
        yield
    finally:
        _recorded_as_of.reset(token)


def recording_time() -> datetime.datetime:
    """When the change being written is recorded: now, or the moment of recorded_as_of()."""
    return _recorded_as_of.get() or timezone.now()


@contextmanager
def _sanctioned() -> Iterator[None]:
    token = history_write_in_progress.set(True)
    try:
        yield
    finally:
        history_write_in_progress.reset(token)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, as the change log and sync carry it."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def content_fields(model: type[ReplicatedModel]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.name not in ReplicatedModel.HISTORY_EXCLUDED
    ]


def actor_label(actor: Any) -> str:
    """How the change log names a person (the history shows it where the person is unknown)."""
    if actor is None:
        return "system"
    return (actor.get_full_name() or actor.get_username())[:150]


def _stamp(obj: ReplicatedModel, actor: Any) -> None:
    obj.version += 1
    obj.changed_at = recording_time()
    obj.changed_by = actor if actor is not None and actor.pk else None
    obj.changed_on_node = local_node_id()


def lock_writers() -> None:
    """Take this database's change-log writer lock for the rest of the transaction and move the
    clock past every reading any process has logged (docs/decisions/0012).

    Every writer takes it before it locks any row, so writers never wait on each other in a
    circle. Under the lock no other process can log, so the next reading is later than every
    one in the log: readings are unique and ordered across the hub's processes and machines,
    and a later edit always wins over an earlier one, whichever process served either. On
    PostgreSQL it is the advisory lock the change log's trigger takes (core migration 0003);
    SQLite's IMMEDIATE transactions already hold the database's one write lock.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), "
                "(SELECT hlc FROM core_changelog ORDER BY hlc DESC LIMIT 1)",
                [CHANGELOG_WRITER_LOCK],
            )
            latest = cursor.fetchone()[1]
        else:
            cursor.execute("SELECT hlc FROM core_changelog ORDER BY hlc DESC LIMIT 1")
            row = cursor.fetchone()
            latest = row[0] if row else None
    if latest:
        clock().observe(latest)


@transaction.atomic
def new_stamp(*, after: str = "") -> str:
    """A clock reading for something that is not a replicated record (a person's password),
    later than `after` (the reading of the value it replaces, which may come from elsewhere)."""
    lock_writers()
    if after:
        clock().observe(after)
    return str(clock().now())


def _log(
    obj: ReplicatedModel,
    *,
    actor: Any,
    action: str,
    changes: dict[str, list[Any]],
    base_version: int | None,
) -> ChangeLog:
    entry = ChangeLog.objects.create(
        hlc=str(clock().now()),
        node_id=local_node_id(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label(actor),
        model_label=obj._meta.label_lower,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        changes=changes,
        base_version=base_version,
        version=obj.version,
        scope_code=obj.scope_code(),
        root_id=obj.history_root_id(),
        recorded_at=recording_time(),
    )
    change_recorded.send(sender=ChangeLog, entry=entry, remote=False)
    return entry


def _validate(obj: ReplicatedModel) -> None:
    obj.full_clean(validate_unique=False, validate_constraints=False)
    _check_storable_texts(obj)


def _check_storable_texts(obj: ReplicatedModel) -> None:
    """Every long text within its field's limit (Django checks the limit of a CharField but not
    of a TextField): no write path, page, import or API, stores a text longer than its page
    allows. Nor a NUL, in a text or inside JSON: PostgreSQL stores none, and not every path is
    a form that refuses it (autosaving cells and the lesson capture post raw text)."""
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if ("\x00" in value) if isinstance(value, str) else holds_null_character(value):
            raise ValidationError(
                {f.name: _("Null characters are not allowed.")}, code="null_characters"
            )
        if isinstance(f, models.TextField) and f.max_length and len(value or "") > f.max_length:
            raise ValidationError(
                {
                    f.name: _(
                        "%(field)s is too long: %(length)d characters, at most %(limit)d are "
                        "allowed."
                    )
                    % {
                        "field": str(f.verbose_name).capitalize(),
                        "length": len(value),
                        "limit": f.max_length,
                    }
                },
                code="too_long",
            )


@transaction.atomic
def create[M: ReplicatedModel](model: type[M], *, actor: Any, **fields: Any) -> M:
    lock_writers()
    obj = model(**fields)
    _validate(obj)
    _stamp(obj, actor)
    changes = {f.attname: [None, _plain(getattr(obj, f.attname))] for f in content_fields(model)}
    with _sanctioned():
        obj.save(force_insert=True)
    _log(obj, actor=actor, action=ChangeLog.Action.CREATE, changes=changes, base_version=None)
    return obj


@transaction.atomic
def bulk_create[M: ReplicatedModel](
    model: type[M], objs: Iterable[M], *, actor: Any, batch_size: int = 500
) -> list[M]:
    """Many creations at once (region import, demo data) with one log entry each.

    The rows go in with executemany, their values put in database form once per field rather
    than through the ORM's INSERT compiler: a national region import is 91,599 records and as
    many log entries, and compiling them cost more than writing them. `batch_size` is kept for
    callers; executemany needs no batches.
    """
    objs = list(objs)
    if not objs:
        return objs
    lock_writers()
    fields = content_fields(model)
    # Foreign keys are checked by the database at commit; checking each here would cost a query.
    foreign_keys = [f.name for f in fields if f.is_relation]
    for obj in objs:
        obj.clean_fields(exclude=foreign_keys)
        _check_storable_texts(obj)
        _stamp(obj, actor)
    database = router.db_for_write(model)
    with _sanctioned():
        _insert_many(model, objs, database)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = database
    hlc, node, label = clock(), local_node_id(), actor_label(actor)
    actor_id = actor.pk if actor is not None and actor.pk else None
    recorded_at = recording_time()
    entries = [
        {
            "change_id": uuid.uuid4(),
            "hlc": str(hlc.now()),
            "node_id": node,
            "actor_id": actor_id,
            "actor_label": label,
            "model_label": obj._meta.label_lower,
            "object_id": obj.pk,
            "object_repr": str(obj)[:200],
            "action": ChangeLog.Action.CREATE,
            "changes": {f.attname: [None, _plain(getattr(obj, f.attname))] for f in fields},
            "base_version": None,
            "version": obj.version,
            "scope_code": obj.scope_code(),
            "root_id": obj.history_root_id(),
            "recorded_at": recorded_at,
        }
        for obj in objs
    ]
    _insert_many(ChangeLog, entries, database)
    return objs


def _insert_many(model: type[models.Model], rows: list[Any], database: str) -> None:
    """INSERT model instances (or dicts of attname → value) with one executemany."""
    connection = connections[database]
    columns = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    writers = [_db_writer(field, connection) for field in columns]
    read = (
        (lambda row, field: row[field.attname])
        if rows and isinstance(rows[0], dict)
        else _instance_value
    )
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(f.column or f.attname) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [write(read(row, field)) for field, write in zip(columns, writers, strict=True)]
                for row in rows
            ],
        )


def _instance_value(obj: models.Model, field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.pre_save(obj, add=True)
    return getattr(obj, field.attname)


_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _db_writer(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """How a field's value is put in database form, chosen once per field: text, numbers and
    booleans go as they are; everything else through the field's own conversion."""
    if isinstance(field, _PLAIN_FIELDS) and not field.is_relation:
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value: Any) -> Any:
    return value


def _fields_changed_since(obj: ReplicatedModel, base_version: int) -> set[str]:
    changed: set[str] = set()
    entries = ChangeLog.objects.filter(
        model_label=obj._meta.label_lower, object_id=obj.pk, version__gt=base_version
    ).values_list("changes", flat=True)
    for changes in entries:
        changed.update(changes)
    return changed


def check_base_version(
    obj: ReplicatedModel, *, base_version: int | None, fields: Iterable[str] | None = None
) -> None:
    """Refuse with EditConflict when a write that started from `base_version` touches a field
    changed since (`fields`: attnames; None for a write that touches the whole record, such
    as a delete).

    update() applies this rule to the fields it changes. A write that does more than set field
    values (a support request's next step, a move, a delete) asks here first, before its own
    rules read the record's current state.
    """
    if base_version is None or obj.version == base_version:
        return
    # Versions only grow, so a page was built from one between 0 (a record it has not seen
    # yet) and the record's own. Any other number came from no page: refused before it is
    # compared with the log or stored in it (a log row's base_version is a version).
    if not 0 <= base_version < obj.version:
        raise ValidationError(
            _(
                "This page was not built from a version of this record. Reload the page and "
                "make your change again."
            ),
            code="unknown_version",
        )
    changed = _fields_changed_since(obj, base_version)
    clashing = changed if fields is None else changed & set(fields)
    if clashing:
        model = type(obj)
        current = model.all_objects.get(pk=obj.pk)
        raise EditConflict(
            {f: getattr(current, f) for f in sorted(clashing)}, model, current.version
        )


@transaction.atomic
def update[M: ReplicatedModel](
    obj: M, *, actor: Any, base_version: int | None = None, **changes: Any
) -> M:
    """Apply `changes` to the current row. Returns the fresh object (unchanged if no-op).

    base_version is the version the person started editing from; pass it from forms so a
    stale edit to a field someone else changed is refused instead of silently winning.
    """
    model = type(obj)
    lock_writers()
    fresh = model.all_objects.select_for_update().get(pk=obj.pk)
    if fresh.is_deleted:
        raise ValidationError(_("This item was deleted by someone else."), code="deleted")
    attnames = {f.name: f.attname for f in content_fields(model)}
    unknown = set(changes) - set(attnames) - set(attnames.values())
    if unknown:
        raise ValueError(f"Not content fields of {model.__name__}: {sorted(unknown)}")

    diffs: dict[str, list[Any]] = {}
    for name, value in changes.items():
        old = _plain(getattr(fresh, attnames.get(name, name)))
        setattr(fresh, name, value)
        new = _plain(getattr(fresh, attnames.get(name, name)))
        if old != new:
            diffs[attnames.get(name, name)] = [old, new]
    if not diffs:
        return fresh

    check_base_version(fresh, base_version=base_version, fields=diffs)

    _validate(fresh)
    _stamp(fresh, actor)
    with _sanctioned():
        fresh.save(update_fields=[*diffs, "version", "changed_at", "changed_by", "changed_on_node"])
    _log(
        fresh, actor=actor, action=ChangeLog.Action.UPDATE, changes=diffs, base_version=base_version
    )
    return fresh


def replicated_children(obj: ReplicatedModel) -> Iterator[ReplicatedModel]:
    """The live replicated records that point at `obj` (what deleting it takes along)."""
    for relation in obj._meta.related_objects:
        related_model = relation.related_model
        if relation.one_to_many and issubclass(related_model, ReplicatedModel):
            yield from related_model.objects.filter(**{relation.field.name: obj})


@transaction.atomic
def soft_delete(obj: ReplicatedModel, *, actor: Any) -> None:
    """Tombstone the record and, first, every live replicated record that points at it."""
    lock_writers()
    fresh = type(obj).all_objects.select_for_update().get(pk=obj.pk)
    if fresh.is_deleted:
        return
    for child in replicated_children(fresh):
        soft_delete(child, actor=actor)
    base = fresh.version
    fresh.is_deleted = True
    _stamp(fresh, actor)
    with _sanctioned():
        fresh.save(
            update_fields=["is_deleted", "version", "changed_at", "changed_by", "changed_on_node"]
        )
    _log(
        fresh,
        actor=actor,
        action=ChangeLog.Action.DELETE,
        changes={"is_deleted": [False, True]},
        base_version=base,
    )


def history_for(root_id: uuid.UUID) -> models.QuerySet[ChangeLog]:
    """Every change under one aggregate root (a plan and its goals, milestones, activities)."""
    return ChangeLog.objects.filter(root_id=root_id).select_related("actor").order_by("-seq")


def changed_since(when: datetime.datetime) -> models.QuerySet[ChangeLog]:
    """The changes recorded at or after `when`, for incremental pulls: `.values("root_id")`
    names the aggregates (a plan with its goals…) that changed, `.values("scope_code")` the
    desa. A change made on another node carries the time it was made there, not its arrival."""
    return ChangeLog.objects.filter(recorded_at__gte=when)


def _field_value(field: models.Field, value: Any) -> Any:
    """The Python value of a field from its change-log (JSON) form."""
    if value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(value)  # type: ignore[attr-defined]
    return field.to_python(value)


def _local_user_id(user_id: Any) -> Any:
    from django.contrib.auth import get_user_model

    if not user_id:
        return None
    return user_id if get_user_model().objects.filter(pk=user_id).exists() else None


# Without a savepoint of its own: its one caller (rembuk.sync.merge) applies a batch in one
# transaction and, when a change fails, again with a savepoint per change; a savepoint here
# too cost two more round trips per change (SAVEPOINT, RELEASE) on a PostgreSQL hub.
@transaction.atomic(savepoint=False)
def apply_remote(
    entry: dict[str, Any],
    *,
    winning_fields: Iterable[str],
    delete: bool = False,
    known_new: bool = False,
) -> ChangeLog | None:
    """Apply a change made on another node, keeping its origin identity in the log.

    The caller (rembuk.sync) decides which fields of `entry["changes"]` win (per-field last
    writer by HLC) and whether the record ends deleted; this function writes exactly that and
    appends the origin's ChangeLog row (same change_id, hlc, node, actor label), so applying the
    same entry twice is a no-op and the history shows where the change was really made.
    Returns None when the entry was already applied. `known_new` says the caller has checked
    that neither the change nor (for a create) the record is here, which saves two queries a
    change on a first sync; a wrong claim fails on the unique keys and writes nothing. The
    caller takes lock_writers() once for its whole batch.
    """
    from django.apps import apps

    if not known_new and ChangeLog.objects.filter(change_id=entry["change_id"]).exists():
        return None
    model = apps.get_model(entry["model_label"])
    if not issubclass(model, ReplicatedModel):
        raise ValueError(f"{entry['model_label']} is not a replicated model")
    fields = {f.attname: f for f in content_fields(model)}
    changes: dict[str, list[Any]] = entry["changes"]
    winning = [name for name in winning_fields if name in fields and name in changes]
    obj = None
    if not (known_new and entry["action"] == ChangeLog.Action.CREATE):
        obj = model.all_objects.select_for_update().filter(pk=entry["object_id"]).first()
    created = obj is None
    if obj is None:
        if entry["action"] != ChangeLog.Action.CREATE:
            raise ValidationError(
                _("This change is for a record that is not here."), code="missing_record"
            )
        obj = model(id=entry["object_id"])
    for name in winning:
        setattr(obj, name, _field_value(fields[name], changes[name][1]))
    if delete:
        obj.is_deleted = True
    actor_id = _local_user_id(entry.get("actor_id"))
    obj.version += 1
    obj.changed_at = datetime.datetime.fromisoformat(entry["recorded_at"])
    obj.changed_by_id = actor_id  # type: ignore[attr-defined]
    obj.changed_on_node = entry["node_id"]
    with _sanctioned():
        if created:
            obj.save(force_insert=True)
        else:
            obj.save(
                update_fields=[
                    *winning,
                    "is_deleted",
                    "version",
                    "changed_at",
                    "changed_by",
                    "changed_on_node",
                ]
            )
    clock().observe(entry["hlc"])
    recorded = ChangeLog.objects.create(
        change_id=entry["change_id"],
        hlc=entry["hlc"],
        node_id=entry["node_id"],
        actor_id=actor_id,
        actor_label=entry.get("actor_label", ""),
        model_label=entry["model_label"],
        object_id=entry["object_id"],
        object_repr=entry.get("object_repr", "")[:200],
        action=entry["action"],
        changes=changes,
        base_version=entry.get("base_version"),
        version=obj.version,
        scope_code=entry["scope_code"],
        root_id=entry["root_id"],
        recorded_at=datetime.datetime.fromisoformat(entry["recorded_at"]),
    )
    change_recorded.send(sender=ChangeLog, entry=recorded, remote=True)
    return recorded
