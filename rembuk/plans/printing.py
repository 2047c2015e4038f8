"""Village plans on paper: Matriks 1 as an A4 landscape PDF (WeasyPrint).

The PDF and the on-screen read-only table share templates/plans/includes/matrix1_readonly.html,
so what a village prints is what it sees. Text is escaped by the template engine: a goal that
contains "<script>" is printed as those characters.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from rembuk.core.pdf import render_pdf
from rembuk.plans.models import LivelihoodPlan
from rembuk.plans.selectors import plan_matrix


def plan_pdf_context(plan: LivelihoodPlan) -> dict[str, Any]:
    desa = plan.desa
    kecamatan = desa.parent
    return {
        "plan": plan,
        "desa": desa,
        "kecamatan": kecamatan,
        "kabupaten": kecamatan.parent if kecamatan else None,
        "blocks": plan_matrix(plan),
        "generated_at": timezone.localtime(),
    }


def plan_pdf_html(plan: LivelihoodPlan) -> str:
    return render_to_string("plans/plan_pdf.html", plan_pdf_context(plan))


def render_plan_pdf(plan: LivelihoodPlan) -> bytes:
    return render_pdf("plans/plan_pdf.html", plan_pdf_context(plan))
