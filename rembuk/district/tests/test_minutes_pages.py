"""The minutes PDF as district officials print it: a long agenda row (a Matriks 4 summary of a
whole kecamatan) breaks across pages instead of leaving page 1 mostly blank, fills the page it
breaks on, and every part carried onto a page says which row it continues."""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rembuk.core import history, print_rows
from rembuk.core.testing import (
    pdf_as_weasyprint_breaks_it,
    pdf_lines,
    pdf_pages,
    region,
    user_with_role,
)
from rembuk.district import documents, services
from rembuk.district.models import DistrictMeeting
from rembuk.district.selectors import meeting_agenda
from rembuk.district.tests.conftest import KODI_BALAGHAR, SUMBA_BARAT_DAYA, aware, make_report
from rembuk.people.models import Role
from rembuk.reports.models import KecamatanReportRow

pytestmark = pytest.mark.django_db

SUPPORT = (
    "Pendampingan penyuluh pertanian untuk kelompok tani jagung dan kacang hijau, bibit unggul "
    "tahan kering untuk musim tanam berikutnya, serta pelatihan pembukuan BUMDes bagi pengurus "
    "baru agar laporan keuangan tahunan dapat disusun tepat waktu."
)


def _meeting() -> DistrictMeeting:
    return services.district_meeting_create(
        kabupaten=region(SUMBA_BARAT_DAYA), date=datetime.date(2024, 4, 18), actor=None
    )


def _long_first_row_meeting() -> DistrictMeeting:
    meeting = _meeting()
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
    return meeting


def _minutes_pdf(meeting: DistrictMeeting, language: str) -> bytes:
    client = Client()
    client.force_login(user_with_role(Role.TIM_KABUPATEN, SUMBA_BARAT_DAYA, language=language))
    with translation.override(language):
        response = client.get(reverse("district:minutes_pdf", args=[meeting.id]))
    assert response["Content-Type"] == "application/pdf", response
    return response.content


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
    pages = pdf_pages(
        _minutes_pdf(_long_first_row_meeting(), language), keep_as=f"minutes-{language}"
    )
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


def test_the_page_a_row_is_split_on_holds_as_many_of_its_lines_as_fit(monkeypatch):
    # Before: the first part ended a line early, leaving a line of blank at the page's foot
    # (one line was kept back for the part's padding and border, a third of a line high).
    meeting = _long_first_row_meeting()
    split = _minutes_pdf(meeting, "id")
    monkeypatch.setattr(documents, "render_pdf_with_rows", pdf_as_weasyprint_breaks_it)
    broken = _minutes_pdf(meeting, "id")
    *split_lines, _foot = pdf_lines(split, 0)
    *broken_lines, _foot = pdf_lines(broken, 0)
    assert split_lines == broken_lines
    # What the first page could not hold comes next, under the row's name: nothing lost.
    continued = pdf_lines(split, 1)
    assert continued[1:3] == ["1 Laporan ringkas (Matriks 4) Kecamatan", "Kodi Balaghar (lanjutan)"]
    assert continued[3] == pdf_lines(broken, 1)[1]


def _many_long_rows_meeting(count: int) -> DistrictMeeting:
    """`count` agenda items, each decision a page and a half long in its column."""
    meeting = _meeting()
    for number in range(1, count + 1):
        item = services.agenda_item_add(
            meeting=meeting, title=f"Usulan nomor {number:02d}", actor=None
        )
        services.agenda_item_save(item=item, decision=f"putusan{number:02d} " * 240, actor=None)
    return meeting


def test_past_the_layout_budget_every_continued_part_still_names_its_row(monkeypatch):
    # A budget of four layouts rather than the real twelve: the rule past the budget is the
    # same whatever its size, and fourteen long rows cost the test suite 25-35 s per database.
    budget = 4
    monkeypatch.setattr(print_rows, "MAX_LAYOUTS", budget)
    count = budget + 2  # more long rows than layouts: some are split without one each
    meeting = _many_long_rows_meeting(count)
    layouts = []
    lay_out = print_rows.render_document
    monkeypatch.setattr(
        print_rows, "render_document", lambda *args: layouts.append(1) or lay_out(*args)
    )
    started = time.process_time()
    # The document itself: minutes this long are built by the worker (district.documents).
    with translation.override("id"):
        pdf = documents.minutes_pdf(meeting_agenda(meeting))
    seconds = time.process_time() - started
    assert len(layouts) == budget  # the budget spent, not exceeded
    pages = pdf_pages(pdf, keep_as="minutes-many-long-rows")
    assert len(pages) > count
    begun: set[int] = set()
    for page, text in enumerate(pages, 1):
        for number in range(1, count + 1):
            if f"putusan{number:02d}" not in text:
                continue
            name = f"{number} Usulan nomor {number:02d}"
            assert name in text, (page, number, text[:200])
            # The row's name comes before its text on the page, marked as continued if the row
            # began on an earlier page.
            assert text.index(name) < text.index(f"putusan{number:02d}"), (page, number)
            assert (f"{name} (lanjutan)" in text) == (number in begun), (page, number)
            begun.add(number)
    assert begun == set(range(1, count + 1))
    print(f"\n{count} long rows, {len(pages)} pages: {seconds:.2f} s of CPU")


def test_a_continued_row_prints_hostile_text_as_text():
    meeting = _meeting()
    hostile = "<script>alert('x')</script> & <b>tebal</b>"
    item = services.agenda_item_add(meeting=meeting, title=hostile, actor=None)
    services.agenda_item_save(item=item, decision=f"{hostile} {SUPPORT} " * 12, actor=None)
    pages = pdf_pages(_minutes_pdf(meeting, "id"))
    assert len(pages) >= 2
    assert f"1 {hostile}" in pages[0]
    assert f"1 {hostile} (lanjutan)" in pages[1]
    assert all(hostile in page for page in pages[:2])


def test_the_minutes_say_when_they_were_printed_on_the_kabupaten_teams_clock(settings):
    """A national hub in WIB; the team of Sumba Barat Daya reads WITA, and so does its printout
    (rembuk.people.middleware.LocalTimeMiddleware, ADR 0033)."""
    settings.TIME_ZONE = "Asia/Jakarta"
    moment = datetime.datetime(2026, 12, 7, 2, 30, tzinfo=datetime.UTC)  # 09:30 WIB, 10:30 WITA
    with time_machine.travel(moment, tick=False):
        pdf = _minutes_pdf(_meeting(), "id")
    assert "7 Desember 2026 10:30" in " ".join(pdf_lines(pdf, 0))
