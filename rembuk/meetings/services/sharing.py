"""Share links: read-only, expiring, revocable; the token is a public id plus an HMAC of it,
so the server can print the same URL again without storing it (ADR 0007)."""

from __future__ import annotations

import base64
import datetime
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _

from rembuk.core.addresses import absolute_url
from rembuk.meetings.models import (
    MeetingSheet,
    ShareLink,
)

SHARE_LINK_DAYS: Final = 90
# share_url_for() makes a fresh link when the reusable one would expire sooner than this.
SHARE_LINK_MIN_REMAINING: Final = datetime.timedelta(days=30)
_SHARE_SALT: Final = "rembuk.meetings.share-link"
_SHARE_ID_CHARS: Final = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud safely


def _signature(public_id: str) -> str:
    digest = salted_hmac(_SHARE_SALT, public_id, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")[:22]


def share_token(link: ShareLink) -> str:
    return f"{link.public_id}.{_signature(link.public_id)}"


def share_link_is_active(link: ShareLink, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return link.revoked_at is None and link.expires_at > now


@transaction.atomic
def share_link_create(*, sheet: MeetingSheet, actor: Any, days: int = SHARE_LINK_DAYS) -> ShareLink:
    if not 1 <= days <= 366:
        raise ValidationError(_("A share link lasts between 1 and 366 days."))
    return ShareLink.objects.create(
        sheet=sheet,
        public_id=get_random_string(12, _SHARE_ID_CHARS),
        created_by=actor if actor is not None and getattr(actor, "pk", None) else None,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def share_link_revoke(*, link: ShareLink, actor: Any) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_link_resolve(token: str) -> ShareLink | None:
    """The active link a token names, or None (unknown, forged, expired or revoked)."""
    public_id, dot, signature = (token or "").partition(".")
    if not dot or not public_id or len(public_id) > 16:
        return None
    link = (
        ShareLink.objects.filter(public_id=public_id)
        .select_related("sheet", "sheet__desa", "sheet__meeting", "sheet__meeting__kecamatan")
        .first()
    )
    # Compare even when the id is unknown, so timing tells nothing about which ids exist.
    expected = _signature(public_id)
    if not constant_time_compare(expected, signature) or link is None:
        return None
    if not share_link_is_active(link):
        return None
    if link.sheet.is_deleted or link.sheet.meeting.is_deleted:
        return None
    return link


def share_url_for(
    sheet: MeetingSheet, request_or_base_url: HttpRequest | str, *, actor: Any = None
) -> str:
    """The absolute URL of an active share link for the sheet, made when needed.

    Reuses the newest active link unless it expires within SHARE_LINK_MIN_REMAINING, so a poster
    printed today carries a link that still works for weeks.
    """
    soon = timezone.now() + SHARE_LINK_MIN_REMAINING
    link = (
        ShareLink.objects.filter(sheet=sheet, revoked_at__isnull=True, expires_at__gt=soon)
        .order_by("-expires_at")
        .first()
    )
    if link is None:
        link = share_link_create(sheet=sheet, actor=actor)
    path = reverse("meetings:shared_sheet", kwargs={"token": share_token(link)})
    if isinstance(request_or_base_url, str):
        return request_or_base_url.rstrip("/") + path
    return absolute_url(request_or_base_url, path)
