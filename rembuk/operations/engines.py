"""Copying a database out and back in, per engine.

- SQLite: the online backup API (the same copy SQLite's `.backup` makes), safe while the
  server writes: the copy is one consistent snapshot. Restoring uses the same API the other
  way, one transaction, so other connections see the old data or the new, never a mixture.
- PostgreSQL: `pg_dump --format=custom`, and `pg_restore` turned into SQL that `psql` runs in
  one transaction after dropping the current tables: all of it, or nothing.

The PostgreSQL tools get the password through the environment (PGPASSWORD), never on their
command line, where other users of the machine could read it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils.translation import gettext as _

from rembuk.operations.archive import Manifest


class EngineError(Exception):
    """A database tool failed or is missing; the message says which and why."""


def _sqlite_path() -> Path:
    return Path(str(connections["default"].settings_dict["NAME"]))


def _read_identity(sqlite_file: Path) -> tuple[str | None, list[list[str]]]:
    """The node id and applied migrations recorded inside an SQLite database file."""
    with closing(sqlite3.connect(sqlite_file)) as database:
        node = database.execute("SELECT node_id FROM core_localnode ORDER BY id LIMIT 1").fetchone()
        migrations = database.execute("SELECT app, name FROM django_migrations").fetchall()
    return (node[0] if node else None), sorted([app, name] for app, name in migrations)


def sqlite_dump(destination: Path) -> tuple[str | None, list[list[str]]]:
    source_path = _sqlite_path()
    with (
        closing(sqlite3.connect(source_path, timeout=30)) as source,
        closing(sqlite3.connect(destination)) as copy,
    ):
        source.backup(copy)
    return _read_identity(destination)


def sqlite_load(source_file: Path) -> None:
    with (
        closing(sqlite3.connect(source_file)) as source,
        closing(sqlite3.connect(_sqlite_path(), timeout=30)) as live,
    ):
        source.backup(live)


def _postgresql_environment() -> dict[str, str]:
    database = connections["default"].settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise EngineError(
            _(
                "%(tool)s was not found: install the PostgreSQL client tools (on Debian: "
                "apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    return found


def _run(arguments: list[str], **kwargs: Any) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tools, no shell
        arguments,
        env=_postgresql_environment(),
        capture_output=True,
        check=False,
        **kwargs,
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise EngineError(
            _("%(tool)s failed: %(detail)s")
            % {"tool": Path(arguments[0]).name, "detail": detail[-1] if detail else "?"}
        )


def postgresql_identity() -> tuple[str | None, list[list[str]]]:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT node_id FROM core_localnode ORDER BY id LIMIT 1")
        node = cursor.fetchone()
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = cursor.fetchall()
    return (node[0] if node else None), sorted([app, name] for app, name in migrations)


def postgresql_dump(destination: Path) -> tuple[str | None, list[list[str]]]:
    identity = postgresql_identity()
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={destination}",
        ]
    )
    return identity


# What a restore drops before loading the dump: every object Rembuk's migrations can make in
# the public schema of the hub's own database (tables take their triggers and indexes along).
_PUBLIC_OBJECTS = (
    ("VIEW", "SELECT quote_ident(viewname) FROM pg_views WHERE schemaname = 'public'"),
    (
        "MATERIALIZED VIEW",
        "SELECT quote_ident(matviewname) FROM pg_matviews WHERE schemaname = 'public'",
    ),
    ("TABLE", "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"),
    (
        "SEQUENCE",
        "SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = 'public'",
    ),
    (
        "ROUTINE",
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n "
        "ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')",
    ),
)


def _drop_everything_sql() -> str:
    statements = []
    with connections["default"].cursor() as cursor:
        for kind, query in _PUBLIC_OBJECTS:
            cursor.execute(query)
            names = [row[0] for row in cursor.fetchall()]
            if names:
                statements.append(f"DROP {kind} IF EXISTS {', '.join(names)} CASCADE;")
    return "\n".join(statements) or "SELECT 1;"


def postgresql_load(source_file: Path) -> None:
    drop = _drop_everything_sql()
    # Django's connection must not hold locks on the tables psql is about to drop.
    connections["default"].close()
    environment = _postgresql_environment()
    with tempfile.TemporaryFile() as restore_errors:
        # pg_restore's messages go to a file, not a pipe nobody reads while psql runs.
        restore = subprocess.Popen(  # noqa: S603 - fixed tools, no shell
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source_file)],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        try:
            apply = subprocess.run(  # noqa: S603 - fixed tools, no shell
                [
                    _tool("psql"),
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set=ON_ERROR_STOP=1",
                    f"--command={drop}",
                    "--file=-",
                ],
                env=environment,
                stdin=restore.stdout,
                capture_output=True,
                check=False,
            )
        finally:
            if restore.stdout is not None:
                restore.stdout.close()
            restore.wait()
        restore_errors.seek(0)
        # psql first: when it stops on an error, pg_restore only sees its reader gone.
        failures = [
            (apply.returncode, apply.stderr, "psql"),
            (restore.returncode, restore_errors.read(), "pg_restore"),
        ]
    for returncode, errors, tool in failures:
        if returncode != 0:
            detail = errors.decode(errors="replace").strip().splitlines()
            raise EngineError(
                _("%(tool)s failed: %(detail)s")
                % {"tool": tool, "detail": detail[-1] if detail else "?"}
            )


def dump(engine: str, destination: Path) -> tuple[str | None, list[list[str]]]:
    """Write the database to `destination`; returns its node id and applied migrations."""
    if engine == "sqlite":
        return sqlite_dump(destination)
    return postgresql_dump(destination)


def load(manifest: Manifest, source_file: Path) -> None:
    if manifest.engine == "sqlite":
        sqlite_load(source_file)
    else:
        postgresql_load(source_file)
