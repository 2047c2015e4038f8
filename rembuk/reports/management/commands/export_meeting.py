"""`manage.py export_meeting MEETING_ID --format pdf-a1 --output FILE [--desa CODE]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.meetings.models import CoordinationMeeting
from rembuk.reports.exports import FORMATS, export_meeting_file
from rembuk.reports.report import meeting_with_regions
from rembuk.reports.sharing import share_urls


class Command(BaseCommand):
    help = "Write a coordination meeting's documents (Matriks 3 posters, XLSX, DOCX, ZIP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting_id")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")
        parser.add_argument("--desa", dest="desa_code", help="Only this village (desa code).")
        parser.add_argument(
            "--base-url",
            default=settings.BASE_URL,
            help="Site address for the QR codes of existing share links (default: "
            "REMBUK_BASE_URL), e.g. https://rembuk.example.go.id",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            meeting = meeting_with_regions(options["meeting_id"])
        except (CoordinationMeeting.DoesNotExist, ValidationError, ValueError) as missing:
            raise CommandError(f"No meeting with id {options['meeting_id']}.") from missing
        share_url = share_urls(meeting, options["base_url"]) if options["base_url"] else None
        try:
            file = export_meeting_file(
                meeting, options["fmt"], desa_code=options["desa_code"], share_url=share_url
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["output"] == "-":
            self.stdout.buffer.write(file.content)  # type: ignore[attr-defined]
            return
        output = Path(options["output"])
        output.write_bytes(file.content)
        self.stdout.write(f"{output} ({len(file.content):,} bytes, {file.filename})")
