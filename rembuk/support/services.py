"""Writes to support requests.

Rules owned here:
- every follow-up of kind "dukungan OPD" of a meeting becomes exactly one SupportRequest, whose
  id is derived from the follow-up's (request_id_for), so nodes that do it independently agree;
- a new request starts as "diajukan" with a SUBMITTED event; the agency named at the meeting
  (if any) is kept as the proposal the kabupaten team triages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from rembuk.core import history
from rembuk.meetings.models import CoordinationMeeting, FollowUp
from rembuk.support.models import SupportRequest, SupportRequestEvent

# Fixed namespace: changing it would fork every request id already made.
REQUEST_NAMESPACE = uuid.UUID("6f1d2c9e-5b0a-4a43-9a57-0d3c1c2f8e11")


def request_id_for(followup_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(REQUEST_NAMESPACE, str(followup_id))


def event_id_for(request_id: uuid.UUID, kind: str) -> uuid.UUID:
    """The SUBMITTED event is made wherever the request is; it needs a shared id too."""
    return uuid.uuid5(REQUEST_NAMESPACE, f"{request_id}:{kind}")


@transaction.atomic
def requests_from_meeting(*, meeting: CoordinationMeeting, actor: Any) -> list[SupportRequest]:
    """Turn the meeting's "dukungan OPD" follow-ups into requests. Idempotent; returns new ones."""
    followups = list(
        FollowUp.objects.filter(
            sheet__meeting=meeting, kind=FollowUp.Kind.AGENCY_SUPPORT, sheet__is_deleted=False
        ).select_related("sheet")
    )
    existing = set(
        SupportRequest.all_objects.filter(
            id__in=[request_id_for(f.id) for f in followups]
        ).values_list("id", flat=True)
    )
    created = []
    today = timezone.localdate()
    for followup in followups:
        request_id = request_id_for(followup.id)
        if request_id in existing:
            continue
        request = history.create(
            SupportRequest,
            actor=actor,
            id=request_id,
            followup=followup,
            desa_id=followup.sheet.desa_id,
            agency_id=followup.owner_agency_id,
            text=followup.text,
            due_date=followup.due_date,
        )
        history.create(
            SupportRequestEvent,
            actor=actor,
            id=event_id_for(request_id, SupportRequestEvent.Kind.SUBMITTED),
            request=request,
            kind=SupportRequestEvent.Kind.SUBMITTED,
            date=min(today, meeting.date),
            to_status=SupportRequest.Status.SUBMITTED,
            to_agency_id=followup.owner_agency_id,
        )
        created.append(request)
    return created
