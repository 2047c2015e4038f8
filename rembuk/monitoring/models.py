"""Village monitoring and learning (pemantauan dan pembelajaran desa, stage 6).

A VillageReview is the village's own session, held before the kecamatan meeting
(docs/mechanism.md#village-monitoring). The kecamatan records its date (planned or held) on the
village's behalf when needed. ActivityProgress is what the session found about each activity of
the plan (stage 6): a status from ActivityStatus and a short note. Everything but the date is
optional: the village must never fill a form for the system's sake
(docs/mechanism.md#not-a-reporting-burden).
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.plans.models import Activity, LivelihoodPlan
from rembuk.regions.models import Region

NOTE_LIMIT = 1000
TEXT_LIMIT = 5000


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "belum_mulai", _("Not started yet")
    IN_PROGRESS = "berjalan", _("In progress")
    DONE = "selesai", _("Done")
    LATE = "terlambat", _("Late")
    BLOCKED = "terhambat", _("Blocked")
    CANCELLED = "batal", _("Cancelled")


class VillageReview(ReplicatedModel):
    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Planned")
        HELD = "terlaksana", _("Held")

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="village_reviews", verbose_name=_("desa")
    )
    plan = models.ForeignKey(
        LivelihoodPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_reviews",
        verbose_name=_("plan"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary of the results"), blank=True, max_length=TEXT_LIMIT)
    # The four questions of the village's session, all optional:
    # docs/mechanism.md#village-monitoring.
    off_track = models.TextField(
        _("what is not going as planned, and why"), blank=True, max_length=TEXT_LIMIT
    )
    support_needed = models.TextField(_("support needed"), blank=True, max_length=TEXT_LIMIT)
    learning = models.TextField(_("what we learnt"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("village monitoring")
        verbose_name_plural = _("village monitoring sessions")
        ordering = ["desa__code", "-date"]

    def __str__(self) -> str:
        return f"{self.desa} {self.date:%d-%m-%Y}"

    def scope_code(self) -> str:
        return self.desa.code

    @property
    def still_to_come(self) -> bool:
        """Its results wait for its day (services refuse them before it)."""
        return is_still_to_come(self.date)


def is_still_to_come(date: datetime.date) -> bool:
    """A session dated after today has not taken place: it is only planned, with no results."""
    return date > timezone.localdate()


class ActivityProgress(ReplicatedModel):
    """The state of one activity as a village review found it."""

    review = models.ForeignKey(
        VillageReview,
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("village monitoring"),
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="progress", verbose_name=_("activity")
    )
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus.choices)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_LIMIT)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        ordering = ["activity__position"]
        constraints = [
            # Only live rows count: a status cleared and set again makes a new row.
            models.UniqueConstraint(
                fields=["review", "activity"],
                condition=models.Q(is_deleted=False),
                name="one_progress_per_activity_per_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.get_status_display()}"

    def scope_code(self) -> str:
        return self.review.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.review_id
