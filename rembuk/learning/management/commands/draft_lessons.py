"""Draft a lesson for every challenge of a closed meeting that has none (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from rembuk.learning.services import draft_lessons


class Command(BaseCommand):
    help = "Draft lessons from the challenges of closed meetings that have none yet."

    def handle(self, *args: Any, **options: Any) -> None:
        count = draft_lessons(actor=None)
        self.stdout.write(f"{count} lessons drafted.")
