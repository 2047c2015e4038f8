"""Documents built by the task worker while the page shows their progress.

Owns one rule: no download holds a web worker for more than about a second. A document that
can take longer — a meeting's files for more than a few villages, a long Matriks 4, invitation
letters for many villages, a kabupaten meeting's minutes, a kecamatan's evaluation — is recorded
as a DocumentExport and queued for `manage.py db_worker`; the status page
(reports:export_status) follows it with htmx and offers the file when it is ready. Without a
worker, the person can still build it in the request ("build it now"). A short document is
answered at once, as before. See docs/decisions/0019-documents-built-by-the-worker.md.

Each kind of document is registered by the app that owns it, so this module never imports
them: how long it is, how to build it, and who may read it — the same selector the document's
own page uses, so a record outside the reader's region is a 404 here too. An app names its
registering function in its AppConfig (`document_kinds`); they run when a kind is first asked
for, not as Rembuk starts: the builders import openpyxl, python-docx, numpy and Pillow (about a
second of CPU and 30 MB), which `rembuk sync`, `rembuk backup` and the server's supervisor never
use.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from rembuk.reports.models import DocumentExport

# Told how far a long document has come: (parts done, parts in all).
Progress = Callable[[int, int], None]


@dataclass
class ExportFile:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Build:
    """What a document's builder is given."""

    export: DocumentExport
    base_url: str
    may_create_links: bool
    progress: Progress


@dataclass(frozen=True)
class DocumentKind:
    key: str
    # The record the document is built from, for `user` (raises Http404 outside their scope, or
    # PermissionDenied when they may read it but not this document)…
    record: Callable[[Any, str], Any]
    # …and the same record for the worker, which builds what a view already allowed.
    load: Callable[[str], Any]
    formats: frozenset[str]
    # How many parts (villages, letters, agenda items…) the document has, from its record; a
    # document of more than `sync_parts` parts is built by the worker.
    parts: Callable[[Any, str], int]
    sync_parts: int
    build: Callable[[Any, Build], ExportFile]
    # The page the document belongs to: (url, link text) for the status page's way back.
    back: Callable[[Any], tuple[str, str]]


_KINDS: dict[str, DocumentKind] = {}
_registered = threading.Lock()
_loaded = False


def register(kind: DocumentKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> dict[str, DocumentKind]:
    """Every kind of document, registered by their apps on the first call."""
    global _loaded
    with _registered:
        if not _loaded:
            for config in apps.get_app_configs():
                if path := getattr(config, "document_kinds", None):
                    import_string(path)()
            _loaded = True
    return _KINDS


def kind_of(key: str) -> DocumentKind:
    kind = kinds().get(key)
    if kind is None:
        raise Http404
    return kind


def export_path(export: DocumentExport) -> Path:
    return Path(settings.MEDIA_ROOT) / "exports" / str(export.id) / export.filename


def attachment(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def answer(
    request: HttpRequest,
    key: str,
    ref: str,
    fmt: str,
    *,
    desa_code: str = "",
    may_create_links: bool = False,
) -> HttpResponse:
    """The file now when it is short; else a background export and its status page."""
    kind = kind_of(key)
    if fmt not in kind.formats:
        raise Http404
    record = kind.record(request.user, ref)
    parts = kind.parts(record, fmt)
    if desa_code or parts <= kind.sync_parts:
        export = DocumentExport(kind=key, ref=ref, format=fmt, desa_code=desa_code)
        export.created_by_id = request.user.pk  # who asks, for the share links it may make
        build = Build(export, _base_url(request), may_create_links, lambda done, total: None)
        return attachment(kind.build(record, build))
    export = start(request, key, ref, fmt, parts, may_create_links=may_create_links)
    return redirect("reports:export_status", export_id=export.id)


def start(
    request: HttpRequest,
    key: str,
    ref: str,
    fmt: str,
    parts: int,
    *,
    may_create_links: bool = False,
) -> DocumentExport:
    """Queue a document for the worker. A second click while it waits reuses the same one."""
    from rembuk.reports.tasks import build_document

    language = translation.get_language() or ""  # the worker builds the file in it
    waiting = DocumentExport.objects.filter(
        kind=key,
        ref=ref,
        format=fmt,
        created_by_id=request.user.pk,
        language=language,
        status__in=[DocumentExport.Status.QUEUED, DocumentExport.Status.RUNNING],
        created_at__gte=timezone.now() - datetime.timedelta(minutes=10),
    ).first()
    if waiting is not None:
        return waiting
    export = DocumentExport.objects.create(
        kind=key,
        ref=ref,
        format=fmt,
        created_by_id=request.user.pk,
        total=parts,
        language=language,
        time_zone=timezone.get_current_timezone_name(),
    )
    result = build_document.enqueue(str(export.id), _base_url(request), may_create_links)
    DocumentExport.objects.filter(pk=export.pk).update(task_id=str(result.id)[:64])
    return export


def export_for_user(user: Any, export_id: Any) -> tuple[DocumentExport, Any]:
    """The export and its record, or 404 when the user may not read the record."""
    export = DocumentExport.objects.filter(pk=export_id).first()
    if export is None:
        raise Http404
    return export, kind_of(export.kind).record(user, export.ref)


def run(export_id: str, base_url: str, may_create_links: bool = False) -> str:
    """Build the file of an export and store it under MEDIA_ROOT/exports/ (the worker's job)."""
    export = DocumentExport.objects.select_related("created_by").get(pk=export_id)
    kind = kind_of(export.kind)
    # Claim it: the worker and a person pressing "build it now" may both try.
    claimed = DocumentExport.objects.filter(
        pk=export.pk, status=DocumentExport.Status.QUEUED
    ).update(status=DocumentExport.Status.RUNNING)
    if not claimed:
        return str(export_path(export))

    def progress(done: int, total: int) -> None:
        DocumentExport.objects.filter(pk=export.pk).update(done=done, total=total)

    try:
        # The worker runs in no one's language or zone: the file is written in the asker's.
        with (
            translation.override(export.language or settings.LANGUAGE_CODE),
            timezone.override(export.time_zone or settings.TIME_ZONE),
        ):
            record = kind.load(export.ref)
            file = kind.build(record, Build(export, base_url, may_create_links, progress))
    except Exception as error:
        DocumentExport.objects.filter(pk=export.pk).update(
            status=DocumentExport.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        raise
    export.filename = file.filename
    path = export_path(export)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file.content)
    DocumentExport.objects.filter(pk=export.pk).update(
        status=DocumentExport.Status.DONE,
        filename=file.filename,
        content_type=file.content_type,
        size=len(file.content),
        done=export.total,
        finished_at=timezone.now(),
    )
    return str(path)
