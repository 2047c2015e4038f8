"""Downloads and row actions no other browser test reached: the kabupaten meeting's minutes and a
plan's evaluation as Word, a plan and a region dashboard's table as XLSX (each read back), an
intermediate goal moved on the plan page, and a suggested lesson dismissed on the meeting page."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Download, Locator, Page, expect

from e2e.conftest import DOCUMENT_WAIT_MS, in_viewport, log_in, screenshot, shown_box
from rembuk.core.testing import (
    ActivityFactory,
    MilestoneFactory,
    docx_columns_cm,
    full_plan,
    region,
    user_with_role,
)
from rembuk.district import documents as district_documents
from rembuk.district.services import (
    agenda_item_add,
    agenda_item_save,
    district_meeting_create,
)
from rembuk.evaluation import documents as evaluation_documents
from rembuk.evaluation.tests.conftest import evaluate
from rembuk.learning import services as learning_services
from rembuk.learning.models import Lesson, SuggestionJudgement
from rembuk.meetings import services as meeting_services
from rembuk.people.models import Role
from rembuk.plans.models import Milestone
from rembuk.programme.tests.records import make_meeting, make_plan

KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"


def _download(page: Page, link: Locator) -> Download:
    """Click a download link the person sees on the screen; the file it gives."""
    link.scroll_into_view_if_needed()
    box = shown_box(link)
    viewport = page.viewport_size
    assert viewport is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as info:
        link.click()
    return info.value


def _read(download: Download) -> bytes:
    path = download.path()
    assert path is not None
    return Path(path).read_bytes()


def _docx_texts(data: bytes) -> tuple[list[str], list[str], list]:
    """A Word file's paragraphs, its table cells (text) and its tables."""
    document = Document(BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return paragraphs, cells, list(document.tables)


def _xlsx_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_kabupaten_team_downloads_the_minutes_as_word(page: Page) -> None:
    """The kabupaten team opens a meeting from the year's list and clicks "Notulen (Word)": the
    Word file holds the minutes' heading, the agenda topic and its decision."""
    meeting = district_meeting_create(
        kabupaten=region("53.18"),
        date=datetime.date(2024, 4, 18),
        place="Aula Bappeda, Tambolaka",
        actor=None,
    )
    item = agenda_item_add(meeting=meeting, title="Persiapan Musrenbang Kabupaten", actor=None)
    agenda_item_save(item=item, decision="Bappeda menyusun jadwal musrenbang", actor=None)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="yohanis")
    log_in(page, "yohanis")

    page.goto(reverse("district:kabupaten_meetings", args=["53.18"]) + "?tahun=2024")
    page.locator(f"a[href='{reverse('district:meeting_detail', args=[meeting.id])}']").click()
    expect(page.locator("#agenda")).to_contain_text("Persiapan Musrenbang Kabupaten")
    download = _download(page, page.get_by_role("link", name="Notulen (Word)"))

    assert download.suggested_filename == "notulen-kabupaten-sumba-barat-daya-2024-04-18.docx"
    paragraphs, cells, tables = _docx_texts(_read(download))
    assert "Notulen pertemuan koordinasi tim kabupaten" in paragraphs
    assert "Agenda, keputusan, dan penugasan" in paragraphs
    assert any("Aula Bappeda, Tambolaka" in p for p in paragraphs)
    assert any("Persiapan Musrenbang Kabupaten" in c for c in cells)
    assert "Bappeda menyusun jadwal musrenbang" in cells
    assert "Pokok bahasan" in cells  # the table's heading row, in Indonesian
    assert all(docx_columns_cm(t) == list(district_documents.COLUMN_CM) for t in tables)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_user_downloads_a_plans_evaluation_as_word(page: Page) -> None:
    """From the plan page the kecamatan user opens the end-of-period evaluation and clicks
    "Unduh DOCX": the Word file holds its title, the goals and what the evaluation said."""
    plan = full_plan(WAINYAPU, goals=2, activities_per_goal=2)
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR, username="camat.kodi")
    evaluate(plan, user)
    log_in(page, "camat.kodi")

    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    page.locator(".plan-actions a", has_text="Evaluasi akhir periode").click()
    expect(page).to_have_url(reverse("evaluation:evaluation_detail", args=[plan.pk]))
    expect(page.locator(".eval-report")).to_contain_text("Cari pembeli jagung sebelum panen")
    download = _download(page, page.get_by_role("link", name="Unduh DOCX"))

    assert download.suggested_filename == "evaluasi-wainyapu-2024-2025.docx"
    paragraphs, cells, tables = _docx_texts(_read(download))
    title = paragraphs[0]
    assert title.startswith("Evaluasi akhir periode") and "Wainyapu" in title, paragraphs[:3]
    assert any("Kepala Desa, Tim Desa, Kasi PMD" in p for p in paragraphs)
    assert any(c.startswith("1. Tujuan 1") for c in cells), cells
    assert any(c.startswith("2. Tujuan 2") for c in cells), cells
    assert any("Cari pembeli jagung sebelum panen" in c for c in cells)
    assert any("Kelompok simpan pinjam" in c for c in cells)
    assert docx_columns_cm(tables[0]) == list(evaluation_documents.COLUMN_CM)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_village_team_downloads_its_plan_as_xlsx(page: Page) -> None:
    """The village team clicks "Unduh XLSX" on its plan page: the spreadsheet holds every goal
    and activity of the plan."""
    plan = full_plan(WAINYAPU, goals=2, activities_per_goal=2)
    user_with_role(Role.TIM_DESA, WAINYAPU, username="tim.wainyapu")
    log_in(page, "tim.wainyapu")

    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    expect(page.locator("#matrix")).to_contain_text("Kegiatan 2.2")
    download = _download(page, page.locator(".plan-actions a", has_text="Unduh XLSX"))

    assert download.suggested_filename.endswith(".xlsx")
    rows = _xlsx_rows(_read(download))
    values = [str(cell) for row in rows for cell in row if cell is not None]
    for text in ("Tujuan 1", "Tujuan 2", "Kegiatan 1.1", "Kegiatan 2.2"):
        assert any(text in value for value in values), (text, values)
    assert any("Wainyapu" in value for value in values)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_kecamatan_dashboards_table_downloads_as_xlsx(page: Page) -> None:
    """The kabupaten team opens Kodi Balaghar's dashboard from its own and downloads the table
    of each village's stage: the file has the table's heading row and the villages."""
    kecamatan = region(KODI_BALAGHAR)
    desas = list(kecamatan.children.order_by("code")[:3])
    year = datetime.date.today().year
    for n, desa in enumerate(desas):
        make_plan(desa, adopted_on=datetime.date(year, 1, 10 + n))
    make_meeting(kecamatan, datetime.date(year, 3, 28), desas)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tim.sbd")
    log_in(page, "tim.sbd")

    page.goto(reverse("programme:dashboard"))
    page.locator("#pertemuan table").get_by_role("link", name="Kodi Balaghar").click()
    expect(page).to_have_url(reverse("programme:region_dashboard", args=[KODI_BALAGHAR]))
    table = page.locator("#tahapan-desa table")
    expect(table).to_contain_text(desas[0].name)
    headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    screenshot(page, "region-dashboard-stages")
    link = page.locator("#tahapan-desa a[href*='.xlsx']")
    assert reverse("programme:region_dashboard_xlsx", args=[KODI_BALAGHAR, "tahapan-desa"]) in (
        link.get_attribute("href") or ""
    )
    download = _download(page, link)

    assert download.suggested_filename.endswith(".xlsx")
    rows = _xlsx_rows(_read(download))
    heading_row = next((row for row in rows if row and row[0] == headings[0]), None)
    assert heading_row is not None, (headings, rows)
    # The page's heading row; the file keeps the Kecamatan column the page's title stands for.
    assert [str(cell) for cell in heading_row if cell is not None] == [
        headings[0],
        "Kecamatan",
        *headings[1:],
    ]
    desa_rows = {row[0]: row[1] for row in rows[rows.index(heading_row) + 1 :] if row}
    assert {desa.name: "Kodi Balaghar" for desa in desas}.items() <= desa_rows.items(), rows
    assert page.console_errors == []  # type: ignore[attr-defined]


