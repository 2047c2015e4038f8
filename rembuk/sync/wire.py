"""What travels between a node and its hub, and the bounds on reading it (docs/decisions/0005,
docs/decisions/0011).

Owns three rules:
- The wire format: gzip-compressed JSON; a change travels as a `WireEntry`.
- Bounded work before trust: compressed input is inflated as a stream and refused past a hard cap
  on its output, so a small body cannot grow into gigabytes; the caller authenticates first.
- Bounded fields: an entry is read into a `WireEntry` only when every key has its type and every
  text is within the length its model field allows; anything else is refused with a reason a
  person can read (the hub quarantines it, the API answers 400), never a 500.
"""

from __future__ import annotations

import datetime
import gzip
import json
import math
import uuid
import zlib
from typing import Any, TypedDict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.clock import HLC
from rembuk.core.models import ChangeLog, ReplicatedModel
from rembuk.core.null_characters import holds_null_character

PROTOCOL_VERSION = 1
BATCH_SIZE = 500
MAX_PAGE = 2000
# A request to /api/sync/ is at most this large as sent, and at most MAX_INFLATED_BYTES once
# inflated: a batch of 500 entries with every text at its limit fits (about 15 MB), a gzip bomb
# does not. A bundle holds every unsent change, so it may inflate further.
MAX_REQUEST_BYTES = 8 * 1024 * 1024
MAX_INFLATED_BYTES = 48 * 1024 * 1024
MAX_BUNDLE_INFLATED_BYTES = 160 * 1024 * 1024
# Cursors and versions fit the database's 64-bit integers.
MAX_WHOLE = 2**62
# JSON fields (funding sources, ids of blocked activities, a conflict's values) hold little.
MAX_JSON_FIELD_CHARS = 60_000
_CHUNK = 64 * 1024

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


class WireEntry(TypedDict):
    """One change-log entry as it travels (ChangeLog's fields in JSON form)."""

    seq: int
    change_id: str
    hlc: str
    node_id: str
    actor_id: str | None
    actor_label: str
    model_label: str
    object_id: str
    object_repr: str
    action: str
    changes: dict[str, list[Any]]
    base_version: int | None
    version: int
    scope_code: str
    root_id: str
    recorded_at: str


