"""Tests of rembuk/plans/spreadsheet/: template, import with validation, export, round trip.

Problems are read in Indonesian, the default language: the person fixing the file reads them so.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from rembuk.core.models import ChangeLog
from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
    user_with_role,
)
from rembuk.people.models import Role
from rembuk.plans import services, spreadsheet
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone
from rembuk.plans.selectors import plan_matrix
from rembuk.plans.spreadsheet import PlanImportError, import_plan_file, parse_period
from rembuk.plans.tests.files import (
    MATRIKS_1_HEADERS,
    matriks_1_bytes,
    matriks_10_bytes,
    template_rows,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

DESA = "53.18.11.2006"  # Wainyapu


def counts() -> dict[str, int]:
    return {
        "plans": LivelihoodPlan.all_objects.count(),
        "goals": Goal.all_objects.count(),
        "milestones": Milestone.all_objects.count(),
        "activities": Activity.all_objects.count(),
        "changes": ChangeLog.objects.count(),
    }


def do_import(data: bytes, *, desa: str = DESA, period: str = "2024-2025", actor: Any = None):
    return import_plan_file(
        stream=io.BytesIO(data), size=len(data), desa_code=desa, period=period, actor=actor
    )


def refused(data: bytes, **kwargs: Any) -> list[spreadsheet.ImportIssue]:
    """Imports, expects a refusal, checks nothing was written, returns the issues."""
    before = counts()
    with pytest.raises(PlanImportError) as caught:
        do_import(data, **kwargs)
    assert counts() == before
    return caught.value.issues


# --- the template ---------------------------------------------------------------------------


def test_template_has_data_instructions_and_example_sheets():
    workbook = load_workbook(io.BytesIO(spreadsheet.template_xlsx()))
    assert workbook.sheetnames == ["Rencana", "Petunjuk", "Contoh"]
    data = workbook["Rencana"]
    assert data["A1"].value == "Matriks Rencana Kegiatan Peningkatan Penghidupan Desa"
    headers = [cell.value for cell in data[4]]
    assert headers[:11] == [
        "No",
        "Tujuan & Target Capaian",
        "Target Tujuan",
        "Tahun Target Tujuan",
        "Tujuan Antara",
        "Nilai Target Tujuan Antara",
        "Tahun Target",
        "Kegiatan",
        "Keterangan Kegiatan",
        "Sumber Pembiayaan",
        "Kewenangan",
    ]
    (validation,) = data.data_validations.dataValidation
    assert validation.type == "list"
    assert "Kabupaten" in validation.formula1 and "Pihak lain" in validation.formula1
    assert str(validation.sqref).startswith("K5:")
    instructions = " ".join(str(c.value) for c in workbook["Petunjuk"]["A"] if c.value)
    assert "Dana Desa" in instructions and "APBD Kabupaten" in instructions
    assert "Pihak lain" in instructions
    example_texts = [c.value for row in workbook["Contoh"].iter_rows() for c in row]
    assert "Semua warga terbebas dari hutang pada rentenir" in example_texts


def test_the_empty_template_imports_nothing_and_says_so():
    issues = refused(spreadsheet.template_xlsx())
    assert any("tidak berisi tujuan" in issue.message for issue in issues)


def test_the_example_sheet_of_the_template_is_never_imported():
    workbook = load_workbook(io.BytesIO(spreadsheet.template_xlsx()))
    ws = workbook["Rencana"]
    ws.append(["1", "Tujuan sendiri", None, None, None, None, None, "Kegiatan sendiri"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = do_import(buffer.getvalue())
    assert [g.statement for g in Goal.objects.filter(plan=result.plan)] == ["Tujuan sendiri"]


# --- reading the three layouts --------------------------------------------------------------


def test_template_layout_imports_goals_milestones_and_activities():
    actor = user_with_role(Role.KECAMATAN, "53.18.11")
    result = do_import(workbook_bytes(template_rows(goals=2, activities_per_goal=3)), actor=actor)
    assert (result.goals, result.milestones, result.activities) == (2, 2, 6)
    plan = result.plan
    assert (plan.desa.code, plan.period_start, plan.period_end) == (DESA, 2024, 2025)
    blocks = plan_matrix(plan)
    goal = blocks[0].goal
    assert (goal.statement, goal.target, goal.target_year) == ("Tujuan 1", "Target 1", 2025)
    milestone = blocks[0].milestones[0].milestone
    assert milestone is not None
    assert (milestone.statement, milestone.target_value, milestone.target_year) == (
        "Tujuan antara 1",
        "Semua petani",
        2024,
    )
    names = [a.name for a in blocks[1].milestones[0].activities]
    assert names == ["Kegiatan 2.1", "Kegiatan 2.2", "Kegiatan 2.3"]
    assert blocks[0].activities[0].funding_sources == ["dana_desa"]
    # Every record was written with its change-log entry, by the person who imported.
    entries = ChangeLog.objects.filter(root_id=plan.pk)
    assert entries.count() == 1 + 2 + 2 + 6
    assert set(entries.values_list("actor", flat=True)) == {actor.pk}


def test_matriks_10_layout_with_merged_goal_cells():
    result = do_import(matriks_10_bytes())
    blocks = plan_matrix(result.plan)
    assert [b.goal.statement for b in blocks] == [
        "Meningkatkan penyadaran petani",
        "Petani mandiri membuat alat pengering",
    ]
    first = blocks[0]
    assert first.goal.target == "10-20% meningkat"
    assert [mb.milestone.statement for mb in first.milestones if mb.milestone] == [
        "Berjalannya koordinasi kelompok tani & penyuluh",
        "Petani terlatih mengendalikan hama",
        "Petani memperoleh informasi penanganan pasca panen",
    ]
    assert first.milestones[0].milestone.target_value == "Minimal 3 x dalam 1 tahun"  # type: ignore[union-attr]
    activities = first.activities
    assert [a.name for a in activities] == [
        "Pertemuan kelompok tani",
        "Pelatihan pengendalian hama",
        "Pelatihan penanganan pasca panen",
    ]
    assert [a.funding_sources for a in activities] == [["swadaya"], ["opd_teknis"], ["dana_desa"]]
    assert blocks[1].activities[0].funding_sources == ["dana_desa", "swadaya"]
    assert blocks[1].activities[0].description == "Tahun 2025"


def test_matriks_1_layout_with_numbered_goal_bullets_and_free_funding_text():
    result = do_import(matriks_1_bytes())
    (block,) = plan_matrix(result.plan)  # the "3 Dst. - - -" line is not a goal
    assert block.goal.statement == "Semua warga terbebas dari hutang pada rentenir (di tahun 2025)."
    (milestone_block,) = block.milestones
    assert milestone_block.milestone is not None
    assert milestone_block.milestone.statement.startswith("Petani punya alternatif")
    activities = milestone_block.activities
    assert activities[0].name == "Musyawarah penetapan penyertaan modal di BUMDES."
    assert activities[0].description.startswith("Alokasi Dana untuk modal")
    assert [a.funding_sources for a in activities] == [
        ["dana_desa"],
        ["csr", "bumdes"],
        [],
        ["dana_desa", "opd_teknis"],
        ["opd_teknis", "swadaya"],
    ]
    # What people wrote is kept when it says more than the codes.
    assert activities[3].funding_note == "Dana desa dan biaya penyuluh dinas pertanian"
    assert activities[0].funding_note == ""
    assert {a.authority for a in activities} == {"desa"}


def test_headers_are_found_whatever_their_case_and_spacing():
    headers = ["  tujuan  &  TARGET capaian ", "KEGIATAN", "sumber\npembiayaan", "kewenangan"]
    data = workbook_bytes([["Tujuan A", "Kegiatan A", "dd", "Kab"]], headers=headers, title=None)
    result = do_import(data)
    activity = Activity.objects.get(goal__plan=result.plan)
    assert (activity.funding_sources, activity.authority) == (["dana_desa"], "kabupaten")


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("DD", ["dana_desa"]),
        ("Dana desa", ["dana_desa"]),
        ("BUMDES", ["bumdes"]),
        ("Operasional BUMDES", ["bumdes"]),
        ("Dinas pertanian (penyuluh)", ["opd_teknis"]),
        ("CSR; ADD / swadaya", ["csr", "add", "swadaya"]),
        ("-", []),
        ("", []),
        ("APBD Provinsi", ["apbd_provinsi"]),
    ],
)
def test_funding_sources_are_read_from_free_text(written, codes):
    assert spreadsheet.parse_funding(written)[0] == codes


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("", "desa"),
        ("Desa", "desa"),
        ("KABUPATEN", "kabupaten"),
        ("Provinsi", "provinsi"),
        ("Pusat", "pusat"),
        ("swadaya", "swadaya"),
        ("Pihak lain", "pihak_lain"),
        ("CSR", "pihak_lain"),
        ("Bulan", None),
    ],
)
def test_kewenangan_is_read_with_synonyms(written, code):
    assert spreadsheet.parse_authority(written) == code


@pytest.mark.parametrize(
    ("written", "period"),
    [("2024-2025", (2024, 2025)), ("2024–2025", (2024, 2025)), ("2024", (2024, 2024)),
     (" 2024 / 2026 ", (2024, 2026)), ("2024-2033", (2024, 2033))],
)  # fmt: skip
def test_periods_are_read_as_one_or_two_years(written, period):
    assert parse_period(written) == period


@pytest.mark.parametrize(
    "written", ["2025-2024", "24-25", "tahun depan", "1990-1991", "", "2024-2034"]
)
def test_impossible_periods_are_refused(written):
    # 2024-2034 is eleven years: the plan services allow ten, and so does the file.
    with pytest.raises(ValidationError):
        parse_period(written)


def test_html_in_cells_is_stored_as_text():
    rows = [[1, "<script>alert(1)</script>", None, None, None, None, None, "<b>Kegiatan</b>"]]
    result = do_import(workbook_bytes(rows))
    goal = Goal.objects.get(plan=result.plan)
    assert goal.statement == "<script>alert(1)</script>"
    assert Activity.objects.get(goal=goal).name == "<b>Kegiatan</b>"


def test_a_goal_repeated_on_every_row_is_one_goal():
    rows = [[1, "Tujuan A", None, None, None, None, None, f"Kegiatan {i}"] for i in range(3)]
    result = do_import(workbook_bytes(rows))
    assert (result.goals, result.activities) == (1, 3)


def test_activities_before_the_first_milestone_belong_to_no_milestone():
    rows = [
        [1, "Tujuan A", None, None, None, None, None, "Tanpa tujuan antara"],
        [None, None, None, None, "Tujuan antara A", None, None, "Dengan tujuan antara"],
        [2, "Tujuan B", None, None, None, None, None, "Kegiatan B"],
    ]
    result = do_import(workbook_bytes(rows))
    goal_a, goal_b = plan_matrix(result.plan)
    by_name = {a.name: a for a in goal_a.activities}
    assert by_name["Tanpa tujuan antara"].milestone_id is None
    assert by_name["Dengan tujuan antara"].milestone is not None
    # A new goal starts without the milestone of the goal above.
    assert goal_b.activities[0].milestone_id is None


def test_an_import_takes_as_many_queries_for_200_rows_as_for_2():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(data: bytes, desa: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            do_import(data, desa=desa)
        return len(captured)

    # The first write of a test run also records this node's identity; leave it out.
    queries(workbook_bytes(template_rows(goals=1, activities_per_goal=1)), "53.18.11.2002")
    small = queries(workbook_bytes(template_rows(goals=1, activities_per_goal=2)), DESA)
    large = queries(
        workbook_bytes(template_rows(goals=10, activities_per_goal=20)), "53.18.11.2001"
    )
    assert small == large
    assert large <= 30


# --- bad input: a clear message and nothing written ------------------------------------------


def test_missing_required_columns_are_named():
    data = workbook_bytes([["x", "y"]], headers=["Tujuan Antara", "Keterangan"])
    issues = refused(data)
    text = " ".join(str(i) for i in issues)
    assert "Tujuan & Target Capaian" in text and "Kegiatan" in text
    assert issues[0].row == 3  # the header row under the title


def test_a_file_without_any_known_header_is_refused():
    data = workbook_bytes([["a", "b"]], headers=["Nama", "Alamat"], title=None)
    issues = refused(data)
    assert "baris judul" in issues[0].message


def test_an_unknown_funding_source_names_its_cell():
    rows = template_rows(goals=1, activities_per_goal=3)
    rows[1][9] = "Dana Desa, uang arisan"
    issues = refused(workbook_bytes(rows))
    (issue,) = issues
    assert (issue.sheet, issue.row, issue.column, issue.header) == (
        "Rencana",
        5,
        "J",
        "Sumber Pembiayaan",
    )
    assert "uang arisan" in issue.message
    assert "lembar Rencana, baris 5, kolom J (Sumber Pembiayaan)" in str(issue)


def test_a_milestone_without_a_goal_is_refused():
    rows = [[None, None, None, None, "Tujuan antara yatim", None, None, "Kegiatan"]]
    issues = refused(workbook_bytes(rows))
    assert [(i.row, i.column) for i in issues] == [(4, "E"), (4, "H")]
    assert "tidak punya tujuan" in issues[0].message


def test_an_activity_without_a_goal_is_refused():
    rows = [[None, None, None, None, None, None, None, "Kegiatan yatim"]]
    issues = refused(workbook_bytes(rows))
    assert [(i.row, i.column, i.header) for i in issues] == [(4, "H", "Kegiatan")]


def test_every_error_of_the_file_is_listed_at_once():
    rows = template_rows(goals=2, activities_per_goal=2)
    rows[0][3] = "tahun depan"
    rows[2][10] = "Kecamatan sebelah"
    rows[3][9] = "Dana rahasia"
    issues = refused(workbook_bytes(rows))
    assert [(i.row, i.column) for i in issues] == [(4, "D"), (6, "K"), (7, "J")]


def test_text_longer_than_its_field_is_refused():
    rows = template_rows(goals=1, activities_per_goal=1)
    rows[0][7] = "k" * 1001
    (issue,) = refused(workbook_bytes(rows))
    assert (issue.row, issue.column) == (4, "H")
    assert "1001" in issue.message and "1000" in issue.message


def test_an_error_on_the_last_row_leaves_nothing_written():
    rows = template_rows(goals=5, activities_per_goal=20)
    rows[-1][9] = "Dana rahasia"
    (issue,) = refused(workbook_bytes(rows))
    assert issue.row == 3 + 100


def test_10000_rows_are_refused_without_reading_them_all():
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Rencana")
    ws.append(list(MATRIKS_1_HEADERS))
    for i in range(10_000):
        ws.append([f"Tujuan {i}", None, f"Kegiatan {i}", None, "Swadaya"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (issue,) = refused(buffer.getvalue())
    assert "2,000" in issue.message
    assert issue.row == spreadsheet.MAX_DATA_ROWS + 2  # stopped at the first row over the limit


def test_a_text_file_renamed_xlsx_is_refused_with_a_clear_message():
    (issue,) = refused(b"No;Tujuan;Kegiatan\n1;Tujuan A;Kegiatan A\n")
    assert "bukan berkas Excel" in issue.message


def test_an_empty_file_is_refused_with_a_clear_message():
    (issue,) = refused(b"")
    assert "bukan berkas Excel" in issue.message


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed():
    before = counts()
    with pytest.raises(PlanImportError) as caught:
        import_plan_file(
            stream=io.BytesIO(b"never read"),
            size=11 * 1024 * 1024,
            desa_code=DESA,
            period="2024-2025",
            actor=None,
        )
    assert "11.0 MB" in caught.value.issues[0].message
    assert "10 MB" in caught.value.issues[0].message
    assert counts() == before


@override_settings(REMBUK_MAX_UPLOAD_BYTES=1000)
def test_the_size_limit_comes_from_the_settings():
    (issue,) = refused(workbook_bytes(template_rows()))
    assert "at most 0 MB" not in issue.message or issue.message


def test_a_desa_code_that_does_not_exist_is_refused():
    issues = refused(workbook_bytes(template_rows()), desa="53.18.11.9999")
    assert any("53.18.11.9999" in i.message for i in issues)


def test_a_region_that_is_not_a_desa_is_refused():
    issues = refused(workbook_bytes(template_rows()), desa="53.18.11")
    assert any("bukan desa" in i.message for i in issues)


def test_a_period_overlapping_an_existing_plan_is_refused():
    PlanFactory(desa=region(DESA), period_start=2023, period_end=2024)
    issues = refused(workbook_bytes(template_rows()), period="2024–2025")
    assert any("2023–2024" in i.message and "bertumpang tindih" in i.message for i in issues)


def test_a_deleted_plan_does_not_block_a_new_one():
    from rembuk.core import history

    old = PlanFactory(desa=region(DESA), period_start=2024, period_end=2025)
    history.soft_delete(old, actor=None)
    assert do_import(workbook_bytes(template_rows())).plan.pk != old.pk


def test_a_plan_of_another_desa_does_not_overlap():
    PlanFactory(desa=region("53.18.11.2001"), period_start=2024, period_end=2025)
    assert do_import(workbook_bytes(template_rows())).goals == 1


def test_a_bad_period_string_is_refused():
    issues = refused(workbook_bytes(template_rows()), period="tahun ini")
    assert any("2024-2025" in i.message for i in issues)


def test_the_service_itself_refuses_an_overlapping_period():
    PlanFactory(desa=region(DESA), period_start=2025, period_end=2026)
    before = counts()
    with pytest.raises(ValidationError):
        services.plan_import(
            desa=region(DESA), period_start=2024, period_end=2025, goals=[], actor=None
        )
    assert counts() == before


# --- export and the round trip ----------------------------------------------------------------


def _rich_plan() -> LivelihoodPlan:
    plan = PlanFactory(desa=region("53.18.11.2001"), period_start=2024, period_end=2025)
    g1 = GoalFactory(plan=plan, position=0, statement="<script>alert(1)</script> bebas rentenir")
    m1 = MilestoneFactory(goal=g1, position=0, statement="=SUM(A1:A2) bukan rumus")
    m2 = MilestoneFactory(goal=g1, position=1, statement="Tanpa kegiatan", target_value="")
    ActivityFactory(goal=g1, milestone=None, position=0, name="Kegiatan tanpa tujuan antara")
    ActivityFactory(
        goal=g1,
        milestone=m1,
        position=1,
        name="Pelatihan\nbaris kedua",
        funding_sources=["dana_desa", "opd_teknis"],
        funding_note="biaya penyuluh dinas pertanian",
        authority="kabupaten",
    )
    ActivityFactory(goal=g1, milestone=m1, position=2, name="Pembelian", funding_sources=[])
    assert m2
    g2 = GoalFactory(plan=plan, position=1, statement="Tujuan tanpa apa-apa", target="",
                     target_year=None)  # fmt: skip
    g3 = GoalFactory(plan=plan, position=2, statement="Tujuan tanpa apa-apa", target="lain")
    m3 = MilestoneFactory(goal=g3, position=0, target_year=None)
    for position, authority in enumerate(["swadaya", "pihak_lain", "pusat", "provinsi"]):
        ActivityFactory(
            goal=g3,
            milestone=m3,
            position=position,
            name=f"Kegiatan {authority}",
            authority=authority,
            funding_sources=["apbn", "apbd_provinsi", "lainnya", "add", "csr", "bumdes"],
        )
    assert g2
    return plan


def _shape(plan: LivelihoodPlan) -> list[Any]:
    """Goals, milestones and activities field by field, in order, without ids."""
    shape = []
    for block in plan_matrix(plan):
        goal = block.goal
        milestones = [
            (
                (mb.milestone.statement, mb.milestone.target_value, mb.milestone.target_year)
                if mb.milestone
                else None,
                [
                    (a.name, a.description, a.funding_sources, a.funding_note, a.authority)
                    for a in mb.activities
                ],
            )
            for mb in block.milestones
        ]
        shape.append((goal.statement, goal.target, goal.target_year, milestones))
    return shape


def test_exporting_and_importing_again_gives_the_same_plan():
    plan = _rich_plan()
    data = spreadsheet.export_plan_xlsx(plan)
    result = do_import(data, period="2026-2027")
    assert result.plan.pk != plan.pk
    assert _shape(result.plan) == _shape(plan)
    # And the copy exports to the same cells again.
    again = load_workbook(io.BytesIO(spreadsheet.export_plan_xlsx(result.plan)))["Rencana"]
    first = load_workbook(io.BytesIO(data))["Rencana"]
    cells = lambda ws: [[c.value for c in row] for row in ws.iter_rows(min_row=4)]  # noqa: E731
    assert cells(again) == cells(first)


def test_export_writes_text_that_looks_like_a_formula_as_text():
    plan = _rich_plan()
    ws = load_workbook(io.BytesIO(spreadsheet.export_plan_xlsx(plan)))["Rencana"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1:A2) bukan rumus")
    assert cell.data_type == "s"


def test_export_header_names_the_desa_and_period():
    plan = _rich_plan()
    ws = load_workbook(io.BytesIO(spreadsheet.export_plan_xlsx(plan)))["Rencana"]
    assert "Wailangira" in ws["A2"].value and "2024–2025" in ws["A2"].value
    assert spreadsheet.export_filename(plan, "xlsx") == "rencana-wailangira-2024-2025.xlsx"


def test_a_matriks_1_copied_from_word_with_bulleted_cells_becomes_one_activity_per_line():
    rows = [
        [
            "1 Semua warga terbebas dari hutang pada rentenir (di tahun 2025).",
            "• Petani punya alternatif penjualan hasil panen (di capai di tahun 2025).",
            "• Musyawarah penetapan penyertaan modal di BUMDES.\n"
            "• Penyerahan modal Desa di BUMDES.\n"
            "• Pelatihan pengelolaan unit usaha BUMDES.",
            "• Ditetapkan di musyawarah desa akhir tahun 2023.\n"
            "• Dana dialokasikan di pencairan dana desa tahap I 2024.\n"
            "• Pelatihan dilakukan 3 hari di Januari 2024.",
            "Dana Desa\nDana Desa\nCSR",
        ]
    ]
    result = do_import(workbook_bytes(rows, headers=MATRIKS_1_HEADERS))
    (block,) = plan_matrix(result.plan)
    activities = block.activities
    assert [a.name for a in activities] == [
        "Musyawarah penetapan penyertaan modal di BUMDES.",
        "Penyerahan modal Desa di BUMDES.",
        "Pelatihan pengelolaan unit usaha BUMDES.",
    ]
    assert activities[2].description == "Pelatihan dilakukan 3 hari di Januari 2024."
    assert [a.funding_sources for a in activities] == [["dana_desa"], ["dana_desa"], ["csr"]]
    assert all(a.milestone_id == block.milestones[0].milestone.pk for a in activities)  # type: ignore[union-attr]


def test_a_bulleted_cell_whose_lines_do_not_pair_up_is_refused():
    rows = [
        [
            "Tujuan A",
            "",
            "• Kegiatan satu\n• Kegiatan dua\n• Kegiatan tiga",
            "• Keterangan satu\n• Keterangan dua",
            "Swadaya",
        ]
    ]
    (issue,) = refused(workbook_bytes(rows, headers=MATRIKS_1_HEADERS))
    assert (issue.row, issue.column) == (4, "D")
    assert "3 kegiatan" in issue.message and "2 baris" in issue.message


def test_a_line_break_inside_one_activity_name_is_kept():
    rows = [[1, "Tujuan A", None, None, None, None, None, "Pelatihan\nbaris kedua"]]
    result = do_import(workbook_bytes(rows))
    assert Activity.objects.get(goal__plan=result.plan).name == "Pelatihan\nbaris kedua"
