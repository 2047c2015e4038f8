"""`manage.py export_kecamatan_report REPORT_ID --format pdf|docx|xlsx --output FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.reports.matrix4 import FORMATS, build_matrix4, matrix4_file, report_with_regions
from rembuk.reports.models import KecamatanReport


class Command(BaseCommand):
    help = "Write a kecamatan's summary for the kabupaten (Matriks 4) as PDF, DOCX or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report_id")
        parser.add_argument("--format", dest="fmt", choices=sorted(FORMATS), required=True)
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = report_with_regions(options["report_id"])
        except (KecamatanReport.DoesNotExist, ValidationError, ValueError) as missing:
            raise CommandError(f"No kecamatan report with id {options['report_id']}.") from missing
        filename, _content_type, content = matrix4_file(build_matrix4(report), options["fmt"])
        if options["output"] == "-":
            self.stdout.buffer.write(content)  # type: ignore[attr-defined]
            return
        output = Path(options["output"])
        output.write_bytes(content)
        self.stdout.write(f"{output} ({len(content):,} bytes, {filename})")