class SyncRefused(Exception):
    """The other side (or this one) refuses a request; `reason` is for a person to read, `code`
    (optional, rembuk.sync.problems.Code) for the node to tell what kind of problem it is.
    `by_hub` says the hub answered it with `status` (the transport sets it); a refusal this side
    raises itself has status 400 too, so the status alone does not say who refused."""

    def __init__(
        self,
        reason: str,
        *,
        status: int = 400,
        data: dict[str, Any] | None = None,
        code: str = "",
        by_hub: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.data = data or {}
        self.code = code
        self.by_hub = by_hub


class SyncUnavailable(Exception):
    """The hub could not be reached (no network, hub stopped, connection cut)."""

    code = ""


class EntryInvalid(Exception):
    """An entry that cannot be read as a change; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- encoding --------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def wire_entry(row: dict[str, Any]) -> WireEntry:
    """A ChangeLog row (from `.values(*LOG_FIELDS)`) as it travels."""
    return WireEntry(**{key: _jsonable(row[key]) for key in LOG_FIELDS})  # type: ignore[typeddict-item]


def encode(payload: Any) -> bytes:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def _too_large(limit: int) -> SyncRefused:
    return SyncRefused(
        _("The sync data is larger than %(limit)d MB once unpacked; it is refused.")
        % {"limit": limit // (1024 * 1024)},
        status=413,
    )


def inflate(body: bytes, *, limit: int) -> bytes:
    """The gzip `body` inflated, chunk by chunk, refused as soon as it passes `limit` bytes."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = body
    try:
        while pending:
            out += inflater.decompress(pending, _CHUNK)
            if len(out) > limit:
                raise _too_large(limit)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        if not inflater.eof:
            out += inflater.flush()
            if not inflater.eof:
                raise SyncRefused(_("The sync data is cut off and cannot be read."))
    except zlib.error as error:
        raise SyncRefused(_("The sync data is damaged and cannot be read.")) from error
    if len(out) > limit:
        raise _too_large(limit)
    return bytes(out)


def decode(body: bytes, *, limit: int = MAX_INFLATED_BYTES) -> dict[str, Any]:
    """A payload (gzip JSON, or plain JSON) as a dict; refused when damaged or too large."""
    raw = inflate(body, limit=limit) if body[:2] == b"\x1f\x8b" else body
    if len(raw) > limit:
        raise _too_large(limit)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise SyncRefused(_("The sync data is damaged and cannot be read.")) from error
    if not isinstance(data, dict):
        raise SyncRefused(_("The sync data is damaged and cannot be read."))
    return data


# --- reading a payload's fields ---------------------------------------------------------------


def payload_int(payload: dict[str, Any], name: str, default: int = 0) -> int:
    """A non-negative whole number from a payload; a 400 with a reason when it is not one."""
    value = payload.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SyncRefused(_("“%(name)s” must be a whole number.") % {"name": name})
    try:
        number = int(value)
    except ValueError as error:
        raise SyncRefused(_("“%(name)s” must be a whole number.") % {"name": name}) from error
    if not 0 <= number <= MAX_WHOLE:
        raise SyncRefused(_("“%(name)s” is out of range.") % {"name": name})
    return number


def payload_list(payload: dict[str, Any], name: str) -> list[Any]:
    value = payload.get(name) or []
    if not isinstance(value, list):
        raise SyncRefused(_("“%(name)s” must be a list.") % {"name": name})
    return value


def payload_text(payload: dict[str, Any], name: str, *, limit: int = 200) -> str:
    value = payload.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise SyncRefused(
            _("“%(name)s” must be a text of at most %(limit)d characters.")
            % {"name": name, "limit": limit}
        )
    return value


# --- reading one entry -----------------------------------------------------------------------

# (key, type, maximum length of a text) for the keys every entry has.
_TEXTS = {
    "hlc": 80,
    "node_id": 40,
    "actor_label": 150,
    "model_label": 60,
    "object_repr": 200,
    "scope_code": 20,
    "recorded_at": 40,
}
_UUIDS = ("change_id", "object_id", "root_id")


def replicated_model(label: Any) -> type[ReplicatedModel]:
    try:
        model = apps.get_model(str(label))
    except (LookupError, ValueError) as error:
        raise EntryInvalid(_("This kind of record is not synchronised.")) from error
    if not issubclass(model, ReplicatedModel):
        raise EntryInvalid(_("This kind of record is not synchronised."))
    return model


def _uuid(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError as error:
        raise EntryInvalid(_("The change has a malformed identifier.")) from error


def _whole(value: Any, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WHOLE:
        raise EntryInvalid(_("The change has a malformed number."))
    return value


def _check_value(f: models.Field, value: Any) -> None:
    """A field's value is bounded like the page bounds it, before anything holds it."""
    if value is None:
        return
    if holds_null_character(value):
        raise EntryInvalid(
            _("%(field)s holds a null character, which cannot be stored.")
            % {"field": f.verbose_name}
        )
    if isinstance(f, models.JSONField):
        if len(json.dumps(value)) > MAX_JSON_FIELD_CHARS:
            raise EntryInvalid(_("%(field)s holds too much data.") % {"field": f.verbose_name})
    elif isinstance(value, str):
        # Texts as their field allows; dates, numbers and ids in a short text.
        if isinstance(f, models.CharField | models.TextField):
            limit = f.max_length or MAX_JSON_FIELD_CHARS
        else:
            limit = 100
        if len(value) > limit:
            raise EntryInvalid(
                _("%(field)s is too long: %(length)d characters, at most %(limit)d are allowed.")
                % {"field": f.verbose_name, "length": len(value), "limit": limit}
            )
    elif not isinstance(value, int | float | bool):
        raise EntryInvalid(
            _("%(field)s has a value of the wrong kind.") % {"field": f.verbose_name}
        )
    if holds_non_finite(value):
        raise EntryInvalid(
            _("%(field)s holds a number no database can store.") % {"field": f.verbose_name}
        )


def holds_non_finite(value: Any) -> bool:
    """Whether `value` (JSON as parsed, at any depth) holds NaN or an infinity: Python's JSON
    reads them, but no column stores them (PostgreSQL's JSON refuses them, an integer column
    overflows)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def _check_new_value(f: models.Field, value: Any) -> None:
    """The value a change writes is one the field can hold and its page could have saved: of
    its kind, one of its choices, within its validators (an integer within the database's
    range). Emptiness is not judged here: the record as a whole is the writer's."""
    if value is None or f.is_relation:
        return
    try:
        python = f.to_python(value)
        if f.choices and python not in f.empty_values:
            allowed = {str(choice) for choice, _label in f.flatchoices}
            if str(python) not in allowed:
                raise ValidationError("invalid_choice")
        f.run_validators(python)
    except (ValidationError, OverflowError) as error:
        raise EntryInvalid(
            _("%(field)s has a value it cannot hold.") % {"field": f.verbose_name}
        ) from error


def parse_entry(raw: Any) -> WireEntry:
    """`raw` as a WireEntry, or EntryInvalid saying what is wrong with it."""
    if not isinstance(raw, dict):
        raise EntryInvalid(_("The change is not a record of a change."))
    for key in LOG_FIELDS:
        if key not in raw:
            raise EntryInvalid(_("The change lacks “%(key)s”.") % {"key": key})
    for key, limit in _TEXTS.items():
        if not isinstance(raw[key], str) or len(raw[key]) > limit:
            raise EntryInvalid(
                _("“%(key)s” must be a text of at most %(limit)d characters.")
                % {"key": key, "limit": limit}
            )
        if holds_null_character(raw[key]):
            raise EntryInvalid(
                _("“%(key)s” holds a null character, which cannot be stored.") % {"key": key}
            )
    try:
        HLC.parse(raw["hlc"])
        recorded = datetime.datetime.fromisoformat(raw["recorded_at"])
    except ValueError as error:
        raise EntryInvalid(_("The change has a malformed time.")) from error
    if recorded.tzinfo is None:
        raise EntryInvalid(_("The change has a malformed time."))
    if raw["action"] not in ChangeLog.Action.values:
        raise EntryInvalid(_("The change has an unknown action."))
    model = replicated_model(raw["model_label"])
    changes = raw["changes"]
    if not isinstance(changes, dict):
        raise EntryInvalid(_("The change's fields are malformed."))
    # A delete changes nothing but the tombstone (history.soft_delete logs exactly that): any
    # other field in it would be written without the judgement of a move or an edit.
    is_delete = raw["action"] == ChangeLog.Action.DELETE
    if is_delete != ("is_deleted" in changes) or (is_delete and len(changes) != 1):
        raise EntryInvalid(_("The change's fields are malformed."))
    fields = {f.attname: f for f in history.content_fields(model)}
    for name, pair in changes.items():
        if name == "is_deleted":
            if pair != [False, True]:
                raise EntryInvalid(_("The change's fields are malformed."))
            continue
        if name not in fields or not isinstance(pair, list) or len(pair) != 2:
            raise EntryInvalid(
                _("The change names a field this kind of record does not have (%(field)s).")
                % {"field": str(name)[:60]}
            )
        for value in pair:
            _check_value(fields[name], value)
        _check_new_value(fields[name], pair[1])
    actor_id = raw["actor_id"]
    return WireEntry(
        seq=_whole(raw["seq"]) or 0,
        change_id=_uuid(raw["change_id"]),
        hlc=raw["hlc"],
        node_id=raw["node_id"],
        actor_id=_uuid(actor_id) if actor_id not in (None, "") else None,
        actor_label=raw["actor_label"],
        model_label=model._meta.label_lower,
        object_id=_uuid(raw["object_id"]),
        object_repr=raw["object_repr"],
        action=raw["action"],
        changes=changes,
        base_version=_whole(raw["base_version"], optional=True),
        version=_whole(raw["version"]) or 0,
        scope_code=raw["scope_code"],
        root_id=_uuid(raw["root_id"]),
        recorded_at=raw["recorded_at"],
    )
