"""Precision@3 and recall@10 of the similar-lesson suggestions on the evaluation set in
bench/suggestions/, next to a plain keyword (icontains) baseline. Runs in a transaction that is
rolled back: the database's own lessons and index are left as they were.

    uv run python manage.py evaluate_suggestions [--verbose] [--queries N]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.learning.evaluation import (
    PRECISION_K,
    SET_DIR,
    QueryResult,
    Report,
    evaluate,
    load_set,
)


class Command(BaseCommand):
    help = (
        "Measure suggestion quality on the evaluation set (P@3, R@10) against a keyword baseline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--verbose", action="store_true", help="Print every query's results.")
        parser.add_argument(
            "--queries", type=int, default=0, help="Only the first N queries (a quick run)."
        )
        parser.add_argument("--set-dir", default=str(SET_DIR), help="Folder of the set's JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            evaluation_set = load_set(Path(options["set_dir"]))
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the evaluation set: {error}") from error
        if options["queries"] > 0:
            evaluation_set = evaluation_set.subset(options["queries"])
        texts = {lesson.id: lesson.what_happened for lesson in evaluation_set.lessons}
        report = evaluate(evaluation_set)
        if options["verbose"]:
            for result in report.results:
                self._print_result(result, texts)
            self._print_by_length(report)
        self.stdout.write(
            f"{len(evaluation_set.queries)} queries over {len(evaluation_set.lessons)} lessons"
        )
        self.stdout.write(report.summary_line())

    def _print_by_length(self, report: Report) -> None:
        """Short queries (up to five words, as typed in a hurry) against longer ones."""
        self.stdout.write("")
        for label, keep in (("short", True), ("long", False)):
            part = Report([r for r in report.results if (len(r.query.text.split()) <= 5) == keep])
            self.stdout.write(f"{label} ({len(part.results)} queries): {part.summary_line()}")

    def _print_result(self, result: QueryResult, texts: dict[str, str]) -> None:
        query = result.query
        self.stdout.write(
            f"\n{query.id} P@3 {result.precision:.2f} R@10 {result.recall:.2f} "
            f"(baseline {result.baseline_precision:.2f} / {result.baseline_recall:.2f}) "
            f"{query.text!r}"
        )
        for place, lesson_id in enumerate(result.ranked, start=1):
            mark = "+" if lesson_id in query.relevant else "-"
            cut = "  " if place <= PRECISION_K else "  ."
            self.stdout.write(f"{cut} {mark} {lesson_id:24} {texts.get(lesson_id, '')[:70]}")
        if missed := sorted(query.relevant - set(result.ranked)):
            self.stdout.write(f"   missed: {', '.join(missed)}")
        baseline = " ".join(
            ("+" if i in query.relevant else "-") + i for i in result.baseline[:PRECISION_K]
        )
        self.stdout.write(f"   baseline top 3: {baseline}")
