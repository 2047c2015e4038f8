"""`rembuk worker`: the task worker alone (a hub runs it as its own systemd service), with its
log in DATA_DIR/logs/worker.log like under `rembuk serve`."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from rembuk.operations import database, locks, serving
from rembuk.operations.commands import refusals_as_command_errors


class Command(BaseCommand):
    help = "Run the task worker (long exports) with its log in the data directory."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals_as_command_errors(), ExitStack() as held:
            try:
                held.enter_context(locks.holding(locks.WORKER))
            except locks.Busy as error:
                raise CommandError(
                    _("A task worker is already running with this data directory.")
                ) from error
            database.ensure_reachable()
            if database.ensure_not_newer().pending:
                raise CommandError(_("The database is not up to date: run `rembuk upgrade` first."))
            connections.close_all()
            child = serving.Child("worker", serving.rembuk_command("db_worker"), essential=True)
            status = serving.Supervisor([child], say=self.stderr.write).run()
        if status:
            raise CommandError(_("The task worker stopped."), returncode=status)
