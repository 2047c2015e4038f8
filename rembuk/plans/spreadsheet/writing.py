"""Writing plan workbooks: the export of a plan (which imports back to the same plan), the
empty template with its instructions (Petunjuk) and Desa X's example (Contoh), and the
Musrenbang Kecamatan proposals of a kecamatan."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rembuk.core.xlsx import Look, StreamedWorkbook, printable, workbook_bytes
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone
from rembuk.plans.selectors import DesaProposals, GoalBlock, plan_matrix
from rembuk.plans.spreadsheet.columns import (
    AUTHORITY_NAMES,
    COLUMNS,
    DATA_SHEET,
    EXAMPLE_SHEET,
    FUNDING_NAMES,
    INSTRUCTIONS_SHEET,
    MATRIX_TITLE,
)
from rembuk.regions.models import Region

_THIN = Side(style="thin", color="555555")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6ECE9")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TITLE_ROW, _INFO_ROW, _HEADER_ROW = 1, 2, 4


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    # Text stays text, never a formula: rembuk.core.xlsx.workbook_bytes sees to it.
    cell = ws.cell(row=row, column=column, value=printable(value))
    cell.alignment = _WRAP
    cell.border = _BORDER


def _data_sheet(ws: Worksheet, info: str) -> None:
    ws.title = DATA_SHEET
    ws.cell(row=_TITLE_ROW, column=1, value=MATRIX_TITLE).font = Font(bold=True, size=14)
    ws.cell(row=_INFO_ROW, column=1, value=printable(info))
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=_HEADER_ROW, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"


def _authority_validation(ws: Worksheet, last_row: int) -> None:
    column = get_column_letter(_column_number("authority"))
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(AUTHORITY_NAMES.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kewenangan",
        error=_("Choose a kewenangan from the list."),
    )
    ws.add_data_validation(validation)
    validation.add(f"{column}{_HEADER_ROW + 1}:{column}{last_row}")


def _column_number(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)


def _write_goals(ws: Worksheet, blocks: Iterable[GoalBlock]) -> int:
    """Writes Matriks 1 rows under the header; returns the last row written."""
    col = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    row = _HEADER_ROW
    for block in blocks:
        goal = block.goal
        first_goal_row = row + 1
        # Activities without a milestone come first, so that reading the file back does not
        # hang them under the milestone above them.
        milestone_blocks = sorted(block.milestones, key=lambda mb: mb.milestone is not None)
        for milestone_block in milestone_blocks:
            first_milestone_row = row + 1
            activities: list[Activity | None] = [*milestone_block.activities] or [None]
            for activity in activities:
                row += 1
                for key in col:
                    _put(ws, row, col[key], None)
                if activity is not None:
                    _put(ws, row, col["activity"], activity.name)
                    _put(ws, row, col["description"], activity.description)
                    _put(
                        ws,
                        row,
                        col["funding"],
                        ", ".join(
                            FUNDING_NAMES.get(code, code) for code in activity.funding_sources
                        ),
                    )
                    _put(ws, row, col["funding_note"], activity.funding_note)
                    _put(
                        ws,
                        row,
                        col["authority"],
                        AUTHORITY_NAMES.get(activity.authority, activity.authority),
                    )
            milestone = milestone_block.milestone
            if milestone is not None:
                _put(ws, first_milestone_row, col["milestone"], milestone.statement)
                _put(ws, first_milestone_row, col["milestone_target"], milestone.target_value)
                _put(ws, first_milestone_row, col["milestone_year"], milestone.target_year)
                if row > first_milestone_row:
                    for key in ("milestone", "milestone_target", "milestone_year"):
                        ws.merge_cells(
                            start_row=first_milestone_row,
                            end_row=row,
                            start_column=col[key],
                            end_column=col[key],
                        )
        _put(ws, first_goal_row, col["number"], block.number)
        _put(ws, first_goal_row, col["goal"], goal.statement)
        _put(ws, first_goal_row, col["goal_target"], goal.target)
        _put(ws, first_goal_row, col["goal_year"], goal.target_year)
        if row > first_goal_row:
            for key in ("number", "goal", "goal_target", "goal_year"):
                ws.merge_cells(
                    start_row=first_goal_row,
                    end_row=row,
                    start_column=col[key],
                    end_column=col[key],
                )
    return row


def _region_info(desa: Region | None, period: str, status: str) -> str:
    if desa is None:
        return "Desa: …   Kecamatan: …   Kabupaten: …   Periode: …"
    kecamatan = desa.parent
    kabupaten = kecamatan.parent if kecamatan else None
    return (
        f"Desa: {desa.name} ({desa.code})   Kecamatan: {kecamatan.name if kecamatan else '-'}   "
        f"Kabupaten: {kabupaten.name if kabupaten else '-'}   Periode: {period}   Status: {status}"
    )


def export_plan_xlsx(plan: LivelihoodPlan) -> bytes:
    """The plan in the template layout: importing this file again gives the same plan."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    _data_sheet(ws, _region_info(plan.desa, plan.period_label, plan.get_status_display()))
    last_row = _write_goals(ws, plan_matrix(plan))
    _authority_validation(ws, max(last_row, _HEADER_ROW + 200))
    return workbook_bytes(workbook)


