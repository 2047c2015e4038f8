"""Share-link URLs for the QR codes on printed sheets, in a fixed number of queries.

The meetings app owns share links (rembuk.meetings.services: share_url_for, share_token).
This module looks up the active links of every sheet of a meeting at once and asks the meetings
app to make a link only for a sheet that has none — and only when the person printing may
manage the meeting; for anyone else a sheet without a link prints without a QR code.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from rembuk.meetings.models import CoordinationMeeting, MeetingSheet, ShareLink
from rembuk.reports.report import ShareUrl


def share_urls(
    meeting: CoordinationMeeting, base_url: str, *, actor: Any = None, may_create: bool = False
) -> ShareUrl | None:
    try:
        from rembuk.meetings.services import (
            SHARE_LINK_MIN_REMAINING,
            share_token,
            share_url_for,
        )
    except ImportError:  # the meetings app has no share links yet
        return None
    soon = timezone.now() + SHARE_LINK_MIN_REMAINING
    newest: dict[uuid.UUID, ShareLink] = {}
    links = ShareLink.objects.filter(
        sheet__meeting=meeting, revoked_at__isnull=True, expires_at__gt=soon
    ).order_by("-expires_at")
    for link in links:
        newest.setdefault(link.sheet_id, link)
    base = base_url.rstrip("/")

    def url(sheet: MeetingSheet) -> str | None:
        link = newest.get(sheet.id)
        if link is not None:
            return base + reverse("meetings:shared_sheet", kwargs={"token": share_token(link)})
        if may_create:
            return share_url_for(sheet, base, actor=actor)
        return None

    return url
