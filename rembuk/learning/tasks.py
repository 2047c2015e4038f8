"""Work the task worker does for the lesson search (django.tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from rembuk.learning.search import index


@task()
def make_lesson_vectors() -> int:
    """The vectors of lessons that have none, or one made by another model: after an upgrade
    changes the model (docs/decisions/0009), a hub's lessons are embedded again here, not in
    the upgrade, which would hold the site for as long as that takes."""
    return index.embed_missing()


def queue_lesson_vectors() -> bool:
    """Ask the worker for the missing vectors when some are missing; True when it was asked,
    now or by a request still waiting for the worker (`rembuk serve` asks at every start: a
    restart before the worker got to it would have queued the same work twice)."""
    if not index.vectors_to_make():
        return False
    if not _waiting():
        make_lesson_vectors.enqueue()
    return True


def _waiting() -> bool:
    """A request for the vectors is queued and not started (the database backend's)."""
    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=make_lesson_vectors.module_path).exists()
