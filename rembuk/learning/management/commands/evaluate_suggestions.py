"""Precision@3 and recall@10 of the similar-lesson suggestions on the sets in
bench/suggestions/ (the tuning set, and the blind set when it is there), each next to a keyword
baseline and plain BM25 computed in the same run. Runs in a transaction that is rolled back: the
database's own lessons and index are left as they were.

    uv run python manage.py evaluate_suggestions [--set tuning|blind|DIR] [--by-kind]
                                                 [--verbose] [--queries N]

--verbose prints every query's suggestions; it is refused on the blind set, which stays blind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rembuk.learning.suggestion_quality import (
    PRECISION_K,
    SETS_DIR,
    QueryResult,
    Report,
    SuggestionSet,
    available_sets,
    load_set,
    measure,
)


class Command(BaseCommand):
    help = (
        "Measure suggestion quality (P@3, R@10) on the suggestion sets, next to a keyword "
        "baseline and plain BM25."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--set",
            action="append",
            dest="sets",
            default=[],
            help="A set's name under bench/suggestions/ or a folder (repeatable; default: all).",
        )
        parser.add_argument("--by-kind", action="store_true", help="Figures per kind of query.")
        parser.add_argument("--verbose", action="store_true", help="Print every query's results.")
        parser.add_argument(
            "--queries", type=int, default=0, help="Only the first N queries (a quick run)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folders = [self._folder(name) for name in options["sets"]] or available_sets()
        sets = []
        for folder in folders:
            try:
                suggestion_set = load_set(folder)
            except (OSError, ValueError, KeyError) as error:
                raise CommandError(f"Cannot read the set in {folder}: {error}") from error
            if options["verbose"] and suggestion_set.blind:
                raise CommandError("--verbose is refused on the blind set: it stays blind.")
            if options["queries"] > 0:
                suggestion_set = suggestion_set.subset(options["queries"])
            sets.append(suggestion_set)
        for suggestion_set in sets:
            report = measure(suggestion_set)
            if options["verbose"]:
                self._print_results(report, suggestion_set)
            self.stdout.write(self._line(suggestion_set, report))
            if options["by_kind"]:
                for kind, part in report.by_kind():
                    self.stdout.write(f"  {kind} ({len(part.results)}): {part.summary_line()}")
            if starved := report.starved:
                self.stdout.write(
                    f"  {len(starved)} queries got fewer than 3 suggestions although 3 lessons "
                    "share a word with them"
                )

    def _folder(self, name: str) -> Path:
        folder = Path(name) if "/" in name else SETS_DIR / name
        if not (folder / "queries.jsonl").exists():
            raise CommandError(f"No suggestion set in {folder} (queries.jsonl is missing).")
        return folder

    @staticmethod
    def _line(suggestion_set: SuggestionSet, report: Report) -> str:
        return (
            f"{suggestion_set.name} ({len(suggestion_set.queries)} queries, "
            f"{len(suggestion_set.lessons)} lessons): {report.summary_line()}"
        )

    def _print_results(self, report: Report, suggestion_set: SuggestionSet) -> None:
        texts = {lesson.id: lesson.what_happened for lesson in suggestion_set.lessons}
        for result in report.results:
            self._print_result(result, texts)
        self.stdout.write("")

    def _print_result(self, result: QueryResult, texts: dict[str, str]) -> None:
        query = result.query
        kinds = f" [{', '.join(query.kinds)}]" if query.kinds else ""
        self.stdout.write(
            f"\n{query.id}{kinds} P@3 {result.precision:.2f} R@10 {result.recall:.2f} "
            f"{query.text!r}"
        )
        for place, lesson_id in enumerate(result.ranked, start=1):
            mark = "+" if lesson_id in query.relevant else "-"
            cut = "  " if place <= PRECISION_K else "  ."
            self.stdout.write(f"{cut} {mark} {lesson_id:24} {texts.get(lesson_id, '')[:70]}")
        if missed := sorted(query.relevant - set(result.ranked)):
            self.stdout.write(f"   missed: {', '.join(missed)}")
        for label, ranking in (("baseline", result.baseline), ("BM25", result.bm25)):
            top = " ".join(("+" if i in query.relevant else "-") + i for i in ranking[:PRECISION_K])
            self.stdout.write(f"   {label} top 3: {top}")
