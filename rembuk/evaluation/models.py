"""End-of-period evaluation of a village plan (stage 8) and the livelihood assets profile of a
desa (the five capitals and the vulnerability context); see
docs/mechanism.md#evaluation-and-livelihood-assets.

PlanEvaluation (plan) > GoalEvaluation (goal): target against what was achieved, the factors,
what to keep and what to change, and which goal, milestones and activities continue into the
next period. LivelihoodAssets (desa, year) is the yearly village profile update.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.plans.models import Goal, LivelihoodPlan
from rembuk.regions.models import Region

TEXT_LIMIT = 5000
NOTE_LIMIT = 2000


class Result(models.TextChoices):
    # The same codes as meetings.GoalReview.Result, so a review prefills an evaluation as is.
    ACHIEVED = "tercapai", _("Achieved")
    PARTLY = "sebagian", _("Partly achieved")
    NOT_ACHIEVED = "tidak_tercapai", _("Not achieved")


class PlanEvaluation(ReplicatedModel):
    plan = models.ForeignKey(
        LivelihoodPlan, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("plan")
    )
    date = models.DateField(_("date of the evaluation"))
    participants = models.TextField(_("who took part"), blank=True, max_length=NOTE_LIMIT)
    notes = models.TextField(_("overall notes"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("end-of-period evaluation")
        verbose_name_plural = _("end-of-period evaluations")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.plan} ({self.date:%d-%m-%Y})"

    def scope_code(self) -> str:
        return self.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.plan_id


class GoalEvaluation(ReplicatedModel):
    HISTORY_VALUES: ClassVar[dict[str, Any]] = {
        "continued_milestone_ids": "plans.milestone",
        "continued_activity_ids": "plans.activity",
    }

    evaluation = models.ForeignKey(
        PlanEvaluation,
        on_delete=models.PROTECT,
        related_name="goal_evaluations",
        verbose_name=_("end-of-period evaluation"),
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="+", verbose_name=_("goal")
    )
    achieved = models.TextField(_("what was achieved"), blank=True, max_length=TEXT_LIMIT)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    factors = models.TextField(_("factors"), blank=True, max_length=TEXT_LIMIT)
    keep = models.TextField(_("what to keep"), blank=True, max_length=TEXT_LIMIT)
    change = models.TextField(_("what to change"), blank=True, max_length=TEXT_LIMIT)
    carry_forward = models.BooleanField(_("continue into the next period"), default=False)
    # Ids of this goal's milestones and activities that continue (a JSON list, like
    # meetings.Challenge.blocked_activity_ids: one record travels, not one per mark).
    continued_milestone_ids = models.JSONField(
        default=list, blank=True, verbose_name=_("intermediate goals continued")
    )
    continued_activity_ids = models.JSONField(
        default=list, blank=True, verbose_name=_("activities continued")
    )

    class Meta:
        verbose_name = _("evaluation of a goal")
        verbose_name_plural = _("evaluations of goals")

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_result_display()}"

    def scope_code(self) -> str:
        return self.evaluation.plan.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.evaluation.plan_id


class LivelihoodAssets(ReplicatedModel):
    """The five capitals of a desa in one year, and its vulnerability context."""

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="livelihood_assets", verbose_name=_("desa")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    human = models.TextField(_("human capital (manusia)"), blank=True, max_length=NOTE_LIMIT)
    natural = models.TextField(_("natural capital (alam)"), blank=True, max_length=NOTE_LIMIT)
    financial = models.TextField(
        _("financial capital (keuangan)"), blank=True, max_length=NOTE_LIMIT
    )
    physical = models.TextField(_("physical capital (fisik)"), blank=True, max_length=NOTE_LIMIT)
    social = models.TextField(_("social capital (sosial)"), blank=True, max_length=NOTE_LIMIT)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    poor_households = models.PositiveIntegerField(_("poor households"), null=True, blank=True)
    producer_groups = models.PositiveIntegerField(
        _("farmer and fisher groups"), null=True, blank=True
    )
    bumdes_units = models.PositiveIntegerField(_("active BUMDes units"), null=True, blank=True)
    clean_water_households = models.PositiveIntegerField(
        _("households with clean water"), null=True, blank=True
    )
    shocks = models.TextField(_("shocks (guncangan)"), blank=True, max_length=NOTE_LIMIT)
    trends = models.TextField(_("trends (tren)"), blank=True, max_length=NOTE_LIMIT)
    seasonality = models.TextField(_("seasonality (musiman)"), blank=True, max_length=NOTE_LIMIT)

    class Meta:
        verbose_name = _("livelihood assets profile")
        verbose_name_plural = _("livelihood assets profiles")
        ordering = ["desa__code", "-year"]

    def __str__(self) -> str:
        return f"{self.desa} {self.year}"

    def scope_code(self) -> str:
        return self.desa.code


CAPITALS = ("human", "natural", "financial", "physical", "social")
COUNTS = (
    "households",
    "poor_households",
    "producer_groups",
    "bumdes_units",
    "clean_water_households",
)
VULNERABILITY = ("shocks", "trends", "seasonality")


def field_label(name: str) -> str:
    """The label of a LivelihoodAssets field, capitalised, as screens and documents show it."""
    field = LivelihoodAssets._meta.get_field(name)
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]
