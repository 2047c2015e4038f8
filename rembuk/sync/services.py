"""Sync between kecamatan nodes and a kabupaten hub. The rules live here (docs/decisions/0005):

1. Scope. A node receives the records of its region plus reference data (its kabupaten's
   regions, the agencies and memberships above it); it may send only changes made on it to
   records inside its region. The hub refuses anything else with a reason and keeps it in
   Quarantine; nothing received is ever dropped without a row saying why.
2. Idempotence. A change is identified by its change_id; applying it again does nothing, so a
   batch may be re-sent, a bundle imported twice, an interrupted sync simply run again.
3. Order. Push batches carry the cursor they start after; the hub refuses a batch that would
   leave a gap (409 with the cursor it expects) and the node resumes from there.
4. Merge. Per field, the value written by the change with the highest HLC wins on every node,
   whatever the order of arrival, so all nodes converge. A pull never overwrites unsent local
   edits by replacement: it merges per field under the same rule. When two edits to the same
   field were made without either side having seen the other, the losing value is kept as a
   Conflict for a person to review.
5. Delete wins. A deletion is final (tombstones are monotonic); an edit made concurrently with a
   deletion is applied to the tombstone (so fields still converge) and kept as a Conflict.

Every write still goes through rembuk.core.history (apply_remote for received changes).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import gzip
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.models import ChangeLog, ReplicatedModel
from rembuk.core.nodes import local_node_id
from rembuk.core.permissions import region_covers, region_q
from rembuk.sync.models import Conflict, HubLink, NodeToken, Quarantine, Rejection

PROTOCOL_VERSION = 1
BATCH_SIZE = 500
# Reference data: the hub is the only source; a node never sends these.
PULL_ONLY_MODELS = frozenset({"regions.region"})
# Reference data a node receives from above its own region (ancestors of it).
REFERENCE_MODELS = frozenset({"regions.region", "people.agency", "people.membership"})
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "password",
    "language",
    "is_active",
    "must_change_password",
)
CONFLICT_NAMESPACE = uuid.UUID("0d7c3c4e-7f0a-4f7e-9a51-5b1f3f2a8c05")
BUNDLE_MAGIC = b"REMBUK-BUNDLE-1\n"
LOG_FIELDS = (
    "seq",
    "change_id",
    "hlc",
    "node_id",
    "actor_id",
    "actor_label",
    "model_label",
    "object_id",
    "object_repr",
    "action",
    "changes",
    "base_version",
    "version",
    "scope_code",
    "root_id",
    "recorded_at",
)


class SyncRefused(Exception):
    """The other side (or this one) refuses a request; `reason` is for a person to read."""

    def __init__(self, reason: str, *, status: int = 400, data: dict[str, Any] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.data = data or {}


class SyncUnavailable(Exception):
    """The hub could not be reached (no network, hub stopped, connection cut)."""


# --- wire format -------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def wire_entry(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _jsonable(row[key]) for key in LOG_FIELDS}


def encode(payload: dict[str, Any]) -> bytes:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def decode(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
    except (OSError, ValueError, EOFError) as error:
        raise SyncRefused(_("The sync data is damaged and cannot be read.")) from error
    if not isinstance(data, dict):
        raise SyncRefused(_("The sync data is damaged and cannot be read."))
    return data


# --- scope ---------------------------------------------------------------------------------


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def kabupaten_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def pull_filter(region_code: str) -> Q:
    """The change-log rows a node scoped to `region_code` receives."""
    condition = region_q("scope_code", [region_code])
    condition |= Q(model_label__in=REFERENCE_MODELS, scope_code__in=_ancestors(region_code))
    condition |= Q(model_label="regions.region") & region_q(
        "scope_code", [kabupaten_of(region_code)]
    )
    return condition


def push_refusal(region_code: str, entry: dict[str, Any], sender_node: str) -> str | None:
    """Why the hub refuses an incoming change from a node, or None when it may be applied."""
    if entry.get("node_id") != sender_node:
        return _("A node may send only changes made on it (this one came from %(node)s).") % {
            "node": entry.get("node_id")
        }
    if entry.get("model_label") in PULL_ONLY_MODELS:
        return _("Regions are reference data; they are changed on the hub only.")
    if not region_covers(region_code, str(entry.get("scope_code", ""))):
        return _("The record belongs to %(scope)s, outside this node's region %(region)s.") % {
            "scope": entry.get("scope_code"),
            "region": region_code,
        }
    return None


# --- users (not replicated records: they travel as a reference snapshot) -----------------------


def _user_fk_fields(model: type[models.Model]) -> list[str]:
    user_model = get_user_model()
    return [
        f.attname
        for f in history.content_fields(model)  # type: ignore[arg-type]
        if f.is_relation and f.related_model is user_model
    ]


def referenced_user_ids(entries: Iterable[dict[str, Any]], *, actors: bool = True) -> set[str]:
    ids: set[str] = set()
    for entry in entries:
        if actors and entry.get("actor_id"):
            ids.add(str(entry["actor_id"]))
        try:
            model = apps.get_model(entry["model_label"])
        except LookupError:
            continue
        for attname in _user_fk_fields(model):
            value = entry["changes"].get(attname, [None, None])[1]
            if value:
                ids.add(str(value))
    return ids


def users_snapshot(ids: Iterable[str], *, may_log_in: set[str]) -> list[dict[str, Any]]:
    """The people with these ids. Only those in `may_log_in` (people with a role there) carry
    their password hash; the others travel as names for the history, unable to log in."""
    rows = (
        get_user_model().objects.filter(pk__in=list(ids)).order_by("pk").values("id", *USER_FIELDS)
    )
    snapshot = []
    for row in rows:
        item = {k: _jsonable(v) for k, v in row.items()}
        if item["id"] not in may_log_in:
            item.update(password=make_password(None), is_active=False, reference_only=True)
        snapshot.append(item)
    return snapshot


def scope_user_ids(region_code: str) -> set[str]:
    from rembuk.people.models import Membership

    codes = [region_code, *_ancestors(region_code)]
    condition = region_q("region__code", [region_code]) | Q(region__code__in=codes)
    return {
        str(pk) for pk in Membership.objects.filter(condition).values_list("user_id", flat=True)
    }


def users_digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def users_upsert(rows: Iterable[dict[str, Any]], *, overwrite: bool) -> list[str]:
    """Create the people a received change refers to; the hub's copy overwrites a node's.

    Returns the usernames that could not be taken because another person has them here.
    """
    user_model = get_user_model()
    clashes: list[str] = []
    for row in rows:
        values = {k: row[k] for k in USER_FIELDS if k in row}
        existing = user_model.objects.filter(pk=row["id"]).first()
        if existing is not None and row.get("reference_only"):
            continue  # a name for the history never overwrites a person who can log in here
        if existing is None:
            if user_model.objects.filter(username=values.get("username")).exists():
                clashes.append(str(values.get("username")))
                continue
            user_model.objects.create(id=row["id"], **values)
        elif overwrite:
            changed = [k for k, v in values.items() if getattr(existing, k) != v]
            if changed:
                for key in changed:
                    setattr(existing, key, values[key])
                existing.save(update_fields=changed)
    return clashes


# --- applying received changes -------------------------------------------------------------


@dataclass
class LogRow:
    seq: int
    hlc: str
    node_id: str
    action: str
    changes: dict[str, list[Any]]
    actor_label: str


# A predicate saying whether the sender of the entries being applied had NOT seen a local row
# when it made them: the test that tells a concurrent edit (a conflict) from a later one.
Unseen = Callable[[LogRow], bool]


@dataclass
class ApplyResult:
    applied: int = 0
    already_here: int = 0
    conflicts: int = 0
    refused: list[dict[str, str]] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _load_rows(keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[LogRow]]:
    state: dict[tuple[str, str], list[LogRow]] = {key: [] for key in keys}
    object_ids = sorted({object_id for _, object_id in keys})
    for start in range(0, len(object_ids), 500):
        rows = ChangeLog.objects.filter(object_id__in=object_ids[start : start + 500]).values_list(
            "model_label", "object_id", "seq", "hlc", "node_id", "action", "changes", "actor_label"
        )
        for label, object_id, seq, hlc, node, action, changes, actor_label in rows:
            key = (label, str(object_id))
            if key in state:
                state[key].append(LogRow(seq, hlc, node, action, changes, actor_label))
    return state


def _conflict_id(model_label: str, object_id: str, field_name: str, losing_hlc: str) -> uuid.UUID:
    return uuid.uuid5(CONFLICT_NAMESPACE, f"{model_label}|{object_id}|{field_name}|{losing_hlc}")


def _record_conflict(
    entry: dict[str, Any], state: dict[tuple[str, str], list[LogRow]], **values: Any
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
        object_repr=entry.get("object_repr", "")[:200],
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
class _Plan:
    winning: list[str]
    delete: bool
    conflicts: list[dict[str, Any]]


def _merge_plan(entry: dict[str, Any], rows: list[LogRow], unseen: Unseen) -> _Plan:
    """Which fields of `entry` win (highest HLC per field) and which conflicts to keep."""
    latest: dict[str, LogRow] = {}
    for row in rows:
        for name in row.changes:
            if name != "is_deleted" and (name not in latest or row.hlc > latest[name].hlc):
                latest[name] = row
    deleted = any(row.action == ChangeLog.Action.DELETE for row in rows)
    hlc, action = entry["hlc"], entry["action"]
    plan = _Plan(winning=[], delete=action == ChangeLog.Action.DELETE, conflicts=[])
    for name, (_old, new) in entry["changes"].items():
        if name == "is_deleted":
            continue
        current = latest.get(name)
        if current is None or hlc > current.hlc:
            plan.winning.append(name)
            if (
                current is not None
                and action == ChangeLog.Action.UPDATE
                and current.action == ChangeLog.Action.UPDATE
                and unseen(current)
                and current.changes[name][1] != new
            ):
                plan.conflicts.append(
                    {
                        "kind": Conflict.Kind.FIELD,
                        "field_name": name,
                        "winning_value": new,
                        "winning_hlc": hlc,
                        "losing_value": current.changes[name][1],
                        "losing_hlc": current.hlc,
                        "losing_node": current.node_id,
                        "losing_actor_label": current.actor_label,
                    }
                )
        elif (
            action == ChangeLog.Action.UPDATE
            and current.action == ChangeLog.Action.UPDATE
            and current.changes[name][1] != new
        ):
            # The entry is new here and older than what is here: its author had not seen ours.
            plan.conflicts.append(
                {
                    "kind": Conflict.Kind.FIELD,
                    "field_name": name,
                    "winning_value": current.changes[name][1],
                    "winning_hlc": current.hlc,
                    "losing_value": new,
                    "losing_hlc": hlc,
                    "losing_node": entry["node_id"],
                    "losing_actor_label": entry.get("actor_label", ""),
                }
            )
    if action == ChangeLog.Action.UPDATE and deleted:
        plan.conflicts.append(_deleted_conflict(entry["changes"], hlc, entry))
    if action == ChangeLog.Action.DELETE and not deleted:
        for row in rows:
            if row.action == ChangeLog.Action.UPDATE and unseen(row):
                plan.conflicts.append(_deleted_conflict(row.changes, row.hlc, row))
    return plan


def _deleted_conflict(
    changes: dict[str, list[Any]], hlc: str, origin: dict[str, Any] | LogRow
) -> dict[str, Any]:
    node = origin["node_id"] if isinstance(origin, dict) else origin.node_id
    actor = origin.get("actor_label", "") if isinstance(origin, dict) else origin.actor_label
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
    entry: dict[str, Any],
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
                raise _Refused(
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
    entry: dict[str, Any],
    state: dict[tuple[str, str], list[LogRow]],
    known: dict[Any, bool],
) -> int:
    """A record made (or moved) elsewhere under a record deleted here: delete wins, as for an
    edit to a deleted record; the record is tombstoned here — a change of this node, so it
    travels back to where it was made — and its content is kept as a conflict to review."""
    obj = model.all_objects.get(pk=entry["object_id"])
    conflict = _deleted_conflict(entry["changes"], entry["hlc"], entry)
    recorded = int(_record_conflict(entry, state, **conflict))
    history.soft_delete(obj, actor=None)
    known[(model, str(obj.pk))] = True
    return recorded


def _cascade_remote_delete(model: type[ReplicatedModel], entry: dict[str, Any]) -> None:
    """A delete made elsewhere took along the children that node knew; children made here
    (or arrived from a third node) since then would stay live but unreachable: delete them too,
    as a local delete of the parent would have."""
    obj = model.all_objects.get(pk=entry["object_id"])
    for child in list(history.replicated_children(obj)):
        history.soft_delete(child, actor=None)


_APPLY_ERRORS = (ValidationError, IntegrityError, LookupError, KeyError, ValueError, TypeError)


class _RetryCarefully(Exception):
    pass


def apply_entries(
    entries: list[dict[str, Any]],
    *,
    unseen: Unseen,
    source_node: str,
    region_code: str | None = None,
    sender_node: str | None = None,
) -> ApplyResult:
    """Apply received change-log entries in order. Call inside a transaction.

    `region_code`/`sender_node` are given on the hub: the entries come from that node and must
    lie in its region; what does not is quarantined with the reason, never silently dropped.
    The batch is first applied in one savepoint; only when a change fails in the database is
    it rolled back and applied again with a savepoint per change, so that one bad change is
    quarantined and the others still land (refusals are decided before anything is written).
    """
    for careful in (False, True):
        try:
            with transaction.atomic():
                return _apply_all(
                    entries,
                    careful=careful,
                    unseen=unseen,
                    source_node=source_node,
                    region_code=region_code,
                    sender_node=sender_node,
                )
        except _RetryCarefully:
            continue
    raise AssertionError("the careful pass never asks to retry")


def _apply_all(
    entries: list[dict[str, Any]],
    *,
    careful: bool,
    unseen: Unseen,
    source_node: str,
    region_code: str | None,
    sender_node: str | None,
) -> ApplyResult:
    result = ApplyResult()
    ids = [str(e.get("change_id")) for e in entries if _is_uuid(e.get("change_id"))]
    here = {
        str(c)
        for c in ChangeLog.objects.filter(change_id__in=ids).values_list("change_id", flat=True)
    }
    quarantined = {
        str(k): v
        for k, v in Quarantine.objects.filter(change_id__in=ids).values_list("change_id", "reason")
    }
    keys = {(str(e.get("model_label")), str(e.get("object_id"))) for e in entries}
    state = _load_rows(keys)
    known: dict[Any, bool] = {}
    objects: dict[Any, Any] = {}
    for entry in entries:
        change_id = str(entry.get("change_id"))
        if change_id in here:
            result.already_here += 1
            continue
        if change_id in quarantined:
            result.refused.append({"change_id": change_id, "reason": quarantined[change_id]})
            continue
        try:
            with transaction.atomic() if careful else contextlib.nullcontext():
                result.conflicts += _apply_one(
                    entry,
                    state,
                    unseen=unseen,
                    region_code=region_code,
                    sender_node=sender_node,
                    known=known,
                    objects=objects,
                )
            result.applied += 1
            here.add(change_id)
        except _Refused as refusal:
            _quarantine(entry, refusal.code, refusal.reason, source_node)
            result.refused.append({"change_id": change_id, "reason": refusal.reason})
        except _APPLY_ERRORS as error:
            if not careful:
                raise _RetryCarefully from error
            reason = _("It could not be applied here: %(error)s") % {"error": error}
            _quarantine(entry, "invalid", reason, source_node)
            result.refused.append({"change_id": change_id, "reason": reason})
    return result


def _apply_one(
    entry: dict[str, Any],
    state: dict[tuple[str, str], list[LogRow]],
    *,
    unseen: Unseen,
    region_code: str | None,
    sender_node: str | None,
    known: dict[Any, bool],
    objects: dict[Any, Any],
) -> int:
    if region_code is not None and sender_node is not None:
        refusal = push_refusal(region_code, entry, sender_node)
        if refusal:
            raise _Refused("out_of_scope", refusal)
    model = apps.get_model(entry["model_label"])
    if not issubclass(model, ReplicatedModel):
        raise _Refused("invalid", _("This kind of record is not synchronised."))
    key = (entry["model_label"], str(entry["object_id"]))
    rows = state.setdefault(key, [])
    if (
        entry["action"] != ChangeLog.Action.CREATE
        and not rows
        and not model.all_objects.filter(pk=entry["object_id"]).exists()
    ):
        raise _Refused(
            "missing_record",
            _("It changes a record that is not here (its creation has not arrived)."),
        )
    plan = _merge_plan(entry, rows, unseen)
    deleted_parents = _check_references(model, entry, plan.winning, known)
    is_create = entry["action"] == ChangeLog.Action.CREATE
    if region_code is not None and (
        is_create
        or any(f.is_relation for f in history.content_fields(model) if f.attname in plan.winning)
    ):
        # A node must not be able to claim a scope its record does not really have.
        actual = _actual_scope(model, entry, objects)
        if not region_covers(region_code, actual) or actual != entry["scope_code"]:
            raise _Refused(
                "out_of_scope",
                _("The record really belongs to %(scope)s, outside this node's region.")
                % {"scope": actual},
            )
    log = history.apply_remote(
        entry, winning_fields=plan.winning, delete=plan.delete, known_new=is_create and not rows
    )
    if log is None:
        return 0
    recorded = sum(_record_conflict(entry, state, **values) for values in plan.conflicts)
    known[(model, str(entry["object_id"]))] = plan.delete
    rows.append(
        LogRow(
            log.seq,
            entry["hlc"],
            entry["node_id"],
            entry["action"],
            entry["changes"],
            entry.get("actor_label", ""),
        )
    )
    if plan.delete:
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


def _cached(model: type[models.Model], pk: Any, objects: dict[Any, Any]) -> models.Model:
    key = (model, str(pk))
    if key not in objects:
        objects[key] = model._base_manager.get(pk=pk)
        _prime(objects[key], objects)
    return objects[key]  # type: ignore[no-any-return]


def _prime(obj: models.Model, objects: dict[Any, Any]) -> None:
    """Fill the foreign-key caches of `obj` from (and into) the batch's object cache, so that
    scope_code() walks up to the region without a query per record."""
    for f in obj._meta.concrete_fields:
        target = f.related_model
        if f.many_to_one and isinstance(target, type) and issubclass(target, ReplicatedModel):
            relation: Any = f
            value = getattr(obj, f.attname)
            if value is not None and not relation.is_cached(obj):
                relation.set_cached_value(obj, _cached(target, value, objects))


def _actual_scope(
    model: type[ReplicatedModel], entry: dict[str, Any], objects: dict[Any, Any]
) -> str:
    fields = {f.attname: f for f in history.content_fields(model)}
    if entry["action"] == ChangeLog.Action.CREATE:
        obj = model(id=entry["object_id"])
    else:
        obj = copy.copy(_cached(model, entry["object_id"], objects))  # type: ignore[assignment]
        obj._state.fields_cache = {}
    for name, (_old, new) in entry["changes"].items():
        if name in fields:
            setattr(obj, name, history._field_value(fields[name], new))
    _prime(obj, objects)
    objects[(model, str(obj.pk))] = obj
    return obj.scope_code()


def _quarantine(entry: dict[str, Any], code: str, reason: str, source_node: str) -> None:
    # A malformed entry still gets its row, under a fresh id.
    change_id = str(entry["change_id"]) if _is_uuid(entry.get("change_id")) else str(uuid.uuid4())
    Quarantine.objects.get_or_create(
        change_id=change_id,
        defaults={"entry": entry, "code": code, "reason": reason, "source_node": source_node},
    )


@transaction.atomic
def quarantine_retry(*, quarantine: Quarantine, actor: Any) -> bool:
    """Try a quarantined change again (after an administrator fixed its cause)."""
    if quarantine.released_at:
        return True
    result = apply_entries([quarantine.entry], unseen=lambda row: True, source_node="")
    if result.applied or result.already_here:
        quarantine.released_at = timezone.now()
        quarantine.save(update_fields=["released_at"])
        return True
    return False


# --- tokens (hub) --------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def signing_key_for(token: str) -> str:
    return hmac.new(token.encode(), b"rembuk-bundle-v1", hashlib.sha256).hexdigest()


@transaction.atomic
def token_issue(*, region_code: str, label: str = "", actor: Any = None) -> tuple[NodeToken, str]:
    """A new node token for `region_code`. The plain token is returned once and never stored."""
    from rembuk.regions.models import Region

    if not Region.objects.filter(code=region_code).exists():
        raise ValidationError(
            _("There is no region with code %(code)s.") % {"code": region_code}, code="region"
        )
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
def token_revoke(*, token: NodeToken, actor: Any = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(plain: str, node_id: str) -> NodeToken:
    """The active token matching `plain`, bound to `node_id` on first use."""
    token = NodeToken.objects.filter(token_hash=_hash(plain or "")).first()
    if token is None:
        raise SyncRefused(_("This token is not known to the hub."), status=401)
    if token.revoked_at is not None:
        raise SyncRefused(_("This node's token was revoked on the hub."), status=403)
    if not node_id:
        raise SyncRefused(_("The request does not say which node sent it."))
    if token.node_id and token.node_id != node_id:
        raise SyncRefused(_("This token belongs to another node."), status=403)
    token.node_id = node_id
    token.last_seen_at = timezone.now()
    token.save(update_fields=["node_id", "last_seen_at"])
    return token


def token_pending(token: NodeToken) -> int:
    """Changes on the hub that this node has not acknowledged yet."""
    return _pull_queryset(token).count()


def _pull_queryset(token: NodeToken) -> models.QuerySet[ChangeLog]:
    return (
        ChangeLog.objects.filter(seq__gt=token.pull_cursor)
        .filter(pull_filter(token.region_code))
        .exclude(node_id=token.node_id or "-")
        .order_by("seq")
    )


# --- the hub's side of the protocol --------------------------------------------------------


def _hub_unseen(token: NodeToken) -> Unseen:
    # The node had seen a hub row if it came from the node or the node has pulled past it.
    return lambda row: row.node_id != token.node_id and row.seq > token.pull_cursor


def hub_hello(token: NodeToken) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL_VERSION,
        "hub_node_id": local_node_id(),
        "region_code": token.region_code,
        "push_cursor": token.push_cursor,
        "pull_cursor": token.pull_cursor,
    }


def hub_push(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """Apply one batch a node pushed; answer with the new cursor and any refusals."""
    with transaction.atomic():
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        after = int(payload.get("after", 0))
        if after > token.push_cursor:
            raise SyncRefused(
                _("A batch is missing before this one; resend from %(cursor)s.")
                % {"cursor": token.push_cursor},
                status=409,
                data={"expected_after": token.push_cursor},
            )
        result = _hub_apply(token, payload)
        entries = payload.get("entries") or []
        if entries:
            token.push_cursor = max(token.push_cursor, max(int(e["seq"]) for e in entries))
            token.save(update_fields=["push_cursor"])
    return {"acked": token.push_cursor, "applied": result.applied, "refused": result.refused}


def _hub_apply(token: NodeToken, payload: dict[str, Any]) -> ApplyResult:
    entries = [e for e in (payload.get("entries") or []) if int(e.get("seq", 0)) > 0]
    users_upsert(payload.get("users") or [], overwrite=False)
    return apply_entries(
        entries,
        unseen=_hub_unseen(token),
        source_node=token.node_id,
        region_code=token.region_code,
        sender_node=token.node_id,
    )


def hub_ack(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """The node has applied every hub change in its scope up to `after`."""
    after = int(payload.get("after", 0))
    with transaction.atomic():
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        if after > token.pull_cursor:
            token.pull_cursor = after
            token.save(update_fields=["pull_cursor"])
    return {"pull_cursor": token.pull_cursor}


def hub_pull(token: NodeToken, payload: dict[str, Any]) -> dict[str, Any]:
    """The next page of hub changes for a node; asking `after` N acknowledges up to N."""
    after = int(payload.get("after", 0))
    limit = max(1, min(int(payload.get("limit", BATCH_SIZE)), 2000))
    hub_ack(token, payload)
    token.refresh_from_db()
    return _hub_page(token, after=after, limit=limit, digest=str(payload.get("users_digest", "")))


def _hub_page(token: NodeToken, *, after: int, limit: int | None, digest: str) -> dict[str, Any]:
    queryset = (
        ChangeLog.objects.filter(seq__gt=after)
        .filter(pull_filter(token.region_code))
        .exclude(node_id=token.node_id or "-")
        .order_by("seq")
        .values(*LOG_FIELDS)
    )
    rows = list(queryset[: limit + 1] if limit else queryset)
    more = bool(limit) and len(rows) > (limit or 0)
    entries = [wire_entry(r) for r in rows[:limit]] if limit else [wire_entry(r) for r in rows]
    in_scope = scope_user_ids(token.region_code)
    scope_users = users_snapshot(in_scope, may_log_in=in_scope)
    current = users_digest(scope_users)
    user_ids = referenced_user_ids(entries)
    if digest != current:
        user_ids |= in_scope
    return {
        "entries": entries,
        "users": users_snapshot(user_ids, may_log_in=in_scope),
        "users_digest": current,
        "next_after": entries[-1]["seq"] if entries else after,
        "more": more,
        "acked": token.push_cursor,
    }


# --- the node's side ---------------------------------------------------------------------------


class Transport(Protocol):
    def call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]: ...


def _outgoing_users(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # People a pushed record names (a membership's user) may log in on the hub; actors are
    # sent as names only.
    return users_snapshot(
        referenced_user_ids(entries), may_log_in=referenced_user_ids(entries, actors=False)
    )


def hub_link() -> HubLink | None:
    return HubLink.objects.order_by("pk").first()


def _node_unseen(link: HubLink) -> Unseen:
    node = local_node_id()

    def unseen(row: LogRow) -> bool:
        # Only this node's own changes that the hub has not acknowledged can be unknown to it.
        return row.node_id == node and row.seq > link.push_cursor

    return unseen


@transaction.atomic
def node_link(*, hub_url: str, token: str, hello: dict[str, Any]) -> HubLink:
    """Record that this install is a node of the hub (node_init after a successful hello)."""
    link = hub_link() or HubLink()
    link.hub_url = hub_url.rstrip("/") + "/"
    link.token = token
    link.region_code = hello["region_code"]
    link.hub_node_id = hello["hub_node_id"]
    link.push_cursor = int(hello.get("push_cursor", 0))
    link.pull_cursor = max(link.pull_cursor if link.pk else 0, int(hello.get("pull_cursor", 0)))
    link.save()
    return link


def outgoing(link: HubLink, *, after: int, limit: int | None) -> list[dict[str, Any]]:
    """This node's own changes after `after`, in order, as they travel."""
    queryset = (
        ChangeLog.objects.filter(seq__gt=after, node_id=local_node_id())
        .exclude(model_label__in=PULL_ONLY_MODELS)
        .order_by("seq")
        .values(*LOG_FIELDS)
    )
    rows = queryset[:limit] if limit else queryset
    return [wire_entry(r) for r in rows]