def _milestone_statements(page: Page, goal_id: object) -> list[str]:
    cells = page.locator(f"#goal-{goal_id} td.col-milestone .statement")
    return [text.strip() for text in cells.all_inner_texts()]


def test_an_intermediate_goal_moves_up_on_the_plan_page(page: Page) -> None:
    """The kecamatan user moves a goal's second intermediate goal up from its "Lainnya" menu: it
    is first on the page at once, and still after a reload."""
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    goal = plan.goals.get()
    first = goal.milestones.get()
    second = MilestoneFactory(goal=goal, position=1, statement="Kelompok pengering terbentuk")
    ActivityFactory(milestone=second, goal=goal, position=1, name="Pelatihan pengeringan ikan")
    user_with_role(Role.KECAMATAN, KODI_BALAGHAR, username="camat.kodi")
    log_in(page, "camat.kodi")

    page.goto(reverse("plans:plan_detail", args=[plan.pk]))
    assert _milestone_statements(page, goal.id) == [first.statement, second.statement]
    page.evaluate("window.rembukStayed = true")
    cell = page.locator(f"#goal-{goal.id} td.col-milestone", has_text=second.statement)
    cell.locator("details.row-more > summary").first.click()
    cell.get_by_role("button", name="Pindah ke atas").click()

    moved = page.locator(f"#goal-{goal.id} td.col-milestone .statement").first
    expect(moved).to_have_text(second.statement)
    assert page.evaluate("window.rembukStayed === true")  # htmx swapped the goal, no new page
    assert _milestone_statements(page, goal.id) == [second.statement, first.statement]
    moved.scroll_into_view_if_needed()
    in_viewport(page, f"#goal-{goal.id} td.col-milestone .statement >> nth=0")
    # The activity went with its intermediate goal.
    expect(page.locator(f"#goal-{goal.id} tr").first).to_contain_text("Pelatihan pengeringan ikan")
    screenshot(page, "milestone-moved-up")

    page.reload()
    assert _milestone_statements(page, goal.id) == [second.statement, first.statement]
    ordered = list(Milestone.objects.filter(goal=goal).order_by("position"))
    assert ordered == [second, first]
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_suggested_lesson_that_does_not_fit_is_dismissed_on_the_meeting_page(
    page: Page, live_server
) -> None:  # type: ignore[no-untyped-def]
    """On the meeting page the kecamatan user types a challenge, two lessons are suggested and
    one is marked "Tidak cocok": it leaves the list, the other stays, the judgement is kept."""
    user = user_with_role(Role.KECAMATAN, KODI_BALAGHAR)
    here, neighbour = list(region(KODI_BALAGHAR).children.order_by("code")[:2])
    plan = full_plan(here.code, goals=1, activities_per_goal=2)
    meeting = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2024, 9, 12),
        villages=[here],
        actor=user,
    )
    learning_services.lesson_create(
        desa=neighbour,
        actor=None,
        happened_on=datetime.date(2024, 3, 28),
        what_happened="Penyuluh pertanian tidak hadir selama tiga bulan",
        why="Kantor penyuluh jauh dan tidak ada kendaraan",
        what_was_tried="Kelompok tani menjemput penyuluh dengan ojek bergiliran",
        outcome=Lesson.Outcome.WORKED,
    )
    unfit = learning_services.lesson_create(
        desa=neighbour,
        actor=None,
        happened_on=datetime.date(2024, 5, 2),
        what_happened="Penyuluh perkebunan jarang datang ke kebun kelapa",
        what_was_tried="Desa menyurati dinas perkebunan",
        outcome=Lesson.Outcome.UNKNOWN,
    )
    goal = plan.goals.get()
    log_in(page, user.username)

    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={here.code}")
    page.locator(f"#c-text-{goal.id.hex}").press_sequentially("penyuluh jarang datang", delay=20)
    suggestions = page.locator(f"#suggest-{goal.id.hex} .suggestion")
    expect(suggestions).to_have_count(2)
    suggestions.filter(has_text="menyurati dinas perkebunan").get_by_role(
        "button", name="Tidak cocok"
    ).click()

    expect(suggestions).to_have_count(1)
    expect(suggestions).to_contain_text("ojek bergiliran")
    expect(page.locator(f"#suggest-{goal.id.hex}")).not_to_contain_text("menyurati dinas")
    expect(page.locator(f"#c-text-{goal.id.hex}")).to_have_value("penyuluh jarang datang")
    in_viewport(page, f"#suggest-{goal.id.hex} .suggestion")
    screenshot(page, "meeting-suggestion-dismissed")
    judgement = SuggestionJudgement.objects.get()
    assert (judgement.lesson, judgement.verdict) == (unfit, SuggestionJudgement.Verdict.DISMISSED)
    assert (judgement.sheet.desa, judgement.goal) == (here, goal)
    assert judgement.challenge_text == "penyuluh jarang datang"
    assert page.console_errors == []  # type: ignore[attr-defined]
