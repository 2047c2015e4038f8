"""`manage.py export_kecamatan_report`: each format written and readable; a wrong id is an error."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from rembuk.core.testing import user_with_role
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports import services
from rembuk.reports.tests.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_id(meeting: CoordinationMeeting) -> str:
    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    return str(services.kecamatan_report_send(report=report, actor=writer).pk)


def test_the_command_writes_each_format(report_id: str, tmp_path: Path) -> None:
    pdf, docx, xlsx = tmp_path / "m4.pdf", tmp_path / "m4.docx", tmp_path / "m4.xlsx"
    out = io.StringIO()
    for fmt, path in (("pdf", pdf), ("docx", docx), ("xlsx", xlsx)):
        call_command(
            "export_kecamatan_report", report_id, "--format", fmt, "--output", str(path), stdout=out
        )

    assert "matriks-4-kodi-balaghar-v1.pdf" in out.getvalue()
    _, text = pdf_text(pdf.read_bytes())
    assert "Kecamatan : Kodi Balaghar" in text and "Wainyapu" in text
    assert Document(str(docx)).tables[0].rows[1].cells[1].text == "Wainyapu"
    assert load_workbook(xlsx)["Matriks 4"]["B6"].value == "Wailangira"


def test_an_unknown_report_is_a_clear_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No kecamatan report"):
        call_command(
            "export_kecamatan_report",
            str(uuid.uuid4()),
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="No kecamatan report"):
        call_command(
            "export_kecamatan_report", "bukan-id", "--format", "pdf", "--output", "/dev/null"
        )
