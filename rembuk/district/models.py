"""The kabupaten team's meetings (Tim Koordinasi Teknis Kabupaten,
docs/mechanism.md#kabupaten-team-meetings).

The team meets at least three times a year to discuss progress and obstacles, find solutions
and plan follow-up. A DistrictMeeting's agenda comes from the kecamatan reports received since
the last meeting and the open support requests, grouped by agency; an AgendaItem records what
was decided and who must do what by when.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.people.models import Agency
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest

TEXT_LIMIT = 5000
# "setidaknya 3 kali dalam setahun": docs/mechanism.md#kabupaten-team-meetings
MEETINGS_PER_YEAR = 3


class DistrictMeeting(ReplicatedModel):
    """Pertemuan koordinasi tim kabupaten."""

    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Planned")
        HELD = "terlaksana", _("Held")

    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="district_meetings",
        verbose_name=_("kabupaten"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    participants = models.TextField(_("who took part"), blank=True, max_length=TEXT_LIMIT)
    minutes = models.TextField(_("general notes"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("kabupaten team meeting")
        verbose_name_plural = _("kabupaten team meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.kabupaten} {self.date:%d-%m-%Y}"

    def scope_code(self) -> str:
        return self.kabupaten.code


class AgendaItem(ReplicatedModel):
    """One point of a kabupaten meeting: a kecamatan report or a support request, or free."""

    meeting = models.ForeignKey(
        DistrictMeeting,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("meeting"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    report = models.ForeignKey(
        KecamatanReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan report (Matriks 4)"),
    )
    request = models.ForeignKey(
        SupportRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("support request"),
    )
    title = models.CharField(_("topic"), max_length=300, blank=True)
    decision = models.TextField(_("decision"), blank=True, max_length=TEXT_LIMIT)
    # A new assignment agreed at the meeting: who must do what by when.
    assigned_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency assigned"),
    )
    assignment = models.TextField(_("assignment"), blank=True, max_length=TEXT_LIMIT)
    assignment_due = models.DateField(_("assignment due"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.title or str(self.request or self.report or self.id)

    def scope_code(self) -> str:
        return self.meeting.kabupaten.code

    def history_root_id(self) -> uuid.UUID:
        return self.meeting_id
