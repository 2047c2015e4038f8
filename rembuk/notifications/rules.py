"""Which recorded changes notify whom (ADR 0008: notifications are derived from the change log).

on_change_recorded() receives every ChangeLog entry this node writes, local or arrived by sync.
Only five kinds of change notify anyone:

- a support request is created for an agency, or rerouted to one → that agency's OPD staff;
- a support request changes status → the village (tim_desa, fasilitator_desa) over its desa and
  the kecamatan staff over it;
- a coordination meeting is scheduled → the kecamatan staff and the village roles of its desa;
- a kecamatan report (Matriks 4) reaches "terkirim" → the kabupaten team over its kabupaten;
- a kabupaten team meeting is scheduled → the kabupaten team and the OPD staff of the kabupaten.

The person who made the change is not notified of it. Every other model returns before any
query: a 10,000-change sync sends the signal 10,000 times. A notification is unique per person,
change and kind, so seeing the same change twice (a retried sync) notifies once.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from rembuk.core.history import recording_time
from rembuk.core.models import ChangeLog
from rembuk.notifications import wording
from rembuk.notifications.models import Notification, NotificationPreference
from rembuk.people.models import Membership, Role, User
from rembuk.regions.codes import below, kabupaten_of, kecamatan_of, with_ancestors

SUPPORT_REQUEST = "support.supportrequest"
COORDINATION_MEETING = "meetings.coordinationmeeting"
KECAMATAN_REPORT = "reports.kecamatanreport"
DISTRICT_MEETING = "district.districtmeeting"

logger = logging.getLogger(__name__)

VILLAGE_ROLES = (Role.TIM_DESA, Role.FASILITATOR_DESA)
MESSAGE_LIMIT = 300


@dataclass
class Draft:
    """What a rule decided: who hears of the change, which sentence tells it and its facts
    (rendered in each reader's language by rembuk.notifications.wording)."""

    kind: str
    recipients: set[uuid.UUID]
    sentence: str
    params: dict[str, Any]
    url: str


def _members(
    roles: Iterable[str], *, over: str | None = None, codes: Iterable[str] = (), **extra: Any
) -> set[uuid.UUID]:
    """Users holding one of `roles` over the region `over` (or exactly at `codes`)."""
    members = Membership.objects.filter(role__in=list(roles), user__is_active=True, **extra)
    wanted = list(codes) + (with_ancestors(over) if over else [])
    if wanted:
        members = members.filter(region__code__in=wanted)
    return set(members.values_list("user_id", flat=True))


def _new(entry: ChangeLog, name: str) -> Any:
    change = entry.changes.get(name)
    return change[1] if change else None


def target_url(model_label: str, object_id: uuid.UUID | str) -> str:
    """Where a notification about this record leads ("" when that page does not exist here)."""
    candidates = {
        SUPPORT_REQUEST: ("support:request_detail",),
        COORDINATION_MEETING: ("meetings:meeting_detail",),
        KECAMATAN_REPORT: ("reports:kecamatan_report_detail",),
        DISTRICT_MEETING: ("district:meeting_detail",),
    }.get(model_label, ())
    for name in candidates:
        try:
            return reverse(name, args=[object_id])
        except NoReverseMatch:
            continue
    return ""


# --- the rules --------------------------------------------------------------------------------


def _support_request(entry: ChangeLog) -> list[Draft]:
    from rembuk.support.models import SupportRequest

    new_agency = entry.action == ChangeLog.Action.CREATE and _new(entry, "agency_id")
    rerouted = entry.action == ChangeLog.Action.UPDATE and _new(entry, "agency_id")
    status_changed = entry.action == ChangeLog.Action.UPDATE and "status" in entry.changes
    if not (new_agency or rerouted or status_changed):
        return []
    request = (
        SupportRequest.all_objects.select_related("desa", "agency")
        .filter(pk=entry.object_id)
        .first()
    )
    if request is None:
        return []
    url = target_url(SUPPORT_REQUEST, request.pk)
    text = request.text if len(request.text) <= 120 else request.text[:119] + "…"
    drafts = []
    if (new_agency or rerouted) and request.agency_id:
        agency = request.agency
        drafts.append(
            Draft(
                Notification.Kind.NEW_REQUEST,
                _members([Role.OPD], agency_id=request.agency_id),
                wording.NEW_REQUEST,
                {"agency": agency.name, "desa": request.desa.name, "text": text},
                url,
            )
        )
    if status_changed:
        desa_code = request.desa.code
        kecamatan_code = kecamatan_of(desa_code)
        recipients = _members(VILLAGE_ROLES, codes=[desa_code]) | _members(
            [Role.KECAMATAN], over=kecamatan_code
        )
        drafts.append(
            Draft(
                Notification.Kind.REQUEST_STATUS,
                recipients,
                wording.REQUEST_STATUS,
                {"desa": request.desa.name, "status": request.status, "text": text},
                url,
            )
        )
    return drafts


def _coordination_meeting(entry: ChangeLog) -> list[Draft]:
    if entry.action != ChangeLog.Action.CREATE:
        return []
    from rembuk.regions.models import Region

    kecamatan_code = entry.scope_code
    kecamatan = Region.objects.filter(code=kecamatan_code).first()
    name = kecamatan.name if kecamatan else kecamatan_code
    villages = Membership.objects.filter(
        below("region__code", kecamatan_code), role__in=VILLAGE_ROLES, user__is_active=True
    ).values_list("user_id", flat=True)
    recipients = _members([Role.KECAMATAN], over=kecamatan_code) | set(villages)
    day = _new(entry, "date")
    return [
        Draft(
            Notification.Kind.MEETING_SCHEDULED,
            recipients,
            wording.KECAMATAN_MEETING,
            {"kecamatan": name, "date": day},
            target_url(COORDINATION_MEETING, entry.object_id),
        )
    ]


def _kecamatan_report(entry: ChangeLog) -> list[Draft]:
    from rembuk.reports.models import KecamatanReport

    if _new(entry, "status") != KecamatanReport.Status.SENT:
        return []
    report = (
        KecamatanReport.all_objects.select_related("kecamatan").filter(pk=entry.object_id).first()
    )
    if report is None:
        return []
    kabupaten_code = kabupaten_of(report.kecamatan.code)
    name = report.kecamatan.name
    return [
        Draft(
            Notification.Kind.REPORT_RECEIVED,
            _members([Role.TIM_KABUPATEN], over=kabupaten_code),
            wording.REPORT_SENT,
            {"kecamatan": name},
            target_url(KECAMATAN_REPORT, report.pk),
        )
    ]


def _district_meeting(entry: ChangeLog) -> list[Draft]:
    if entry.action != ChangeLog.Action.CREATE:
        return []
    kabupaten_code = entry.scope_code
    day = _new(entry, "date")
    place = _new(entry, "place") or ""
    return [
        Draft(
            Notification.Kind.MEETING_SCHEDULED,
            _members([Role.TIM_KABUPATEN, Role.OPD], over=kabupaten_code),
            wording.KABUPATEN_MEETING,
            {"date": day, "place": place},
            target_url(DISTRICT_MEETING, entry.object_id),
        )
    ]


RULES: dict[str, Callable[[ChangeLog], list[Draft]]] = {
    SUPPORT_REQUEST: _support_request,
    COORDINATION_MEETING: _coordination_meeting,
    KECAMATAN_REPORT: _kecamatan_report,
    DISTRICT_MEETING: _district_meeting,
}


# --- writing them -----------------------------------------------------------------------------


def on_change_recorded(sender: Any, entry: ChangeLog, remote: bool = False, **kwargs: Any) -> None:
    rule = RULES.get(entry.model_label)
    if rule is None:
        return  # the common case, and free: no query for any other model
    for draft in rule(entry):
        draft.recipients.discard(entry.actor_id)  # type: ignore[arg-type]
        if draft.recipients:
            _write(entry, draft, remote=remote)


def _write(entry: ChangeLog, draft: Draft, *, remote: bool) -> None:
    # A change made here is news from the moment it was recorded (which, in the demo, is the
    # story's day rather than the clock's). One that arrived by sync was recorded elsewhere,
    # perhaps days ago on a laptop without signal: for the reader it is news now.
    told_at = recording_time() if remote else entry.recorded_at
    already = set(
        Notification.objects.filter(
            change_id=entry.change_id, kind=draft.kind, user_id__in=draft.recipients
        ).values_list("user_id", flat=True)
    )
    users = list(
        User.objects.filter(pk__in=draft.recipients - already).only("id", "language", "email")
    )
    if not users:
        return
    notifications = []
    for user in users:
        # The email goes out in the person's default language; the page renders the sentence
        # again in whatever language they read it in.
        with translation.override(user.language or "id"):
            message = wording.render(draft.sentence, draft.params)
        if len(message) > MESSAGE_LIMIT:
            message = message[: MESSAGE_LIMIT - 1] + "…"
        notifications.append(
            Notification(
                user=user,
                kind=draft.kind,
                message=message,
                sentence=draft.sentence,
                params=draft.params,
                url=draft.url,
                change_id=entry.change_id,
                created_at=told_at,
            )
        )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    by_email = set(
        NotificationPreference.objects.filter(
            user_id__in=[u.pk for u in users], by_email=True
        ).values_list("user_id", flat=True)
    )
    mails = [
        (user.email, n.message, n.url)
        for user, n in zip(users, notifications, strict=True)
        if user.pk in by_email and user.email
    ]
    if mails:
        # After the commit: a rolled-back change must not have told anyone anything.
        transaction.on_commit(lambda: send_emails(mails))


SUBJECT_LIMIT = 90


def email_subject(message: str) -> str:
    """The notification as an email subject: one line (a header holds no line break, and the
    message carries text a person typed over several lines), cut to what a mail reader shows."""
    line = " ".join(message.split())
    if len(line) > SUBJECT_LIMIT:
        line = line[: SUBJECT_LIMIT - 1].rstrip() + "…"
    return f"[Rembuk] {line}"


def send_emails(mails: list[tuple[str, str, str]]) -> None:
    from django.core.mail import send_mail

    for address, message, url in mails:
        body = message + (f"\n\n{url}" if url else "")
        try:
            send_mail(
                subject=email_subject(message),
                message=body,
                from_email=None,
                recipient_list=[address],
            )
        except Exception:
            # The change is committed and the notification is in Rembuk; a mail server that is
            # down must not turn a saved edit into an error page.
            logger.exception("Notification email to %s failed", address)
