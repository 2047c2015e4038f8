"""The village livelihood plan (Rencana Penghidupan Desa, Matriks 1 / Matriks 10).

LivelihoodPlan (desa, period) > Goal (tujuan utama & target) > Milestone (tujuan antara) and
Activity (kegiatan). An activity always belongs to a goal and usually to one of its milestones.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.regions.models import Region


class FundingSource(models.TextChoices):
    DANA_DESA = "dana_desa", _("Dana Desa")
    ADD = "add", _("ADD")
    BUMDES = "bumdes", _("BUMDes")
    CSR = "csr", _("CSR")
    SWADAYA = "swadaya", _("Swadaya")
    APBD_KABUPATEN = "apbd_kabupaten", _("APBD Kabupaten")
    APBD_PROVINSI = "apbd_provinsi", _("APBD Provinsi")
    APBN = "apbn", _("APBN")
    OPD_TEKNIS = "opd_teknis", _("OPD teknis")
    LAINNYA = "lainnya", _("Other")


class Authority(models.TextChoices):
    """Kewenangan. Anything but desa or swadaya is carried to the Musrenbang Kecamatan."""

    # Kewenangan as the plans say it; terms of art stay Indonesian in English too.
    DESA = "desa", _("Desa")
    KABUPATEN = "kabupaten", _("Kabupaten")
    PROVINSI = "provinsi", _("Provinsi")
    PUSAT = "pusat", _("Pusat")
    SWADAYA = "swadaya", _("Swadaya")
    PIHAK_LAIN = "pihak_lain", _("Pihak lain")


MUSRENBANG_AUTHORITIES = (Authority.KABUPATEN, Authority.PROVINSI, Authority.PUSAT)


def year_unless_named(target: str, year: int | None) -> int | None:
    """The target year to print after a target, unless the target already names it
    ("… di tahun 2025" is not followed by "tahun 2025" again)."""
    return None if year and str(year) in (target or "") else year


class LivelihoodPlan(ReplicatedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "ditetapkan", _("Adopted")

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="plans", verbose_name=_("desa")
    )
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("date of the musyawarah desa"), null=True, blank=True)
    previous_plan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_plans",
        verbose_name=_("previous plan"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("village plan")
        verbose_name_plural = _("village plans")
        ordering = ["desa__code", "-period_start"]

    def __str__(self) -> str:
        return f"{self.desa} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    def scope_code(self) -> str:
        return self.desa.code


class Goal(ReplicatedModel):
    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.PROTECT, related_name="goals", verbose_name=_("plan")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    statement = models.TextField(_("main goal"), max_length=2000)
    target = models.TextField(_("target"), blank=True, max_length=2000)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.statement[:80]

    def scope_code(self) -> str:
        return self.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.plan_id

    @property
    def shown_target_year(self) -> int | None:
        return year_unless_named(self.target, self.target_year)


class Milestone(ReplicatedModel):
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="milestones", verbose_name=_("goal")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    statement = models.TextField(_("intermediate goal"), max_length=2000)
    target_value = models.TextField(_("target value"), blank=True, max_length=1000)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

    class Meta:
        verbose_name = _("intermediate goal")
        verbose_name_plural = _("intermediate goals")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.statement[:80]

    def scope_code(self) -> str:
        return self.goal.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.goal.plan_id

    @property
    def shown_target_year(self) -> int | None:
        return year_unless_named(self.target_value, self.target_year)


class Activity(ReplicatedModel):
    HISTORY_VALUES: ClassVar[dict[str, Any]] = {"funding_sources": FundingSource.choices}

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="activities", verbose_name=_("goal")
    )
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("intermediate goal"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    name = models.TextField(_("activity"), max_length=1000)
    description = models.TextField(_("description (when and how)"), blank=True, max_length=2000)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)
    funding_note = models.CharField(_("funding details"), max_length=300, blank=True)
    authority = models.CharField(
        _("authority"), max_length=12, choices=Authority.choices, default=Authority.DESA
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.name[:80]

    def scope_code(self) -> str:
        return self.goal.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.goal.plan_id

    @property
    def is_musrenbang_proposal(self) -> bool:
        return self.authority in MUSRENBANG_AUTHORITIES

    def funding_labels(self) -> list[str]:
        labels = dict(FundingSource.choices)
        return [str(labels.get(code, code)) for code in self.funding_sources]


class ActivityDependency(ReplicatedModel):
    """`activity` cannot go ahead before `depends_on` (e.g. buying harvests needs the capital).

    A blocked or late activity shows the activities it holds up: those that depend on it.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="dependencies", verbose_name=_("activity")
    )
    depends_on = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="dependents", verbose_name=_("depends on")
    )

    class Meta:
        verbose_name = _("link between activities")
        verbose_name_plural = _("links between activities")
        constraints = [
            # Live links only: a link removed (a tombstone) may be added again later.
            models.UniqueConstraint(
                fields=["activity", "depends_on"],
                condition=models.Q(is_deleted=False),
                name="activity_dependency_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} ← {self.depends_on}"

    def scope_code(self) -> str:
        return self.activity.goal.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.activity.goal.plan_id
