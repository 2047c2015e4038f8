"""Browser test of a long document built by the task worker: the kecamatan asks for the whole
meeting's PDF, watches the progress page while a real `manage.py db_worker` builds it, and
downloads it from the same page (rembuk.reports.background)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, LAPTOP, log_in, pdf_text, screenshot, watch_errors
from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.reports.exports import SYNC_VILLAGE_LIMIT
from rembuk.reports.models import DocumentExport
from rembuk.reports.testing import add_sheet, make_meeting, record_seed_x, seed_x_plan

pytestmark = pytest.mark.django_db(transaction=True)

VILLAGES = {"53.18.11.2006": "Wainyapu", "53.18.11.2001": "Wailangira", "53.18.11.2002": "Kahale"}


def run_worker(data_dir: Path) -> None:
    """Run the task worker as an installation does, in its own process, over everything
    queued in the live server's database; it writes files under `data_dir`/media."""
    database = connection.settings_dict
    env = {**os.environ, "SECRET_KEY": settings.SECRET_KEY, "REMBUK_VAR_DIR": str(data_dir)}
    env.pop("REMBUK_HOME", None)
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = database["NAME"]
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=180,
        capture_output=True,
    )


def test_the_whole_meeting_pdf_is_built_by_the_worker_while_the_page_shows_its_progress(
    page: Page, browser: Browser, live_server, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # where the worker below writes its files
    meeting = make_meeting("53.18.11")
    for position, code in enumerate(VILLAGES):
        add_sheet(meeting, code, seed_x_plan(code), position)
    record_seed_x(meeting.sheets.get(desa__code="53.18.11.2006"))
    assert meeting.sheets.count() > SYNC_VILLAGE_LIMIT  # long enough for the worker
    user = user_with_role(Role.KECAMATAN, "53.18.11")

    log_in(page, user.username)
    page.goto(reverse("reports:meeting_downloads", args=[meeting.pk]))
    expect(page.get_by_text("Berkas-berkas ini dibuat di latar belakang")).to_be_visible()
    page.get_by_role("button", name="Satu PDF untuk seluruh pertemuan").click()

    # The progress page: the file is being prepared, said where the person looks.
    export = DocumentExport.objects.get(ref=str(meeting.pk))
    status_url = reverse("reports:export_status", args=[export.pk])
    expect(page).to_have_url(live_server.url + status_url)
    expect(page.get_by_role("heading", name="Menyiapkan berkas")).to_be_in_viewport(ratio=1)
    waiting = page.get_by_text("Menunggu proses latar belakang")
    expect(waiting).to_be_in_viewport(ratio=1)
    box = waiting.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"]
    screenshot(page, "export-waiting")

    run_worker(tmp_path)
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE

    # The page, polling, now offers the file without being reloaded.
    download_link = page.get_by_role("link", name=f"Unduh {export.filename}")
    expect(download_link).to_be_in_viewport(ratio=1, timeout=15_000)
    expect(page.get_by_role("heading", name="Berkas sudah siap")).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("heading", name="Menyiapkan berkas")).to_have_count(0)
    screenshot(page, "export-ready")
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as downloaded:
        download_link.click()
    assert downloaded.value.suggested_filename == export.filename
    assert export.filename == "pertemuan-koordinasi-kodi-balaghar-2024-03-28.pdf"
    text = pdf_text(downloaded.value)
    assert "Kodi Balaghar" in text
    for village in VILLAGES.values():
        assert village in text
    assert page.console_errors == []  # type: ignore[attr-defined]

    # Another kecamatan's user cannot open the export, nor its file.
    outsider = user_with_role(Role.KECAMATAN, "81.05.15")
    other = browser.new_context(viewport=LAPTOP, locale="id-ID", base_url=live_server.url)
    other_page = watch_errors(other.new_page())
    log_in(other_page, outsider.username)
    for url in (status_url, reverse("reports:export_file", args=[export.pk])):
        response = other_page.goto(url)
        assert response is not None and response.status == 404
    expect(other_page.get_by_text("Kodi Balaghar")).to_have_count(0)
    other.close()
