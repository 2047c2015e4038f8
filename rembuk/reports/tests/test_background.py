"""Long documents are built by the task worker while the page shows progress
(rembuk.reports.background): the Matriks 4 PDF and the invitation letters here; the minutes and
the kecamatan evaluation in their apps' tests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports import background, kinds, services
from rembuk.reports.models import DocumentExport
from rembuk.reports.tests.conftest import pdf_text

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _client(role: str, code: str) -> Client:
    client = Client()
    client.force_login(user_with_role(role, code))
    return client


@pytest.fixture
def long_matrix4(meeting: CoordinationMeeting, monkeypatch: Any) -> Any:
    report = services.kecamatan_report_draft(meeting=meeting, actor=None)
    # Two village rows: make "long" mean more than one, rather than recording twenty villages.
    monkeypatch.setitem(background.kinds(), kinds.MATRIX4, _with_sync(kinds.MATRIX4, 1))
    return report


def _heading(page: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page)
    assert found is not None
    return found.group(1)


def _with_sync(key: str, parts: int) -> background.DocumentKind:
    from dataclasses import replace

    return replace(background.kinds()[key], sync_parts=parts)


def test_a_long_matriks_4_pdf_is_queued_and_the_page_follows_it_until_it_can_be_built(
    long_matrix4: Any, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS  # no worker runs in tests: the export waits
    client = _client(Role.KECAMATAN, "53.18.11")
    url = reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"])
    response = client.get(url)
    export = DocumentExport.objects.get(kind=kinds.MATRIX4, ref=str(long_matrix4.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    assert (export.status, export.total, export.format) == ("queued", 2, "pdf")
    # A second click while it waits does not queue the same document twice.
    client.get(url)
    assert DocumentExport.objects.filter(kind=kinds.MATRIX4).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert reverse("reports:kecamatan_report_detail", args=[long_matrix4.pk]) in page  # way back
    assert _heading(page) == "Menyiapkan berkas"
    client.post(reverse("reports:export_retry", args=[export.pk]))  # "build it now"
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
    # The heading is part of what the page polls: it no longer says "preparing" once done.
    polled = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert _heading(polled) == "Berkas sudah siap"
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    assert file["Content-Type"] == "application/pdf"
    _reader, text = pdf_text(file.content)
    assert "Kecamatan : Kodi Balaghar" in text and "Wainyapu" in text


def test_with_the_immediate_backend_the_export_is_ready_at_once(long_matrix4: Any) -> None:
    client = _client(Role.FASILITATOR_KABUPATEN, "53.18")
    response = client.get(
        reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"]), follow=True
    )
    export = DocumentExport.objects.get(kind=kinds.MATRIX4)
    assert export.status == DocumentExport.Status.DONE and export.filename.endswith(".pdf")
    assert reverse("reports:export_file", args=[export.pk]) in response.content.decode()


def test_another_region_can_neither_start_nor_see_nor_download_it(long_matrix4: Any) -> None:
    owner = _client(Role.KECAMATAN, "53.18.11")
    owner.get(reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"]))
    export = DocumentExport.objects.get(kind=kinds.MATRIX4)
    outsider = _client(Role.KECAMATAN, "81.05.15")
    url = reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"])
    assert outsider.get(url).status_code == 404
    for name in ("reports:export_status", "reports:export_file"):
        assert outsider.get(reverse(name, args=[export.pk])).status_code == 404
    assert outsider.post(reverse("reports:export_retry", args=[export.pk])).status_code == 404
    assert DocumentExport.objects.count() == 1


def test_a_short_document_is_answered_in_the_request(meeting: CoordinationMeeting) -> None:
    report = services.kecamatan_report_draft(meeting=meeting, actor=None)
    client = _client(Role.KECAMATAN, "53.18.11")
    response = client.get(reverse("reports:kecamatan_report_download", args=[report.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert not DocumentExport.objects.exists()


def test_letters_for_many_villages_are_built_by_the_worker(
    meeting: CoordinationMeeting, monkeypatch: Any
) -> None:
    monkeypatch.setitem(background.kinds(), kinds.LETTERS, _with_sync(kinds.LETTERS, 1))
    client = _client(Role.KECAMATAN, "53.18.11")
    url = reverse("reports:invitation", args=[meeting.pk, "pdf"])
    response = client.get(url + "?mode=per-desa")
    export = DocumentExport.objects.get(kind=kinds.LETTERS)
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    assert export.ref == f"{meeting.pk}:per-desa"
    reader, _text = pdf_text(client.get(reverse("reports:export_file", args=[export.pk])).content)
    assert len(reader.pages) == 2
    # The one letter with the distribution list stays short.
    assert client.get(url + "?mode=daftar")["Content-Type"] == "application/pdf"
    # Reading the meeting is not enough to prepare its letters, even through an export.
    reader_only = _client(Role.TIM_KABUPATEN, "53.18")
    assert reader_only.get(reverse("reports:export_status", args=[export.pk])).status_code == 403


def test_an_unknown_kind_or_format_is_404(meeting: CoordinationMeeting) -> None:
    export = DocumentExport.objects.create(kind="nothing", ref="x", format="pdf")
    client = _client(Role.KECAMATAN, "53.18.11")
    assert client.get(reverse("reports:export_status", args=[export.pk])).status_code == 404
    report = services.kecamatan_report_draft(meeting=meeting, actor=None)
    url = reverse("reports:kecamatan_report_download", args=[report.pk, "exe"])
    assert client.get(url).status_code == 404


def test_a_failed_export_says_so_in_its_heading_and_as_an_error(
    long_matrix4: Any, settings: Any
) -> None:
    settings.TASKS = DATABASE_TASKS
    client = _client(Role.KECAMATAN, "53.18.11")
    client.get(reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"]))
    export = DocumentExport.objects.get(kind=kinds.MATRIX4)
    DocumentExport.objects.filter(pk=export.pk).update(status=DocumentExport.Status.FAILED)
    page = client.get(reverse("reports:export_status", args=[export.pk])).content.decode()
    assert _heading(page) == "Berkas tidak dapat dibuat"
    assert '<p class="notice error">' in page
    assert 'hx-trigger="every 2s"' not in page  # finished: the page stops polling


def test_the_worker_builds_the_file_on_the_askers_clock(
    long_matrix4: Any, settings: Any, monkeypatch: Any
) -> None:
    """The worker runs in no one's zone: a national hub in WIB builds the NTT kecamatan's file
    on its WITA clock, as the request would have (rembuk.people.middleware)."""
    from dataclasses import replace

    from django.utils import timezone

    settings.TASKS = DATABASE_TASKS
    settings.TIME_ZONE = "Asia/Jakarta"
    client = _client(Role.KECAMATAN, "53.18.11")
    client.get(reverse("reports:kecamatan_report_download", args=[long_matrix4.pk, "pdf"]))
    export = DocumentExport.objects.get(kind=kinds.MATRIX4)
    assert export.time_zone == "Asia/Makassar"

    kind = background.kinds()[kinds.MATRIX4]
    zones: list[str] = []

    def build(record: Any, build: background.Build) -> background.ExportFile:
        zones.append(timezone.get_current_timezone_name())
        return kind.build(record, build)

    monkeypatch.setitem(background.kinds(), kinds.MATRIX4, replace(kind, build=build))
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"  # the worker's own
    background.run(str(export.pk), "http://testserver")
    assert zones == ["Asia/Makassar"]
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
