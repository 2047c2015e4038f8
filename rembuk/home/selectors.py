"""What a person's start page shows: the work waiting for them now, by the roles they hold.

One section per role held, each over that role's own region (a membership), every list already
limited to what the person may see:

- a village (tim_desa, fasilitator_desa): its plan, its latest monitoring and the next one, its
  support requests (open, and recently answered), and its kecamatan's next meeting;
- a kecamatan: the meeting running or coming next and the villages without their monitoring
  before it (or, with none planned, a prompt to schedule one), a Matriks 4 still to send, the
  open and overdue requests of its villages;
- an agency (opd): its requests by due state, the overdue first;
- a kabupaten (tim_kabupaten, fasilitator_kabupaten): the triage queue (for the team), the
  overdue requests, the team's next meeting and how many it holds this year, the kecamatan
  reports received since its last meeting, and the kecamatan meetings coming up;
- the programme team: its dashboard (the view goes there).

A section costs a fixed number of queries, whatever the number of villages in it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Q, When

from rembuk.district.models import DistrictMeeting
from rembuk.district.selectors import YearSummary, reports_received_since, year_summary
from rembuk.meetings.models import CoordinationMeeting
from rembuk.meetings.selectors import (
    ReviewWarning,
    meeting_review_warnings,
    meeting_sheet_list,
    plans_for_meeting,
)
from rembuk.monitoring.models import VillageReview
from rembuk.monitoring.selectors import ReviewDigest, review_digest
from rembuk.people.models import Agency, Membership, Role
from rembuk.people.permissions import memberships
from rembuk.plans.models import LivelihoodPlan
from rembuk.regions.codes import below
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest
from rembuk.support.permissions import TRIAGE_ROLES
from rembuk.support.selectors import requests_visible_to

VILLAGE_ROLES = (Role.TIM_DESA, Role.FASILITATOR_DESA)
KABUPATEN_ROLES = (Role.TIM_KABUPATEN, Role.FASILITATOR_KABUPATEN)
ANSWERED_WITHIN = datetime.timedelta(days=90)  # an answer a village still wants to read
COMING_WITHIN = datetime.timedelta(days=60)  # kecamatan meetings a kabupaten looks ahead to
SHOWN = 5  # items of a long list on the start page; its own page has the rest
OPEN = ~Q(status__in=[SupportRequest.Status.DONE, SupportRequest.Status.DECLINED])


@dataclass
class VillageSection:
    desa: Region
    plan: LivelihoodPlan | None
    review: ReviewDigest | None
    next_review: VillageReview | None
    open_requests: list[SupportRequest]
    answered: list[SupportRequest]
    next_meeting: CoordinationMeeting | None


@dataclass
class KecamatanSection:
    kecamatan: Region
    meeting: CoordinationMeeting | None  # running, else the next one planned
    without_review: list[ReviewWarning]
    last_meeting: CoordinationMeeting | None
    report_to_send: CoordinationMeeting | None  # a closed meeting whose Matriks 4 is not sent
    report_draft: KecamatanReport | None
    open_requests: int
    overdue: list[SupportRequest]


@dataclass
class AgencySection:
    agency: Agency
    # (due state, its label, the requests in it), the overdue first; closed ones are left out.
    groups: list[tuple[str, str, list[SupportRequest]]]

    @property
    def total(self) -> int:
        return sum(len(requests) for _, _, requests in self.groups)


@dataclass
class KabupatenSection:
    kabupaten: Region
    can_triage: bool
    queue: list[SupportRequest]
    queue_count: int
    overdue: list[SupportRequest]
    overdue_count: int
    next_meeting: DistrictMeeting | None
    year: YearSummary
    reports_waiting: list[KecamatanReport]
    kecamatan_meetings: list[CoordinationMeeting]


@dataclass
class Home:
    villages: list[VillageSection] = field(default_factory=list)
    kecamatan: list[KecamatanSection] = field(default_factory=list)
    agencies: list[AgencySection] = field(default_factory=list)
    kabupaten: list[KabupatenSection] = field(default_factory=list)
    programme: bool = False  # the programme team (or a superuser): its dashboard

    @property
    def only_programme(self) -> bool:
        return self.programme and not (
            self.villages or self.kecamatan or self.agencies or self.kabupaten
        )


def _by_role(user: Any) -> dict[str, list[Membership]]:
    grouped: dict[str, list[Membership]] = {}
    for membership in memberships(user):
        grouped.setdefault(membership.role, []).append(membership)
    return grouped


def home_for(user: Any, today: datetime.date) -> Home:
    grouped = _by_role(user)
    home = Home(programme=bool(grouped.get(Role.TIM_PROGRAM)) or bool(user.is_superuser))
    village_codes = sorted({m.region.code for role in VILLAGE_ROLES for m in grouped.get(role, [])})
    home.villages = [village_section(code, today) for code in village_codes]
    home.kecamatan = [
        kecamatan_section(user, m.region, today)
        for m in sorted(grouped.get(Role.KECAMATAN, []), key=lambda m: m.region.code)
    ]
    agency_ids = {m.agency_id for m in grouped.get(Role.OPD, []) if m.agency_id}
    home.agencies = [
        agency_section(user, agency, today)
        for agency in Agency.objects.filter(pk__in=agency_ids).order_by("name")
    ]
    kabupaten = {m.region.code: m.region for r in KABUPATEN_ROLES for m in grouped.get(r, [])}
    triage = {m.region.code for r in TRIAGE_ROLES for m in grouped.get(r, [])}
    home.kabupaten = [
        kabupaten_section(user, region, today, can_triage=code in triage)
        for code, region in sorted(kabupaten.items())
    ]
    return home


# --- a village -----------------------------------------------------------------------------


def village_section(desa_code: str, today: datetime.date) -> VillageSection:
    """Seven queries."""
    desa = Region.objects.select_related("parent").get(code=desa_code)
    requests = list(
        SupportRequest.objects.filter(desa=desa)
        .select_related("agency")
        .order_by("due_date", "changed_at")
    )
    open_requests = [r for r in requests if not r.is_closed]
    answered = [
        r
        for r in requests
        if r.status == SupportRequest.Status.DONE
        and r.closed_on is not None
        and r.closed_on >= today - ANSWERED_WITHIN
    ]
    return VillageSection(
        desa=desa,
        plan=plans_for_meeting([desa.id], today.year).get(desa.id),
        review=review_digest(desa.id, today),
        next_review=VillageReview.objects.filter(desa=desa, date__gt=today)
        .order_by("date")
        .first(),
        open_requests=open_requests,
        answered=sorted(answered, key=lambda r: r.closed_on or today, reverse=True),
        next_meeting=_next_meeting(Q(kecamatan_id=desa.parent_id), today),
    )


def _next_meeting(where: Q, today: datetime.date) -> CoordinationMeeting | None:
    """The meeting running now, else the next one planned."""
    return (
        CoordinationMeeting.objects.filter(where)
        .filter(
            Q(status=CoordinationMeeting.Status.OPEN)
            | Q(status=CoordinationMeeting.Status.PLANNED, date__gte=today)
        )
        .select_related("kecamatan")
        .annotate(running=Case(When(status=CoordinationMeeting.Status.OPEN, then=0), default=1))
        .order_by("running", "date")
        .first()
    )


# --- a kecamatan ---------------------------------------------------------------------------


def kecamatan_section(user: Any, kecamatan: Region, today: datetime.date) -> KecamatanSection:
    """Seven queries at most."""
    meeting = _next_meeting(Q(kecamatan=kecamatan), today)
    without_review: list[ReviewWarning] = []
    if meeting is not None:
        without_review = meeting_review_warnings(meeting, meeting_sheet_list(meeting))
    last = (
        CoordinationMeeting.objects.filter(
            kecamatan=kecamatan, status=CoordinationMeeting.Status.CLOSED
        )
        .order_by("-date")
        .first()
    )
    reports = (
        list(KecamatanReport.objects.filter(meeting=last).order_by("-edition")) if last else []
    )
    sent = any(r.status == KecamatanReport.Status.SENT for r in reports)
    draft = next((r for r in reports if r.status == KecamatanReport.Status.DRAFT), None)
    requests = requests_visible_to(user).filter(OPEN, desa__parent=kecamatan)
    overdue = list(requests.filter(due_date__lt=today).order_by("due_date")[:SHOWN])
    return KecamatanSection(
        kecamatan=kecamatan,
        meeting=meeting,
        without_review=without_review,
        last_meeting=last,
        report_to_send=last if last is not None and not sent else None,
        report_draft=draft if not sent else None,
        open_requests=requests.count(),
        overdue=overdue,
    )


# --- an agency -----------------------------------------------------------------------------

AGENCY_ORDER = (
    SupportRequest.Due.OVERDUE,
    SupportRequest.Due.DUE_SOON,
    SupportRequest.Due.ON_SCHEDULE,
    SupportRequest.Due.NO_DEADLINE,
)


def agency_section(user: Any, agency: Agency, today: datetime.date) -> AgencySection:
    """One query: the agency's open requests the person may see, grouped by due state."""
    requests = list(
        requests_visible_to(user).filter(OPEN, agency=agency).order_by("due_date", "changed_at")
    )
    groups = []
    for state in AGENCY_ORDER:
        those = [r for r in requests if r.due_state_on(today) == state]
        if those:
            groups.append((str(state.value), str(state.label), those))
    return AgencySection(agency=agency, groups=groups)


