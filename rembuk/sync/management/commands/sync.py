from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import services
from rembuk.sync.client import sync_with_hub as run_once
from rembuk.sync.models import Conflict
from rembuk.sync.problems import told


class Command(BaseCommand):
    help = "Sync with the hub: push this node's changes, then pull. --watch keeps doing it."
    # Run by the server's supervisor and the laptop's timer, like `backup`: Django's system
    # checks would load every page's code (and the document libraries with it) for a sync.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--watch", action="store_true", help="Repeat while running")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between syncs")

    def handle(self, *args: Any, **options: Any) -> None:
        if services.hub_link() is None:
            # The page tells kecamatan staff whom to ask; here reads the person who links it.
            raise CommandError(
                "This install is not linked to a hub yet: run "
                "`rembuk node_init --hub <hub address> --token <node token>` first (docs/sync.md)."
            )
        if not options["watch"]:
            try:
                report = run_once()
            except (services.SyncRefused, services.SyncUnavailable) as error:
                raise CommandError(told(error)) from error
            if report.hub_rewound:
                self.stdout.write(str(services.HUB_REWOUND_MESSAGE))
            if report.node_restored:
                self.stdout.write(str(services.NODE_RESTORED_MESSAGE))
            waiting = Conflict.objects.filter(status=Conflict.Status.OPEN).count()
            self.stdout.write(
                f"Sent {report.pushed}, received {report.pulled} ({report.pulled_reference} of "
                f"them regions, agencies and roles), refused by the hub {report.refused}; "
                f"conflicts to review: {waiting}."
            )
            return
        delay = options["interval"]
        while True:
            try:
                report = run_once()
                if report.hub_rewound:
                    self.stdout.write(str(services.HUB_REWOUND_MESSAGE))
                if report.node_restored:
                    self.stdout.write(str(services.NODE_RESTORED_MESSAGE))
                self.stdout.write(f"Sent {report.pushed}, received {report.pulled}.")
                delay = options["interval"]
            except services.SyncUnavailable as error:
                # Hub unreachable: try again later, backing off up to ten intervals.
                self.stderr.write(told(error))
                delay = min(delay * 2, options["interval"] * 10)
            except services.SyncRefused as error:
                self.stderr.write(told(error))
            time.sleep(delay)
