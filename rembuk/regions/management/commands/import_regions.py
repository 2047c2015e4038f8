from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rembuk.regions.services import NATIONAL_FILE, PILOT_FILE, regions_import


class Command(BaseCommand):
    help = (
        "Load the official Kemendagri regions: the two pilot kabupaten (default) "
        "or, with --national, the whole country."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--national", action="store_true", help="load all 91,599 regions of Indonesia"
        )
        parser.add_argument(
            "--file", type=Path, help="another CSV with the header code,name,level,parent_code"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"] or (NATIONAL_FILE if options["national"] else PILOT_FILE)
        try:
            result = regions_import(path=path)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            _("%(file)s: %(created)d new, %(renamed)d renamed, %(unchanged)d unchanged.")
            % {
                "file": path.name,
                "created": result.created,
                "renamed": result.renamed,
                "unchanged": result.unchanged,
            }
        )
