"""Compute every dashboard figure again from the records (rembuk.programme.rollups).

The figures are kept as the records change; this command is for when they cannot have been:
after restoring a database backup, after records were loaded in bulk (benchmarks), or to check a
suspicion. Safe at any time: it runs in one transaction, and a dashboard read meanwhile waits
for it or sees the figures from before.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from rembuk.programme import rollups
from rembuk.programme.models import DesaFigures, RegionTally


class Command(BaseCommand):
    help = "Compute every dashboard figure again from the records."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rollups.rebuild()
        self.stdout.write(
            f"{DesaFigures.objects.count()} desa, {RegionTally.objects.count()} figures, "
            f"{time.perf_counter() - started:.1f} s."
        )
