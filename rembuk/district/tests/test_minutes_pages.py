"""The minutes PDF as district officials print it: a long agenda row (a Matriks 4 summary of a
whole kecamatan) breaks across pages instead of leaving page 1 mostly blank."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from rembuk.core import history
from rembuk.core.testing import region, user_with_role
from rembuk.district import services
from rembuk.district.tests.conftest import KODI_BALAGHAR, SUMBA_BARAT_DAYA, aware, make_report
from rembuk.people.models import Role
from rembuk.reports.models import KecamatanReportRow

pytestmark = pytest.mark.django_db

SUPPORT = (
    "Pendampingan penyuluh pertanian untuk kelompok tani jagung dan kacang hijau, bibit unggul "
    "tahan kering untuk musim tanam berikutnya, serta pelatihan pembukuan BUMDes bagi pengurus "
    "baru agar laporan keuangan tahunan dapat disusun tepat waktu."
)


def _long_first_row_minutes(language: str) -> bytes:
    meeting = services.district_meeting_create(
        kabupaten=region(SUMBA_BARAT_DAYA), date=datetime.date(2024, 4, 18), actor=None
    )
    report = make_report(None, sent_at=aware(2024, 3, 29), support=SUPPORT)
    for position, desa in enumerate(region(KODI_BALAGHAR).children.order_by("code")[1:13], 1):
        history.create(
            KecamatanReportRow,
            actor=None,
            report=report,
            desa=desa,
            position=position,
            goals_and_efforts="Semua warga terbebas dari hutang",
            challenges="Penyuluh tidak datang",
            support_needed=f"{SUPPORT} {SUPPORT}",
        )
    services.agenda_build(meeting=meeting, actor=None)
    user = user_with_role(Role.TIM_KABUPATEN, SUMBA_BARAT_DAYA, language=language)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("district:minutes_pdf", args=[meeting.id]))
    assert response["Content-Type"] == "application/pdf", response
    if os.environ.get("MINUTES_PDF"):
        with open(os.environ["MINUTES_PDF"], "wb") as out:
            out.write(response.content)
    return response.content


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    ("language", "topic"),
    [
        ("id", "Laporan ringkas (Matriks 4) Kecamatan Kodi Balaghar"),
        ("en", "Kecamatan report (Matriks 4) of Kecamatan Kodi Balaghar"),
    ],
)
def test_a_long_first_row_starts_on_page_1_and_no_page_is_left_nearly_empty(language, topic):
    with translation.override(language):
        pages = _pages(_long_first_row_minutes(language))
    assert len(pages) >= 2  # the row is longer than what is left of page 1
    first = pages[0]
    assert topic in first
    assert SUPPORT[:60] in first  # the row's own text, not only its number
    fullest = max(len(text) for text in pages)
    # Every page but the last carries at least half of what the fullest page does (before:
    # page 1 held the letterhead alone, page 2 two headings, the row began on page 3).
    for number, text in enumerate(pages[:-1], 1):
        assert len(text) > fullest / 2, (number, [len(text) for text in pages])
    # The continued row is under the table's heading again.
    heading = "Pokok bahasan" if language == "id" else "Topic"
    assert pages[1].count(heading) == 1
