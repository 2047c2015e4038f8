"""Index lessons the search does not know yet (e.g. received by sync before an upgrade, or
restored from a backup), or rebuild the whole index with --all; then make the vectors that are
missing or were made by another model.

The index (LessonTerm, LessonVocabulary, LessonWord, LessonVector) is local to each node;
lessons written here are indexed by the services, lessons that arrive from another node as sync
applies them (receivers.py).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rembuk.learning.models import Lesson, LessonTerm, LessonWord
from rembuk.learning.search import index


class Command(BaseCommand):
    help = (
        "Index lessons missing from the search index (or every lesson with --all), then make "
        "missing lesson vectors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Rebuild the whole index.")

    def handle(self, *args: Any, **options: Any) -> None:
        lessons = Lesson.objects.all()
        if options["all"]:
            LessonWord.objects.all().delete()  # rebuilt from the lessons below
        else:
            indexed = LessonTerm.objects.filter(term=index.ALL_LESSONS).values("lesson_id")
            lessons = lessons.exclude(pk__in=indexed)
        ids = list(lessons.values_list("pk", flat=True))
        for start in range(0, len(ids), 2000):
            batch = Lesson.objects.filter(pk__in=ids[start : start + 2000])
            index.index_lessons(batch, refresh_vocabulary=False, embed=False)
        index.rebuild_vocabulary()
        embedded = index.embed_missing()
        self.stdout.write(f"{len(ids)} lessons indexed, {embedded} vectors made.")
