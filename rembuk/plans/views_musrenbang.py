"""The Musrenbang Kecamatan proposals: the activities of every plan in a kecamatan whose
kewenangan lies above the desa, on a page and as a workbook."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rembuk.core.permissions import rule
from rembuk.core.xlsx import workbook_bytes
from rembuk.plans import selectors
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    Authority,
)
from rembuk.plans.permissions import can_read_plans
from rembuk.regions.models import Region

# --- Musrenbang Kecamatan proposals ---------------------------------------------------------


@dataclass
class DesaProposals:
    desa: Region
    activities: list[Activity]


def _proposals_by_desa(kecamatan: Region) -> list[DesaProposals]:
    groups: list[DesaProposals] = []
    for activity in selectors.musrenbang_activities(kecamatan):
        desa = activity.goal.plan.desa
        if not groups or groups[-1].desa.pk != desa.pk:
            groups.append(DesaProposals(desa, []))
        groups[-1].activities.append(activity)
    return groups


@rule(can_read_plans)
@require_GET
def musrenbang_proposals(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    return render(
        request,
        "plans/musrenbang_proposals.html",
        {
            "kecamatan": kecamatan,
            "groups": _proposals_by_desa(kecamatan),
            "authorities": [Authority(a).label for a in MUSRENBANG_AUTHORITIES],
        },
    )


@rule(can_read_plans)
@require_GET
def musrenbang_proposals_xlsx(request: HttpRequest, kecamatan_code: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    kecamatan = selectors.kecamatan_for_user(request.user, kecamatan_code)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Musrenbang"
    headers = [
        _("Desa"),
        _("Goal"),
        _("Activity"),
        _("Activity details"),
        _("Funding sources"),
        _("Authority"),
    ]
    title = _("Musrenbang proposals of Kecamatan %(name)s") % {"name": kecamatan.name}
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for group in _proposals_by_desa(kecamatan):
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
                ]
            )
            for cell in sheet[sheet.max_row]:
                cell.alignment = wrap
    for letter, width in zip("ABCDEF", (18, 40, 40, 40, 24, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    response = HttpResponse(
        workbook_bytes(workbook),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"usulan-musrenbang-{kecamatan.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
