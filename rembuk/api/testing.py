"""A small programme for the API tests, written through the services: two villages of Kodi
Balaghar (Sumba Barat Daya) with plans, reviews, a closed meeting whose support requests went to
two agencies, a sent Matriks 4, a planned next meeting, a kabupaten meeting and lessons — and
the same kinds of records in Loura (another kecamatan of the kabupaten) and in Teluk Waru (Seram
Bagian Timur), which the tokens of Kodi Balaghar must never see. One person per role, each
with a token."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from rembuk.core.testing import MembershipFactory, UserFactory, full_plan, region
from rembuk.district.models import DistrictMeeting
from rembuk.district.services import district_meeting_create
from rembuk.learning.models import Lesson
from rembuk.learning.services import draft_lessons
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.monitoring.models import VillageReview
from rembuk.monitoring.services import ProgressEntry, village_review_create
from rembuk.people.models import Agency, Role, User
from rembuk.people.services import access_token_create, agencies_seed
from rembuk.plans.models import LivelihoodPlan
from rembuk.reports.models import KecamatanReport
from rembuk.reports.services import kecamatan_report_draft, kecamatan_report_send
from rembuk.support.models import SupportRequest

SBD, KODI_BALAGHAR, WAINYAPU, WAILANGIRA = "53.18", "53.18.11", "53.18.11.2006", "53.18.11.2001"
LOURA, BONDO_BOGHILA = "53.18.01", "53.18.01.2001"
SBT, TELUK_WARU, WARU = "81.05", "81.05.15", "81.05.15.2001"
MEETING_DAY = datetime.date(2024, 3, 28)
NEXT_MEETING_DAY = datetime.date(2024, 7, 25)
REVIEW_DAY = datetime.date(2024, 3, 20)

# Who each role is, and over which region (opd: of Dinas Pertanian).
ROLES: dict[str, str] = {
    Role.TIM_DESA: WAINYAPU,
    Role.FASILITATOR_DESA: WAINYAPU,
    Role.KECAMATAN: KODI_BALAGHAR,
    Role.FASILITATOR_KABUPATEN: SBD,
    Role.TIM_KABUPATEN: SBD,
    Role.OPD: SBD,
    Role.TIM_PROGRAM: "53",
}


@dataclass
class World:
    plans: dict[str, LivelihoodPlan] = field(default_factory=dict)
    reviews: dict[str, VillageReview] = field(default_factory=dict)
    meetings: dict[str, CoordinationMeeting] = field(default_factory=dict)
    requests: dict[str, SupportRequest] = field(default_factory=dict)
    reports: dict[str, KecamatanReport] = field(default_factory=dict)
    district_meetings: dict[str, DistrictMeeting] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    # A person of Seram Bagian Timur per role, whose tokens must never reach Sumba Barat Daya.
    foreign_tokens: dict[str, str] = field(default_factory=dict)
    challenge: Challenge | None = None
    followup: FollowUp | None = None

    @property
    def next_meeting(self) -> CoordinationMeeting:
        return self.meetings["next"]


def agency(short_name: str, kabupaten: str = SBD) -> Agency:
    return Agency.objects.get(kabupaten__code=kabupaten, short_name=short_name)


def person(role: str, code: str, *, username: str, agency_short_name: str = "Distan") -> User:
    user: User = UserFactory(username=username)  # type: ignore[assignment]
    kabupaten = ".".join(code.split(".")[:2])
    MembershipFactory(
        user=user,
        role=role,
        region=region(code),
        agency=agency(agency_short_name, kabupaten) if role == Role.OPD else None,
    )
    return user


def token_for(user: User) -> str:
    return access_token_create(user=user, name="tests", expires_at=None, actor=user)[1]


def _review(plan: LivelihoodPlan) -> VillageReview:
    activities = [a for goal in plan.goals.all() for a in goal.activities.all()]
    statuses = ["terhambat", "berjalan", "selesai"]
    return village_review_create(
        desa=plan.desa,
        date=REVIEW_DAY,
        plan=plan,
        progress={
            activity.pk: ProgressEntry(status=statuses[i % len(statuses)], note=f"Catatan {i}")
            for i, activity in enumerate(activities)
        },
        off_track="Modal BUMDes belum cair.",
        actor=None,
    )


def _closed_meeting(kecamatan: str, plans: list[LivelihoodPlan], agencies: list[Agency]) -> Any:
    meeting = meeting_services.meeting_create(
        kecamatan=region(kecamatan),
        date=MEETING_DAY,
        villages=[plan.desa for plan in plans],
        actor=None,
    )
    for sheet in MeetingSheet.objects.filter(meeting=meeting).select_related("plan", "desa"):
        sheet.meeting = meeting
        goal = sheet.plan.goals.order_by("position").first() if sheet.plan else None
        meeting_services.challenge_save(
            sheet=sheet,
            goal=goal,
            actor=None,
            text=f"Penyuluh pertanian tidak datang ke Desa {sheet.desa.name}.",
            cause="Jarak jauh dan tidak ada biaya perjalanan.",
        )
        for number, owner in enumerate(agencies):
            meeting_services.followup_save(
                sheet=sheet,
                goal=goal,
                actor=None,
                text=f"Dukungan {owner.short_name} untuk Desa {sheet.desa.name}.",
                kind=FollowUp.Kind.AGENCY_SUPPORT,
                owner=FollowUp.Owner.AGENCY,
                owner_agency=owner,
                due_date=MEETING_DAY + datetime.timedelta(days=30 * (number + 1)),
            )
    return meeting_services.meeting_close(meeting=meeting, actor=None, confirm_empty=True)


def build_world() -> World:
    world = World()
    for kabupaten in (SBD, SBT):
        agencies_seed(kabupaten=region(kabupaten), actor=None)
    for code in (WAINYAPU, WAILANGIRA, BONDO_BOGHILA, WARU):
        world.plans[code] = full_plan(code, goals=2, activities_per_goal=3)
        world.reviews[code] = _review(world.plans[code])

    home = _closed_meeting(
        KODI_BALAGHAR,
        [world.plans[WAINYAPU], world.plans[WAILANGIRA]],
        [agency("Distan"), agency("DPMD")],
    )
    world.meetings["home"] = home
    world.meetings["loura"] = _closed_meeting(
        LOURA, [world.plans[BONDO_BOGHILA]], [agency("Distan")]
    )
    world.meetings["foreign"] = _closed_meeting(
        TELUK_WARU, [world.plans[WARU]], [agency("Diskan", SBT)]
    )
    world.meetings["next"] = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=NEXT_MEETING_DAY,
        villages=[world.plans[WAINYAPU].desa, world.plans[WAILANGIRA].desa],
        actor=None,
    )
    # Something already recorded on the next meeting's sheet of Wainyapu, to edit.
    sheet = MeetingSheet.objects.select_related("plan", "desa").get(
        meeting=world.meetings["next"], desa__code=WAINYAPU
    )
    sheet.meeting = world.meetings["next"]
    goal = sheet.plan.goals.order_by("position").first()  # type: ignore[union-attr]
    world.challenge = meeting_services.challenge_save(
        sheet=sheet, goal=goal, actor=None, text="Harga pupuk naik."
    )
    world.followup = meeting_services.followup_save(
        sheet=sheet, goal=goal, actor=None, text="Beli pupuk bersama lewat BUMDes."
    )
    for request in SupportRequest.objects.select_related("agency", "desa"):
        world.requests[f"{request.desa.code} {request.agency.short_name}"] = request  # type: ignore[union-attr]

    for name in ("home", "foreign"):
        report = kecamatan_report_draft(meeting=world.meetings[name], actor=None)
        world.reports[name] = kecamatan_report_send(report=report, actor=None)
    world.district_meetings[SBD] = district_meeting_create(
        kabupaten=region(SBD), date=datetime.date(2024, 4, 18), actor=None, place="Tambolaka"
    )
    world.district_meetings[SBT] = district_meeting_create(
        kabupaten=region(SBT), date=datetime.date(2024, 4, 22), actor=None, place="Bula"
    )
    draft_lessons(actor=None)
    for lesson in Lesson.objects.select_related("desa"):
        world.lessons[lesson.desa.code] = lesson

    for role, code in ROLES.items():
        world.users[role] = person(role, code, username=f"api.{role}")
        world.tokens[role] = token_for(world.users[role])
        foreign = {SBD: SBT, "53": "81", WAINYAPU: WARU, KODI_BALAGHAR: TELUK_WARU}[code]
        world.foreign_tokens[role] = token_for(
            person(role, foreign, username=f"api.sbt.{role}", agency_short_name="Diskan")
        )
    return world
