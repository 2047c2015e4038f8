"""Writes to the kecamatan's summary for the kabupaten (Matriks 4,
docs/mechanism.md#kecamatan-report-matriks-4).

Rules owned here:
- a report is drafted from a meeting, one row per village sheet in discussion order; drafting
  again while the meeting has a report that is not superseded opens that report instead;
- only a draft can be worded (its cells, its order, its note); an edit that started from an
  older version of a cell someone else changed is refused with the current text (EditConflict);
- sending locks the report (terkirim, when and by whom) and turns the meeting's "dukungan OPD"
  follow-ups into support requests (rembuk.support, idempotent);
- a sent report is never changed again: a correction is a new draft (version + 1) copied from
  it; the sent one stays readable and becomes "diganti" when the correction is sent, so the
  kabupaten always has exactly one current version of what the kecamatan reported.
Every change goes through rembuk.core.history, so it lands in the change log with who and when.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.reports.matrix4 import draft_cells
from rembuk.reports.models import KecamatanReport, KecamatanReportRow
from rembuk.reports.report import build_meeting_report
from rembuk.support.services import requests_from_meeting

ROW_TEXT_FIELDS = ("goals_and_efforts", "challenges", "support_needed")


def _clean(text: str) -> str:
    """Line endings as the browser sends them (\\r\\n) and trailing spaces are not content."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _locked_draft(report_id: uuid.UUID) -> KecamatanReport:
    history.lock_writers()  # before any row lock, as every writer does (docs/decisions/0012)
    report = KecamatanReport.objects.select_for_update().get(pk=report_id)
    if report.status != KecamatanReport.Status.DRAFT:
        raise ValidationError(
            _(
                "This report was sent to the kabupaten and can no longer be changed. "
                "Make a correction to change it."
            ),
            code="locked",
        )
    return report


@transaction.atomic
def kecamatan_report_draft(*, meeting: CoordinationMeeting, actor: Any) -> KecamatanReport:
    """The meeting's report: the one in progress (or sent) if any, else a new draft."""
    # Serialise drafting per meeting, so two clicks make one draft (PostgreSQL; SQLite
    # serialises writers anyway).
    history.lock_writers()
    CoordinationMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = (
        KecamatanReport.objects.filter(meeting=meeting)
        .exclude(status=KecamatanReport.Status.SUPERSEDED)
        .order_by("-edition")
        .first()
    )
    if existing is not None:
        return existing
    meeting_report = build_meeting_report(meeting, with_carried_in=False)
    desa_by_code = {
        sheet.desa.code: sheet.desa
        for sheet in MeetingSheet.objects.filter(meeting=meeting).select_related("desa")
    }
    report = history.create(
        KecamatanReport,
        actor=actor,
        kecamatan_id=meeting.kecamatan_id,
        meeting=meeting,
        edition=1,
        status=KecamatanReport.Status.DRAFT,
    )
    rows = []
    for position, village in enumerate(meeting_report.villages):
        cells = draft_cells(village)
        rows.append(
            KecamatanReportRow(
                report=report,
                desa=desa_by_code[village.desa_code],
                position=position,
                goals_and_efforts=cells.goals_and_efforts,
                challenges=cells.challenges,
                support_needed=cells.support_needed,
            )
        )
    history.bulk_create(KecamatanReportRow, rows, actor=actor)
    return report