def waiting_count(link: HubLink) -> int:
    return (
        ChangeLog.objects.filter(seq__gt=link.push_cursor, node_id=local_node_id())
        .exclude(model_label__in=PULL_ONLY_MODELS)
        .count()
    )


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    refused: int = 0
    conflicts: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


def _record_rejections(refused: list[dict[str, str]]) -> None:
    for item in refused:
        Rejection.objects.update_or_create(
            change_id=item["change_id"], defaults={"reason": item["reason"]}
        )


def node_push(link: HubLink, transport: Transport, report: SyncReport) -> None:
    while True:
        entries = outgoing(link, after=link.push_cursor, limit=BATCH_SIZE)
        if not entries:
            return
        payload = {
            "node_id": local_node_id(),
            "after": link.push_cursor,
            "entries": entries,
            "users": _outgoing_users(entries),
        }
        try:
            answer = transport.call("push", payload)
        except SyncRefused as refusal:
            if refusal.status == 409 and "expected_after" in refusal.data:
                link.push_cursor = int(refusal.data["expected_after"])
                link.save(update_fields=["push_cursor"])
                continue
            raise
        with transaction.atomic():
            _record_rejections(answer.get("refused", []))
            link.push_cursor = int(answer["acked"])
            link.save(update_fields=["push_cursor"])
        report.pushed += int(answer.get("applied", 0))
        report.refused += len(answer.get("refused", []))


