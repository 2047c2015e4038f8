"""Every XLSX Rembuk writes prints on landscape A4, fitted to the width, its headings repeated on
each page, and keeps typed text as text (rembuk.core.xlsx) — read back from the real files."""

from __future__ import annotations

import datetime
import io
import tracemalloc

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from rembuk.core import history
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.core.xlsx import Look, StreamedWorkbook, printable, workbook_bytes
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import MeetingSheet
from rembuk.people.models import Role
from rembuk.plans.models import Activity
from rembuk.plans.spreadsheet import export_plan_xlsx, template_xlsx
from rembuk.programme.scope import DashboardScope
from rembuk.programme.selectors import Dashboard
from rembuk.programme.spreadsheet import table_xlsx
from rembuk.programme.tables import Table
from rembuk.reports import services as report_services
from rembuk.reports.matrix4 import build_matrix4, matrix4_xlsx, report_with_regions
from rembuk.reports.report import build_meeting_report
from rembuk.reports.spreadsheet import sheets_xlsx

LOOKS_LIKE_FORMULAS = [
    '=HYPERLINK("http://contoh.test/x","klik")',
    "+62 812 3456 7890",
    "-5 hari dari jadwal",
    "@kepala desa",
    "\tberawal tab",
    "\rberawal CR",
]
TYPED = '=HYPERLINK("http://contoh.test/x","klik")'


def printed_right(
    sheet: Worksheet, title_rows: str | None = None, orientation: str = "landscape"
) -> None:
    assert sheet.page_setup.orientation == orientation, sheet.title
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    if title_rows is not None:
        assert sheet.print_title_rows == title_rows, sheet.title


def cells_with(workbook: Workbook, text: str) -> list:  # type: ignore[type-arg]
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and text in cell.value
    ]


