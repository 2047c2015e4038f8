"""Support requests routed to agencies, and the kabupaten team's meetings (seed 000 §5, stage 7).

A follow-up of kind "dukungan OPD" agreed at a kecamatan meeting becomes a SupportRequest. The
kabupaten team triages it (accepts it for an agency, reroutes it, or declines it with a reason);
the agency's staff move it through diterima → dijadwalkan → berjalan → selesai (or ditolak).
Every step is a SupportRequestEvent with a dated note, so the history reads like a logbook.

A request's id is derived from its follow-up's id (request_id_for), so two nodes that both turn
the same follow-up into a request create the same record, and sync merges them.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.meetings.models import FollowUp
from rembuk.people.models import Agency
from rembuk.regions.models import Region

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
