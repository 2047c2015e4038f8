"""Village plans on paper: Matriks 1 as an A4 landscape PDF (WeasyPrint).

The PDF and the on-screen read-only table share templates/plans/includes/matrix1_readonly.html,
so what a village prints is what it sees. Text is escaped by the template engine: a goal that
contains "<script>" is printed as those characters.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from rembuk.plans.models import LivelihoodPlan
from rembuk.plans.selectors import plan_matrix


def plan_pdf_html(plan: LivelihoodPlan) -> str:
    desa = plan.desa
    kecamatan = desa.parent
    return render_to_string(
        "plans/plan_pdf.html",
        {
            "plan": plan,
            "desa": desa,
            "kecamatan": kecamatan,
            "kabupaten": kecamatan.parent if kecamatan else None,
            "blocks": plan_matrix(plan),
            "generated_at": timezone.localtime(),
        },
    )


def render_plan_pdf(plan: LivelihoodPlan) -> bytes:
    # base_url lets the template load static/css/print-plan.css from disk; nothing is fetched
    # over the network.
    base_url = str(settings.STATIC_SOURCE_DIR) + "/"
    pdf = HTML(string=plan_pdf_html(plan), base_url=base_url).write_pdf()
    assert pdf is not None
    return pdf
