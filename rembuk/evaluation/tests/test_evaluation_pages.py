"""The evaluation PDF as district officials print it: an answer of up to 5,000 characters in a
column a sixth of the page wide breaks across pages instead of pushing its row to the next page,
and the part carried onto a page says which goal it belongs to."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rembuk.core import print_rows
from rembuk.core.testing import (
    full_plan,
    pdf_as_weasyprint_breaks_it,
    pdf_lines,
    pdf_pages,
    user_with_role,
)
from rembuk.evaluation import documents, services
from rembuk.evaluation.models import TEXT_LIMIT
from rembuk.evaluation.services import GoalEvaluationInput
from rembuk.evaluation.tests.conftest import KODI_BALAGHAR, WAINYAPU
from rembuk.people.models import Role
from rembuk.plans.models import LivelihoodPlan

pytestmark = pytest.mark.django_db

LESSON = (
    "Kelompok simpan pinjam perempuan bertemu setiap bulan di balai desa & mencatat setoran "
    "anggota di buku kas bersama; <script>alert(1)</script> pengurus bergantian tiap tahun. "
)
LONG_ANSWER = (LESSON * (TEXT_LIMIT // len(LESSON)))[:TEXT_LIMIT]
MEDIUM_ANSWER = LESSON * 2  # about fifteen lines in the narrowest column: its row stays whole


def _evaluated_plan() -> LivelihoodPlan:
    plan = full_plan(WAINYAPU, goals=3, activities_per_goal=1)
    goals = list(plan.goals.order_by("position"))
    services.evaluation_save(
        plan=plan,
        actor=None,
        date=datetime.date(2025, 12, 10),
        participants="Kepala Desa, Tim Desa, Kasi PMD",
        notes="Evaluasi akhir periode",
        goals=[
            GoalEvaluationInput(
                goal_id=goals[0].id, result="sebagian", achieved=MEDIUM_ANSWER, keep=MEDIUM_ANSWER
            ),
            GoalEvaluationInput(
                goal_id=goals[1].id, result="tercapai", factors=MEDIUM_ANSWER, keep=LONG_ANSWER
            ),
            GoalEvaluationInput(goal_id=goals[2].id, result="tercapai", change=MEDIUM_ANSWER),
        ],
    )
    return plan


def _evaluation_pdf(plan: LivelihoodPlan, language: str) -> bytes:
    client = Client()
    client.force_login(user_with_role(Role.KECAMATAN, KODI_BALAGHAR, language=language))
    with translation.override(language):
        response = client.get(reverse("evaluation:evaluation_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf", response
    return response.content


@pytest.mark.parametrize(
    ("language", "continued", "heading"),
    [
        ("id", "2. Tujuan 2 (lanjutan)", "Yang dipertahankan"),
        ("en", "2. Tujuan 2 (continued)", "What to keep"),
    ],
)
def test_a_long_answer_breaks_across_pages_under_its_goal(language, continued, heading):
    pages = pdf_pages(
        _evaluation_pdf(_evaluated_plan(), language), keep_as=f"evaluation-{language}"
    )
    assert len(pages) >= 3  # 5,000 characters in a column 15 % of the page wide
    first = pages[0]
    # The long row starts on page 1, under the short one before it (before: it moved whole to
    # page 2 and left most of page 1 blank).
    assert "2. Tujuan 2" in first
    assert "Kelompok simpan pinjam perempuan" in first.split("2. Tujuan 2", 1)[1]
    fullest = max(len(text) for text in pages)
    for number, text in enumerate(pages[:-1], 1):
        assert len(text) > fullest / 2, (number, [len(text) for text in pages])
    for number, text in enumerate(pages[1:], 2):
        if "bergantian" not in text:
            continue  # the livelihood assets profile, after the table
        assert text.count(heading) == 1, number  # the table's heading, repeated
        answer = text.index("bergantian")
        if "3. Tujuan 3" in text and text.index("3. Tujuan 3") < answer:
            continue  # the page starts with the next goal
        # The long row runs onto this page: it names its goal before the continued text.
        assert continued in text, (number, text[:300])
        assert text.index(heading) < text.index(continued) < answer, number
    assert len([text for text in pages if continued in text]) >= 2
    # Hostile text is printed as its characters.
    assert "<script>alert(1)</script>" in " ".join(pages)
    assert "balai desa & mencatat" in " ".join(pages)


def test_the_page_a_row_is_split_on_holds_as_many_of_its_lines_as_fit(monkeypatch):
    # Before: the first part of the long answer ended a line early, a line of blank under it.
    plan = _evaluated_plan()
    split = _evaluation_pdf(plan, "en")
    monkeypatch.setattr(documents, "render_pdf_with_rows", pdf_as_weasyprint_breaks_it)
    broken = _evaluation_pdf(plan, "en")
    *split_lines, _foot = pdf_lines(split, 0)
    *broken_lines, _foot = pdf_lines(broken, 0)
    assert split_lines == broken_lines
    # The next page goes on from there, under the goal's name.
    # (the goal's name in its column, the answer's next line in its own, on one baseline)
    assert pdf_lines(split, 1)[1] == f"2. Tujuan 2 (continued) {pdf_lines(broken, 1)[1]}"


def test_a_goal_split_in_the_budgets_last_layout_names_itself_on_every_page(monkeypatch):
    # A budget of two layouts: the long answer is split in the second, from the top of a page.
    monkeypatch.setattr(print_rows, "MAX_LAYOUTS", 2)
    pages = pdf_pages(_evaluation_pdf(_evaluated_plan(), "en"), keep_as="evaluation-budget")
    assert "2. Tujuan 2" not in pages[0]  # the goal starts page 2
    answered = [text for text in pages[1:] if "bergantian" in text]
    assert answered[0].startswith("Goal and target What was achieved")
    assert "2. Tujuan 2 Target" in answered[0]
    for text in answered[1:]:
        if "3. Tujuan 3" in text and text.index("3. Tujuan 3") < text.index("bergantian"):
            continue  # the page starts with the next goal
        assert "2. Tujuan 2 (continued)" in text
        assert text.index("2. Tujuan 2 (continued)") < text.index("bergantian")
    assert len([text for text in answered if "2. Tujuan 2 (continued)" in text]) >= 4
