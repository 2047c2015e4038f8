"""Kecamatan reports (Matriks 4), every edition: drafts for those who write them, sent and
superseded ones for everyone over the kecamatan."""

import datetime
import uuid
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from rembuk.api.endpoints.common import listed
from rembuk.api.pagination import Page
from rembuk.api.rules import rule
from rembuk.api.schemas import (
    DateRange,
    ListFilters,
    Record,
    RegionRef,
    answers,
    page_schema,
    record_fields,
    region_ref,
)
from rembuk.reports import selectors
from rembuk.reports.matrix4 import report_rows
from rembuk.reports.models import KecamatanReport
from rembuk.reports.permissions import can_read_some_kecamatan_reports

router = Router(tags=["kecamatan-reports"])

ReportStatus = Literal["draf", "terkirim", "diganti"]


class ReportOut(Record):
    kecamatan: RegionRef
    kabupaten: RegionRef | None
    meeting_id: uuid.UUID | None
    meeting_date: datetime.date | None
    edition: int = Field(description="1, then 2, 3… for each correction of a sent report.")
    previous_id: uuid.UUID | None = Field(description="The edition this one corrects.")
    status: str = Field(description="draf, terkirim (sent) or diganti (superseded).")
    status_label: str
    note: str = Field(description="The kecamatan's note to the kabupaten.")
    sent_at: datetime.datetime | None
    sent_by: str | None


class ReportRowOut(Record):
    desa: RegionRef
    position: int
    goals_and_efforts: str
    challenges: str
    support_needed: str


class ReportDetail(ReportOut):
    rows: list[ReportRowOut] = Field(description="One row per village, as Matriks 4 prints it.")


ReportPage = page_schema(ReportOut, "ReportPage")


def _report_fields(report: KecamatanReport) -> dict:
    return {
        **record_fields(report),
        "kecamatan": region_ref(report.kecamatan),
        "kabupaten": region_ref(report.kecamatan.parent),
        "meeting_id": report.meeting_id,
        "meeting_date": report.meeting.date if report.meeting else None,
        "edition": report.edition,
        "previous_id": report.previous_id,
        "status": report.status,
        "status_label": report.get_status_display(),
        "note": report.note,
        "sent_at": report.sent_at,
        "sent_by": str(report.sent_by) if report.sent_by else None,
    }


class ReportFilters(ListFilters, DateRange):
    status: ReportStatus | None = None


@router.get("/kecamatan-reports", response=answers(ReportPage))
@rule(can_read_some_kecamatan_reports)
def kecamatan_report_list(request: HttpRequest, filters: Query[ReportFilters]) -> Page:
    """Matriks 4 reports the caller may read, every edition; dates filter the meeting's date."""
    return listed(
        request,
        selectors.reports_visible_to(request.user),
        filters,
        region_path="kecamatan__code",
        date_path="meeting__date",
        order=("kecamatan__code", "-edition", "id"),
        out=lambda report: ReportOut(**_report_fields(report)),
    )


@router.get("/kecamatan-reports/{uuid:report_id}", response=answers(ReportDetail))
@rule(can_read_some_kecamatan_reports)
def kecamatan_report_detail(request: HttpRequest, report_id: uuid.UUID) -> ReportDetail:
    """One edition of a Matriks 4 with its rows, one per village."""
    report = selectors.report_for_user(request.user, report_id)
    return ReportDetail(
        **_report_fields(report),
        rows=[
            ReportRowOut(
                **record_fields(row),
                desa=region_ref(row.desa),
                position=row.position,
                goals_and_efforts=row.goals_and_efforts,
                challenges=row.challenges,
                support_needed=row.support_needed,
            )
            for row in report_rows(report)
        ],
    )


ENUMERATIONS = {ReportStatus: KecamatanReport.Status}