@transaction.atomic
def kecamatan_report_row_update(
    *,
    row: KecamatanReportRow,
    actor: Any,
    base_version: int | None = None,
    goals_and_efforts: str | None = None,
    challenges: str | None = None,
    support_needed: str | None = None,
) -> KecamatanReportRow:
    """Reword one village's cells. Only the cells given change."""
    _locked_draft(row.report_id)
    given = {
        "goals_and_efforts": goals_and_efforts,
        "challenges": challenges,
        "support_needed": support_needed,
    }
    changes = {name: _clean(value) for name, value in given.items() if value is not None}
    return history.update(row, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def kecamatan_report_note_update(
    *, report: KecamatanReport, actor: Any, note: str, base_version: int | None = None
) -> KecamatanReport:
    _locked_draft(report.pk)
    return history.update(report, actor=actor, base_version=base_version, note=_clean(note))


@transaction.atomic
def kecamatan_report_row_move(
    *, row: KecamatanReportRow, actor: Any, offset: int
) -> KecamatanReportRow:
    """Move a village up (offset -1) or down (+1) in the report; positions are renumbered."""
    _locked_draft(row.report_id)
    rows = list(
        KecamatanReportRow.objects.filter(report_id=row.report_id).order_by(
            "position", "desa__name"
        )
    )
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    moved = row
    for position, item in enumerate(rows):
        if item.position != position:
            updated = history.update(item, actor=actor, position=position)
            if item.pk == row.pk:
                moved = updated
    return moved


@transaction.atomic
def kecamatan_report_send(
    *, report: KecamatanReport, actor: Any, sent_at: datetime.datetime | None = None
) -> KecamatanReport:
    """Lock the report and hand it to the kabupaten. `sent_at` is for records made afterwards
    (demo data, a report sent on paper and entered later); it may not lie in the future."""
    fresh = _locked_draft(report.pk)
    now = timezone.now()
    if sent_at is not None and sent_at > now:
        raise ValidationError(_("The sending date cannot be in the future."), code="future")
    if not KecamatanReportRow.objects.filter(report=fresh).exists():
        raise ValidationError(
            _("This report has no village in it; there is nothing to send."), code="empty"
        )
    sent = history.update(
        fresh,
        actor=actor,
        status=KecamatanReport.Status.SENT,
        sent_at=sent_at or now,
        sent_by=actor if actor is not None and actor.pk else None,
    )
    if sent.previous_id is not None:
        previous = KecamatanReport.objects.select_for_update().get(pk=sent.previous_id)
        if previous.status == KecamatanReport.Status.SENT:
            history.update(previous, actor=actor, status=KecamatanReport.Status.SUPERSEDED)
    if sent.meeting_id is not None:
        # The meeting's "dukungan OPD" follow-ups go to the kabupaten team as requests.
        requests_from_meeting(meeting=sent.meeting, actor=actor)  # type: ignore[arg-type]
    return sent


@transaction.atomic
def kecamatan_report_correct(*, report: KecamatanReport, actor: Any) -> KecamatanReport:
    """A new draft version copied from a sent report (or the correction already in progress)."""
    history.lock_writers()
    fresh = KecamatanReport.objects.select_for_update().get(pk=report.pk)
    if fresh.status == KecamatanReport.Status.DRAFT:
        raise ValidationError(
            _("This report is still a draft: change it directly, no correction is needed."),
            code="draft",
        )
    in_progress = KecamatanReport.objects.filter(previous=fresh).order_by("-edition").first()
    if in_progress is not None and in_progress.status == KecamatanReport.Status.DRAFT:
        return in_progress
    if fresh.status == KecamatanReport.Status.SUPERSEDED:
        raise ValidationError(
            _("A newer version of this report exists; correct that one instead."),
            code="superseded",
        )
    correction = history.create(
        KecamatanReport,
        actor=actor,
        kecamatan_id=fresh.kecamatan_id,
        meeting_id=fresh.meeting_id,
        edition=fresh.edition + 1,
        previous=fresh,
        status=KecamatanReport.Status.DRAFT,
        note=fresh.note,
    )
    rows = [
        KecamatanReportRow(
            report=correction,
            desa=row.desa,
            position=position,
            goals_and_efforts=row.goals_and_efforts,
            challenges=row.challenges,
            support_needed=row.support_needed,
        )
        for position, row in enumerate(
            KecamatanReportRow.objects.filter(report=fresh)
            .select_related("desa")
            .order_by("position", "desa__name")
        )
    ]
    history.bulk_create(KecamatanReportRow, rows, actor=actor)
    return correction
