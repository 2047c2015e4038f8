"""Background building of long exports (django.tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from rembuk.reports.exports import export_meeting_file
from rembuk.reports.models import MeetingExport
from rembuk.reports.report import meeting_with_regions
from rembuk.reports.sharing import share_urls


def export_path(export: MeetingExport) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / str(export.id) / export.filename


def run_export(export_id: str, base_url: str, may_create_links: bool = False) -> str:
    """Build the file of an export record and store it under MEDIA_ROOT/exports/."""
    export = MeetingExport.objects.select_related("created_by").get(pk=export_id)
    meeting = meeting_with_regions(export.meeting_id)
    total = meeting.sheets.count()
    # Claim the export: the worker and a person pressing "build it now" may both try.
    claimed = MeetingExport.objects.filter(pk=export.pk, status=MeetingExport.Status.QUEUED).update(
        status=MeetingExport.Status.RUNNING, total=total
    )
    if not claimed:
        return str(export_path(export))

    def progress(done: int, total: int) -> None:
        MeetingExport.objects.filter(pk=export.pk).update(done=done, total=total)

    try:
        file = export_meeting_file(
            meeting,
            export.format,
            desa_code=export.desa_code or None,
            share_url=share_urls(
                meeting, base_url, actor=export.created_by, may_create=may_create_links
            ),
            progress=progress,
        )
    except Exception as error:
        MeetingExport.objects.filter(pk=export.pk).update(
            status=MeetingExport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    export.filename = file.filename
    path = export_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file.content)
    MeetingExport.objects.filter(pk=export.pk).update(
        status=MeetingExport.Status.DONE,
        filename=file.filename,
        content_type=file.content_type,
        size=len(file.content),
        done=total,
        finished_at=timezone.now(),
    )
    return str(path)


@task()
def build_meeting_export(export_id: str, base_url: str, may_create_links: bool = False) -> str:
    return run_export(export_id, base_url, may_create_links)