def test_the_helper_sets_up_printing_and_keeps_formula_looking_text_as_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "Judul"
    sheet["A2"] = "Kolom"
    sheet.freeze_panes = "A3"
    for row, text in enumerate(LOOKS_LIKE_FORMULAS, start=3):
        sheet.cell(row=row, column=1, value=text)
    sheet.column_dimensions["B"].width = 10
    sheet.cell(row=10, column=2, value="kata " * 40).alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[11].height = 40
    sheet.cell(row=11, column=2, value="kata " * 80).alignment = Alignment(wrap_text=True)

    read = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    printed_right(read, "$1:$2")
    for row, text in enumerate(LOOKS_LIKE_FORMULAS, start=3):
        cell = read.cell(row=row, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
    assert read.row_dimensions[10].height > 15 * 10  # 200 characters in a 10-wide column
    assert read.row_dimensions[11].height == 40  # the writer's own height is kept


def test_text_with_characters_a_workbook_refuses_is_cleaned_not_refused():
    assert printable("laporan\x0bkeuangan\x0c") == "laporankeuangan"
    assert printable(2025) == 2025


HOSTILE = [
    *LOOKS_LIKE_FORMULAS,
    "<script>alert(1)</script>",
    '</t></is></c><c r="Z9"><f>1+1</f></c>',  # written as XML by a streamed sheet
    "Tom &amp; Jerry & co ",
    "#N/A",
    "=1+1",
    "laporan\x0bkeuangan",
]


def _both_ways(rows: list[list], wrapped: set[int]) -> tuple[Worksheet, Worksheet]:
    """The same rows written by the ordinary path and streamed, read back."""
    ordinary = Workbook()
    sheet = ordinary.active
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A3"
    streamed = StreamedWorkbook()
    stream = streamed.sheet("Sheet", widths=[12, 30], heading_rows=2)
    for number, row in enumerate(rows, start=1):
        sheet.append([printable(value) for value in row])
        look = None
        if number in wrapped:
            look = Look(alignment=Alignment(wrap_text=True, vertical="top"))
            for cell in sheet[number]:
                cell.alignment = look.alignment
        stream.append(row, look=look)
    return (
        load_workbook(io.BytesIO(workbook_bytes(ordinary))).active,
        load_workbook(io.BytesIO(streamed.bytes())).active,
    )


def test_a_streamed_sheet_follows_the_same_rules_as_an_ordinary_one():
    rows = [["Judul"], ["Kolom", "Kolom kedua"], *[[text, text] for text in HOSTILE]]
    rows += [["pendek", "kata " * 40], ["baris\nkedua\nketiga", "x"], [None, ""]]
    wrapped = {2, len(rows) - 2, len(rows) - 1, len(rows)}
    ordinary, streamed = _both_ways(rows, wrapped)

    printed_right(streamed, "$1:$2")
    assert streamed.freeze_panes == ordinary.freeze_panes == "A3"
    assert streamed.column_dimensions["B"].width == 30
    for number in range(1, len(rows) + 1):
        assert streamed.row_dimensions[number].height == ordinary.row_dimensions[number].height
        for old, new in zip(ordinary[number], streamed[number], strict=True):
            assert (new.value, new.data_type) == (old.value, old.data_type), new.coordinate
            assert new.alignment.wrap_text == old.alignment.wrap_text
    assert streamed.row_dimensions[len(rows) - 2].height > 15 * 6  # 200 characters, 30 wide
    typed = [streamed.cell(row=row, column=1) for row in range(3, 3 + len(HOSTILE))]
    assert [cell.value for cell in typed] == [printable(text) for text in HOSTILE]
    assert {cell.data_type for cell in typed} == {"s"}  # no formula, no error value
    for row, text in enumerate(LOOKS_LIKE_FORMULAS, start=3):
        assert (
            streamed.cell(row=row, column=1).value,
            streamed.cell(row=row, column=1).data_type,
        ) == (
            text,
            "s",
        )
    assert [cell.value for cell in cells_with(streamed.parent, "laporan")] == [
        "laporankeuangan"
    ] * 2


def test_a_streamed_row_can_span_columns_keep_its_height_and_style_its_empty_cells():
    workbook = StreamedWorkbook()
    sheet = workbook.sheet("Daftar", widths=[10, 10, 10], heading_rows=1)
    sheet.append(["Judul yang panjang"], look=Look(font=Font(bold=True, size=14)), across=3)
    sheet.append(["a", None, datetime.date(2024, 3, 28)], look=Look(font=Font(italic=True)))
    sheet.append(["kata " * 50], look=Look(alignment=Alignment(wrap_text=True)), height=40)
    sheet.append([datetime.datetime(2024, 3, 28, 9, 30), 7])
    with pytest.raises(TypeError):  # as openpyxl: a time zone has no place in a cell
        sheet.append([datetime.datetime(2024, 3, 28, tzinfo=datetime.UTC)])

    read = load_workbook(io.BytesIO(workbook.bytes())).active
    assert [str(span) for span in read.merged_cells.ranges] == ["A1:C1"]
    assert read["A1"].font.b and read["A1"].font.sz == 14
    assert read["B2"].value is None and read["B2"].font.i  # styled, though empty
    assert (read["C2"].value, read["C2"].number_format) == (
        datetime.datetime(2024, 3, 28),
        "DD-MM-YYYY",
    )
    assert read.row_dimensions[3].height == 40  # the writer's own height is kept
    assert read["A4"].number_format == "DD-MM-YYYY" and read["B4"].value == 7
    printed_right(read, "$1:$1")


def test_a_streamed_sheet_keeps_no_rows_in_memory():
    def peak(rows: int) -> int:
        tracemalloc.start()
        workbook = StreamedWorkbook()
        sheet = workbook.sheet("Desa", widths=[20, 20, 12], heading_rows=1)
        sheet.append(["Desa", "Kecamatan", "Tanggal"])
        for number in range(rows):
            sheet.append([f"Desa {number}", f"Kecamatan {number // 20}", datetime.date(2024, 1, 1)])
        workbook.bytes()
        _current, highest = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return highest

    # Ten times the rows, about the same memory: only the compressed file grows.
    assert peak(6_000) < peak(600) + 500_000


@pytest.mark.django_db
def test_the_plan_workbook_and_the_template(client: Client):
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=2)
    activity = Activity.objects.filter(goal__plan=plan).first()
    history.update(activity, actor=None, name=TYPED)

    exported = load_workbook(io.BytesIO(export_plan_xlsx(plan)))
    printed_right(exported.worksheets[0], "$1:$4")
    [cell] = cells_with(exported, "HYPERLINK")
    assert (cell.value, cell.data_type) == (TYPED, "s")
    data, instructions, example = load_workbook(io.BytesIO(template_xlsx())).worksheets
    printed_right(data)
    printed_right(instructions, orientation="portrait")  # a page of text
    printed_right(example)