def node_apply_page(link: HubLink, page: dict[str, Any], *, source: str) -> ApplyResult:
    """Apply one page (or bundle) from the hub and move the pull cursor, in one transaction."""
    with transaction.atomic():
        users_upsert(page.get("users") or [], overwrite=True)
        result = apply_entries(
            page.get("entries") or [], unseen=_node_unseen(link), source_node=source
        )
        link.pull_cursor = max(link.pull_cursor, int(page.get("next_after", link.pull_cursor)))
        if page.get("users_digest"):
            link.users_digest = page["users_digest"]
        link.push_cursor = max(link.push_cursor, int(page.get("acked", 0)))
        link.save(update_fields=["pull_cursor", "users_digest", "push_cursor"])
    return result


def node_pull(link: HubLink, transport: Transport, report: SyncReport) -> None:
    while True:
        page = transport.call(
            "pull",
            {
                "node_id": local_node_id(),
                "after": link.pull_cursor,
                "limit": BATCH_SIZE,
                "users_digest": link.users_digest,
            },
        )
        result = node_apply_page(link, page, source=link.hub_node_id)
        report.pulled += result.applied
        report.conflicts += result.conflicts
        if not page.get("more"):
            if page.get("entries"):
                # Tell the hub how far we got, so its pending count and conflict checks are exact.
                transport.call("ack", {"node_id": local_node_id(), "after": link.pull_cursor})
            return


