"""Village monitoring and learning (pemantauan dan pembelajaran desa, stage 6).

A VillageReview is the village's own session, held before the kecamatan meeting (seed 000 §3
steps 1–2). The kecamatan records its date (planned or held) on the village's behalf when
needed. Per-activity progress is added with the monitoring issue.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.models import Region


class VillageReview(ReplicatedModel):
    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Planned")
        HELD = "terlaksana", _("Held")

    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="village_reviews")
    plan = models.ForeignKey(
        LivelihoodPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_reviews",
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary of the results"), blank=True, max_length=5000)

    class Meta:
        ordering = ["desa__code", "-date"]

    def __str__(self) -> str:
        return f"{self.desa} {self.date:%Y-%m-%d}"

    def scope_code(self) -> str:
        return self.desa.code
