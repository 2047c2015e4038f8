"""`manage.py import_plan FILE --desa CODE --period 2024-2025`: a plan from an XLSX file.

Prints every problem and exits non-zero when the file cannot be imported; nothing is written then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.plans.spreadsheet import PlanImportError, import_plan_file


class Command(BaseCommand):
    help = "Import a village plan (Matriks 1 / Matriks 10 / Rembuk template) from an XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--desa", required=True, help="Kemendagri code of the desa")
        parser.add_argument("--period", required=True, help="e.g. 2024-2025")
        parser.add_argument("--user", help="username recorded as the author of the changes")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user named {options['user']}")
        with path.open("rb") as stream:
            try:
                result = import_plan_file(
                    stream=stream,
                    size=path.stat().st_size,
                    desa_code=options["desa"],
                    period=options["period"],
                    actor=actor,
                )
            except PlanImportError as error:
                for issue in error.issues:
                    self.stderr.write(str(issue))
                raise CommandError(
                    f"Nothing was imported: {len(error.issues)} problem(s) in {path.name}."
                ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.plan}: {result.goals} goals, {result.milestones} milestones, "
                f"{result.activities} activities (plan {result.plan.pk})."
            )
        )
