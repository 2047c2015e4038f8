"""Applying received changes and merging them with what is here (docs/decisions/0005, 0012).

Owns these rules:
1. Idempotence. A change is identified by its change_id; applying it again does nothing.
2. Merge. Per field, the value written by the latest change wins on every node, whatever the
   order of arrival. "Latest" is a total order: the hybrid-logical-clock reading, then the
   change_id, so two changes never tie and every node picks the same winner. When two edits of
   the same field were made without either side having seen the other, the losing value is kept
   as a Conflict for a person to review.
3. Delete wins. A deletion is final (tombstones are monotonic); an edit made concurrently with a
   deletion is applied to the tombstone (so fields still converge) and kept as a Conflict; a
   record made under a parent deleted here is deleted on arrival and kept the same way.
4. Nothing is dropped silently. A change that is refused (the hub's judgement, a malformed entry)
   or that cannot be applied is kept in Quarantine with the reason, and never blocks the others.

Every write goes through rembuk.core.history (apply_remote for received changes).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.models import ChangeLog, ReplicatedModel
from rembuk.core.null_characters import holds_null_character
from rembuk.sync.models import Conflict, Quarantine
from rembuk.sync.scope import REFERENCE_MODELS
from rembuk.sync.wire import (
    LOG_FIELDS,
    EntryInvalid,
    WireEntry,
    holds_non_finite,
    parse_entry,
    replicated_model,
)

CONFLICT_NAMESPACE = uuid.UUID("0d7c3c4e-7f0a-4f7e-9a51-5b1f3f2a8c05")


class Refused(Exception):
    """A received change that must not be applied here; `code` and `reason` go to Quarantine."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class LogRow:
    """What the merge needs of one change already here."""

    seq: int
    change_id: str
    hlc: str
    node_id: str
    action: str
    changes: dict[str, list[Any]]
    actor_label: str

    @property
    def order(self) -> tuple[str, str]:
        return (self.hlc, self.change_id)


def _order(entry: WireEntry) -> tuple[str, str]:
    """The total order of changes: clock reading, then change_id (unique), so no two tie."""
    return (entry["hlc"], entry["change_id"])


# A predicate saying whether the sender of the entries being applied had NOT seen a local row
# when it made them: the test that tells a concurrent edit (a conflict) from a later one.
Unseen = Callable[[LogRow], bool]
# The hub's judgement of a change from a node: the entry as the hub will record it (its own
# scope, root and author), or Refused. Nodes apply what their hub sends without one.
Judge = Callable[[WireEntry], WireEntry]


@dataclass
class ApplyResult:
    applied: int = 0
    already_here: int = 0
    conflicts: int = 0
    refused: list[dict[str, str]] = field(default_factory=list)
    # Of `applied`, the regions, agencies and roles a hub shares: a laptop's first bundle or sync
    # brings its kabupaten's regions, which the person should not take for a hundred plans.
    reference: int = 0


def _load_rows(keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[LogRow]]:
    state: dict[tuple[str, str], list[LogRow]] = {key: [] for key in keys}
    object_ids = sorted({object_id for _, object_id in keys})
    for start in range(0, len(object_ids), 500):
        rows = ChangeLog.objects.filter(object_id__in=object_ids[start : start + 500]).values_list(
            "model_label",
            "object_id",
            "seq",
            "change_id",
            "hlc",
            "node_id",
            "action",
            "changes",
            "actor_label",
        )
        for label, object_id, seq, change_id, hlc, node, action, changes, actor_label in rows:
            key = (label, str(object_id))
            if key in state:
                state[key].append(
                    LogRow(seq, str(change_id), hlc, node, action, changes, actor_label)
                )
    return state


def _conflict_id(model_label: str, object_id: str, field_name: str, losing_hlc: str) -> uuid.UUID:
    return uuid.uuid5(CONFLICT_NAMESPACE, f"{model_label}|{object_id}|{field_name}|{losing_hlc}")


def _record_conflict(
    entry: WireEntry, state: dict[tuple[str, str], list[LogRow]], **values: Any
) -> bool:
    conflict_id = _conflict_id(
        entry["model_label"], entry["object_id"], values["field_name"], values["losing_hlc"]
    )
    if Conflict.all_objects.filter(pk=conflict_id).exists():
        return False
    conflict = history.create(
        Conflict,
        actor=None,
        id=conflict_id,
        model_label=entry["model_label"],
        object_id=entry["object_id"],
        object_repr=entry["object_repr"][:200],
        scope=entry["scope_code"],
        root_id=entry["root_id"],
        status=Conflict.Status.OPEN,
        **values,
    )
    # The same conflict may arrive from the other side later in this batch: it must meet ours.
    key = (conflict._meta.label_lower, str(conflict.pk))
    state[key] = _load_rows({key})[key]
    return True


