from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.core.nodes import local_node_id
from rembuk.sync import services
from rembuk.sync.client import discover_hub
from rembuk.sync.problems import told


class Command(BaseCommand):
    help = "Make this install a node of a hub: checks the token with the hub and stores it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hub",
            required=True,
            help="The hub's site address, e.g. https://rembuk.example.go.id/ (or its /api/sync/)",
        )
        parser.add_argument("--token", required=True, help="The token the hub issued for this node")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            api_url, hello = discover_hub(options["hub"], options["token"], local_node_id())
            # Refuses a hub of another protocol before storing anything.
            link = services.node_link(hub_url=api_url, token=options["token"], hello=hello)
        except (services.SyncRefused, services.SyncUnavailable) as error:
            raise CommandError(told(error)) from error
        self.stdout.write(
            f"Node {local_node_id()} linked to hub {link.hub_node_id} "
            f"for region {link.region_code}."
        )
