"""Tests of rembuk/plans/printing.py: the Matriks 1 PDF, read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from rembuk.core.testing import ActivityFactory, GoalFactory, MilestoneFactory, full_plan
from rembuk.plans.printing import plan_pdf_html, render_plan_pdf

pytestmark = pytest.mark.django_db

A4_LONG, A4_SHORT = 841.89, 595.28  # points


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    """pypdf breaks lines (and hyphenates) where the cell wraps; compare without whitespace."""
    return "".join(text.replace("\u2010", "").split())


def test_the_pdf_is_a4_landscape_and_reads_like_matriks_1():
    plan = full_plan(goals=2, activities_per_goal=3)
    pdf = render_plan_pdf(plan)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4_LONG, abs=1)
        assert height == pytest.approx(A4_SHORT, abs=1)
    text = _flat(_text(pdf))
    assert _flat("Matriks Rencana Kegiatan Peningkatan Penghidupan Desa") in text
    for expected in ("Wainyapu", "Kodi Balaghar", "Sumba Barat Daya", "2024–2025"):
        assert _flat(expected) in text
    for expected in ("Tujuan 1", "Tujuan 2", "Kegiatan 1.1", "Kegiatan 2.3", "Pelatihan 3 hari"):
        assert _flat(expected) in text
    assert _flat("Semua warga") not in text  # goal statements come from the plan, not the seed


def test_script_in_a_goal_is_printed_as_text():
    plan = full_plan(goals=1, activities_per_goal=1)
    GoalFactory(plan=plan, position=5, statement="<script>alert(1)</script> Tujuan aneh")
    html = plan_pdf_html(plan)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in _text(render_plan_pdf(plan))


def test_every_page_has_the_header_row_and_its_number():
    plan = full_plan(goals=3, activities_per_goal=25)
    reader = PdfReader(io.BytesIO(render_plan_pdf(plan)))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert _flat("Planned activities") in _flat(text) or _flat("Kegiatan") in _flat(text)
        assert f"{number} of {len(pages)}" in text or f"{number} dari {len(pages)}" in text


def test_long_text_wraps_and_is_never_cut_off():
    plan = full_plan(goals=1, activities_per_goal=1)
    # As long as a goal may be (2,000 characters: the history layer refuses more).
    long_goal = " ".join(f"kata{i}" for i in range(250))
    goal = GoalFactory(plan=plan, position=3, statement=long_goal)
    milestone = MilestoneFactory(goal=goal, statement="Tujuan antara panjang")
    ActivityFactory(goal=goal, milestone=milestone, name="Satu" + "x" * 300 + "Akhir")
    text = _flat(_text(render_plan_pdf(plan)))
    assert "kata0" in text and "kata249" in text
    assert "Akhir" in text


def test_an_empty_plan_still_prints():
    from rembuk.core.testing import PlanFactory

    pdf = render_plan_pdf(PlanFactory())
    assert _flat("This plan has no goals yet") in _flat(_text(pdf)) or len(pdf) > 1000