@dataclass
class MergeDecision:
    """What applying one received change does here: which of its fields win, whether the record
    ends deleted, and which losing values are kept as conflicts."""

    winning_fields: list[str]
    delete: bool
    conflicts: list[dict[str, Any]]


def _field_conflict(
    name: str, winner: tuple[Any, str], loser: tuple[Any, str, str, str]
) -> dict[str, Any]:
    (winning_value, winning_hlc), (losing_value, losing_hlc, node, actor) = winner, loser
    return {
        "kind": Conflict.Kind.FIELD,
        "field_name": name,
        "winning_value": winning_value,
        "winning_hlc": winning_hlc,
        "losing_value": losing_value,
        "losing_hlc": losing_hlc,
        "losing_node": node,
        "losing_actor_label": actor,
    }


def decide_merge(entry: WireEntry, rows: list[LogRow], unseen: Unseen) -> MergeDecision:
    """Which fields of `entry` win (the latest change per field) and which conflicts to keep."""
    latest: dict[str, LogRow] = {}
    for row in rows:
        for name in row.changes:
            if name != "is_deleted" and (name not in latest or row.order > latest[name].order):
                latest[name] = row
    deleted = any(row.action == ChangeLog.Action.DELETE for row in rows)
    hlc, action = entry["hlc"], entry["action"]
    decision = MergeDecision(
        winning_fields=[], delete=action == ChangeLog.Action.DELETE, conflicts=[]
    )
    both_updates = action == ChangeLog.Action.UPDATE
    for name, (_old, new) in entry["changes"].items():
        if name == "is_deleted":
            continue
        current = latest.get(name)
        if current is None or _order(entry) > current.order:
            decision.winning_fields.append(name)
            if (
                current is not None
                and both_updates
                and current.action == ChangeLog.Action.UPDATE
                and unseen(current)
                and current.changes[name][1] != new
            ):
                decision.conflicts.append(
                    _field_conflict(
                        name,
                        (new, hlc),
                        (
                            current.changes[name][1],
                            current.hlc,
                            current.node_id,
                            current.actor_label,
                        ),
                    )
                )
        elif (
            both_updates
            and current.action == ChangeLog.Action.UPDATE
            and current.changes[name][1] != new
        ):
            # The entry is new here and older than what is here: its author had not seen ours.
            decision.conflicts.append(
                _field_conflict(
                    name,
                    (current.changes[name][1], current.hlc),
                    (new, hlc, entry["node_id"], entry["actor_label"]),
                )
            )
    if action == ChangeLog.Action.UPDATE and deleted:
        decision.conflicts.append(
            _deleted_conflict(entry["changes"], hlc, entry["node_id"], entry["actor_label"])
        )
    if action == ChangeLog.Action.DELETE and not deleted:
        for row in rows:
            if row.action == ChangeLog.Action.UPDATE and unseen(row):
                decision.conflicts.append(
                    _deleted_conflict(row.changes, row.hlc, row.node_id, row.actor_label)
                )
    return decision


def _deleted_conflict(
    changes: dict[str, list[Any]], hlc: str, node: str, actor: str
) -> dict[str, Any]:
    return {
        "kind": Conflict.Kind.DELETED,
        "field_name": "is_deleted",
        "winning_value": True,
        "winning_hlc": hlc,
        "losing_value": {name: values[1] for name, values in changes.items()},
        "losing_hlc": hlc,
        "losing_node": node,
        "losing_actor_label": actor,
    }


def _check_references(
    model: type[ReplicatedModel],
    entry: WireEntry,
    names: list[str],
    known: dict[Any, bool],
) -> list[Any]:
    """Refuse a change that points at a record not here; return the keys of those deleted here.

    `known` caches, per (model, id), whether the record is deleted here (one query per record
    a batch points at, not per change).
    """
    fields = {f.attname: f for f in history.content_fields(model)}
    deleted = []
    for name in names:
        f = fields.get(name)
        value = entry["changes"][name][1]
        if f is None or not f.is_relation or value is None:
            continue
        target = cast(type[models.Model], f.related_model)
        key = (target, str(value))
        if key not in known:
            found = list(
                target._base_manager.filter(pk=value).values_list(
                    "is_deleted" if issubclass(target, ReplicatedModel) else "pk", flat=True
                )
            )
            if not found:
                raise Refused(
                    "missing_reference",
                    _("It refers to a %(what)s that is not here (%(id)s).")
                    % {"what": target._meta.verbose_name, "id": value},
                )
            known[key] = found[0] is True
        if known[key]:
            deleted.append(key)
    return deleted


