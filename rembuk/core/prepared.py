"""Reads that every request makes, with their SQL compiled once per thread.

Django builds a query's SQL anew each time it runs: for a short read that is most of its cost
(1,000–2,000 Python calls, against a few dozen to run it). The frame of every page reads the
same few things for a different person each time (the session, the person, their memberships,
their unread count), so a `PreparedRead` compiles the queryset once per thread (Django's
connections are per thread), with a stand-in for each value that changes, and afterwards only
sends the kept SQL with the values and applies the columns' converters (dates, UUIDs on
SQLite) as Django would. The rows are still read from the database on every request: nothing
is kept but the query's text. See docs/decisions/0025-pages-cost-their-data.md (amendment
"the frame and the reads many pages share").
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Field, ForeignKey, Model, QuerySet


def _stand_in(field: Field[Any, Any], n: int) -> Any:
    """A value no row holds, put where the n-th changing value goes while the query is
    compiled (found again among the compiled query's parameters)."""
    # A foreign key is compared as the field it points to.
    kind = getattr(field, "target_field", field).get_internal_type()
    if kind == "UUIDField":
        return uuid.UUID(int=0xF00D + n)
    if kind == "DateField":
        return datetime.date(1901, 2, 3 + n)
    if kind == "CharField":
        return f"stand-in {n} {uuid.UUID(int=0xF00D)}"
    raise TypeError(f"no stand-in for a {kind}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # where each changing value goes in params
    # (column, converters, expression) for the columns Django converts after reading.
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


class PreparedRead:
    """`PreparedRead(lambda a, b: queryset, field_a, field_b)` reads `queryset` for any values
    of the fields (UUIDs, dates, short texts, or foreign keys to them), each used once in
    it: `.rows(a, b)` returns the rows of the queryset built for these values, as
    `values_list()` would."""

    def __init__(self, queryset_for: Callable[..., QuerySet[Any]], *fields: Field[Any, Any]):
        self._queryset_for = queryset_for
        self._fields = fields
        # Per thread, as Django's connections are: the converters are bound to the
        # connection they were made with.
        self._local = threading.local()

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        stand_ins = [_stand_in(field, n) for n, field in enumerate(self._fields)]
        compiler = self._queryset_for(*stand_ins).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = []
        for field, stand_in in zip(self._fields, stand_ins, strict=True):
            prepared = field.get_db_prep_value(stand_in, connection, prepared=False)
            found = [i for i, param in enumerate(params) if param == prepared]
            if len(found) != 1:
                raise ValueError(f"each value must appear once in the query, not {len(found)}")
            slots.append(found[0])
        return _Compiled(sql, tuple(params), tuple(slots), _column_converters(compiler))

    def rows(self, *values: Any, using: str = "default") -> list[tuple[Any, ...]]:
        connection = connections[using]
        kept: dict[tuple[str, str], _Compiled] = self._local.__dict__.setdefault("compiled", {})
        key = (using, connection.vendor)
        compiled = kept.get(key)
        if compiled is None:
            compiled = kept[key] = self._compile(using)
        params = list(compiled.params)
        for slot, field, value in zip(compiled.slots, self._fields, values, strict=True):
            params[slot] = field.get_db_prep_value(value, connection, prepared=False)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        return [_converted(row, compiled.converters, connection) for row in rows]


class PreparedValues:
    """`.values(*names)` through a `PreparedRead`: `.dicts(*values)` returns the rows of
    `queryset_for(*values)` as dicts of those names, as `values()` would."""

    def __init__(
        self,
        queryset_for: Callable[..., QuerySet[Any]],
        names: tuple[str, ...],
        *fields: Field[Any, Any],
    ) -> None:
        self._names = names
        self._read = PreparedRead(
            lambda *values: queryset_for(*values).values_list(*names), *fields
        )

    def dicts(self, *values: Any, using: str = "default") -> list[dict[str, Any]]:
        return [
            dict(zip(self._names, row, strict=True))
            for row in self._read.rows(*values, using=using)
        ]


@dataclass(frozen=True)
class _Part:
    """One record of a row: the main one (path "") or one reached through foreign keys."""

    path: str
    model: type[Model]
    names: tuple[str, ...]  # its concrete fields' attnames, in the model's order
    start: int  # its first column in the row
    pk_at: int  # where its primary key is among its columns
    holder: str  # the path of the record that holds it
    link: ForeignKey[Any, Any] | None  # the foreign key on the holder that leads to it


class PreparedRecords:
    """Model instances with their related records cached on them, as `select_related(*related)`
    makes them, read through a `PreparedRead`: `.records(*values)` returns the records of the
    queryset `queryset_for(*values)` (a foreign key that is null gives None, as Django does),
    with the queryset's `annotations` set on each, as `annotate()` does."""

    def __init__(
        self,
        model: type[Model],
        queryset_for: Callable[..., QuerySet[Any]],
        *fields: Field[Any, Any],
        related: tuple[str, ...] = (),
        annotations: tuple[str, ...] = (),
    ):
        parts: list[_Part] = []
        columns: list[str] = []
        for path in ("", *related):
            holder = path.rpartition("__")[0]
            part_model: type[Model] = model
            link: ForeignKey[Any, Any] | None = None
            for step in path.split("__") if path else ():
                step_field = part_model._meta.get_field(step)
                if not isinstance(step_field, ForeignKey):
                    raise TypeError(f"{path} is not a path of foreign keys")
                link, part_model = step_field, step_field.related_model
            names = tuple(f.attname for f in part_model._meta.concrete_fields)
            pk_at = names.index(part_model._meta.pk.attname)
            parts.append(_Part(path, part_model, names, len(columns), pk_at, holder, link))
            columns.extend(f"{path}__{n}" if path else n for n in names)
        self._parts = tuple(parts)
        self._annotations = tuple(enumerate(annotations, start=len(columns)))
        columns.extend(annotations)
        self._read = PreparedRead(
            lambda *values: queryset_for(*values).values_list(*columns), *fields
        )

    def records(self, *values: Any, using: str = "default") -> list[Any]:
        found = []
        for row in self._read.rows(*values, using=using):
            made: dict[str, Any] = {}
            for part in self._parts:
                cells = row[part.start : part.start + len(part.names)]
                if part.link is None:
                    made[part.path] = part.model.from_db(using, part.names, cells)
                    continue
                holder = made[part.holder]
                record = None
                if holder is not None and cells[part.pk_at] is not None:
                    record = part.model.from_db(using, part.names, cells)
                if holder is not None:
                    part.link.set_cached_value(holder, record)
                made[part.path] = record
            for position, name in self._annotations:
                setattr(made[""], name, row[position])
            found.append(made[""])
        return found


# --- reads of several shapes ----------------------------------------------------------------


_SHAPE_STAND_INS: dict[type, Callable[[int], Any]] = {
    str: lambda n: f"stand-in {n} {uuid.UUID(int=0xF00D)}",
    # Within a small integer's range: Django compiles a value out of its field's range away.
    int: lambda n: 31_013 + n,
    float: lambda n: 0.000_123_456_789 + n,
    datetime.date: lambda n: datetime.date(1901, 2, 3 + n),
    uuid.UUID: lambda n: uuid.UUID(int=0xF00D + n),
}
_LIKE_SPECIAL = frozenset("%_\\")
# (column, converters, expression) for the columns Django converts after reading.
_Converters = tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


_MAX_SHAPES = 1000  # per read and thread


def _kind(value: Any) -> type:
    """Which stand-in a value takes (a text subclass is a text; no datetimes, no booleans)."""
    if type(value) in _SHAPE_STAND_INS:
        return type(value)
    if not isinstance(value, (bool, datetime.datetime)):
        for kind in _SHAPE_STAND_INS:
            if isinstance(value, kind):
                return kind
    raise TypeError(f"no stand-in for a {type(value).__name__}")


def _param(value: Any, connection: Any) -> Any:
    """A value as Django sends it as a query parameter (dates and UUIDs as the backend wants)."""
    if isinstance(value, uuid.UUID):
        return value if connection.features.has_native_uuid_field else value.hex
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class _Shaped:
    sql: str
    params: tuple[Any, ...]
    # (parameter, value, type) the parameter is the value (as that type, when not its own);
    # (parameter, value, before, after) it is a text with the value in it (a code made a
    # range end or a LIKE pattern).
    whole: tuple[tuple[int, int, Any], ...]
    within: tuple[tuple[int, int, str, str], ...]
    converters: _Converters


_NO_ROWS = _Shaped("", (), (), (), ())


class PreparedShapes:
    """`PreparedShapes(lambda shape, *values: queryset.values_list(...))` for a read whose SQL
    changes with what `shape` says (how many region codes a scope holds, which filters are
    set, a LIMIT) as well as with its values: each shape is compiled once per thread, with a
    stand-in for each value (texts, integers, floats, dates, UUIDs), and `.rows(shape,
    *values)` returns the rows of `queryset_for(shape, *values)` as `values_list()` would.

    `shape` must be hashable and hold everything the queryset's SQL depends on other than
    the values themselves: `queryset_for` sees stand-ins, never the values, so it may not
    branch on them. A text may also be found inside a parameter (`code + "."`, a LIKE
    pattern); a text with a LIKE wildcard in it is then compiled afresh (Django escapes it)."""

    def __init__(self, queryset_for: Callable[..., QuerySet[Any]]) -> None:
        self._queryset_for = queryset_for
        self._local = threading.local()

    def _compile(self, alias: str, shape: Any, kinds: tuple[type, ...]) -> _Shaped:
        connection = connections[alias]
        stand_ins = [_SHAPE_STAND_INS[kind](n) for n, kind in enumerate(kinds)]
        compiler = self._queryset_for(shape, *stand_ins).query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _NO_ROWS  # a condition such as `IN ()`: no rows, as Django answers it
        whole: list[tuple[int, int, Any]] = []
        within: list[tuple[int, int, str, str]] = []
        for number, stand_in in enumerate(stand_ins):
            sent = _param(stand_in, connection)
            found = False
            for position, param in enumerate(params):
                if param == sent and not isinstance(param, bool):
                    # psycopg's typed integers (Int2 for a small integer field) are kept.
                    typed = type(param) if type(param) is not type(sent) else None
                    whole.append((position, number, typed))
                    found = True
                elif isinstance(stand_in, str) and isinstance(param, str) and stand_in in param:
                    before, _, after = param.partition(stand_in)
                    within.append((position, number, before, after))
                    found = True
            if not found:
                raise ValueError(f"value {number} is not among the query's parameters")
        return _Shaped(
            sql, tuple(params), tuple(whole), tuple(within), _column_converters(compiler)
        )

    def _kept(self, shape: Any, values: tuple[Any, ...], using: str) -> _Shaped | None:
        """The shape's compiled SQL, or None when a text holds a LIKE wildcard."""
        if any(isinstance(v, str) and not _LIKE_SPECIAL.isdisjoint(v) for v in values):
            return None
        kinds = tuple(_kind(value) for value in values)
        key = (using, connections[using].vendor, shape, kinds)
        kept: dict[Any, _Shaped] = self._local.__dict__.setdefault("compiled", {})
        compiled = kept.get(key)
        if compiled is None:
            compiled = self._compile(using, shape, kinds)
            if len(kept) < _MAX_SHAPES:  # a bound on what a thread keeps, whatever comes
                kept[key] = compiled
        return compiled

    def _params(self, compiled: _Shaped, values: tuple[Any, ...], using: str) -> list[Any]:
        connection = connections[using]
        params = list(compiled.params)
        for position, number, typed in compiled.whole:
            param = _param(values[number], connection)
            params[position] = typed(param) if typed else param
        for position, number, before, after in compiled.within:
            params[position] = f"{before}{values[number]}{after}"
        return params

    def sql(self, shape: Any, *values: Any, using: str = "default") -> tuple[str, list[Any]]:
        """The SQL and parameters of `queryset_for(shape, *values)`, to put inside another
        statement."""
        compiled = self._kept(shape, values, using)
        if compiled is None:
            sql, params = self._queryset_for(shape, *values).query.get_compiler(using).as_sql()
            return sql, list(params)
        if compiled is _NO_ROWS:
            raise EmptyResultSet
        return compiled.sql, self._params(compiled, values, using)

    def rows(self, shape: Any, *values: Any, using: str = "default") -> list[tuple[Any, ...]]:
        compiled = self._kept(shape, values, using)
        if compiled is None:
            return list(self._queryset_for(shape, *values).using(using))
        if compiled is _NO_ROWS:
            return []
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, self._params(compiled, values, using))
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        return [_converted(row, compiled.converters, connection) for row in rows]


def _column_converters(compiler: Any) -> _Converters:
    """(column, converters, expression) for the columns Django converts after reading, as its
    compiler lists them; SQLite's UUID converter replaced by `_uuid_from_hex`, which makes the
    same UUIDs at half the cost (a page reads a few hundred)."""
    operations = compiler.connection.ops
    on_sqlite = compiler.connection.vendor == "sqlite"

    def kept(function: Callable[..., Any]) -> Callable[..., Any]:
        if (
            on_sqlite
            and getattr(function, "__self__", None) is operations
            and getattr(function, "__name__", "") == "convert_uuidfield_value"
        ):
            return _uuid_from_hex
        return function

    expressions = [column for column, _sql, _alias in compiler.select]
    return tuple(
        (position, tuple(kept(function) for function in functions), expression)
        for position, (functions, expression) in compiler.get_converters(expressions).items()
    )


_new_object, _set_slot = object.__new__, object.__setattr__

# The UUIDs already made, by the text they were read from. A page reads the same records'
# ids on every request; a UUID is immutable, so one object serves them all (a dict lookup
# against 1.5 µs to make it: about 0.3 ms of the meeting page). Emptied when full.
_MADE_UUIDS: dict[str, uuid.UUID] = {}
MOST_KEPT_UUIDS = 100_000  # about 20 MB


def _uuid_from_hex(value: Any, expression: Any, connection: Any) -> uuid.UUID | None:
    """`uuid.UUID(value)`, which SQLite's converter returns for the text Django stores (32 hex
    digits), without the checks UUID() makes of its other forms: 32 letters and digits are
    read by the same `int(value, 16)`, so the same texts are accepted and refused. Anything
    else (dashes, braces, a prefix) goes to UUID() itself. A text read before gives the UUID
    made then (_MADE_UUIDS)."""
    if value is None:
        return None
    made = _MADE_UUIDS.get(value)
    if made is not None:
        return made
    if len(value) != 32 or not value.isalnum():
        return uuid.UUID(value)
    made = _new_object(uuid.UUID)
    # UUID's own __init__ sets its two slots this way (the class refuses setattr).
    _set_slot(made, "int", int(value, 16))
    _set_slot(made, "is_safe", uuid.SafeUUID.unknown)
    if len(_MADE_UUIDS) >= MOST_KEPT_UUIDS:
        _MADE_UUIDS.clear()
    _MADE_UUIDS[value] = made
    return made


def _converted(row: Any, converters: _Converters, connection: Any) -> tuple[Any, ...]:
    cells = list(row)
    for position, functions, expression in converters:
        cell = cells[position]
        for function in functions:
            cell = function(cell, expression, connection)
        cells[position] = cell
    return tuple(cells)


class PreparedShapedRecords(PreparedRecords):
    """PreparedRecords read through PreparedShapes: `.records(shape, *values)` returns the
    records of `queryset_for(shape, *values)`, with their related records cached on them."""

    def __init__(
        self,
        model: type[Model],
        queryset_for: Callable[..., QuerySet[Any]],
        *,
        related: tuple[str, ...] = (),
        annotations: tuple[str, ...] = (),
    ):
        super().__init__(model, queryset_for, related=related, annotations=annotations)
        # The same columns, by shape: the read made above compiles `queryset_for(*args)` with
        # every column and passes its arguments on.
        self._read = PreparedShapes(self._read._queryset_for)  # type: ignore[assignment]
