"""`rembuk upgrade`: after installing a new Rembuk, back up, then migrate the database and
collect the static files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

import rembuk
from rembuk.operations import services
from rembuk.operations.commands import refusals_as_command_errors


class Command(BaseCommand):
    help = "Bring the database up to this version of Rembuk (a backup first)."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals_as_command_errors():
            result = services.database_upgrade()
        if result.backup:
            self.stdout.write(_("Backup before the upgrade: %(file)s") % {"file": result.backup})
        if result.applied:
            self.stdout.write(
                _("Applied %(count)s migrations: the database is at Rembuk %(version)s.")
                % {"count": len(result.applied), "version": rembuk.version()}
            )
        else:
            self.stdout.write(
                _("The database was already at Rembuk %(version)s.") % {"version": rembuk.version()}
            )
        if result.vectors_queued:
            self.stdout.write(str(services.VECTORS_QUEUED))