def _bury_orphan(
    model: type[ReplicatedModel],
    entry: WireEntry,
    state: dict[tuple[str, str], list[LogRow]],
    known: dict[Any, bool],
) -> int:
    """A record made (or moved) elsewhere under a record deleted here: delete wins, as for an
    edit to a deleted record; the record is tombstoned here — a change of this node, so it
    travels back to where it was made — and its content is kept as a conflict to review."""
    obj = model.all_objects.get(pk=entry["object_id"])
    conflict = _deleted_conflict(
        entry["changes"], entry["hlc"], entry["node_id"], entry["actor_label"]
    )
    recorded = int(_record_conflict(entry, state, **conflict))
    history.soft_delete(obj, actor=None)
    known[(model, str(obj.pk))] = True
    return recorded


def _cascade_remote_delete(model: type[ReplicatedModel], entry: WireEntry) -> None:
    """A delete made elsewhere took along the children that node knew; children made here
    (or arrived from a third node) since then would stay live but unreachable: delete them too,
    as a local delete of the parent would have."""
    obj = model.all_objects.get(pk=entry["object_id"])
    for child in list(history.replicated_children(obj)):
        history.soft_delete(child, actor=None)


# What a change that does not fit this database raises (a missing parent, a bad value, a clash).
_APPLY_ERRORS = (
    ValidationError,
    IntegrityError,
    ObjectDoesNotExist,
    AttributeError,
    LookupError,
    KeyError,
    ValueError,
    TypeError,
)


class _RetryCarefully(Exception):
    pass


def apply_entries(
    entries: Iterable[Any],
    *,
    unseen: Unseen,
    source_node: str,
    region_code: str = "",
    judge: Judge | None = None,
    retry: bool = False,
) -> ApplyResult:
    """Apply received change-log entries in order. Call inside a transaction.

    On the hub, `judge` decides each change from a node before anything is written (scope,
    author, clock); what it refuses is quarantined with the reason, tagged with the sender's
    `region_code`. The batch is first applied in one savepoint; only when a change fails in the
    database is it rolled back and applied again with a savepoint per change, so that one bad
    change is quarantined and the others still land. `retry` applies changes that are in
    quarantine again (an administrator fixed the cause) instead of repeating their refusal.
    """
    entries = list(entries)
    for careful in (False, True):
        try:
            with transaction.atomic():
                return _apply_all(
                    entries,
                    careful=careful,
                    unseen=unseen,
                    source_node=source_node,
                    region_code=region_code,
                    judge=judge,
                    retry=retry,
                )
        except _RetryCarefully:
            continue
    raise AssertionError("the careful pass never asks to retry")


def _apply_all(
    raw_entries: list[Any],
    *,
    careful: bool,
    unseen: Unseen,
    source_node: str,
    region_code: str,
    judge: Judge | None,
    retry: bool,
) -> ApplyResult:
    result = ApplyResult()
    entries: list[WireEntry] = []
    for raw in raw_entries:
        try:
            entries.append(parse_entry(raw))
        except EntryInvalid as invalid:
            change_id = quarantine(raw, "invalid", invalid.reason, source_node, region_code)
            result.refused.append(
                {"change_id": change_id, "code": "invalid", "reason": invalid.reason}
            )
    prefetch = getattr(judge, "prefetch", None)
    if prefetch is not None:
        prefetch(entries)
    ids = [e["change_id"] for e in entries]
    here = {
        str(c)
        for c in ChangeLog.objects.filter(change_id__in=ids).values_list("change_id", flat=True)
    }
    quarantined: dict[str, tuple[str, str]] = {}
    if not retry:
        rows = Quarantine.objects.filter(change_id__in=ids).values_list(
            "change_id", "code", "reason"
        )
        quarantined = {str(change_id): (code, reason) for change_id, code, reason in rows}
    state = _load_rows({(e["model_label"], e["object_id"]) for e in entries})
    known: dict[Any, bool] = {}
    for entry in entries:
        change_id = entry["change_id"]
        if change_id in here:
            result.already_here += 1
            continue
        if change_id in quarantined:
            code, reason = quarantined[change_id]
            result.refused.append({"change_id": change_id, "code": code, "reason": reason})
            continue
        try:
            with transaction.atomic() if careful else contextlib.nullcontext():
                recorded = entry if judge is None else judge(entry)
                result.conflicts += _apply_one(recorded, state, unseen=unseen, known=known)
            result.applied += 1
            result.reference += entry["model_label"] in REFERENCE_MODELS
            here.add(change_id)
        except Refused as refusal:
            quarantine(entry, refusal.code, refusal.reason, source_node, region_code, retry=retry)
            result.refused.append(
                {"change_id": change_id, "code": refusal.code, "reason": refusal.reason}
            )
        except _APPLY_ERRORS as error:
            if not careful:
                raise _RetryCarefully from error
            reason = _("It could not be applied here: %(error)s") % {"error": error}
            quarantine(entry, "invalid", reason, source_node, region_code, retry=retry)
            result.refused.append({"change_id": change_id, "code": "invalid", "reason": reason})
    return result