def _example_blocks() -> list[GoalBlock]:
    """Desa X's goal (Matriks 1 of the kecamatan guide), as unsaved objects.

    See docs/mechanism.md#the-worked-example-desa-x.
    """
    from rembuk.plans.selectors import MilestoneBlock

    goal = Goal(
        statement="Semua warga terbebas dari hutang pada rentenir",
        target="Tidak ada warga yang meminjam ke rentenir",
        target_year=2025,
    )
    milestone = Milestone(
        statement="Petani punya alternatif penjualan hasil panen dengan harga stabil saat panen",
        target_value="BUMDes membeli hasil panen petani",
        target_year=2025,
    )
    rows = [
        ("Musyawarah penetapan penyertaan modal di BUMDES", "Alokasi dana untuk modal ditetapkan "
         "di musyawarah desa akhir tahun 2023", ["dana_desa"], "desa"),
        ("Penyerahan modal Desa di BUMDES", "Dana dialokasikan di pencairan dana desa tahap I "
         "2024", ["dana_desa"], "desa"),
        ("Pelatihan pengelolaan unit usaha BUMDES", "Pelatihan 3 hari di Januari 2024", ["csr"],
         "pihak_lain"),
        ("Pembuatan business plan BUMDES", "Dikerjakan sebagai bagian dari pelatihan",
         ["csr", "bumdes"], "desa"),
        ("Pembelian hasil panen yang dijual petani oleh BUMDES", "Sesuai ketentuan yang telah "
         "disosialisasikan", ["bumdes"], "desa"),
        ("Konsultasi penanganan hama dengan penyuluh di kelompok tani", "Dalam pertemuan "
         "kelompok tani", ["swadaya", "opd_teknis"], "kabupaten"),
    ]  # fmt: skip
    activities = [
        Activity(name=name, description=description, funding_sources=funding, authority=auth)
        for name, description, funding, auth in rows
    ]
    return [GoalBlock(number=1, goal=goal, milestones=[MilestoneBlock(milestone, activities)])]


