"""The kecamatan's summary report (Matriks 4) and documents built in the background.

KecamatanReport and its rows are replicated records (they travel to the kabupaten hub).
DocumentExport (the whole-meeting PDF, the ZIP of every village's files, a long Matriks 4…) is
local to this node and not replicated: an export is a cache of a rendering, kept under
MEDIA_ROOT/exports/ and served only through the download view, which checks the scope of the
record it was built from.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembuk.core.models import ReplicatedModel
from rembuk.meetings.models import CoordinationMeeting
from rembuk.regions.models import Region

REPORT_TEXT_LIMIT = 5000


class DocumentExport(models.Model):
    """A document the task worker builds while the person watches its progress
    (rembuk.reports.background): a meeting's files, a Matriks 4, invitation letters, minutes,
    an evaluation. `kind` says which (and which app knows how to build it and who may read it);
    `ref` names the record it is built from."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20)
    ref = models.CharField(max_length=100)
    format = models.CharField(max_length=16)
    desa_code = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # The asker's interface language: the worker builds the file in it, as the request would.
    language = models.CharField(max_length=10, blank=True)
    # The asker's time zone (rembuk.people.middleware.LocalTimeMiddleware): the file's times are
    # on their clock, as the request's would be.
    time_zone = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "ref", "created_by"], name="export_of_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} · {self.format} · {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class KecamatanReport(ReplicatedModel):
    """Laporan ringkas kecamatan (Matriks 4): what the kecamatan brings to the kabupaten team.

    Drafted from a meeting, worded by a person, then sent. A sent report is locked: a correction
    is a new version (`previous` points at the one it supersedes) and both stay readable.
    """

    class Status(models.TextChoices):
        DRAFT = "draf", _("Draft")
        SENT = "terkirim", _("Sent")
        SUPERSEDED = "diganti", _("Superseded by a correction")

    kecamatan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="kecamatan_reports",
        verbose_name=_("kecamatan"),
    )
    meeting = models.ForeignKey(
        CoordinationMeeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kecamatan_reports",
        verbose_name=_("meeting"),
    )
    # The report's own version number (1, 2… a correction adds one). Not `version`: that is the
    # replication version every write through rembuk.core.history increments.
    edition = models.PositiveIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("version it replaces"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("note to the kabupaten"), blank=True, max_length=REPORT_TEXT_LIMIT)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("kecamatan report (Matriks 4)")
        verbose_name_plural = _("kecamatan reports (Matriks 4)")
        ordering = ["-sent_at", "-changed_at"]

    def __str__(self) -> str:
        return f"Matriks 4 · {self.kecamatan} · v{self.edition}"

    def scope_code(self) -> str:
        return self.kecamatan.code

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


class KecamatanReportRow(ReplicatedModel):
    """One village's row of Matriks 4. Each text is a few lines; a line is one bullet."""

    report = models.ForeignKey(
        KecamatanReport,
        on_delete=models.PROTECT,
        related_name="rows",
        verbose_name=_("kecamatan report (Matriks 4)"),
    )
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    goals_and_efforts = models.TextField(
        _("goals and what the village is doing"), blank=True, max_length=REPORT_TEXT_LIMIT
    )
    challenges = models.TextField(
        _("challenges the village faces and their causes"),
        blank=True,
        max_length=REPORT_TEXT_LIMIT,
    )
    support_needed = models.TextField(
        _("follow-up or support needed"), blank=True, max_length=REPORT_TEXT_LIMIT
    )

    class Meta:
        verbose_name = _("row of the kecamatan report")
        verbose_name_plural = _("rows of the kecamatan report")
        ordering = ["position", "desa__name"]

    def __str__(self) -> str:
        return f"{self.report} · {self.desa}"

    def scope_code(self) -> str:
        return self.desa.code

    def history_root_id(self) -> uuid.UUID:
        return self.report_id
