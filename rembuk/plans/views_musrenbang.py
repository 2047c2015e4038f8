"""The Musrenbang Kecamatan proposals: the activities of every plan in a kecamatan whose
kewenangan lies above the desa, on a page and as a workbook."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rembuk.core.permissions import rule
from rembuk.plans import selectors
from rembuk.plans.models import MUSRENBANG_AUTHORITIES, Authority
from rembuk.plans.permissions import can_read_plans
from rembuk.plans.spreadsheet import musrenbang_xlsx


@rule(can_read_plans)
@require_GET
def musrenbang_proposals(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    return render(
        request,
        "plans/musrenbang_proposals.html",
        {
            "kecamatan": kecamatan,
            "groups": selectors.musrenbang_proposals(kecamatan),
            "authorities": [Authority(a).label for a in MUSRENBANG_AUTHORITIES],
        },
    )


@rule(can_read_plans)
@require_GET
def musrenbang_proposals_xlsx(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    data = musrenbang_xlsx(kecamatan, selectors.musrenbang_proposals(kecamatan))
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"usulan-musrenbang-{kecamatan.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
