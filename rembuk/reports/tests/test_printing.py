from __future__ import annotations

from rembuk.core import history
from rembuk.core.testing import full_plan
from rembuk.meetings.models import Challenge, CoordinationMeeting, MeetingSheet
from rembuk.reports.printing import meeting_pdf, sheets_pdf
from rembuk.reports.report import build_meeting_report
from rembuk.reports.testing import add_sheet, make_meeting, record_full
from rembuk.reports.tests.conftest import page_size, pdf_text
from rembuk.reports.wording import MATRIX2_HEADINGS, MATRIX3_HEADINGS

A4_LANDSCAPE = (842, 595)
A1_LANDSCAPE = (2384, 1684)
A0_LANDSCAPE = (3370, 2384)


def _share(sheet: MeetingSheet) -> str:
    return f"https://rembuk.example/rapat/berbagi/{sheet.pk}/"


def test_the_a1_poster_of_desa_x_is_one_landscape_page_with_the_recorded_text(
    meeting: CoordinationMeeting,
) -> None:
    report = build_meeting_report(meeting, desa_code="53.18.11.2006", share_url=_share)
    reader, text = pdf_text(sheets_pdf(report, "a1"))
    assert len(reader.pages) == 1
    assert page_size(reader) == A1_LANDSCAPE
    assert "Desa: Wainyapu" in text
    assert "Tanggal pelaksanaan koordinasi: 28 Maret 2024" in text
    for heading in MATRIX3_HEADINGS:
        assert heading in text
    assert "DD belum bisa dicairkan untuk digunakan sebagai penyertaan modal ke BUMDES" in text
    assert "(menghambat 6 dari 7 kegiatan)" in text
    assert "Meminta no kontak penyuluh untuk desa X agar lebih mudah berkomunikasi." in text
    assert "Tenggat: 30 April 2024" in text
    assert "Pindai untuk membuka lembar ini di HP" in text


def test_the_a0_poster_is_an_a0_landscape_page(meeting: CoordinationMeeting) -> None:
    report = build_meeting_report(meeting, desa_code="53.18.11.2006")
    reader, text = pdf_text(sheets_pdf(report, "a0"))
    assert (len(reader.pages), page_size(reader)) == (1, A0_LANDSCAPE)
    assert "Penyuluh pertanian tidak hadir" in text


def test_a_full_village_sheet_fits_one_a1_page(db: object) -> None:
    meeting = make_meeting("81.05.15")
    sheet = add_sheet(meeting, "81.05.15.2001", full_plan("81.05.15.2001", goals=3), 0)
    record_full(sheet)
    reader, _text = pdf_text(sheets_pdf(build_meeting_report(meeting), "a1"))
    assert len(reader.pages) == 1


def test_an_a4_sheet_with_twelve_activities_flows_with_header_and_desa_repeated(
    db: object,
) -> None:
    meeting = make_meeting("81.05.15")
    plan = full_plan("81.05.15.2001", goals=2, activities_per_goal=12)
    record_full(add_sheet(meeting, "81.05.15.2001", plan, 0), words=120)
    reader, text = pdf_text(sheets_pdf(build_meeting_report(meeting), "a4"))
    assert len(reader.pages) >= 2
    assert page_size(reader) == A4_LANDSCAPE
    for page in reader.pages[1:]:
        page_text = " ".join((page.extract_text() or "").split())
        assert "Desa: Waru · Tanggal pelaksanaan koordinasi: 28 Maret 2024 (lanjutan)" in page_text
        assert MATRIX3_HEADINGS[2] in page_text
    assert "Kegiatan 2.12" in text  # nothing cut off at the end


def test_the_blank_matriks_2_has_the_plan_and_the_matriks_2_headings(
    meeting: CoordinationMeeting,
) -> None:
    report = build_meeting_report(meeting, desa_code="53.18.11.2006")
    for paper, size in (("a1", A1_LANDSCAPE), ("a4", A4_LANDSCAPE)):
        reader, text = pdf_text(sheets_pdf(report, paper, blank=True))
        assert page_size(reader) == size
        for heading in MATRIX2_HEADINGS:
            assert heading in text
        assert "Konsultasi pelaksanaan penanganan hama dengan penyuluh di kelompok tani" in text
        assert "Penyuluh pertanian tidak hadir" not in text  # recorded text stays off the blank


def test_user_text_is_printed_literally(
    meeting: CoordinationMeeting, x_sheet: MeetingSheet
) -> None:
    history.create(
        Challenge, actor=None, sheet=x_sheet, text="<script>alert(1)</script> & <b>tebal</b>"
    )
    report = build_meeting_report(meeting, desa_code="53.18.11.2006")
    _reader, text = pdf_text(sheets_pdf(report, "a4"))
    assert "<script>alert(1)</script> & <b>tebal</b>" in text


def test_the_whole_meeting_pdf_has_cover_sheets_and_closing(meeting: CoordinationMeeting) -> None:
    reader, text = pdf_text(meeting_pdf(build_meeting_report(meeting)))
    assert page_size(reader) == A4_LANDSCAPE
    assert "Kecamatan Kodi Balaghar" in text
    assert "Hari/tanggal : Kamis, 28 Maret 2024" in text
    assert text.index("Desa: Wainyapu") < text.index("Desa: Wailangira")
    assert "Sekdes" in text  # attendance
    assert "Pertemuan koordinasi berikutnya : Kamis, 20 Juni 2024" in text
    assert "Salinan dikirim ke grup WhatsApp desa." in text


def test_a_poster_that_fits_is_laid_out_once(db: object, monkeypatch: object) -> None:
    from rembuk.reports import pdf

    layouts = []
    original = pdf.render_document

    def counted(*args: object, **kwargs: object) -> object:
        layouts.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_document", counted)  # type: ignore[attr-defined]
    meeting = make_meeting("81.05.15")
    sheet = add_sheet(meeting, "81.05.15.2001", full_plan("81.05.15.2001", goals=3), 0)
    record_full(sheet)
    reader, _text = pdf_text(sheets_pdf(build_meeting_report(meeting), "a1"))
    assert len(reader.pages) == 1
    assert len(layouts) == 1
