"""Writes to a person's own notifications: mark read, and the email preference.

Notifications are local to the node and not replicated (ADR 0008), so they are written with the
ORM directly rather than through rembuk.core.history; only rembuk.notifications.rules creates them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from rembuk.notifications.models import Notification, NotificationPreference


def notification_mark_read(*, notification: Notification, actor: Any) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_preference_set(*, actor: Any, by_email: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=actor, defaults={"by_email": by_email}
    )
    return preference
