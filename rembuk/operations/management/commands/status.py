"""`rembuk status`: version, data directory, database, server, last backup, pending tasks,
whether PDFs print as intended, sync lag per node on a hub (or the last sync on a node). Exits 1
when something needs a person now (a missing font only makes printouts wider: said, not failed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rembuk.operations import selectors


def _when(moment: Any) -> str:
    if moment is None:
        return _("never")
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class Command(BaseCommand):
    help = "Show how this installation is: database, server, backups, sync, tasks."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        status = selectors.installation_status()
        write = self.stdout.write
        write(f"Rembuk {status.version}")
        write(_("Data directory: %(path)s") % {"path": status.data_dir})
        write(_("Database: %(database)s") % {"database": status.database})
        if status.server:
            write(
                _("Server: running (process %(pid)s, %(address)s)")
                % {"pid": status.server.get("pid", "?"), "address": status.server.get("address")}
            )
        else:
            write(_("Server: not running"))
        if status.last_backup:
            write(
                _("Last backup: %(when)s, %(path)s (%(size)s KB; %(count)s backups kept)")
                % {
                    "when": _when(status.last_backup.made_at),
                    "path": status.last_backup.path,
                    "size": f"{status.last_backup.size // 1024:,}",
                    "count": status.backups,
                }
            )
        else:
            write(_("Last backup: none yet"))
        if status.tasks is not None:
            write(
                _("Background tasks: %(ready)s waiting, %(running)s running")
                % {
                    "ready": status.tasks.get("READY", 0),
                    "running": status.tasks.get("RUNNING", 0),
                }
            )
        if status.printing is not None:
            for sentence in status.printing.sentences():
                write(_("PDF printing: %(sentence)s") % {"sentence": sentence})
        if status.hub_url:
            write(
                _("Node of the hub %(hub)s: last sync %(when)s, %(waiting)s changes not sent yet")
                % {
                    "hub": status.hub_url,
                    "when": _when(status.last_sync_at),
                    "waiting": status.sync_waiting,
                }
            )
            if status.sync_problem:
                problem = status.sync_problem
                write(_("  last problem: %(sentence)s") % {"sentence": problem.sentence()})
                write(_("  technical detail: %(detail)s") % {"detail": problem.detail})
        if status.is_hub:
            write(_("Hub of %(count)s nodes:") % {"count": len(status.nodes)})
            for node in status.nodes:
                write(
                    _(
                        "  %(label)s (%(region)s, %(node)s): last seen %(when)s, %(pending)s "
                        "changes it has not received"
                    )
                    % {
                        "label": node.label or "-",
                        "region": node.region_code,
                        "node": node.node_id or "-",
                        "when": _when(node.last_seen_at),
                        "pending": node.pending,
                    }
                )
        for problem in status.problems:
            self.stderr.write(problem)
        if not status.healthy:
            raise CommandError(_("This installation needs attention."), returncode=1)
