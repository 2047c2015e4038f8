"""Background building of long documents (django.tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django.tasks import task

from rembuk.reports.background import run


@task()
def build_document(export_id: str, base_url: str, may_create_links: bool = False) -> str:
    return run(export_id, base_url, may_create_links)
