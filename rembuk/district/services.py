"""Writes to the kabupaten team's meetings (docs/mechanism.md#kabupaten-team-meetings).

Rules owned here:
- a DistrictMeeting belongs to a kabupaten; it is planned, then marked held (not before its date);
- the agenda is built from what reached the kabupaten since its previous meeting: the kecamatan
  reports (Matriks 4) sent since then, and every support request of the kabupaten still open.
  Building is idempotent: a report or request already on the agenda is not added twice, so the
  team may rebuild it the morning of the meeting to pick up what arrived since;
- a new assignment agreed on an item names an agency of the same kabupaten.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.editing import KEEP, Keep, given, next_position
from rembuk.district.models import TEXT_LIMIT, AgendaItem, DistrictMeeting
from rembuk.district.selectors import agenda_sources
from rembuk.people.models import Agency
from rembuk.regions.models import Region

PLACE_LIMIT = 200
TITLE_LIMIT = 300


def _check_length(label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            _("%(field)s is too long: at most %(limit)d characters.")
            % {"field": label, "limit": limit}
        )


@transaction.atomic
def district_meeting_create(
    *, kabupaten: Region, date: datetime.date, actor: Any, place: str = ""
) -> DistrictMeeting:
    """Schedule a meeting of the kabupaten team."""
    if kabupaten.level != Region.Level.KABUPATEN:
        raise ValidationError(_("A kabupaten team meeting belongs to a kabupaten."))
    _check_length(_("Place"), place, PLACE_LIMIT)
    return history.create(
        DistrictMeeting, actor=actor, kabupaten=kabupaten, date=date, place=place.strip()
    )


@transaction.atomic
def district_meeting_update(
    *,
    meeting: DistrictMeeting,
    actor: Any,
    base_version: int | None = None,
    date: datetime.date | Keep = KEEP,
    place: str | Keep = KEEP,
    participants: str | Keep = KEEP,
    minutes: str | Keep = KEEP,
) -> DistrictMeeting:
    changes = given(date=date, place=place, participants=participants, minutes=minutes)
    if "date" in changes and changes["date"] is None:
        raise ValidationError(_("A meeting needs a date."))
    if (
        "date" in changes
        and meeting.status == DistrictMeeting.Status.HELD
        and changes["date"] > timezone.localdate()
    ):
        raise ValidationError(_("A meeting already held cannot move to a future date."))
    if isinstance(place, str):
        _check_length(_("Place"), place, PLACE_LIMIT)
    for label, value in ((_("Participants"), participants), (_("General notes"), minutes)):
        if isinstance(value, str):
            _check_length(label, value, TEXT_LIMIT)
    return history.update(meeting, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def district_meeting_mark_held(*, meeting: DistrictMeeting, actor: Any) -> DistrictMeeting:
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("This meeting is planned for %(date)s: it can be marked held on that day or later.")
            % {"date": meeting.date.strftime("%d-%m-%Y")}
        )
    return history.update(meeting, actor=actor, status=DistrictMeeting.Status.HELD)


@transaction.atomic
def district_meeting_mark_planned(*, meeting: DistrictMeeting, actor: Any) -> DistrictMeeting:
    """Undo "held" (marked by mistake)."""
    return history.update(meeting, actor=actor, status=DistrictMeeting.Status.PLANNED)


@transaction.atomic
def agenda_build(*, meeting: DistrictMeeting, actor: Any) -> list[AgendaItem]:
    """Add to the agenda every report received and open request not on it yet; returns them."""
    sources = agenda_sources(meeting)
    position = next_position(AgendaItem.objects.filter(meeting=meeting))
    created: list[AgendaItem] = []
    for report in sources.new_reports:
        created.append(
            history.create(
                AgendaItem, actor=actor, meeting=meeting, position=position, report=report
            )
        )
        position += 1
    for request in sources.new_requests:
        created.append(
            history.create(
                AgendaItem, actor=actor, meeting=meeting, position=position, request=request
            )
        )
        position += 1
    return created


@transaction.atomic
def agenda_item_add(*, meeting: DistrictMeeting, title: str, actor: Any) -> AgendaItem:
    """A free topic (not a report or a request): "Persiapan Musrenbang Kabupaten"…"""
    title = title.strip()
    if not title:
        raise ValidationError(_("Write the topic first."))
    _check_length(_("Topic"), title, TITLE_LIMIT)
    return history.create(
        AgendaItem,
        actor=actor,
        meeting=meeting,
        position=next_position(AgendaItem.objects.filter(meeting=meeting)),
        title=title,
    )


@transaction.atomic
def agenda_item_save(
    *,
    item: AgendaItem,
    actor: Any,
    base_version: int | None = None,
    title: str | Keep = KEEP,
    decision: str | Keep = KEEP,
    assigned_agency: Agency | Keep | None = KEEP,
    assignment: str | Keep = KEEP,
    assignment_due: datetime.date | Keep | None = KEEP,
) -> AgendaItem:
    """Record what the meeting decided on an item and who must do what by when."""
    changes = given(
        title=title,
        decision=decision,
        assigned_agency=assigned_agency,
        assignment=assignment,
        assignment_due=assignment_due,
    )
    if isinstance(title, str):
        if not title.strip() and item.report_id is None and item.request_id is None:
            raise ValidationError(_("A free topic needs a title."))
        _check_length(_("Topic"), title, TITLE_LIMIT)
    for label, value in ((_("Decision"), decision), (_("Assignment"), assignment)):
        if isinstance(value, str):
            _check_length(label, value, TEXT_LIMIT)
    if (
        isinstance(assigned_agency, Agency)
        and assigned_agency.kabupaten_id != item.meeting.kabupaten_id
    ):
        raise ValidationError(
            _("%(agency)s is not an agency of this kabupaten.") % {"agency": assigned_agency}
        )
    return history.update(item, actor=actor, base_version=base_version, **changes)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Any) -> None:
    """Take an item off the agenda. The report or request stays; a rebuild adds it back."""
    history.soft_delete(item, actor=actor)