def _instructions(ws: Worksheet) -> None:
    ws.title = INSTRUCTIONS_SHEET
    # A page of text: upright and as wide as the page, it prints on one page (across, its last
    # lines took a second).
    ws.column_dimensions["A"].width = 75
    ws.page_setup.orientation = "portrait"
    lines: list[tuple[str, bool]] = [
        (_("How to fill in the village plan template"), True),
        (_("1. Fill in the sheet “%(sheet)s”; do not change its header row.") % {
            "sheet": DATA_SHEET}, False),
        (_("2. Write each goal once, on the first row of its block (or merge its cells). The "
           "rows below belong to it until the next goal."), False),
        (_("3. Write each intermediate goal (tujuan antara) once, on the first row of its "
           "activities. The rows below belong to it until the next one."), False),
        (_("4. Put each activity on its own row, with its description (when and how), funding "
           "sources and kewenangan."), False),
        (_("5. Target years are plain years, such as 2025."), False),
        (_("6. Several funding sources are separated by commas, for example: Dana Desa, "
           "Swadaya. Write - when there is no cost."), False),
        (_("7. The sheet “%(sheet)s” shows an example; it is not imported.") % {
            "sheet": EXAMPLE_SHEET}, False),
        (_("8. If the file has a mistake, nothing is imported and every mistake is listed with "
           "its row and column. Correct them and upload the file again."), False),
        ("", False),
        (_("Funding sources you can use"), True),
        *[(f"• {name}", False) for name in FUNDING_NAMES.values()],
        (_("Other accepted spellings: DD, Dana desa, BUMDES, Operasional BUMDES, Dinas "
           "pertanian (penyuluh), APBD."), False),
        ("", False),
        (_("Kewenangan (who is responsible) you can use"), True),
        *[(f"• {name}", False) for name in AUTHORITY_NAMES.values()],
        (_("Empty means Desa. Activities under Kabupaten, Provinsi or Pusat are proposals for "
           "the Musrenbang Kecamatan."), False),
    ]  # fmt: skip
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)


def template_xlsx() -> bytes:
    """The empty template: data sheet, instructions (Petunjuk) and an example (Contoh)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    _data_sheet(ws, _region_info(None, "", ""))
    _authority_validation(ws, _HEADER_ROW + 500)
    _instructions(workbook.create_sheet())
    example = workbook.create_sheet()
    _data_sheet(example, "Desa: X   Periode: 2024–2025")
    example.title = EXAMPLE_SHEET
    _write_goals(example, _example_blocks())
    return workbook_bytes(workbook)


def export_filename(plan: LivelihoodPlan, extension: str) -> str:
    from django.utils.text import slugify

    period = f"{plan.period_start}-{plan.period_end}"
    if plan.period_start == plan.period_end:
        period = str(plan.period_start)
    return f"rencana-{slugify(plan.desa.name) or plan.desa.code}-{period}.{extension}"


MUSRENBANG_WIDTHS = (18, 40, 40, 40, 24, 16)


def musrenbang_xlsx(kecamatan: Region, groups: Sequence[DesaProposals]) -> bytes:
    """The Musrenbang Kecamatan proposals of a kecamatan, desa by desa, as a workbook. Streamed
    (rembuk.core.xlsx): its rows grow with the villages and their activities."""
    headers = [
        _("Desa"),
        _("Goal"),
        _("Activity"),
        _("Activity details"),
        _("Funding sources"),
        _("Authority"),
    ]
    workbook = StreamedWorkbook()
    sheet = workbook.sheet("Musrenbang", widths=MUSRENBANG_WIDTHS, heading_rows=2)
    title = _("Musrenbang proposals of Kecamatan %(name)s") % {"name": kecamatan.name}
    sheet.append([title], look=Look(font=Font(bold=True, size=14)), across=len(headers))
    sheet.append(headers, look=Look(font=Font(bold=True), alignment=_WRAP))
    rows = Look(alignment=_WRAP)
    for group in groups:
        for activity in group.activities:
            funding = ", ".join(activity.funding_labels())
            if activity.funding_note:
                funding = (
                    f"{funding} ({activity.funding_note})" if funding else activity.funding_note
                )
            sheet.append(
                [
                    group.desa.name,
                    activity.goal.statement,
                    activity.name,
                    activity.description,
                    funding,
                    activity.get_authority_display(),
                ],
                look=rows,
            )
    return workbook.bytes()
