"""`rembuk restore FILE [--no-input]`: replace this installation's data with a backup's.

Everything is checked before the question is asked (rembuk.operations.services.backup_inspect);
the data being replaced is backed up first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import dateparse, formats
from django.utils.translation import gettext as _

from rembuk.operations import database, services
from rembuk.operations.commands import refusals_as_command_errors

YES = {"y", "ya", "yes"}


class Command(BaseCommand):
    help = "Replace this installation's data with a backup (asks first)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file (.zip).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask before replacing the data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        with refusals_as_command_errors():
            manifest = services.backup_inspect(path)
            if options["interactive"]:
                created = dateparse.parse_datetime(manifest.created_at)
                when = formats.date_format(created, "DATETIME_FORMAT") if created else "?"
                self.stdout.write(
                    _(
                        "The data of %(database)s will be replaced by the backup of %(when)s "
                        "(Rembuk %(version)s). What is there now is backed up first."
                    )
                    % {
                        "database": database.describe(),
                        "when": when,
                        "version": manifest.rembuk_version,
                    }
                )
                answer = input(_("Replace the data? [y/N] "))
                if answer.strip().lower() not in YES:
                    raise CommandError(_("Nothing was changed."))
            result = services.backup_restore(path=path)
        self.stdout.write(
            _(
                "Restored %(file)s in %(seconds).1f s (%(files)s uploaded files). The data "
                "it replaced is in %(safety)s."
            )
            % {
                "file": path.name,
                "seconds": result.seconds,
                "files": result.media_files,
                "safety": result.safety_backup,
            }
        )
        from rembuk.sync.services import hub_link

        if hub_link() is not None:
            # The hub's cursor of this node's log names the change it stands on, so the next
            # sync or bundle finds the restore by itself (docs/decisions/0014).
            self.stdout.write(
                _(
                    "This installation is a node: nothing needs to be linked again. Its next "
                    "sync (or bundle) tells the hub that it was restored: the changes made after "
                    "this restore are sent, and those sent before it come back from the hub "
                    "(docs/sync.md)."
                )
            )
