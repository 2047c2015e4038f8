"""Browser tests for three pages that were only covered by the test client: a kabupaten's list
of agencies (OPD), the kecamatan's end-of-period evaluation report with its downloads, and
resolving a sync conflict on the Sinkronisasi page."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import DOCUMENT_WAIT_MS, log_in, screenshot
from rembuk.core import history
from rembuk.core.testing import GoalFactory, PlanFactory, full_plan, region, user_with_role
from rembuk.evaluation.services import GoalEvaluationInput, evaluation_save
from rembuk.people.models import Role
from rembuk.people.services import agencies_seed
from rembuk.plans.models import Goal
from rembuk.sync.models import Conflict

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_kabupaten_user_finds_the_agencies_of_the_kabupaten(page: Page) -> None:
    admin = user_with_role(Role.TIM_PROGRAM, "53")
    agencies_seed(kabupaten=region("53.18"), actor=admin)
    user_with_role(Role.TIM_KABUPATEN, "53.18", username="tim.sbd")
    log_in(page, "tim.sbd")
    page.goto(reverse("regions:region_detail", args=["53.18"]))
    page.locator(f"a[href='{reverse('people:agency_list', args=['53.18'])}']").click()
    expect(page.locator("h1")).to_contain_text("Sumba Barat Daya")
    table = page.locator("table.list")
    expect(table).to_contain_text("DPMD")
    expect(table).to_contain_text("Dinas Pertanian")
    screenshot(page, "agency-list")


def test_a_kecamatan_user_downloads_the_kecamatan_evaluation_report(page: Page) -> None:
    plan = full_plan("53.18.11.2006", goals=1, activities_per_goal=2)
    goal = Goal.objects.get(plan=plan)
    user = user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    evaluation_save(
        plan=plan,
        actor=user,
        date=datetime.date(2025, 12, 10),
        goals=[
            GoalEvaluationInput(
                goal_id=goal.pk,
                achieved="35 dari 60 KK lepas dari rentenir",
                result="sebagian",
                change="Cari pembeli jagung sebelum panen",
            )
        ],
    )
    log_in(page, "camat.kodi")
    page.goto(reverse("evaluation:evaluation_detail", args=[plan.pk]))
    page.locator(
        f"a[href='{reverse('evaluation:kecamatan_evaluations', args=['53.18.11'])}']"
    ).click()
    expect(page.locator("h1")).to_contain_text("Kodi Balaghar")
    screenshot(page, "kecamatan-evaluations")
    start, end = plan.period_start, plan.period_end

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as pdf_info:
        page.locator(
            f"a[href='{reverse('evaluation:kecamatan_pdf', args=['53.18.11', start, end])}']"
        ).click()
    reader = PdfReader(BytesIO(Path(pdf_info.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Wainyapu" in text and "Cari pembeli jagung" in text

    with page.expect_download(timeout=DOCUMENT_WAIT_MS) as docx_info:
        page.locator(
            f"a[href='{reverse('evaluation:kecamatan_docx', args=['53.18.11', start, end])}']"
        ).click()
    document = Document(BytesIO(Path(docx_info.value.path()).read_bytes()))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert "Cari pembeli jagung" in cells + paragraphs
    assert "Wainyapu" in cells + paragraphs


def test_a_kecamatan_user_restores_the_value_that_lost_a_sync_conflict(page: Page) -> None:
    goal = GoalFactory(plan=PlanFactory(desa=region("53.18.11.2006")), statement="Versi hub")
    history.create(
        Conflict,
        actor=None,
        kind=Conflict.Kind.FIELD,
        model_label="plans.goal",
        object_id=goal.pk,
        object_repr=str(goal),
        field_name="statement",
        winning_value=goal.statement,
        winning_hlc="0000000000002.00000.hub",
        losing_value="Versi laptop kecamatan",
        losing_hlc="0000000000001.00000.laptop",
        losing_node="laptop",
        losing_actor_label="Agustinus",
        scope="53.18.11.2006",
        root_id=goal.plan_id,
    )
    user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    log_in(page, "camat.kodi")
    page.goto(reverse("sync:page"))
    card = page.locator(".card.conflict")
    expect(card).to_contain_text("Versi hub")
    expect(card).to_contain_text("Versi laptop kecamatan")
    screenshot(page, "sync-conflict")
    card.locator("button[value=losing]").click()
    expect(page.locator(".card.conflict")).to_have_count(0)
    goal.refresh_from_db()
    assert goal.statement == "Versi laptop kecamatan"
    assert Conflict.objects.get().status == Conflict.Status.RESOLVED
