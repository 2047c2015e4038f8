"""`rembuk backup [--output PATH]`: a backup of the database and uploads, safe while serving.
Its last line is the path of the file it wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from rembuk.operations import services
from rembuk.operations.commands import refusals_as_command_errors


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one file (safe while Rembuk runs)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="File or folder to write (default: the data directory's backups).",
        )
        parser.add_argument(
            "--scheduled",
            action="store_true",
            help=(
                "A scheduled backup: first delete expired sessions; afterwards delete backups "
                "older than REMBUK_BACKUP_KEEP_DAYS days (the newest three are always kept)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals_as_command_errors():
            if options["scheduled"]:
                cleared = services.stale_records_clear()
                self.stdout.write(
                    _("Deleted %(count)s expired sessions and form keys.") % {"count": cleared}
                )
            result = services.backup_create(
                reason="scheduled" if options["scheduled"] else "manual", output=options["output"]
            )
            if options["scheduled"]:
                for removed in services.backups_prune():
                    self.stdout.write(_("Deleted the old backup %(file)s.") % {"file": removed})
        size = result.path.stat().st_size
        self.stdout.write(
            _("Backup written in %(seconds).1f s (%(size)s KB, %(files)s uploaded files):")
            % {
                "seconds": result.seconds,
                "size": f"{size // 1024:,}",
                "files": result.manifest.media_files,
            }
        )
        self.stdout.write(str(result.path))
