from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import bundles
from rembuk.sync.models import NodeToken
from rembuk.sync.wire import SyncRefused


class Command(BaseCommand):
    help = "Write a signed bundle of every change the other side has not acknowledged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="File to write")
        parser.add_argument("--node", help="On the hub: the node id the bundle is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["node"]:
                token = NodeToken.objects.filter(node_id=options["node"], revoked_at=None).first()
                if token is None:
                    raise CommandError(f"No active token for node {options['node']}.")
                data = bundles.bundle_export_for_node(token)
            else:
                data = bundles.bundle_export_from_node()
        except SyncRefused as error:
            raise CommandError(error.reason) from error
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Wrote {len(data)} bytes to {options['output']}.")
