"""Reads of a person's own notifications (nobody reads anyone else's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from rembuk.core.models import ChangeLog
from rembuk.core.prepared import PreparedRead
from rembuk.notifications.models import Notification, NotificationPreference
from rembuk.notifications.rules import target_url

PAGE_SIZE = 50


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notification_of(user: Any, notification_id: int) -> Notification:
    try:
        return notifications_of(user).get(pk=notification_id)
    except Notification.DoesNotExist as missing:
        raise Http404 from missing


def notification_target(notification: Notification) -> str:
    """Where opening the notification leads: its own link, else the page of what it is about,
    which may exist now even if it did not when the notification was made ("" when neither)."""
    if notification.url:
        return notification.url
    entry = ChangeLog.objects.filter(change_id=notification.change_id).first()
    return target_url(entry.model_label, entry.object_id) if entry else ""


# The header's bell asks on every page: the count's SQL is compiled once per process
# (rembuk.core.prepared). Grouped by the one person, so no unread row means no row.
_UNREAD_OF = PreparedRead(
    lambda user_id: (
        Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(unread=Count("id"))
        .values_list("unread")
    ),
    Notification._meta.get_field("user"),
)


def unread_count(user: Any) -> int:
    rows = _UNREAD_OF.rows(user.pk)
    return int(rows[0][0]) if rows else 0


def wants_email(user: Any) -> bool:
    return NotificationPreference.objects.filter(user=user, by_email=True).exists()
