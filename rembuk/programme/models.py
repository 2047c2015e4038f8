"""The eight programme stages per desa (docs/mechanism.md#the-eight-stages) and the dashboards that
read them.

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


# --- the dashboards' figures, kept as the records change (rembuk.programme.rollups) -------------
# Derived and local to each node, like a search index: never replicated, rebuilt from the records
# by `manage.py rebuild_figures`. See docs/decisions/0018-dashboard-figures-kept-as-rollups.md.


class DesaFigures(models.Model):
    """One programme desa as the dashboards read it, and what it adds to every region above it."""

    desa = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(max_length=20)  # the desa's, so lists filter by region without a join
    has_plan = models.BooleanField(default=False)
    stage = models.PositiveSmallIntegerField(default=0)  # the current stage; 0: none started
    stage_status = models.CharField(max_length=10, blank=True)
    stage_date = models.DateField(null=True, blank=True)
    # Every held review's date and every meeting record's date, oldest first. A record dated
    # after today does not count yet; `latest_day` finds the rare desa that has one.
    review_days = models.JSONField(default=list)
    meeting_days = models.JSONField(default=list)
    last_review = models.DateField(null=True, blank=True)  # the latest of review_days
    last_meeting = models.DateField(null=True, blank=True)  # the latest of meeting_days
    # The earlier of its latest review and latest meeting record (NO_DAY when it lacks either):
    # the desa is quiet on a day when this is more than four months before it.
    last_active = models.DateField()
    latest_day = models.DateField()
    # [[figure, key, day, count], …]: its share of every RegionTally above it.
    tallies = models.JSONField(default=list)

    class Meta:
        indexes = [
            models.Index(fields=["code"], name="desafigures_code"),
            models.Index(fields=["-stage", "code"], name="desafigures_stage"),
            models.Index(fields=["latest_day"], name="desafigures_latest_day"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.stage}"


class RegionTally(models.Model):
    """One number of one region: how many desa are at a stage, activities with a status in a
    year, open requests submitted on a day… `region_code` "" is the whole country."""

    region_code = models.CharField(max_length=20)
    depth = models.PositiveSmallIntegerField()  # 0 the country, 1 provinsi … 3 kecamatan
    figure = models.CharField(max_length=20)
    key = models.CharField(max_length=80, blank=True)
    day = models.DateField()  # the day or year (1 January) it counts; NO_DAY when undated
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "figure", "key", "day"], name="one_tally_per_region_key_day"
            )
        ]
        indexes = [models.Index(fields=["depth", "region_code", "figure"], name="tally_rows")]

    def __str__(self) -> str:
        return f"{self.region_code or '*'} {self.figure} {self.key} {self.day}: {self.count}"


class PendingFigures(models.Model):
    """A desa, meeting or kecamatan whose figures must be computed again. Written in the
    transaction of the change that calls for it, removed by the refresh that does it."""

    class Kind(models.TextChoices):
        DESA = "desa"  # ref: the desa's code
        DESA_ID = "desa_id"  # ref: the desa's id
        MEETING = "meeting"  # ref: a coordination meeting's id
        KECAMATAN_ID = "kecamatan_id"  # ref: a kecamatan's id
        RECORD = "record"  # ref: "model_label:id" of a record whose desa is read at refresh
        ALL = "all"  # everything (a new installation, or figures made by an older version)

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ref = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.ref}"