def _apply_one(
    entry: WireEntry,
    state: dict[tuple[str, str], list[LogRow]],
    *,
    unseen: Unseen,
    known: dict[Any, bool],
) -> int:
    model = replicated_model(entry["model_label"])
    key = (entry["model_label"], entry["object_id"])
    rows = state.setdefault(key, [])
    if (
        entry["action"] != ChangeLog.Action.CREATE
        and not rows
        and not model.all_objects.filter(pk=entry["object_id"]).exists()
    ):
        raise Refused(
            "missing_record",
            _("It changes a record that is not here (its creation has not arrived)."),
        )
    decision = decide_merge(entry, rows, unseen)
    deleted_parents = _check_references(model, entry, decision.winning_fields, known)
    is_create = entry["action"] == ChangeLog.Action.CREATE
    log = history.apply_remote(
        dict(entry),
        winning_fields=decision.winning_fields,
        delete=decision.delete,
        known_new=is_create and not rows,
    )
    if log is None:
        return 0
    recorded = sum(_record_conflict(entry, state, **values) for values in decision.conflicts)
    known[(model, entry["object_id"])] = decision.delete
    rows.append(
        LogRow(
            log.seq,
            entry["change_id"],
            entry["hlc"],
            entry["node_id"],
            entry["action"],
            entry["changes"],
            entry["actor_label"],
        )
    )
    if decision.delete:
        _cascade_remote_delete(model, entry)
    elif deleted_parents:
        recorded += _bury_orphan(model, entry, state, known)
    return recorded


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# A refused entry is kept as it came, up to this size (malformed ones may carry anything).
_QUARANTINE_KEEP_CHARS = 200_000
# A change's own keys, or the person a node sent (rembuk.sync.people).
_KEPT_KEYS = frozenset({*LOG_FIELDS, "person"})


def _storable(entry: Any) -> dict[str, Any]:
    """What the quarantine keeps of a refused entry: the entry, or its JSON text cut short when
    it is long or holds a NUL or a NaN or infinity (no JSON column stores them; the text shows
    them)."""
    if isinstance(entry, dict):
        kept = {key: value for key, value in entry.items() if key in _KEPT_KEYS} or dict(entry)
        text = json.dumps(kept, default=str)
        storable = not holds_null_character(kept) and not holds_non_finite(kept)
        if len(text) <= _QUARANTINE_KEEP_CHARS and storable:
            return kept
    else:
        text = json.dumps(entry, default=str)
    return {"raw": text[:2000], "truncated": len(text) > 2000}


def quarantine(
    entry: Any,
    code: str,
    reason: str,
    source_node: str,
    region_code: str,
    *,
    retry: bool = False,
) -> str:
    """Keep a refused change with its reason; returns its change_id. A malformed entry still
    gets its row, under a fresh id. A retry that fails again records the new reason."""
    raw_id = entry.get("change_id") if isinstance(entry, dict) else None
    change_id = str(raw_id) if _is_uuid(raw_id) else str(uuid.uuid4())
    values = {"code": code, "reason": reason}
    if retry:
        Quarantine.objects.filter(change_id=change_id).update(**values)
    else:
        Quarantine.objects.get_or_create(
            change_id=change_id,
            defaults={
                "entry": _storable(entry),
                "source_node": source_node[:40],
                "region_code": region_code[:20],
                **values,
            },
        )
    return change_id