def node_sync(transport: Transport) -> SyncReport:
    """Push this node's changes, then pull the hub's (the `sync` command and the button)."""
    link = hub_link()
    if link is None:
        raise SyncRefused(_("This install is not a node yet: run node_init first."))
    report = SyncReport()
    link.last_attempt_at = timezone.now()
    link.save(update_fields=["last_attempt_at"])
    try:
        hello = transport.call("hello", {"node_id": local_node_id()})
        if int(hello.get("push_cursor", 0)) != link.push_cursor:
            # The hub is the judge of what it holds (it may have been restored from a backup).
            link.push_cursor = int(hello["push_cursor"])
            link.save(update_fields=["push_cursor"])
        node_push(link, transport, report)
        node_pull(link, transport, report)
    except (SyncRefused, SyncUnavailable) as error:
        link.last_error = str(error)
        link.save(update_fields=["last_error"])
        raise
    link.last_success_at = timezone.now()
    link.last_error = ""
    link.save(update_fields=["last_success_at", "last_error"])
    return report


# --- offline bundles ---------------------------------------------------------------------------


def _sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def _pack(key: str, header: dict[str, Any], payload: dict[str, Any]) -> bytes:
    # The header travels in clear (so the receiver knows which key to check with); the
    # signature covers header and body together.
    head = json.dumps(header, separators=(",", ":")).encode()
    body = encode(payload)
    return BUNDLE_MAGIC + head + b"\n" + _sign(key, head + b"\n" + body).encode() + b"\n" + body


