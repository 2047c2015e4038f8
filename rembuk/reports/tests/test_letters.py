from __future__ import annotations

import datetime
import io

import docx

from rembuk.core import history
from rembuk.core.testing import docx_columns_cm
from rembuk.meetings.models import CoordinationMeeting
from rembuk.reports.letters import (
    DISTRIBUTION_LIST,
    PER_VILLAGE,
    letter_date,
    letters_docx,
    letters_pdf,
    meeting_letters,
)
from rembuk.reports.tests.conftest import page_size, pdf_text

A4_PORTRAIT = (595, 842)
BEFORE = datetime.date(2024, 3, 20)


def test_one_letter_per_village_is_one_page_each_naming_its_kepala_desa(
    meeting: CoordinationMeeting,
) -> None:
    reader, _text = pdf_text(letters_pdf(meeting_letters(meeting, PER_VILLAGE, today=BEFORE)))
    assert len(reader.pages) == 2
    assert page_size(reader) == A4_PORTRAIT
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert "Kepala Desa Wainyapu" in pages[0] and "Wailangira" not in pages[0]
    assert "Kepala Desa Wailangira" in pages[1]
    for page in pages:
        assert "PEMERINTAH KABUPATEN SUMBA BARAT DAYA" in page
        assert "KECAMATAN KODI BALAGHAR" in page
        assert "Kodi Balaghar, 20 Maret 2024" in page
        assert "Sifat : Biasa" in page
        assert "Lampiran : -" in page
        assert (
            "Perihal : Undangan Pertemuan Koordinasi Kecamatan untuk Berbagi Pembelajaran Antar "
            "Desa" in page
        )
        assert "berbagi pembelajaran dari implementasi kegiatan" in page
        assert "hasil pemantauan dan pembelajaran" in page
        assert "Hari/tanggal : Kamis, 28 Maret 2024" in page
        assert "Waktu : 09.00 WITA s.d. selesai" in page
        assert "Tempat : Aula Kantor Camat" in page
        assert "Camat Kodi Balaghar" in page and "NIP." in page


def test_one_letter_with_a_distribution_list_names_every_village(
    meeting: CoordinationMeeting,
) -> None:
    reader, text = pdf_text(letters_pdf(meeting_letters(meeting, DISTRIBUTION_LIST)))
    assert len(reader.pages) == 1
    assert "Para Kepala Desa se-Kecamatan Kodi Balaghar" in text
    assert "(daftar terlampir)" in text
    assert "Lampiran : 1 (satu) lembar" in text  # not "-" beside "(daftar terlampir)"
    assert "Daftar penerima:" in text
    assert "Kepala Desa Wainyapu" in text and "Kepala Desa Wailangira" in text


def test_the_letter_uses_the_meetings_letter_fields(meeting: CoordinationMeeting) -> None:
    meeting = history.update(
        meeting,
        actor=None,
        letter_number="005/12/KB/III/2024",
        letter_nature="Penting",
        letter_attachments="1 (satu) berkas",
        signatory_name="Drs. Yohanes <Camat> Bili",
        signatory_nip="19700101 199503 1 001",
    )
    letters = meeting_letters(meeting, PER_VILLAGE)
    _reader, text = pdf_text(letters_pdf(letters))
    assert "Nomor : 005/12/KB/III/2024" in text
    assert "Sifat : Penting" in text
    assert "Lampiran : 1 (satu) berkas" in text
    assert "Drs. Yohanes <Camat> Bili" in text  # printed literally
    assert "NIP. 19700101 199503 1 001" in text
    document = docx.Document(io.BytesIO(letters_docx(letters)))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "KECAMATAN KODI BALAGHAR" in body
    assert "Kepala Desa Wainyapu" in body and "Kepala Desa Wailangira" in body
    assert "Drs. Yohanes <Camat> Bili" in body
    assert "005/12/KB/III/2024" in cells and "Kamis, 28 Maret 2024" in cells
    # "Nomor : …" with a narrow label and colon, in LibreOffice too (its grid was three equal
    # columns, the colon a third of the page away from the label).
    assert docx_columns_cm(document.tables[0]) == [2.5, 0.5, 12.5]
    assert docx_columns_cm(document.tables[1]) == [3.5, 0.5, 11.5]


def test_a_letter_printed_after_the_meeting_carries_the_day_the_meeting_was_scheduled(
    meeting: CoordinationMeeting,
) -> None:
    scheduled = datetime.date(2024, 3, 7)
    assert letter_date(meeting, datetime.date(2024, 3, 20), scheduled) == datetime.date(2024, 3, 20)
    assert letter_date(meeting, datetime.date(2026, 12, 3), scheduled) == scheduled
    # Scheduled the same day it was held: the letter still precedes the meeting.
    same_day = letter_date(meeting, datetime.date(2026, 12, 3), meeting.date)
    assert same_day == datetime.date(2024, 3, 27)
    [letter, *_rest] = meeting_letters(meeting, PER_VILLAGE, today=datetime.date(2026, 12, 3))
    assert not letter.place_date.endswith("28 Maret 2024")  # never the meeting day itself