# --- a kabupaten ---------------------------------------------------------------------------


def kabupaten_section(
    user: Any, kabupaten: Region, today: datetime.date, *, can_triage: bool
) -> KabupatenSection:
    """Eight queries at most."""
    inside = below("desa__code", kabupaten.code)
    requests = requests_visible_to(user).filter(inside)
    queue = requests.filter(status=SupportRequest.Status.SUBMITTED).order_by(
        "followup__sheet__meeting__date", "desa__name"
    )
    overdue = requests.filter(OPEN, due_date__lt=today).order_by("due_date")
    meetings = DistrictMeeting.objects.filter(kabupaten=kabupaten)
    last_held = (
        meetings.filter(status=DistrictMeeting.Status.HELD, date__lte=today)
        .order_by("-date")
        .first()
    )
    return KabupatenSection(
        kabupaten=kabupaten,
        can_triage=can_triage,
        queue=list(queue[:SHOWN]) if can_triage else [],
        queue_count=queue.count() if can_triage else 0,
        overdue=list(overdue[:SHOWN]),
        overdue_count=overdue.count(),
        next_meeting=meetings.filter(status=DistrictMeeting.Status.PLANNED, date__gte=today)
        .order_by("date")
        .first(),
        year=year_summary(kabupaten, today.year),
        reports_waiting=list(
            reports_received_since(kabupaten, last_held.date if last_held else None)
        ),
        kecamatan_meetings=list(
            CoordinationMeeting.objects.filter(
                kecamatan__parent=kabupaten,
                date__gte=today,
                date__lte=today + COMING_WITHIN,
            )
            .exclude(status=CoordinationMeeting.Status.CLOSED)
            .select_related("kecamatan")
            .order_by("date")
        ),
    )
