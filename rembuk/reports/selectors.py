"""Reads of kecamatan reports (Matriks 4), limited to what the user may see.

A draft is seen only by those who may write the kecamatan's reports; once sent (and after it is
superseded by a correction) every role over the kecamatan or above reads it. Anything else is a
404, so a report's existence does not leak outside its region.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from rembuk.core.lookups import one_or_404
from rembuk.core.permissions import region_q
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.meetings.permissions import MEETING_MANAGE_ROLES
from rembuk.people.permissions import READ_ROLES, scope_filter
from rembuk.regions.models import Region
from rembuk.reports.models import DocumentExport, KecamatanReport, KecamatanReportRow
from rembuk.reports.permissions import (
    can_read_kecamatan_reports_of,
    can_write_kecamatan_reports_of,
)

SENT_STATUSES = (KecamatanReport.Status.SENT, KecamatanReport.Status.SUPERSEDED)


def reports_visible_to(user: Any) -> QuerySet[KecamatanReport]:
    writer = scope_filter(user, "kecamatan__code", MEETING_MANAGE_ROLES)
    reader = scope_filter(user, "kecamatan__code", READ_ROLES)
    return KecamatanReport.objects.filter(
        writer | (reader & Q(status__in=SENT_STATUSES))
    ).select_related("kecamatan", "kecamatan__parent", "meeting", "sent_by")


def report_for_user(user: Any, report_id: uuid.UUID | str) -> KecamatanReport:
    return one_or_404(reports_visible_to(user), pk=report_id)


def report_for_writer(user: Any, report_id: uuid.UUID | str) -> KecamatanReport:
    """404 outside the user's scope; 403 when the user may read the report but not write it."""
    report = report_for_user(user, report_id)
    if not can_write_kecamatan_reports_of(user, report.kecamatan.code):
        raise PermissionDenied
    return report


def report_row_for_writer(
    user: Any, report_id: uuid.UUID | str, row_id: uuid.UUID | str
) -> tuple[KecamatanReport, KecamatanReportRow]:
    """A row of a report the user may write, with its report; 404 for a row not in it."""
    report = report_for_writer(user, report_id)
    row = KecamatanReportRow.objects.filter(report=report, pk=row_id).select_related("desa").first()
    if row is None:
        raise Http404
    return report, row


def region_for_reports(user: Any, code: str) -> Region:
    """A kecamatan or kabupaten whose reports the user may read, else 404."""
    region = Region.objects.filter(
        code=code, level__in=[Region.Level.KECAMATAN, Region.Level.KABUPATEN]
    ).first()
    if region is None or not can_read_kecamatan_reports_of(user, code):
        raise Http404
    return region


def reports_of_region(user: Any, region: Region) -> QuerySet[KecamatanReport]:
    """A kecamatan's reports, every version (newest meeting first, then newest version); for a
    kabupaten, the reports received from its kecamatan, newest first."""
    reports = reports_visible_to(user).filter(region_q("kecamatan__code", [region.code]))
    if region.level == Region.Level.KABUPATEN:
        return reports.filter(status__in=SENT_STATUSES).order_by("-sent_at", "-edition")
    return reports.order_by("-meeting__date", "meeting_id", "-edition")


def received_reports(user: Any) -> QuerySet[KecamatanReport]:
    """Every sent report the user may read, newest first (the kabupaten's inbox)."""
    return reports_visible_to(user).filter(status__in=SENT_STATUSES).order_by("-sent_at")


def draft_reports(user: Any) -> QuerySet[KecamatanReport]:
    """Drafts the user may write (only writers see drafts at all)."""
    return (
        reports_visible_to(user).filter(status=KecamatanReport.Status.DRAFT).order_by("-changed_at")
    )


def current_report_for_meeting(meeting: CoordinationMeeting) -> KecamatanReport | None:
    """The meeting's newest report that is not superseded (a draft or the sent one)."""
    return (
        KecamatanReport.objects.filter(meeting=meeting)
        .exclude(status=KecamatanReport.Status.SUPERSEDED)
        .order_by("-edition")
        .first()
    )


def report_versions(user: Any, report: KecamatanReport) -> list[KecamatanReport]:
    """Every version of the same meeting's report the user may see, newest first (one query)."""
    if report.meeting_id is None:
        return [report]
    return list(reports_visible_to(user).filter(meeting_id=report.meeting_id).order_by("-edition"))


def recent_exports(user: Any, kind: str, ref: str, limit: int = 5) -> list[DocumentExport]:
    """The user's last few builds of one document (a kind, of one record), newest first."""
    return list(DocumentExport.objects.filter(kind=kind, ref=ref, created_by_id=user.pk)[:limit])


def meeting_has_desa(meeting: CoordinationMeeting, desa_code: str) -> bool:
    return MeetingSheet.objects.filter(meeting=meeting, desa__code=desa_code).exists()
