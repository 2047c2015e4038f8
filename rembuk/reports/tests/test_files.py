"""XLSX, DOCX and ZIP read back (rembuk/reports/spreadsheet.py, word.py, exports.py)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from docx.enum.section import WD_ORIENT

from rembuk.core import history
from rembuk.core.testing import docx_columns_cm
from rembuk.meetings.models import Challenge, CoordinationMeeting, MeetingSheet
from rembuk.reports.exports import export_meeting_file
from rembuk.reports.report import build_meeting_report
from rembuk.reports.spreadsheet import HEADER_ROW, sheets_xlsx
from rembuk.reports.tests.conftest import pdf_text
from rembuk.reports.word import COLUMN_CM, sheets_docx
from rembuk.reports.wording import MATRIX3_HEADINGS

SCRIPT = "<script>alert(1)</script>"


def _share(sheet: MeetingSheet) -> str:
    return f"https://rembuk.example/rapat/berbagi/{sheet.pk}/"


def test_the_workbook_has_a_worksheet_per_village_with_the_matriks_3_columns(
    meeting: CoordinationMeeting,
) -> None:
    content = sheets_xlsx(build_meeting_report(meeting, share_url=_share))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Wainyapu", "Wailangira"]
    ws = workbook["Wainyapu"]
    assert ws["A1"].value == "Desa: Wainyapu"
    assert ws["A2"].value == "Tanggal pelaksanaan koordinasi: 28 Maret 2024"
    headings = tuple(ws.cell(row=HEADER_ROW, column=c).value for c in range(1, 5))
    assert headings == MATRIX3_HEADINGS
    values = [str(cell.value) for row in ws.iter_rows() for cell in row if cell.value]
    assert any(v.startswith("Semua warga terbebas dari hutang pada rentenir") for v in values)
    assert "• Penyimpanan hasil pembelian di BUMDES" in values
    assert any("(menghambat 6 dari 7 kegiatan)" in v for v in values)
    assert any(v.startswith("Meminta dinas pertanian") for v in values)
    # The goal cell spans its group of rows, as on the paper.
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"A{HEADER_ROW + 1}:A{HEADER_ROW + 8}" in merged  # milestone + 7 activities
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"$1:${HEADER_ROW}"
    assert len(ws._images) == 1  # the QR code


def test_a_goals_activities_sit_on_its_rows_with_no_gaps_and_its_other_cells_span_them(
    meeting: CoordinationMeeting,
) -> None:
    # LibreOffice showed a goal's activities spread out with gaps: each row held one line of
    # every column, so a long challenge made the row of an unrelated activity tall.
    report = build_meeting_report(meeting)
    workbook = openpyxl.load_workbook(io.BytesIO(sheets_xlsx(report)))
    for village in report.villages:
        ws = workbook[village.desa_name]
        merged = {str(span) for span in ws.merged_cells.ranges}
        first = HEADER_ROW + 1
        for row in village.all_rows:
            milestones = [m for m in row.milestones if m.statement]
            lines = len(milestones) + sum(len(m.activities) for m in row.milestones)
            last = first + max(1, lines) - 1
            column_b = [ws.cell(row=r, column=2).value for r in range(first, last + 1)]
            if lines:
                assert all(column_b), (village.desa_name, row.goal, column_b)  # no empty row
            assert ws.cell(row=first, column=1).value.startswith(row.goal)
            for column, items in (("C", row.challenges), ("D", row.followups)):
                if last > first:  # one cell down exactly the goal's rows
                    assert f"{column}{first}:{column}{last}" in merged
                value = ws[f"{column}{first}"].value or ""
                assert [item.text for item in items if item.text not in value] == []
            # Each row is as tall as its own line: the merged cells' extra room comes last.
            heights = [ws.row_dimensions[r].height for r in range(first, last + 1)]
            assert all(height <= 3 * 15 for height in heights[:-1]), heights
            first = last + 1
        assert ws.cell(row=first, column=2).value is None  # nothing after the last goal


def test_the_document_has_a_landscape_section_and_a_repeating_header_per_village(
    meeting: CoordinationMeeting,
) -> None:
    document = docx.Document(io.BytesIO(sheets_docx(build_meeting_report(meeting))))
    assert len(document.sections) == 2
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in document.sections)
    matrix = document.tables[1]
    assert tuple(cell.text for cell in matrix.rows[0].cells) == MATRIX3_HEADINGS
    assert matrix.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page
    assert "Desa: Wainyapu" in document.tables[0].rows[0].cells[0].text
    first_goal = matrix.rows[1].cells
    assert first_goal[0].text.startswith("Semua warga terbebas dari hutang pada rentenir")
    assert "• Musyawarah penetapan penyertaan modal di BUMDES" in first_goal[1].text
    assert "(menghambat 6 dari 7 kegiatan)" in first_goal[2].text
    assert "Meminta pelatihan pelaporan keuangan desa" in first_goal[3].text
    # Laid out as set, in LibreOffice too (its grid was of equal columns).
    assert docx_columns_cm(document.tables[0]) == [22.0, 5.0]  # the village, the QR code
    assert docx_columns_cm(matrix) == list(COLUMN_CM)


def test_user_text_stays_literal_in_xlsx_and_docx(
    meeting: CoordinationMeeting, x_sheet: MeetingSheet
) -> None:
    # The formula first: a goal's challenges share one cell, which then begins with "=".
    history.create(Challenge, actor=None, sheet=x_sheet, text='=HYPERLINK("http://x")')
    history.create(Challenge, actor=None, sheet=x_sheet, text=SCRIPT)
    report = build_meeting_report(meeting, desa_code="53.18.11.2006")
    ws = openpyxl.load_workbook(io.BytesIO(sheets_xlsx(report))).active
    assert ws is not None
    texts = [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(SCRIPT in cell.value.split("\n\n") for cell in texts)
    formula = next(cell for cell in texts if cell.value.startswith('=HYPERLINK("http://x")'))
    assert formula.data_type == "s"  # text, not a formula
    document = docx.Document(io.BytesIO(sheets_docx(report)))
    assert SCRIPT in document.tables[1].rows[-1].cells[2].text


def test_the_zip_holds_four_files_per_village_in_a_folder_named_by_desa(
    meeting: CoordinationMeeting,
) -> None:
    file = export_meeting_file(meeting, "zip")
    assert file.filename == "dokumen-kodi-balaghar-2024-03-28.zip"
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(
            f"{folder}/matriks3-{slug}-2024-03-28{suffix}"
            for folder, slug in (("01-wainyapu", "wainyapu"), ("02-wailangira", "wailangira"))
            for suffix in ("-a4.pdf", "-a1.pdf", ".xlsx", ".docx")
        )
        _reader, text = pdf_text(archive.read("01-wainyapu/matriks3-wainyapu-2024-03-28-a1.pdf"))
        assert "Penyuluh pertanian tidak hadir" in text


def test_exporting_a_village_that_is_not_in_the_meeting_is_refused(
    meeting: CoordinationMeeting,
) -> None:
    with pytest.raises(ValidationError):
        export_meeting_file(meeting, "pdf-a1", desa_code="81.05.15.2001")
