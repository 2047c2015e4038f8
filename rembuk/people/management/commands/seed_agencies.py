from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.people.services import agencies_seed
from rembuk.regions.models import Region

PILOT_KABUPATEN = ("81.05", "53.18")


class Command(BaseCommand):
    help = (
        "Create the standard agencies (OPD) of each kabupaten: DPMD, Bappeda, Dinas Pertanian, "
        "Dinas Perikanan, Dinas Perindagkop, Sekretariat Daerah, Dinas Peternakan. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kabupaten",
            nargs="*",
            default=list(PILOT_KABUPATEN),
            help="kabupaten codes (default: the pilot kabupaten 81.05 and 53.18)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for code in options["kabupaten"]:
            try:
                kabupaten = Region.objects.get(code=code)
                created = agencies_seed(kabupaten=kabupaten, actor=None)
            except Region.DoesNotExist as missing:
                raise CommandError(
                    f"Tidak ada wilayah dengan kode {code}. Jalankan import_regions dulu."
                ) from missing
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            self.stdout.write(f"{kabupaten.code} {kabupaten.name}: {len(created)} OPD baru.")
