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
    ("language", "topic", "continued"),
    [
        ("id", "Laporan ringkas (Matriks 4) Kecamatan Kodi Balaghar", "lanjutan"),
        ("en", "Kecamatan report (Matriks 4) of Kecamatan Kodi Balaghar", "continued"),
    ],
)
def test_a_long_first_row_starts_on_page_1_and_no_page_is_left_nearly_empty(
    language, topic, continued
):
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
    # ... and says which row it is: its number and topic, marked as continued, before its text.
    named = f"1 {topic} ({continued})"
    assert named in pages[1], pages[1][:300]
    assert pages[1].index(heading) < pages[1].index(named) < pages[1].index(SUPPORT[:40])
    assert named not in pages[0]


def test_a_continued_row_prints_hostile_text_as_text():
    meeting = services.district_meeting_create(
        kabupaten=region(SUMBA_BARAT_DAYA), date=datetime.date(2024, 4, 18), actor=None
    )
    hostile = "<script>alert('x')</script> & <b>tebal</b>"
    item = services.agenda_item_add(meeting=meeting, title=hostile, actor=None)
    services.agenda_item_save(item=item, decision=f"{hostile} {SUPPORT} " * 12, actor=None)
    client = Client()
    client.force_login(user_with_role(Role.TIM_KABUPATEN, SUMBA_BARAT_DAYA, language="id"))
    with translation.override("id"):
        response = client.get(reverse("district:minutes_pdf", args=[meeting.id]))
        pages = _pages(response.content)
    assert len(pages) >= 2
    assert f"1 {hostile}" in pages[0]
    assert f"1 {hostile} (lanjutan)" in pages[1]
    assert all(hostile in page for page in pages[:2])
