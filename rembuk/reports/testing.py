"""Meetings with recorded sheets for the reports tests and benchmark (written through history).

seed_x_plan() reproduces Desa X, the kecamatan guide's worked example (Matriks 1 and Matriks 3,
docs/mechanism.md#the-worked-example-desa-x), so a printout can be laid beside the paper example.
"""

from __future__ import annotations

import datetime
from typing import Any

from rembuk.core import history
from rembuk.core.testing import full_plan, region
from rembuk.demo import desa_x
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.people.models import Agency
from rembuk.plans.models import Activity, Goal, LivelihoodPlan, Milestone

SEED_X_GOALS = [
    (desa_x.GOAL_1, "", 2025, desa_x.MILESTONE_1, list(desa_x.BUMDES_ACTIVITIES)),
    (desa_x.GOAL_2, desa_x.GOAL_2_TARGET, None, "", list(desa_x.PEST_ACTIVITIES)),
]


def seed_x_plan(desa_code: str) -> LivelihoodPlan:
    plan = history.create(
        LivelihoodPlan, actor=None, desa=region(desa_code), period_start=2024, period_end=2025
    )
    for g, (statement, target, year, milestone_text, activities) in enumerate(SEED_X_GOALS):
        goal = history.create(
            Goal,
            actor=None,
            plan=plan,
            position=g,
            statement=statement,
            target=target,
            target_year=year,
        )
        milestone = None
        if milestone_text:
            milestone = history.create(
                Milestone,
                actor=None,
                goal=goal,
                position=0,
                statement=milestone_text,
                target_year=2025,
            )
        for a, name in enumerate(activities):
            history.create(
                Activity,
                actor=None,
                goal=goal,
                milestone=milestone,
                position=a,
                name=name,
            )
    return plan


def make_meeting(
    kecamatan_code: str = "53.18.11", *, date: datetime.date | None = None, **fields: Any
) -> CoordinationMeeting:
    defaults: dict[str, Any] = {
        "date": date or datetime.date(2024, 3, 28),
        "start_time": datetime.time(9, 0),
        "place": "Aula Kantor Camat",
    }
    defaults.update(fields)
    return history.create(
        CoordinationMeeting, actor=None, kecamatan=region(kecamatan_code), **defaults
    )


def add_sheet(
    meeting: CoordinationMeeting,
    desa_code: str,
    plan: LivelihoodPlan | None,
    position: int = 0,
    **fields: Any,
) -> MeetingSheet:
    return history.create(
        MeetingSheet,
        actor=None,
        meeting=meeting,
        desa=region(desa_code),
        plan=plan,
        position=position,
        **fields,
    )


def record_seed_x(sheet: MeetingSheet, agency: Agency | None = None) -> None:
    """The challenges and follow-ups of Desa X's Matriks 3, on the sheet of a seed_x_plan().

    The texts are the guide's (rembuk.demo.desa_x); the first challenge is shortened so
    that the printed "(menghambat 6 dari 7 kegiatan)" comes from the recorded activities.
    """
    assert sheet.plan is not None
    goals = list(Goal.objects.filter(plan=sheet.plan).order_by("position"))
    first_activities = list(Activity.objects.filter(goal=goals[0]).order_by("position"))
    challenge = history.create(
        Challenge,
        actor=None,
        sheet=sheet,
        goal=goals[0],
        position=0,
        text=(
            "Keterlambatan penyelesaian pertanggungjawaban keuangan desa periode sebelumnya "
            "menyebabkan DD belum bisa dicairkan untuk digunakan sebagai penyertaan modal ke "
            "BUMDES. Hal ini turut mempengaruhi keterlambatan kegiatan lain yang saling terkait."
        ),
        cause=desa_x.CHALLENGE_FINANCE_CAUSE,
        blocked_activity_ids=[str(a.id) for a in first_activities[1:]],
    )
    history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        goal=goals[0],
        challenge=challenge,
        position=0,
        text=desa_x.FOLLOWUP_ASSISTANCE,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY if agency else FollowUp.Owner.KECAMATAN,
        owner_agency=agency,
        due_date=datetime.date(2024, 4, 30),
    )
    history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        goal=goals[0],
        position=1,
        text=desa_x.FOLLOWUP_TRAINING,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY if agency else FollowUp.Owner.KECAMATAN,
        owner_agency=agency,
    )
    history.create(
        Challenge,
        actor=None,
        sheet=sheet,
        goal=goals[1],
        position=0,
        text=desa_x.CHALLENGE_SOCIALISATION,
    )
    history.create(
        Challenge,
        actor=None,
        sheet=sheet,
        goal=goals[1],
        position=1,
        text=desa_x.CHALLENGE_EXTENSION_WORKER,
    )
    history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        goal=goals[1],
        position=0,
        text=desa_x.FOLLOWUP_VISIT,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.KECAMATAN,
        due_date=datetime.date(2024, 4, 15),
    )
    history.create(
        FollowUp,
        actor=None,
        sheet=sheet,
        goal=goals[1],
        position=1,
        text=desa_x.FOLLOWUP_CONTACT,
        kind=FollowUp.Kind.VILLAGE_ACTION,
        owner=FollowUp.Owner.DESA,
    )


FILLER = (
    "kegiatan belum berjalan sesuai rencana karena dana desa terlambat cair dan pengurus "
    "kelompok berganti sehingga jadwal pertemuan bergeser"
)


def record_full(sheet: MeetingSheet, *, words: int = 40) -> None:
    """A challenge and two follow-ups of realistic length on every goal of the sheet's plan."""
    assert sheet.plan is not None
    filler = FILLER.split()
    text = " ".join(filler[i % len(filler)] for i in range(words)).capitalize() + "."
    for position, goal in enumerate(Goal.objects.filter(plan=sheet.plan).order_by("position")):
        activity_ids = list(Activity.objects.filter(goal=goal).values_list("id", flat=True))
        history.create(
            Challenge,
            actor=None,
            sheet=sheet,
            goal=goal,
            position=position,
            text=text,
            cause="Operator desa baru belum dilatih.",
            learning="Desa tetangga memakai pertemuan rutin untuk sosialisasi.",
            blocked_activity_ids=[str(i) for i in activity_ids[: len(activity_ids) // 2]],
        )
        for n in range(2):
            history.create(
                FollowUp,
                actor=None,
                sheet=sheet,
                goal=goal,
                position=n,
                text=f"Tindak lanjut {n + 1}: " + text,
                kind=FollowUp.Kind.KECAMATAN_SUPPORT,
                owner=FollowUp.Owner.KECAMATAN,
                due_date=datetime.date(2024, 5, 1),
            )


def meeting_with_villages(
    count: int,
    *,
    goals: int = 3,
    activities: int = 10,
    date: datetime.date | None = None,
) -> Any:
    """A meeting with `count` recorded sheets, in a pilot kecamatan of 24 desa (81.05.04)."""
    from rembuk.regions.models import Region

    desa = list(Region.objects.filter(parent__code="81.05.04").order_by("code")[:count])
    meeting = make_meeting("81.05.04", date=date)
    for position, village in enumerate(desa):
        plan = full_plan(village.code, goals=goals, activities_per_goal=activities)
        sheet = add_sheet(meeting, village.code, plan, position=position)
        record_full(sheet)
    return meeting
