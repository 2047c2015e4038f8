"""`manage.py export_plan --desa CODE --period P --format xlsx|pdf --output FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.plans.models import LivelihoodPlan
from rembuk.plans.printing import render_plan_pdf
from rembuk.plans.spreadsheet import export_plan_xlsx, parse_period


class Command(BaseCommand):
    help = "Write a village plan as XLSX (the import template layout) or PDF (Matriks 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--desa", required=True, help="Kemendagri code of the desa")
        parser.add_argument("--period", required=True, help="e.g. 2024-2025")
        parser.add_argument("--format", choices=["xlsx", "pdf"], default="xlsx")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start, end = parse_period(options["period"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        plan = (
            LivelihoodPlan.objects.filter(
                desa__code=options["desa"], period_start=start, period_end=end
            )
            .select_related("desa", "desa__parent", "desa__parent__parent")
            .first()
        )
        if plan is None:
            raise CommandError(
                f"No plan of desa {options['desa']} for the period {options['period']}."
            )
        data = export_plan_xlsx(plan) if options["format"] == "xlsx" else render_plan_pdf(plan)
        output: Path = options["output"]
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(data):,} bytes)."))
