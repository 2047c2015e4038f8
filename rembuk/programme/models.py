"""The eight programme stages per desa (seed 002 §3.2) and the dashboards that read them.

Rembuk knows some stages from what is recorded (plan adopted → 5, a village review held → 6,
a support request answered → 7, an end-of-period evaluation → 8); those are derived when read
(rembuk.programme.stages), so they can never disagree with the records. A StageProgress row is
what a person sets by hand: the stages Rembuk cannot see (1–4), or a correction.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.regions.models import Region


class Stage(models.IntegerChoices):
    GUIDE = 1, _("Prepare the implementation guide")
    TRAINERS = 2, _("Prepare and train district trainers and facilitators")
    VILLAGE_FACILITATORS = 3, _("Prepare village facilitators")
    PLANNING = 4, _("Facilitate the village livelihood planning")
    ADOPTION = 5, _("Adopt the village plan and send proposals to the kabupaten")
    IMPLEMENTATION = 6, _("Carry out the planned activities and monitor progress")
    SUPPORT = 7, _("Follow up the villages' support needs")
    EVALUATION = 8, _("Evaluate and feed back into the next period's plan")


class StageProgress(ReplicatedModel):
    class Status(models.TextChoices):
        NOT_STARTED = "belum", _("Not started")
        IN_PROGRESS = "berjalan", _("In progress")
        DONE = "selesai", _("Done")

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="stage_progress", verbose_name=_("desa")
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NOT_STARTED
    )
    date = models.DateField(_("date"), null=True, blank=True)
    done_by = models.CharField(_("who"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("stage progress")
        verbose_name_plural = _("stage progress")
        ordering = ["desa__code", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "stage"], name="one_stage_row_per_desa")
        ]

    def __str__(self) -> str:
        return f"{self.desa} · {self.stage} · {self.get_status_display()}"

    def scope_code(self) -> str:
        return self.desa.code
