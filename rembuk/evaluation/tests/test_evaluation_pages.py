"""The evaluation PDF as district officials print it: an answer of up to 5,000 characters in a
column a sixth of the page wide breaks across pages instead of pushing its row to the next page,
and the part carried onto a page says which goal it belongs to."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from rembuk.core.testing import full_plan, user_with_role
from rembuk.evaluation import services
from rembuk.evaluation.models import TEXT_LIMIT
from rembuk.evaluation.services import GoalEvaluationInput
from rembuk.evaluation.tests.conftest import KODI_BALAGHAR, WAINYAPU
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

LESSON = (
    "Kelompok simpan pinjam perempuan bertemu setiap bulan di balai desa & mencatat setoran "
    "anggota di buku kas bersama; <script>alert(1)</script> pengurus bergantian tiap tahun. "
)
LONG_ANSWER = (LESSON * (TEXT_LIMIT // len(LESSON)))[:TEXT_LIMIT]
MEDIUM_ANSWER = LESSON * 2  # about fifteen lines in the narrowest column: its row stays whole


def _evaluation_pdf(language: str) -> bytes:
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
    client = Client()
    client.force_login(user_with_role(Role.KECAMATAN, KODI_BALAGHAR, language=language))
    response = client.get(reverse("evaluation:evaluation_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf", response
    if os.environ.get("EVALUATION_PDF"):
        with open(os.environ["EVALUATION_PDF"], "wb") as out:
            out.write(response.content)
    return response.content


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    ("language", "continued", "heading"),
    [
        ("id", "2. Tujuan 2 (lanjutan)", "Yang dipertahankan"),
        ("en", "2. Tujuan 2 (continued)", "What to keep"),
    ],
)
def test_a_long_answer_breaks_across_pages_under_its_goal(language, continued, heading):
    with translation.override(language):
        pages = _pages(_evaluation_pdf(language))
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
