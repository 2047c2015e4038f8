"""What the operations commands share: every refusal becomes one sentence on the terminal
(CommandError), never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError

from rembuk.operations import archive, database, engines, services

REFUSALS = (
    services.OperationRefused,
    database.DatabaseUnavailable,
    database.DatabaseTooNew,
    archive.BackupUnreadable,
    engines.EngineError,
)


@contextmanager
def refusals_as_command_errors() -> Iterator[None]:
    try:
        yield
    except REFUSALS as error:
        raise CommandError(str(error)) from error
