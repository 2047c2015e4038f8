"""Villages learn from each other ("berbagi pembelajaran antar desa": why the kecamatan meets).

A Lesson is a recorded challenge with what was tried and how it ended, findable by other
villages facing something similar. LessonTerm is the search index (stemmed Indonesian terms
per lesson), kept in ordinary tables so search behaves the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.meetings.models import Challenge
from rembuk.regions.models import Region


class Theme(models.TextChoices):
    VILLAGE_FINANCE = "keuangan_desa", _("Village finance & reporting")
    BUMDES = "bumdes", _("BUMDes & capital")
    MARKETING = "pemasaran", _("Marketing & prices")
    PESTS = "hama", _("Crop pests & diseases")
    EXTENSION = "penyuluhan", _("Extension & mentoring")
    FISHERIES = "perikanan", _("Fisheries & sea products")
    LIVESTOCK = "peternakan", _("Livestock")
    WATER = "air", _("Water & irrigation")
    CLIMATE = "iklim", _("Climate & disasters")
    INSTITUTIONS = "kelembagaan", _("Institutions & participation")
    TOURISM = "pariwisata", _("Tourism")
    SKILLS = "keterampilan", _("Skills & training")
    OTHER = "lainnya", _("Other")


class Lesson(ReplicatedModel):
    HISTORY_VALUES: ClassVar[dict[str, Any]] = {
        "themes": Theme.choices,
        "suggested_themes": Theme.choices,
    }

    class Outcome(models.TextChoices):
        WORKED = "berhasil", _("Worked")
        PARTLY = "sebagian", _("Partly worked")
        DID_NOT_WORK = "tidak", _("Did not work")
        UNKNOWN = "belum_diketahui", _("Not known yet")

    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("desa")
    )
    challenge = models.ForeignKey(
        Challenge,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lessons",
        verbose_name=_("challenge"),
    )
    happened_on = models.DateField(_("when"))
    what_happened = models.TextField(_("what happened"), max_length=5000)
    why = models.TextField(_("why"), blank=True, max_length=5000)
    what_was_tried = models.TextField(_("what was tried"), blank=True, max_length=5000)
    outcome = models.CharField(
        _("did it work"), max_length=16, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    contact = models.CharField(_("who to ask"), max_length=300, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)  # confirmed Theme codes
    suggested_themes = models.JSONField(
        default=list, blank=True, verbose_name=_("suggested themes")
    )  # not yet confirmed
    # tim_program may share a lesson beyond its kabupaten.
    shared_beyond_kabupaten = models.BooleanField(_("shared beyond the kabupaten"), default=False)
    summary_edited = models.BooleanField(
        default=False, verbose_name=_("text edited by a person")
    )  # a person edited the drafted text

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-happened_on"]

    def __str__(self) -> str:
        return self.what_happened[:80]

    def scope_code(self) -> str:
        return self.desa.code


class LessonTerm(models.Model):
    """Search index: one row per (lesson, stemmed term). Rebuilt from the lesson on every write;
    local to each node (not replicated).

    The rows are impact-ordered postings (ADR 0009): the lesson's scope and the values the
    filters need are copied onto every row, so a query reads, per term, only the few thousand
    heaviest rows the user may see, straight from the (term, weight) index, never the lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=60)
    weight = models.FloatField()
    desa_code = models.CharField(max_length=20, default="")
    kabupaten_code = models.CharField(max_length=20, default="")
    shared = models.BooleanField(default=False)  # Lesson.shared_beyond_kabupaten
    year = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=16, default="")
    themes = models.CharField(max_length=300, default="")  # confirmed only, as ",hama,air,"

    class Meta:
        indexes = [
            # Per term, heaviest first. The scope and filter columns come last (lesson is
            # unique within a term, so they never change the order): the bounded scan reads no
            # table row, even when selective filters make it walk far down a term's postings.
            models.Index(
                fields=[
                    "term",
                    "-weight",
                    "lesson",
                    "kabupaten_code",
                    "shared",
                    "desa_code",
                    "year",
                    "outcome",
                    "themes",
                ],
                name="lessonterm_postings",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "term"], name="one_row_per_lesson_term")
        ]

    def __str__(self) -> str:
        return f"{self.term}:{self.weight:.2f}"


class LessonVocabulary(models.Model):
    """Every index term with the number of lessons that hold it: the IDF of the ranking and the
    word list typo tolerance looks into (a small table, so the lookup stays bounded)."""

    term = models.CharField(max_length=60, unique=True)
    lesson_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term} ({self.lesson_count})"


class LessonWord(models.Model):
    """Every word the lessons on this node use, as written (normalised, not stemmed), with its
    consonant skeleton: what typo tolerance compares an unknown typed word with ("mcet" and
    "macet" share the skeleton "mct"). Local to each node; words are added as lessons are
    indexed and never counted, so an edit costs one insert of the lesson's new words."""

    word = models.CharField(max_length=60, unique=True)
    skeleton = models.CharField(max_length=60, db_index=True)

    def __str__(self) -> str:
        return self.word


class LessonVector(models.Model):
    """The lesson's meaning as a vector (search/semantic.py): multilingual-e5-small on what
    happened, why and what was tried, stored as float16. Local to each node like LessonTerm,
    with a copy of the scope so the suggestion query never joins the lesson table. `model`
    names what made the vector, so a change of model re-embeds (reindex_lessons)."""

    lesson = models.OneToOneField(
        Lesson, primary_key=True, on_delete=models.CASCADE, related_name="vector"
    )
    model = models.CharField(max_length=40)
    vector = models.BinaryField()
    desa_code = models.CharField(max_length=20)
    kabupaten_code = models.CharField(max_length=20)
    shared = models.BooleanField(default=False)
    happened_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["-happened_on", "lesson"], name="lessonvector_recent")]

    def __str__(self) -> str:
        return f"{self.lesson_id} ({self.model})"


class SuggestionJudgement(ReplicatedModel):
    """What a facilitator made of a suggested lesson for a challenge: added it as an idea from
    another village, or dismissed it as not fitting. Replicated like every meeting record, so the
    judgement of one kecamatan improves the suggestions of every node that receives it
    (search/feedback.py); the follow-up shows whether an adopted idea worked there."""

    class Verdict(models.TextChoices):
        ADOPTED = "dipakai", _("Taken up as an idea")
        DISMISSED = "tidak_cocok", _("Did not fit")

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="judgements")
    sheet = models.ForeignKey("meetings.MeetingSheet", on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(
        "plans.Goal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    challenge_text = models.TextField(_("the challenge"), blank=True, max_length=2000)
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    followup = models.ForeignKey(
        "meetings.FollowUp", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.lesson}"

    def scope_code(self) -> str:
        return self.sheet.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.sheet.meeting_id
