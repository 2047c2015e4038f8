"""Sharing a village's sheet back: share links, and the read-only sheet they open on a phone."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.permissions import public, rule
from rembuk.meetings import selectors, services
from rembuk.meetings.permissions import can_manage_some_meetings
from rembuk.meetings.views.page import back_to_sheet
from rembuk.monitoring.selectors import review_digest


@rule(can_manage_some_meetings)
@require_POST
def share_link_create(
    request: HttpRequest, meeting_id: uuid.UUID, sheet_id: uuid.UUID
) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    sheet = selectors.sheet_of(meeting, sheet_id)
    services.share_link_create(sheet=sheet, actor=request.user)
    messages.success(
        request,
        _("A share link for desa %(desa)s is ready. Copy it into the village's WhatsApp group.")
        % {"desa": sheet.desa.name},
    )
    return redirect(back_to_sheet(meeting, sheet, "share"))


@rule(can_manage_some_meetings)
@require_POST
def share_link_revoke(request: HttpRequest, meeting_id: uuid.UUID, link_id: int) -> HttpResponse:
    meeting = selectors.meeting_for_manager(request.user, meeting_id)
    link = selectors.share_link_of(meeting, link_id)
    services.share_link_revoke(link=link, actor=request.user)
    messages.success(request, _("The link no longer works."))
    sheet = selectors.sheet_of(meeting, link.sheet_id)
    return redirect(back_to_sheet(meeting, sheet, "share"))


@public
def shared_sheet(request: HttpRequest, token: str) -> HttpResponse:
    """One village's sheet for a phone, without logging in. Unknown/expired/revoked: 404."""
    link = services.share_link_resolve(token)
    if link is None:
        raise Http404
    meeting = link.sheet.meeting
    views = selectors.meeting_sheets(meeting, link.sheet.desa.code)
    if not views:
        raise Http404
    response = render(
        request,
        "meetings/shared_sheet.html",
        {
            "meeting": meeting,
            "view": views[0],
            "link": link,
            "latest_review": review_digest(link.sheet.desa_id, meeting.date),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
