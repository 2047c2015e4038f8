from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core.testing import full_plan, user_with_role
from rembuk.meetings.models import CoordinationMeeting, ShareLink
from rembuk.people.models import Role
from rembuk.reports.background import run
from rembuk.reports.exports import SYNC_VILLAGE_LIMIT
from rembuk.reports.models import DocumentExport
from rembuk.reports.testing import add_sheet
from rembuk.reports.tests.conftest import page_size, pdf_text

WAINYAPU = "53.18.11.2006"


def _client(role: str, code: str) -> Client:
    client = Client()
    client.force_login(user_with_role(role, code))
    return client


def _sheet_url(meeting: CoordinationMeeting, fmt: str, desa: str = WAINYAPU) -> str:
    return reverse("reports:sheet_download", args=[meeting.pk, desa, fmt])


def test_the_downloads_page_lists_every_file_of_every_village(
    meeting: CoordinationMeeting, django_assert_max_num_queries: Any
) -> None:
    client = _client(Role.KECAMATAN, "53.18.11")
    response = client.get(reverse("reports:meeting_downloads", args=[meeting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for fmt in ("pdf-a4", "pdf-a1", "pdf-a0", "xlsx", "docx", "matriks2-a1", "zip"):
        assert _sheet_url(meeting, fmt) in page
        assert _sheet_url(meeting, fmt, "53.18.11.2001") in page
    assert reverse("reports:invitation", args=[meeting.pk, "pdf"]) + "?mode=daftar" in page


def test_a_kecamatan_user_downloads_the_a1_poster_with_the_recorded_text(
    meeting: CoordinationMeeting,
) -> None:
    client = _client(Role.KECAMATAN, "53.18.11")
    response = client.get(_sheet_url(meeting, "pdf-a1"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="matriks3-wainyapu-2024-03-28-a1.pdf"' in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    assert page_size(reader) == (2384, 1684)
    assert "Meminta dinas pertanian untuk bisa menjadwalkan kunjungan penyuluh" in text
    # The kecamatan prints a QR code of the village's share link, made on the way.
    assert "Pindai untuk membuka lembar ini di HP" in text
    assert ShareLink.objects.filter(sheet__meeting=meeting, sheet__desa__code=WAINYAPU).exists()


def test_a_village_user_never_creates_share_links_by_printing(
    meeting: CoordinationMeeting,
) -> None:
    client = _client(Role.TIM_DESA, WAINYAPU)
    _reader, text = pdf_text(client.get(_sheet_url(meeting, "pdf-a4")).content)
    assert "Pindai untuk membuka lembar ini di HP" not in text
    assert not ShareLink.objects.exists()


def test_a_village_user_may_download_its_own_sheet(meeting: CoordinationMeeting) -> None:
    client = _client(Role.TIM_DESA, WAINYAPU)
    response = client.get(_sheet_url(meeting, "docx"))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_a_village_user_may_not_print_invitations(meeting: CoordinationMeeting) -> None:
    client = _client(Role.TIM_DESA, WAINYAPU)
    response = client.get(reverse("reports:invitation", args=[meeting.pk, "pdf"]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name,args",
    [
        ("reports:meeting_downloads", []),
        ("reports:sheet_download", [WAINYAPU, "pdf-a1"]),
        ("reports:invitation", ["pdf"]),
    ],
)
def test_another_kecamatan_gets_404(meeting: CoordinationMeeting, name: str, args: list) -> None:
    client = _client(Role.KECAMATAN, "81.05.15")
    assert client.get(reverse(name, args=[meeting.pk, *args])).status_code == 404


def test_another_kecamatan_cannot_start_or_see_an_export(meeting: CoordinationMeeting) -> None:
    outsider = _client(Role.KECAMATAN, "81.05.15")
    response = outsider.post(reverse("reports:meeting_export", args=[meeting.pk, "zip"]))
    assert response.status_code == 404
    export = DocumentExport.objects.create(kind="meeting", ref=str(meeting.pk), format="zip")
    assert outsider.get(reverse("reports:export_status", args=[export.pk])).status_code == 404
    assert outsider.get(reverse("reports:export_file", args=[export.pk])).status_code == 404


def test_invitation_letters_download_as_pdf_and_docx(meeting: CoordinationMeeting) -> None:
    client = _client(Role.KECAMATAN, "53.18.11")
    url = reverse("reports:invitation", args=[meeting.pk, "pdf"])
    reader, text = pdf_text(client.get(url + "?mode=per-desa").content)
    assert len(reader.pages) == 2
    _reader, text = pdf_text(client.get(url + "?mode=daftar").content)
    assert "Daftar penerima:" in text
    docx_response = client.get(reverse("reports:invitation", args=[meeting.pk, "docx"]))
    assert docx_response.status_code == 200
    assert docx_response.content[:2] == b"PK"


def test_a_small_meeting_pdf_is_answered_in_the_request(meeting: CoordinationMeeting) -> None:
    client = _client(Role.KECAMATAN, "53.18.11")
    response = client.post(reverse("reports:meeting_export", args=[meeting.pk, "pdf-a4"]))
    assert response.status_code == 200
    _reader, text = pdf_text(response.content)
    assert "Desa: Wainyapu" in text and "Desa: Wailangira" in text


def _bigger(meeting: CoordinationMeeting) -> None:
    codes = ["53.18.11.2002", "53.18.11.2003", "53.18.11.2004"][: SYNC_VILLAGE_LIMIT + 1]
    for position, code in enumerate(codes, start=2):
        add_sheet(meeting, code, full_plan(code, goals=1, activities_per_goal=2), position)


def test_a_large_export_runs_as_a_task_with_a_status_page_and_a_download(
    meeting: CoordinationMeeting,
) -> None:
    _bigger(meeting)
    client = _client(Role.KECAMATAN, "53.18.11")
    response = client.post(reverse("reports:meeting_export", args=[meeting.pk, "zip"]))
    export = DocumentExport.objects.get(kind="meeting", ref=str(meeting.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_status", args=[export.pk])
    status = client.get(response["Location"])
    assert export.pk and "Unduh dokumen-kodi-balaghar-2024-03-28.zip" in status.content.decode()
    assert 'hx-trigger="every 2s"' not in status.content.decode()  # finished: polling stops
    file = client.get(reverse("reports:export_file", args=[export.pk]))
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        assert len(archive.namelist()) == 4 * meeting.sheets.count()


def test_a_queued_export_polls_and_can_be_built_now_without_a_worker(
    meeting: CoordinationMeeting, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _bigger(meeting)
    client = _client(Role.KECAMATAN, "53.18.11")
    client.post(reverse("reports:meeting_export", args=[meeting.pk, "pdf-a4"]))
    export = DocumentExport.objects.get(kind="meeting", ref=str(meeting.pk))
    assert export.status == DocumentExport.Status.QUEUED and export.task_id
    fragment = client.get(
        reverse("reports:export_status", args=[export.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment  # only the partial
    assert client.get(reverse("reports:export_file", args=[export.pk])).status_code == 404
    client.post(reverse("reports:export_retry", args=[export.pk]))
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
    _reader, text = pdf_text(client.get(reverse("reports:export_file", args=[export.pk])).content)
    assert "Tinjauan tindak lanjut dari pertemuan sebelumnya" in text


def test_an_export_is_built_once_even_when_asked_twice(meeting: CoordinationMeeting) -> None:
    export = DocumentExport.objects.create(kind="meeting", ref=str(meeting.pk), format="xlsx")
    run(str(export.pk), "http://testserver/")
    export.refresh_from_db()
    finished = export.finished_at
    run(str(export.pk), "http://testserver/")  # the worker, after "build it now"
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE and export.finished_at == finished


def test_the_downloads_page_costs_the_same_queries_for_more_villages(
    meeting: CoordinationMeeting, django_assert_num_queries: Any
) -> None:
    client = _client(Role.KECAMATAN, "53.18.11")
    url = reverse("reports:meeting_downloads", args=[meeting.pk])
    client.get(url)  # memberships and session warmed the same way for both counts
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    _bigger(meeting)
    with django_assert_num_queries(len(two.captured_queries)):
        client.get(url)
