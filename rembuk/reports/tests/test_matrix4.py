"""Matriks 4 files (PDF, DOCX, XLSX) read back: the seed's header and five columns, one row per
village, bullets for several lines, version and sending date, user text kept as text."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from rembuk.core.testing import docx_columns_cm, user_with_role
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role
from rembuk.reports import services, wording
from rembuk.reports.matrix4 import (
    build_matrix4,
    matrix4_docx,
    matrix4_file,
    matrix4_pdf,
    matrix4_xlsx,
    report_with_regions,
)
from rembuk.reports.models import KecamatanReport
from rembuk.reports.tests.conftest import page_size, pdf_text

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & =SUM(A1:A3)'


@pytest.fixture
def sent_report(meeting: CoordinationMeeting) -> KecamatanReport:
    writer = user_with_role(Role.KECAMATAN, "53.18.11", first_name="Agustinus", last_name="Ndara")
    report = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    rows = list(report.rows.order_by("position"))
    services.kecamatan_report_row_update(
        row=rows[1],
        actor=writer,
        goals_and_efforts="Membebaskan masyarakat dari jeratan hutang.",
        challenges=HOSTILE,
        support_needed="Pendampingan intensif dari DPMD.\nPelatihan bagi operator desa yang baru.",
    )
    services.kecamatan_report_note_update(report=report, actor=writer, note="Mohon dibahas.")
    when = timezone.make_aware(datetime.datetime(2024, 4, 2, 10, 0))
    services.kecamatan_report_send(report=report, actor=writer, sent_at=when)
    return report_with_regions(report.pk)


def test_the_report_object_carries_header_version_and_rows(sent_report: KecamatanReport) -> None:
    report = build_matrix4(sent_report)

    assert report.kecamatan == "Kodi Balaghar"
    assert report.meeting_date == "28 Maret 2024"
    assert report.status_line == "Versi 1 · dikirim 2 April 2024 oleh Agustinus Ndara"
    assert [row.desa_name for row in report.rows] == ["Wainyapu", "Wailangira"]
    assert report.rows[1].support == [
        "Pendampingan intensif dari DPMD.",
        "Pelatihan bagi operator desa yang baru.",
    ]


def test_the_pdf_is_a4_landscape_with_the_seed_header_and_columns(
    sent_report: KecamatanReport,
) -> None:
    reader, text = pdf_text(matrix4_pdf(build_matrix4(sent_report)))

    assert page_size(reader) == (842, 595)  # A4 landscape, in points
    assert "Kecamatan : Kodi Balaghar" in text
    for heading in wording.MATRIX4_HEADINGS:
        assert heading in text
    assert "Versi 1 · dikirim 2 April 2024" in text
    assert "1. Wainyapu" in text and "2. Wailangira" in text
    assert "• Pendampingan intensif dari DPMD." in text  # several lines: bullets
    assert "Membebaskan masyarakat dari jeratan hutang." in text
    assert '<script>alert("x")</script> & =SUM(A1:A3)' in text  # printed as typed
    assert "Mohon dibahas." in text
    assert "DRAF" not in text


def test_a_draft_pdf_says_it_is_a_draft(meeting: CoordinationMeeting) -> None:
    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    draft = services.kecamatan_report_draft(meeting=meeting, actor=writer)
    _, text = pdf_text(matrix4_pdf(build_matrix4(report_with_regions(draft.pk))))
    assert "DRAF — belum dikirim ke kabupaten" in text


def test_the_docx_has_the_header_and_one_table_row_per_village(
    sent_report: KecamatanReport,
) -> None:
    document = Document(io.BytesIO(matrix4_docx(build_matrix4(sent_report))))

    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Kecamatan : Kodi Balaghar"
    assert any("Versi 1 · dikirim 2 April 2024" in p for p in paragraphs)
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == list(wording.MATRIX4_HEADINGS)
    assert len(table.rows) == 3
    second = table.rows[2].cells
    assert second[0].text == "2." and second[1].text == "Wailangira"
    assert second[3].text == HOSTILE
    assert [p.text for p in second[4].paragraphs] == [
        "• Pendampingan intensif dari DPMD.",
        "• Pelatihan bagi operator desa yang baru.",
    ]
    assert document.sections[0].page_width > document.sections[0].page_height
    assert any("Mohon dibahas." in p for p in paragraphs)
    # As LibreOffice prints it: a narrow number, the village, three wide columns of text (the
    # grid was five equal columns, the text wrapped after two words).
    assert docx_columns_cm(table) == [1.1, 3.0, 7.6, 7.8, 7.6]


def test_the_xlsx_has_the_header_and_one_row_per_village(sent_report: KecamatanReport) -> None:
    workbook = load_workbook(io.BytesIO(matrix4_xlsx(build_matrix4(sent_report))))
    ws = workbook["Matriks 4"]

    assert ws["A1"].value == "Kecamatan : Kodi Balaghar"
    assert "Versi 1 · dikirim 2 April 2024" in ws["A3"].value
    assert [ws.cell(row=4, column=c).value for c in range(1, 6)] == list(wording.MATRIX4_HEADINGS)
    assert [ws.cell(row=r, column=2).value for r in (5, 6)] == ["Wainyapu", "Wailangira"]
    assert ws["D6"].value == HOSTILE and ws["D6"].data_type == "s"  # never a formula
    assert ws["E6"].value == (
        "• Pendampingan intensif dari DPMD.\n• Pelatihan bagi operator desa yang baru."
    )
    assert ws.page_setup.orientation == "landscape"


def test_file_names_carry_kecamatan_and_version(sent_report: KecamatanReport) -> None:
    name, content_type, content = matrix4_file(build_matrix4(sent_report), "xlsx")
    assert name == "matriks-4-kodi-balaghar-v1.xlsx"
    assert content_type.endswith("spreadsheetml.sheet") and content[:2] == b"PK"
    with pytest.raises(KeyError):
        matrix4_file(build_matrix4(sent_report), "odt")


def test_building_the_report_object_costs_one_query(
    sent_report: KecamatanReport, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        build_matrix4(sent_report)


def test_a_cells_lines_keep_single_spaces_between_their_words() -> None:
    from rembuk.reports.matrix4 import lines_of

    # The PDF keeps spaces as written (it lays text out faster so): the lines are cleaned first.
    assert lines_of("  Dana   desa\tbelum cair \n\n Pelatihan  operator ") == [
        "Dana desa belum cair",
        "Pelatihan operator",
    ]


def test_the_pdf_prints_in_a_narrow_face(sent_report: KecamatanReport) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(matrix4_pdf(build_matrix4(sent_report))))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Narrow" in name for name in fonts), fonts