def _unpack(data: bytes) -> tuple[dict[str, Any], bytes, str]:
    """(header, signed bytes, signature); the body is decoded only after the check."""
    if not data.startswith(BUNDLE_MAGIC):
        raise SyncRefused(_("This file is not a Rembuk sync bundle."))
    head, _nl, rest = data[len(BUNDLE_MAGIC) :].partition(b"\n")
    signature, _nl, body = rest.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError as error:
        raise SyncRefused(_("This file is not a Rembuk sync bundle.")) from error
    if not isinstance(header, dict):
        raise SyncRefused(_("This file is not a Rembuk sync bundle."))
    return header, head + b"\n" + body, signature.decode(errors="replace")


def _verify(key: str, signed: bytes, signature: str) -> dict[str, Any]:
    if not hmac.compare_digest(signature, _sign(key, signed)):
        raise SyncRefused(
            _("The bundle's signature does not match: it was altered or is not for this place.")
        )
    return decode(signed.partition(b"\n")[2])


def bundle_export_from_node() -> bytes:
    """Every change of this node the hub has not acknowledged, signed for the hub."""
    link = hub_link()
    if link is None:
        raise SyncRefused(_("This install is not a node yet: run node_init first."))
    entries = outgoing(link, after=link.push_cursor, limit=None)
    header = {
        "kind": "node-to-hub",
        "protocol": PROTOCOL_VERSION,
        "from_node": local_node_id(),
        "to_node": link.hub_node_id,
        "region_code": link.region_code,
        "after": link.push_cursor,
        "pulled_to": link.pull_cursor,
        "created_at": timezone.now().isoformat(),
    }
    payload = {"entries": entries, "users": _outgoing_users(entries)}
    return _pack(signing_key_for(link.token), header, payload)


