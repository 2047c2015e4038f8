"""Notifications inside Rembuk: a per-user list with an unread count, email as an option.

Local to each node, not replicated: they are derived from the change log on the node where the
person logs in (rembuk.notifications.rules reads every recorded change, local or arrived by
sync), so a request created on a kecamatan laptop notifies the agency when it reaches the hub.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rembuk.notifications import wording


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_REQUEST = "permintaan_baru", _("New support request for your agency")
        REQUEST_STATUS = "status_permintaan", _("A support request changed status")
        MEETING_SCHEDULED = "rapat_dijadwalkan", _("Meeting scheduled")
        REPORT_RECEIVED = "laporan_diterima", _("Kecamatan report received")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # The sentence as first written, in the recipient's default language: the email's text,
    # and what is shown when the sentence below is unknown (a notification from an older
    # version). Pages render `sentence` with `params` in the reader's current language.
    message = models.CharField(max_length=300)
    sentence = models.CharField(max_length=40, blank=True)  # a key of wording.SENTENCES
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # The change that caused it: one notification per person per change, even if the rules
    # see the same change twice (a sync retry).
    change_id = models.UUIDField()
    # When the change it tells of was recorded.
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "change_id", "kind"], name="one_notification_per_change"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text()

    def text(self) -> str:
        """The notification in the language active now."""
        return wording.render(self.sentence, self.params) or self.message


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    by_email = models.BooleanField(_("also send by email"), default=False)

    def __str__(self) -> str:
        return f"{self.user} · email={self.by_email}"
