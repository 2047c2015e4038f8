"""Reads that every request makes, with their SQL compiled once per thread.

Django builds a query's SQL anew each time it runs: for a short read that is most of its cost
(1,000–2,000 Python calls, against a few dozen to run it). The frame of every page reads the
same few things for a different person each time (their memberships, their unread count), so
a `PreparedRead` compiles the queryset once per thread (Django's connections are per thread),
with a stand-in for the one value that changes, and afterwards only sends the kept SQL with
that value and applies the columns' converters (dates, UUIDs on SQLite) as Django would. The
rows are still read from the database on every request: nothing is kept but the query's text.
See docs/decisions/0025-pages-cost-their-data.md (amendment "the frame, sixth round").
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Field, QuerySet

# A value no row holds, put where the changing value goes while the query is compiled.
_STAND_IN = uuid.UUID("00000000-0000-4000-8000-00000000f00d")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slot: int  # where the changing value goes in params
    # (column, converters, expression) for the columns Django converts after reading.
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


class PreparedRead:
    """`PreparedRead(lambda value: queryset, field)` reads `queryset` for any `value` of
    `field` (a UUID primary key, or a foreign key to one): `.rows(value)` returns the rows of
    the queryset built for that value, as `values_list()` would."""

    def __init__(self, queryset_for: Callable[[Any], QuerySet[Any]], field: Field[Any, Any]):
        self._queryset_for = queryset_for
        self._field = field
        # Per thread, as Django's connections are: the converters are bound to the
        # connection they were made with.
        self._local = threading.local()

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        compiler = self._queryset_for(_STAND_IN).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        stand_in = self._field.get_db_prep_value(_STAND_IN, connection, prepared=False)
        slots = [i for i, param in enumerate(params) if param == stand_in]
        if len(slots) != 1:
            raise ValueError(f"the value must appear once in the query, not {len(slots)} times")
        expressions = [column for column, _sql, _alias in compiler.select]
        converters = tuple(
            (position, tuple(functions), expression)
            for position, (functions, expression) in compiler.get_converters(expressions).items()
        )
        return _Compiled(sql, tuple(params), slots[0], converters)

    def rows(self, value: Any, using: str = "default") -> list[tuple[Any, ...]]:
        connection = connections[using]
        kept: dict[tuple[str, str], _Compiled] = self._local.__dict__.setdefault("compiled", {})
        key = (using, connection.vendor)
        compiled = kept.get(key)
        if compiled is None:
            compiled = kept[key] = self._compile(using)
        params = list(compiled.params)
        params[compiled.slot] = self._field.get_db_prep_value(value, connection, prepared=False)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for position, functions, expression in compiled.converters:
                cell = values[position]
                for function in functions:
                    cell = function(cell, expression, connection)
                values[position] = cell
            converted.append(tuple(values))
        return converted
