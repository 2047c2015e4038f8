"""Shared set-up: a plan of Desa Wainyapu (Kodi Balaghar) with two goals, and a kecamatan user."""

from __future__ import annotations

import datetime

import pytest

from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.evaluation import services
from rembuk.evaluation.services import GoalEvaluationInput
from rembuk.meetings import services as meeting_services
from rembuk.people.models import Role, User
from rembuk.plans.models import LivelihoodPlan

KODI_BALAGHAR = "53.18.11"
WAINYAPU = "53.18.11.2006"
OTHER_DESA = "53.18.11.2001"
TELUK_WARU = "81.05.15"


@pytest.fixture
def kecamatan_user(db: None) -> User:
    return user_with_role(Role.KECAMATAN, KODI_BALAGHAR, language="en")


@pytest.fixture
def plan(db: None) -> LivelihoodPlan:
    return full_plan(WAINYAPU, goals=2, activities_per_goal=3)


def review_goal(plan: LivelihoodPlan, goal, actor, result: str, factors: str, day: datetime.date):
    """A GoalReview recorded at a kecamatan meeting on `day`."""
    meeting = meeting_services.meeting_create(
        kecamatan=region(KODI_BALAGHAR), date=day, villages=[plan.desa], actor=actor
    )
    sheet = meeting.sheets.get()
    return meeting_services.goal_review_record(
        sheet=sheet, goal=goal, actor=actor, result=result, factors=factors
    )


def evaluate(plan: LivelihoodPlan, actor, **per_goal) -> None:
    """Save an evaluation where the first goal continues with its first activity only."""
    goals = list(plan.goals.order_by("position"))
    first = goals[0]
    activities = list(first.activities.order_by("position"))
    milestone = first.milestones.get()
    services.evaluation_save(
        plan=plan,
        actor=actor,
        date=datetime.date(2025, 12, 10),
        participants="Kepala Desa, Tim Desa, Kasi PMD",
        notes="Evaluasi akhir periode",
        goals=[
            GoalEvaluationInput(
                **{
                    "goal_id": first.id,
                    "achieved": "Sebagian warga sudah lepas dari rentenir",
                    "result": "sebagian",
                    "factors": "Harga jagung jatuh",
                    "keep": "Kelompok simpan pinjam",
                    "change": "Cari pembeli jagung sebelum panen",
                    "carry_forward": True,
                    "continued_milestone_ids": [milestone.id],
                    "continued_activity_ids": [activities[0].id],
                    **per_goal,  # the first goal's answers, replaced or added
                }
            ),
            GoalEvaluationInput(goal_id=goals[1].id, result="tercapai", carry_forward=False),
        ],
    )
