from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from pypdf import PdfReader

from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.reports.testing import add_sheet, make_meeting, record_seed_x, seed_x_plan

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks_and_media(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(db: Any) -> CoordinationMeeting:
    """Kodi Balaghar, 28 March 2024: Wainyapu holds seed 000's Desa X record, Wailangira a plan
    with nothing recorded yet."""
    meeting = make_meeting(
        "53.18.11",
        next_meeting_date=datetime.date(2024, 6, 20),
        other_participants="Staf DPMD",
        documents_note="Salinan dikirim ke grup WhatsApp desa.",
    )
    x_sheet = add_sheet(
        meeting, "53.18.11.2006", seed_x_plan("53.18.11.2006"), 0, representatives="Sekdes"
    )
    record_seed_x(x_sheet)
    add_sheet(meeting, "53.18.11.2001", seed_x_plan("53.18.11.2001"), 1)
    return meeting


@pytest.fixture
def x_sheet(meeting: CoordinationMeeting) -> MeetingSheet:
    return MeetingSheet.objects.get(meeting=meeting, desa__code="53.18.11.2006")


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    """The reader and the text of every page with whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return reader, " ".join(text.split())


def page_size(reader: PdfReader, index: int = 0) -> tuple[int, int]:
    box = reader.pages[index].mediabox
    return round(float(box.width)), round(float(box.height))