def bundle_export_for_node(token: NodeToken) -> bytes:
    """Every hub change in the node's scope it has not acknowledged, signed for that node."""
    if not token.node_id:
        raise SyncRefused(_("This token has not been used by a node yet."))
    page = _hub_page(token, after=token.pull_cursor, limit=None, digest="")
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
    raise SyncRefused(_("This file is not a Rembuk sync bundle."))


def _import_on_node(signature: str, signed: bytes, header: dict[str, Any]) -> ImportResult:
    link = hub_link()
    if link is None:
        raise SyncRefused(_("This install is not a node, so it cannot take a bundle from a hub."))
    payload = _verify(signing_key_for(link.token), signed, signature)
    if header.get("to_node") != local_node_id() or header.get("region_code") != link.region_code:
        raise SyncRefused(
            _("This bundle is for another node or region (%(region)s).")
            % {"region": header.get("region_code")}
        )
    if int(header.get("after", 0)) > link.pull_cursor:
        raise SyncRefused(
            _("An earlier bundle from the hub has not been imported here; import it first.")
        )
    result = node_apply_page(link, payload, source=str(header.get("from_node", "")))
    return ImportResult(
        result.applied, result.already_here, len(result.refused), result.conflicts, "hub-to-node"
    )


def _import_on_hub(signature: str, signed: bytes, header: dict[str, Any]) -> ImportResult:
    token = (
        NodeToken.objects.filter(node_id=str(header.get("from_node", "")))
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at")
        .first()
    )
    if token is None:
        raise SyncRefused(_("This bundle comes from a node this hub does not know."))
    if token.revoked_at is not None:
        raise SyncRefused(_("This bundle comes from a node whose token was revoked."))
    payload = _verify(token.signing_key, signed, signature)
    if header.get("to_node") != local_node_id() or header.get("region_code") != token.region_code:
        raise SyncRefused(
            _("This bundle is for another hub or region (%(region)s).")
            % {"region": header.get("region_code")}
        )
    with transaction.atomic():
        token = NodeToken.objects.select_for_update().get(pk=token.pk)
        if int(header.get("after", 0)) > token.push_cursor:
            raise SyncRefused(
                _("An earlier bundle from this node has not been imported; import it first.")
            )
        token.pull_cursor = max(token.pull_cursor, int(header.get("pulled_to", 0)))
        result = _hub_apply(token, payload)
        entries = payload.get("entries") or []
        if entries:
            token.push_cursor = max(token.push_cursor, max(int(e["seq"]) for e in entries))
        token.last_seen_at = timezone.now()
        token.save(update_fields=["pull_cursor", "push_cursor", "last_seen_at"])
    return ImportResult(
        result.applied, result.already_here, len(result.refused), result.conflicts, "node-to-hub"
    )


# --- conflicts -------------------------------------------------------------------------------


@transaction.atomic
def conflict_resolve(*, conflict: Conflict, keep: str, actor: Any) -> Conflict:
    """Close a conflict. `keep="losing"` writes the kept value back as a normal edit."""
    if conflict.status == Conflict.Status.RESOLVED:
        return conflict
    if keep == "losing" and conflict.kind == Conflict.Kind.FIELD:
        model = apps.get_model(conflict.model_label)
        target = model.objects.filter(pk=conflict.object_id).first()
        if target is None:
            raise ValidationError(_("The record was deleted; the value cannot be restored."))
        f = next(f for f in history.content_fields(model) if f.attname == conflict.field_name)
        history.update(target, actor=actor, **{f.attname: f.to_python(conflict.losing_value)})
        resolution = _("The kept value was restored.")
    elif keep == "winning":
        resolution = _("The current value was confirmed.")
    else:
        raise ValidationError(_("Choose which value to keep."))
    return history.update(
        conflict, actor=actor, status=Conflict.Status.RESOLVED, resolution=resolution
    )


def last_hub_seq() -> int:
    return ChangeLog.objects.aggregate(m=Max("seq"))["m"] or 0