@pytest.mark.django_db
def test_the_musrenbang_proposals_keep_a_typed_formula_as_text(client: Client):
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    activity = Activity.objects.get(goal__plan=plan)
    history.update(
        activity,
        actor=None,
        name=TYPED,
        description="laporan\x0bkeuangan",  # refused by the format: it stopped the export
        authority="kabupaten",
    )
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    response = client.get(reverse("plans:musrenbang_proposals_xlsx", args=["53.18.11"]))

    workbook = load_workbook(io.BytesIO(response.content))
    printed_right(workbook.active, "$1:$2")
    [cell] = cells_with(workbook, "HYPERLINK")
    assert (cell.value, cell.data_type) == (TYPED, "s")  # it was a live formula before
    assert [cell.value for cell in cells_with(workbook, "laporan")] == ["laporankeuangan"]
    assert workbook.active.freeze_panes == "A3"


@pytest.mark.django_db
def test_a_dashboard_table(client: Client):
    client.force_login(user_with_role(Role.TIM_PROGRAM, "53"))
    response = client.get(reverse("programme:dashboard_xlsx", args=["tahapan"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    printed_right(sheet)
    assert sheet.print_title_rows  # the title and the column headings on every page


def test_a_streamed_dashboard_table_keeps_typed_text_and_shows_dates_as_days():
    day = datetime.date(2024, 3, 28)
    table = Table(
        key="tahapan-desa",
        title="Tahap setiap desa",
        headers=["Desa", "Kecamatan", "Tanggal"],
        rows=[[text, "Kodi", day] for text in HOSTILE] + [["Desa tanpa tanggal", "", None]],
        note="Catatan",
    )
    board = Dashboard(
        scope=DashboardScope(codes=[""], region=None),
        year=2024,
        years=[2024],
        today=day,
        desa_count=len(table.rows),
        tables={table.key: table},
    )
    sheet = load_workbook(io.BytesIO(table_xlsx(board, table))).active
    printed_right(sheet, "$1:$7")
    assert sheet.freeze_panes == "A8"
    assert [cell.value for cell in sheet[7]] == table.headers
    assert sheet["A7"].font.b and sheet["A7"].fill.fgColor.rgb.endswith("E6ECE9")
    for row, text in enumerate(HOSTILE, start=8):
        cell = sheet.cell(row=row, column=1)
        assert (cell.value, cell.data_type) == (printable(text), "s")
        assert (
            sheet.cell(row=row, column=3).value,
            sheet.cell(row=row, column=3).number_format,
        ) == (
            datetime.datetime(2024, 3, 28),
            "DD-MM-YYYY",
        )
    assert sheet.max_row == 7 + len(table.rows)
    # As wide as the longest text of each column, within 10 and 60 characters.
    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [
        len(TYPED) + 2,
        len("Kecamatan") + 2,
        len("2024-03-28") + 2,
    ]


@pytest.mark.django_db
def test_the_meeting_sheets_and_matriks_4():
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=2)
    meeting = meeting_services.meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 3, 28),
        villages=[plan.desa],
        actor=None,
    )
    sheet = MeetingSheet.objects.get(meeting=meeting)
    meeting_services.challenge_save(
        sheet=sheet, goal=plan.goals.get(), actor=None, text=TYPED, cause="@penyuluh"
    )
    sheets = load_workbook(io.BytesIO(sheets_xlsx(build_meeting_report(meeting))))
    printed_right(sheets.worksheets[0], "$1:$4")
    for cell in cells_with(sheets, "HYPERLINK") + cells_with(sheets, "@penyuluh"):
        assert cell.data_type == "s"

    writer = user_with_role(Role.KECAMATAN, "53.18.11")
    report = report_services.kecamatan_report_draft(meeting=meeting, actor=writer)
    report_services.kecamatan_report_row_update(
        row=report.rows.get(), actor=writer, support_needed=TYPED
    )
    matrix4 = load_workbook(io.BytesIO(matrix4_xlsx(build_matrix4(report_with_regions(report.pk)))))
    printed_right(matrix4.active, "$1:$4")
    cells = cells_with(matrix4, "HYPERLINK")
    assert cells and all(cell.data_type == "s" for cell in cells)
