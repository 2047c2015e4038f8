from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import services
from rembuk.sync.client import HttpTransport


def run_once() -> services.SyncReport:
    """One push-then-pull, holding a lock so the button and the watch loop never overlap."""
    link = services.hub_link()
    if link is None:
        raise services.SyncRefused("This install is not a node yet: run node_init first.")
    lock_path = (
        Path(settings.VAR_DIR)
        / f"sync-{Path(str(settings.DATABASES['default']['NAME'])).name}.lock"
    )
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise services.SyncRefused("A sync is already running.") from error
        return services.node_sync(HttpTransport(link.hub_url, link.token))


class Command(BaseCommand):
    help = "Sync with the hub: push this node's changes, then pull. --watch keeps doing it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true", help="Repeat while running")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between syncs")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["watch"]:
            try:
                report = run_once()
            except (services.SyncRefused, services.SyncUnavailable) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                f"Sent {report.pushed}, received {report.pulled}, refused {report.refused}, "
                f"conflicts {report.conflicts}."
            )
            return
        delay = options["interval"]
        while True:
            try:
                report = run_once()
                self.stdout.write(f"Sent {report.pushed}, received {report.pulled}.")
                delay = options["interval"]
            except services.SyncUnavailable as error:
                # Hub unreachable: try again later, backing off up to ten intervals.
                self.stderr.write(str(error))
                delay = min(delay * 2, options["interval"] * 10)
            except services.SyncRefused as error:
                self.stderr.write(str(error))
            time.sleep(delay)
