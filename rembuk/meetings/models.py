"""The kecamatan coordination meeting and its sheets (Matriks 2 and 3), as in
docs/mechanism.md#kecamatan-coordination-meeting ("running, step N": a numbered step of running it).

CoordinationMeeting (kecamatan, date) > MeetingSheet (one per invited desa, in discussion order)
> Challenge and FollowUp rows, each tied to a goal of the desa's plan (the rows of Matriks 3).
Follow-ups not closed at one meeting are reviewed at the next (FollowUpReview, the "Catatan"
under running, step 9). GoalReview is the end-of-period review of a goal (running, step 5).
ShareLink gives a village a read-only link to its sheet without logging in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.people.models import Agency
from rembuk.plans.models import Goal, LivelihoodPlan, Milestone
from rembuk.regions.models import Region

TEXT_LIMIT = 5000  # a longer text gets a clear message, never a silent cut


class CoordinationMeeting(ReplicatedModel):
    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("Planned")
        OPEN = "berlangsung", _("In progress")
        CLOSED = "selesai", _("Closed")

    kecamatan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="coordination_meetings",
        verbose_name=_("kecamatan"),
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    purpose = models.TextField(_("purpose"), blank=True, max_length=TEXT_LIMIT)
    # The invitation letter (surat undangan).
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    letter_nature = models.CharField(_("nature (sifat)"), max_length=60, blank=True)
    letter_attachments = models.CharField(_("attachments (lampiran)"), max_length=100, blank=True)
    signatory_name = models.CharField(_("name of the Camat"), max_length=150, blank=True)
    signatory_nip = models.CharField(_("NIP of the Camat"), max_length=40, blank=True)
    signatory_title = models.CharField(_("title of the signatory"), max_length=150, blank=True)
    # Attendance of people who do not represent a village (agency staff, facilitators).
    other_participants = models.TextField(
        _("other participants"), blank=True, max_length=TEXT_LIMIT
    )
    # Closing (running, step 11).
    next_meeting_date = models.DateField(_("next meeting date"), null=True, blank=True)
    documents_note = models.TextField(
        _("how villages get their documents"), blank=True, max_length=TEXT_LIMIT
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))
    previous_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_meetings",
        verbose_name=_("previous meeting"),
    )

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.kecamatan} {self.date:%d-%m-%Y}"

    def scope_code(self) -> str:
        return self.kecamatan.code


class MeetingSheet(ReplicatedModel):
    """One village's Matriks 2/3 in one meeting."""

    meeting = models.ForeignKey(
        CoordinationMeeting,
        on_delete=models.PROTECT,
        related_name="sheets",
        verbose_name=_("meeting"),
    )
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="meeting_sheets", verbose_name=_("desa")
    )
    plan = models.ForeignKey(
        LivelihoodPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_sheets",
        verbose_name=_("plan"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    representatives = models.TextField(_("village representatives"), blank=True, max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("village sheet")
        verbose_name_plural = _("village sheets")
        ordering = ["position", "desa__name"]

    def __str__(self) -> str:
        return f"{self.desa} · {self.meeting.date:%d-%m-%Y}"

    def scope_code(self) -> str:
        return self.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.meeting_id


class Challenge(ReplicatedModel):
    """Kendala/tantangan & pembelajaran, on the row of one goal (and optionally a milestone)."""

    HISTORY_VALUES: ClassVar[dict[str, Any]] = {"blocked_activity_ids": "plans.activity"}

    sheet = models.ForeignKey(
        MeetingSheet,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("village sheet"),
    )
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goal"),
    )
    milestone = models.ForeignKey(
        Milestone,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("intermediate goal"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    text = models.TextField(_("what is not going as planned"), max_length=TEXT_LIMIT)
    cause = models.TextField(_("cause"), blank=True, max_length=TEXT_LIMIT)
    learning = models.TextField(_("learning"), blank=True, max_length=TEXT_LIMIT)
    # Activity ids this challenge holds up ("6 dari 7 kegiatan").
    blocked_activity_ids = models.JSONField(
        default=list, blank=True, verbose_name=_("activities it holds up")
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.text[:80]

    def scope_code(self) -> str:
        return self.sheet.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.sheet.meeting_id

    def holds_up(
        self, goal_activity_ids: set[str], plan_activity_ids: set[str] | None = None
    ) -> tuple[int, int] | None:
        """(blocked, out of) for the note "menghambat 6 dari 7 kegiatan", or None when there is
        nothing to add: no activity blocked, or the text already says it as the guide's example does
        ("(6 dari 7 kegiatan)"). Out of the goal's activities when all blocked ones lie in it,
        otherwise out of the whole plan. The screens and the printouts both ask here."""
        return blocked_share(
            self.text, self.blocked_activity_ids or [], goal_activity_ids, plan_activity_ids
        )


def blocked_share(
    text: str,
    blocked_activity_ids: Iterable[Any],
    goal_activity_ids: set[str],
    plan_activity_ids: set[str] | None = None,
) -> tuple[int, int] | None:
    """Challenge.holds_up for a challenge's text and blocked ids given as values (the meeting
    page reads its challenges as values, not records)."""
    plan_ids = plan_activity_ids if plan_activity_ids is not None else goal_activity_ids
    blocked = {str(i) for i in blocked_activity_ids} & (plan_ids | goal_activity_ids)
    if not blocked:
        return None
    total = len(goal_activity_ids) if blocked <= goal_activity_ids else len(plan_ids)
    if f"{len(blocked)} dari {total} kegiatan" in text:
        return None
    return len(blocked), total


class FollowUp(ReplicatedModel):
    """Gagasan solusi & tindak lanjut agreed at a meeting."""

    class Kind(models.TextChoices):
        IDEA_FROM_OTHER_VILLAGE = "gagasan_desa_lain", _("Idea from another village")
        VILLAGE_ACTION = "aksi_desa", _("Village action")
        KECAMATAN_SUPPORT = "dukungan_kecamatan", _("Support from the kecamatan")
        AGENCY_SUPPORT = "dukungan_opd", _("Support from an agency (OPD)")

    class Owner(models.TextChoices):
        DESA = "desa", _("The village")
        KECAMATAN = "kecamatan", _("The kecamatan")
        AGENCY = "opd", _("An agency (OPD)")

    class Status(models.TextChoices):
        OPEN = "belum", _("Not started")
        IN_PROGRESS = "berjalan", _("In progress")
        DONE = "selesai", _("Done")
        NO_LONGER_RELEVANT = "tidak_relevan", _("No longer relevant")

    sheet = models.ForeignKey(
        MeetingSheet,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("village sheet"),
    )
    challenge = models.ForeignKey(
        Challenge,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("challenge"),
    )
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goal"),
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    text = models.TextField(_("follow-up"), max_length=TEXT_LIMIT)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    owner = models.CharField(_("owner"), max_length=12, choices=Owner.choices, default=Owner.DESA)
    owner_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name=_("agency (OPD)"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    # An idea taken from another village's lesson (kind gagasan_desa_lain): the link lets the
    # kabupaten see which lessons travelled and whether they worked there too.
    source_lesson = models.ForeignKey(
        "learning.Lesson",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("from the lesson"),
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["position", "changed_at"]

    def __str__(self) -> str:
        return self.text[:80]

    def scope_code(self) -> str:
        return self.sheet.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.sheet.meeting_id

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.NO_LONGER_RELEVANT)

    @property
    def status_now(self) -> str:
        """The status as far as Rembuk knows today. `status` is what the meeting recorded and
        a closed meeting is read-only; an agency answering the support request made from this
        follow-up says more, so screens show that (and the next meeting's review starts from
        it). Read with select_related("support_request") to avoid a query per follow-up."""
        if self.is_closed:
            return self.status
        try:
            request = self.support_request  # type: ignore[attr-defined]
        except ObjectDoesNotExist:
            return self.status
        return self.status_given(self.status, request.status)

    @classmethod
    def status_given(cls, status: str, request_status: str | None) -> str:
        """status_now for a follow-up read as values: its recorded status and the status of
        its support request (None without one)."""
        if status in (cls.Status.DONE, cls.Status.NO_LONGER_RELEVANT) or request_status is None:
            return status
        if request_status == "selesai":
            return cls.Status.DONE
        if request_status in ("diterima", "dijadwalkan", "berjalan"):
            return cls.Status.IN_PROGRESS
        return status

    @property
    def status_now_label(self) -> str:
        return str(dict(self.Status.choices)[self.status_now])


class FollowUpReview(ReplicatedModel):
    """A follow-up from an earlier meeting, reviewed at this one
    (docs/mechanism.md#reviewing-earlier-follow-ups)."""

    meeting = models.ForeignKey(
        CoordinationMeeting,
        on_delete=models.PROTECT,
        related_name="followup_reviews",
        verbose_name=_("meeting"),
    )
    followup = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("follow-up")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUp.Status.choices, default=FollowUp.Status.OPEN
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("review of a follow-up")
        verbose_name_plural = _("reviews of follow-ups")
        ordering = ["changed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "followup"], name="one_review_per_followup_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.followup} @ {self.meeting}"

    def scope_code(self) -> str:
        return self.followup.sheet.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.meeting_id


class GoalReview(ReplicatedModel):
    """End-of-period review of one goal (docs/mechanism.md#end-of-period-review)."""

    class Result(models.TextChoices):
        ACHIEVED = "tercapai", _("Achieved")
        PARTLY = "sebagian", _("Partly achieved")
        NOT_ACHIEVED = "tidak_tercapai", _("Not achieved")

    sheet = models.ForeignKey(
        MeetingSheet,
        on_delete=models.PROTECT,
        related_name="goal_reviews",
        verbose_name=_("village sheet"),
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="+", verbose_name=_("goal")
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    factors = models.TextField(_("factors the village names"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        verbose_name = _("end-of-period goal review")
        verbose_name_plural = _("end-of-period goal reviews")

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_result_display()}"

    def scope_code(self) -> str:
        return self.sheet.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.sheet.meeting_id


class ShareLink(models.Model):
    """A read-only, expiring, revocable link to one sheet for a village's WhatsApp group.

    The token is `public_id.signature`, where the signature is an HMAC of the public id under a
    key derived from SECRET_KEY (rembuk.meetings.services.share_token). Nothing secret is
    stored, yet the server can print the same URL again later (the QR code on a poster).
    Rotating SECRET_KEY therefore invalidates every link. Not replicated: a link works on the
    node that issued it.
    """

    sheet = models.ForeignKey(MeetingSheet, on_delete=models.CASCADE, related_name="share_links")
    public_id = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.public_id}"


class PresenterState(models.Model):
    """Which village sheet and row the projector shows; the laptop moves it, the screen polls.

    Local to this node and not replicated: it is the state of one room, for a few hours.
    """

    meeting = models.OneToOneField(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="presenter_state"
    )
    sheet = models.ForeignKey(MeetingSheet, null=True, on_delete=models.SET_NULL, related_name="+")
    # The goal row under discussion; None: the village's opening (its monitoring results and the
    # follow-ups it carries), which the room hears before the discussion of its rows begins.
    row = models.PositiveIntegerField(null=True, blank=True, default=None)
    # How far the presenter has read into that row (or the opening) when it is taller than the
    # screen: the share of its height scrolled past the top of the presenter's sheet, from 0
    # (its top) to 1. A share rather than pixels, so that a screen of another size, whose rows
    # are as many lines but more or fewer pixels tall, shows the same line (ADR 0016).
    row_fraction = models.FloatField(default=0.0)
    # How many times the laptop has shown a village or a row, the same one again included; the
    # reading reports within a row leave it alone. A screen that scrolled by wheel or touch (which
    # tells nobody) sees a row shown again only by this count moving (ADR 0016).
    shows = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(row_fraction__gte=0) & models.Q(row_fraction__lte=1),
                name="presenter_row_fraction_between_0_and_1",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.sheet_id} · {self.row}"
