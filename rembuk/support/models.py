"""Support requests routed to agencies, and the kabupaten team's meetings (seed 000 §5, stage 7).

A follow-up of kind "dukungan OPD" agreed at a kecamatan meeting becomes a SupportRequest. The
kabupaten team triages it (accepts it for an agency, reroutes it, or declines it with a reason);
the agency's staff move it through diterima → dijadwalkan → berjalan → selesai (or ditolak).
Every step is a SupportRequestEvent with a dated note, so the history reads like a logbook.

DistrictMeeting is the Tim Koordinasi Teknis Kabupaten meeting (seed 002 §4.1, at least three a
year). Its agenda comes from the kecamatan reports received and the open requests; an
AgendaItem records what was decided and who must do what by when.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.meetings.models import FollowUp
from rembuk.people.models import Agency
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport

TEXT_LIMIT = 5000
DUE_SOON_DAYS = 14  # issue 4: "segera jatuh tempo (≤ 14 days)"


class SupportRequest(ReplicatedModel):
    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Awaiting the kabupaten team")
        ACCEPTED = "diterima", _("Accepted")
        SCHEDULED = "dijadwalkan", _("Scheduled")
        IN_PROGRESS = "berjalan", _("In progress")
        DONE = "selesai", _("Done")
        DECLINED = "ditolak", _("Declined")

    class Due(models.TextChoices):
        """Computed from due_date and status; never stored (see SupportRequest.due_state)."""

        NO_DEADLINE = "tanpa_tenggat", _("No deadline yet")
        ON_SCHEDULE = "terjadwal", _("On schedule")
        DUE_SOON = "segera", _("Due soon")
        OVERDUE = "lewat", _("Overdue")
        DONE = "selesai", _("Done")

    followup = models.OneToOneField(
        FollowUp, on_delete=models.PROTECT, related_name="support_request"
    )
    # Copied from the follow-up's sheet so lists filter by region without four joins.
    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="support_requests")
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="support_requests"
    )
    text = models.TextField(_("support needed"), max_length=TEXT_LIMIT)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    response = models.TextField(_("response to the village"), blank=True, max_length=TEXT_LIMIT)
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=TEXT_LIMIT)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "changed_at"]

    def __str__(self) -> str:
        return self.text[:80]

    def scope_code(self) -> str:
        return self.desa.code

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DECLINED)


class SupportRequestEvent(ReplicatedModel):
    """One dated step in a request's life: triage, reroute, a status change, a note."""

    class Kind(models.TextChoices):
        SUBMITTED = "diajukan", _("Submitted")
        ACCEPTED = "diterima", _("Accepted for an agency")
        REROUTED = "dialihkan", _("Rerouted to another agency")
        DECLINED = "ditolak", _("Declined")
        STATUS = "status", _("Status changed")
        NOTE = "catatan", _("Note")

    request = models.ForeignKey(SupportRequest, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    from_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["date", "changed_at"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()} · {self.date}"

    def scope_code(self) -> str:
        return self.request.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.request_id


class DistrictMeeting(ReplicatedModel):
    """Pertemuan koordinasi tim kabupaten."""

    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Planned")
        HELD = "terlaksana", _("Held")

    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="district_meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    participants = models.TextField(_("who took part"), blank=True, max_length=TEXT_LIMIT)
    minutes = models.TextField(_("general notes"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.kabupaten} {self.date:%Y-%m-%d}"

    def scope_code(self) -> str:
        return self.kabupaten.code


class AgendaItem(ReplicatedModel):
    """One point of a kabupaten meeting: a kecamatan report or a support request, or free."""

    meeting = models.ForeignKey(
        DistrictMeeting, on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(default=0)
    report = models.ForeignKey(
        KecamatanReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        SupportRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    title = models.CharField(_("topic"), max_length=300, blank=True)
    decision = models.TextField(_("decision"), blank=True, max_length=TEXT_LIMIT)
    # A new assignment agreed at the meeting: who must do what by when.
    assigned_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignment = models.TextField(_("assignment"), blank=True, max_length=TEXT_LIMIT)
    assignment_due = models.DateField(_("assignment due"), null=True, blank=True)

    class Meta:
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.title or str(self.request or self.report or self.id)

    def scope_code(self) -> str:
        return self.meeting.kabupaten.code

    def history_root_id(self) -> uuid.UUID:
        return self.meeting_id
