from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from rembuk.meetings.models import CoordinationMeeting
from rembuk.reports.tests.conftest import page_size, pdf_text


@pytest.mark.parametrize(
    "fmt,size",
    [("pdf-a1", (2384, 1684)), ("pdf-a0", (3370, 2384)), ("pdf-a4", (842, 595))],
)
def test_export_meeting_writes_a_villages_poster(
    meeting: CoordinationMeeting, tmp_path: Path, fmt: str, size: tuple[int, int]
) -> None:
    output = tmp_path / "poster.pdf"
    call_command(
        "export_meeting", str(meeting.pk), "--format", fmt, "--output", str(output),
        "--desa", "53.18.11.2006", stdout=io.StringIO(),
    )  # fmt: skip
    reader, text = pdf_text(output.read_bytes())
    assert page_size(reader) == size
    assert "Desa: Wainyapu" in text and "Desa: Wailangira" not in text


def test_export_meeting_writes_the_whole_meeting_and_the_zip(
    meeting: CoordinationMeeting, tmp_path: Path
) -> None:
    pdf, archive, workbook = tmp_path / "rapat.pdf", tmp_path / "semua.zip", tmp_path / "m3.xlsx"
    for fmt, output in (("pdf-a4", pdf), ("zip", archive), ("xlsx", workbook)):
        call_command(
            "export_meeting", str(meeting.pk), "--format", fmt, "--output", str(output),
            stdout=io.StringIO(),
        )  # fmt: skip
    _reader, text = pdf_text(pdf.read_bytes())
    assert "Penutup" in text and "Desa: Wailangira" in text
    with zipfile.ZipFile(archive) as files:
        assert len(files.namelist()) == 8
    assert openpyxl.load_workbook(workbook).sheetnames == ["Wainyapu", "Wailangira"]


def test_export_meeting_refuses_an_unknown_meeting_or_village(
    meeting: CoordinationMeeting, tmp_path: Path
) -> None:
    with pytest.raises(CommandError):
        call_command("export_meeting", "nope", "--format", "zip", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError):
        call_command(
            "export_meeting", str(meeting.pk), "--format", "pdf-a1",
            "--output", str(tmp_path / "x"), "--desa", "81.05.15.2001",
        )  # fmt: skip
