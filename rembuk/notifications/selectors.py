"""Reads of a person's own notifications (nobody reads anyone else's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rembuk.notifications.models import Notification, NotificationPreference

PAGE_SIZE = 50


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notification_of(user: Any, notification_id: int) -> Notification:
    try:
        return notifications_of(user).get(pk=notification_id)
    except Notification.DoesNotExist as missing:
        raise Http404 from missing


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def wants_email(user: Any) -> bool:
    return NotificationPreference.objects.filter(user=user, by_email=True).exists()
