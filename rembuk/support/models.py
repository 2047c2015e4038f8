"""Support requests routed to agencies, and the kabupaten team's meetings (stage 7;
docs/mechanism.md#support-requests).

A follow-up of kind "dukungan OPD" agreed at a kecamatan meeting becomes a SupportRequest. The
kabupaten team triages it (accepts it for an agency, reroutes it, or declines it with a reason);
the agency's staff move it through diterima → dijadwalkan → berjalan → selesai (or ditolak).
Every step is a SupportRequestEvent with a dated note, so the history reads like a logbook.

A request's id is derived from its follow-up's id (request_id_for), so two nodes that both turn
the same follow-up into a request create the same record, and sync merges them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.meetings.models import FollowUp
from rembuk.people.models import Agency
from rembuk.regions.models import Region

TEXT_LIMIT = 5000
DUE_SOON_DAYS = 14  # "segera jatuh tempo" within 14 days: docs/mechanism.md#support-requests


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
        FollowUp,
        on_delete=models.PROTECT,
        related_name="support_request",
        verbose_name=_("follow-up"),
    )
    # Copied from the follow-up's sheet so lists filter by region without four joins.
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("desa")
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("agency (OPD)"),
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
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["due_date", "changed_at"]

    def __str__(self) -> str:
        return self.text[:80]

    def scope_code(self) -> str:
        return self.desa.code

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.DECLINED)

    def due_state_on(self, today: datetime.date) -> SupportRequest.Due:
        """The one rule for a request's due state; every page and badge reads it from here."""
        if self.is_closed:
            return self.Due.DONE
        if self.due_date is None:
            return self.Due.NO_DEADLINE
        if self.due_date < today:
            return self.Due.OVERDUE
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return self.Due.DUE_SOON
        return self.Due.ON_SCHEDULE

    @property
    def due_state(self) -> SupportRequest.Due:
        return self.due_state_on(timezone.localdate())

    @classmethod
    def due_state_q(cls, state: str, today: datetime.date) -> models.Q:
        """The requests whose due_state_on(today) is `state`, as a filter (the same rule, for
        lists filtered by due state; a test holds the two together)."""
        closed = models.Q(status__in=[cls.Status.DONE, cls.Status.DECLINED])
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        conditions = {
            cls.Due.DONE: closed,
            cls.Due.NO_DEADLINE: ~closed & models.Q(due_date__isnull=True),
            cls.Due.OVERDUE: ~closed & models.Q(due_date__lt=today),
            cls.Due.DUE_SOON: ~closed & models.Q(due_date__gte=today, due_date__lte=soon),
            cls.Due.ON_SCHEDULE: ~closed & models.Q(due_date__gt=soon),
        }
        return conditions[cls.Due(state)]


def _status_label(value: str) -> str:
    return str(SupportRequest.Status(value).label) if value in SupportRequest.Status.values else ""


class SupportRequestEvent(ReplicatedModel):
    """One dated step in a request's life: triage, reroute, a status change, a note."""

    HISTORY_VALUES: ClassVar[dict[str, Any]] = {
        "from_status": SupportRequest.Status.choices,
        "to_status": SupportRequest.Status.choices,
    }

    class Kind(models.TextChoices):
        SUBMITTED = "diajukan", _("Submitted")
        ACCEPTED = "diterima", _("Accepted for an agency")
        REROUTED = "dialihkan", _("Rerouted to another agency")
        DECLINED = "ditolak", _("Declined")
        STATUS = "status", _("Status changed")
        DUE_DATE = "tenggat", _("Due date set")
        NOTE = "catatan", _("Note")

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("support request"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    from_status = models.CharField(max_length=12, blank=True, verbose_name=_("status before"))
    to_status = models.CharField(max_length=12, blank=True, verbose_name=_("status after"))
    from_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency before"),
    )
    to_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency after"),
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)
    # The date this step set, if any: the visit date when scheduling, the new due date.
    set_date = models.DateField(_("date set"), null=True, blank=True)

    class Meta:
        verbose_name = _("step of a support request")
        verbose_name_plural = _("steps of support requests")
        ordering = ["date", "changed_at"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()} · {self.date:%d-%m-%Y}"

    @property
    def from_status_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return _status_label(self.to_status)

    def scope_code(self) -> str:
        return self.request.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.request_id
