from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.sync import bundles
from rembuk.sync.wire import SyncRefused


class Command(BaseCommand):
    help = "Apply a sync bundle from the other side (idempotent; refused when tampered)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = bundles.bundle_import(Path(options["file"]).read_bytes())
        except SyncRefused as error:
            raise CommandError(error.reason) from error
        self.stdout.write(
            f"Applied {result.applied}, already here {result.already_here}, "
            f"refused {result.refused}, conflicts {result.conflicts}."
        )
        if result.node_restored:
            self.stdout.write(bundles.restored_message(result))
