"""`rembuk serve [--host H] [--port N]`: this installation's web server, its task worker, on a
node the background sync, and a daily backup (rembuk.operations.serving)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from rembuk.operations import database, locks, services, serving
from rembuk.operations.commands import refusals_as_command_errors


@contextmanager
def server_lock(address: str) -> Iterator[None]:
    with ExitStack() as held:
        try:
            held.enter_context(locks.holding(locks.SERVER, address=address))
        except locks.Busy as error:
            raise _already_running() from error
        yield


def _already_running() -> CommandError:
    holder = locks.holder_info(locks.SERVER)
    return CommandError(
        _(
            "Rembuk is already running with the data directory %(directory)s (process "
            "%(pid)s, %(address)s); stop it before starting another."
        )
        % {
            "directory": settings.DATA_DIR,
            "pid": holder.get("pid", "?"),
            "address": holder.get("address", "?"),
        }
    )


class Command(BaseCommand):
    help = (
        "Serve Rembuk: the web server, the task worker, the background sync on a node and a "
        "daily backup."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--server",
            choices=["auto", "waitress", "gunicorn"],
            default="auto",
            help="auto: gunicorn on a Linux hub (PostgreSQL), waitress elsewhere.",
        )
        parser.add_argument("--workers", type=int, default=0, help="gunicorn worker processes.")
        parser.add_argument("--threads", type=int, default=8, help="waitress threads.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="No task worker from here (a hub runs it as its own service).",
        )
        parser.add_argument(
            "--no-backups",
            action="store_true",
            help="No daily backup from here (a hub's systemd timer makes them).",
        )
        parser.add_argument("--no-sync", action="store_true", help="No background sync on a node.")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        address = f"http://{host}:{port}/"
        with refusals_as_command_errors(), ExitStack() as held:
            held.enter_context(server_lock(address))
            try:
                serving.check_port_free(host, port)
            except serving.PortBusy as error:
                raise CommandError(
                    _(
                        "Port %(port)s on %(host)s is already in use by another program "
                        "(%(reason)s); stop it or choose another port with --port."
                    )
                    % {"port": port, "host": host, "reason": error}
                ) from error
            upgrade = services.database_upgrade()
            if upgrade.applied:
                self.stdout.write(
                    _("Database brought up to date: %(count)s migrations (backup: %(backup)s).")
                    % {"count": len(upgrade.applied), "backup": upgrade.backup or "-"}
                )
            if upgrade.vectors_queued:
                self.stdout.write(str(services.VECTORS_QUEUED))
            children = [self._web_server(options, host, port)]
            if not options["no_worker"]:
                try:
                    held.enter_context(locks.holding(locks.WORKER))
                except locks.Busy:
                    pass  # the task worker already runs as its own service
                else:
                    command = serving.rembuk_command("db_worker")
                    children.append(serving.Child("worker", command, essential=False))
            if not options["no_sync"] and self._is_node():
                command = serving.rembuk_command("sync", "--watch")
                children.append(serving.Child("sync", command, essential=False))
            connections.close_all()
            self.stdout.write(
                _(
                    "Rembuk is running at %(address)s (data in %(directory)s, logs in %(logs)s). "
                    "Press Ctrl-C to stop."
                )
                % {
                    "address": settings.BASE_URL or address,
                    "directory": settings.DATA_DIR,
                    "logs": Path(settings.DATA_DIR) / "logs",
                }
            )
            self.stdout.flush()
            supervisor = serving.Supervisor(
                children, say=self.stderr.write, daily_backup=not options["no_backups"]
            )
            status = supervisor.run()
        if status:
            raise CommandError(_("Rembuk stopped."), returncode=status)
        self.stdout.write(_("Rembuk stopped."))

    @staticmethod
    def _web_server(options: dict[str, Any], host: str, port: int) -> serving.Child:
        workers = options["workers"] or (2 if database.engine_name() == "postgresql" else 1)
        server = serving.choose_server(options["server"], workers=workers)
        if server == "gunicorn" and importlib.util.find_spec("gunicorn") is None:
            raise CommandError(_("gunicorn runs only on Linux and macOS; use --server waitress."))
        command = serving.web_command(
            host=host, port=port, server=server, workers=workers, threads=options["threads"]
        )
        return serving.Child("server", command, essential=True)

    @staticmethod
    def _is_node() -> bool:
        from rembuk.sync.services import hub_link

        return hub_link() is not None
