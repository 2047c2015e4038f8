"""The database this installation runs on: can it be reached, and is its schema the one this
version of Rembuk knows? Every operation (serve, backup, restore, upgrade, status) asks first,
so a person gets one clear sentence instead of a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

import rembuk

MigrationKey = tuple[str, str]


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message says which one and why."""


class DatabaseTooNew(Exception):
    """The database was migrated by a newer Rembuk than this one."""


def engine_name(connection: BaseDatabaseWrapper | None = None) -> str:
    """`sqlite` or `postgresql`."""
    return (connection or connections["default"]).vendor


def describe(connection: BaseDatabaseWrapper | None = None) -> str:
    """Which database, for a person: never the password."""
    connection = connection or connections["default"]
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {database['NAME']}"
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"PostgreSQL {database.get('USER') or ''}@{host}{port}/{database['NAME']}"


def ensure_reachable(connection: BaseDatabaseWrapper | None = None) -> None:
    connection = connection or connections["default"]
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if connection.vendor == "sqlite":
            message = _(
                "The database %(database)s cannot be opened (%(reason)s): check that its "
                "file and directory exist and can be written."
            )
        else:
            message = _(
                "The database %(database)s cannot be reached (%(reason)s): check DATABASE_URL "
                "and that PostgreSQL is running."
            )
        raise DatabaseUnavailable(
            message % {"database": describe(connection), "reason": reason}
        ) from error


@dataclass
class SchemaState:
    """Migrations this code has that the database lacks, and the other way round."""

    pending: list[MigrationKey] = field(default_factory=list)
    unknown: list[MigrationKey] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return not self.pending and not self.unknown


def newer_than_code(applied: set[MigrationKey], known: set[MigrationKey]) -> list[MigrationKey]:
    """Applied migrations of an app this code has, under a name it does not know."""
    apps = {app for app, _name in known}
    return sorted(key for key in applied - known if key[0] in apps)


def known_migrations() -> set[MigrationKey]:
    executor = MigrationExecutor(connections["default"])
    return set(executor.loader.disk_migrations)


def schema_state(connection: BaseDatabaseWrapper | None = None) -> SchemaState:
    connection = connection or connections["default"]
    executor = MigrationExecutor(connection)
    loader = executor.loader
    unknown = newer_than_code(set(loader.applied_migrations), set(loader.disk_migrations))
    if unknown:
        return SchemaState(unknown=unknown)
    plan = executor.migration_plan(loader.graph.leaf_nodes())
    return SchemaState(pending=[(m.app_label, m.name) for m, _backwards in plan])


def refuse_newer(unknown: list[MigrationKey], *, what: str) -> DatabaseTooNew:
    names = ", ".join(f"{app}.{name}" for app, name in unknown[:3])
    if len(unknown) > 3:
        names += ", …"
    return DatabaseTooNew(
        _(
            "%(what)s was made by a newer Rembuk than this one (%(version)s): it has "
            "migrations this version does not know (%(names)s). Install the newer Rembuk "
            "first; nothing was changed."
        )
        % {"what": what, "version": rembuk.version(), "names": names}
    )


def ensure_not_newer(connection: BaseDatabaseWrapper | None = None) -> SchemaState:
    connection = connection or connections["default"]
    state = schema_state(connection)
    if state.unknown:
        raise refuse_newer(
            state.unknown, what=_("The database %(database)s") % {"database": describe(connection)}
        )
    return state


def is_empty(connection: BaseDatabaseWrapper | None = None) -> bool:
    """No migration was ever applied: a new installation's database."""
    recorder = MigrationRecorder(connection or connections["default"])
    return not recorder.has_table() or not recorder.applied_migrations()
