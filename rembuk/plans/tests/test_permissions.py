import pytest
from django.urls import reverse

from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
    user_with_role,
)
from rembuk.plans.permissions import can_edit_plan, can_view_musrenbang, can_view_plan

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"

# role, region of the grant, may read the Wainyapu plan, may edit it
MATRIX = [
    ("tim_desa", WAINYAPU, True, True),
    ("fasilitator_desa", WAINYAPU, True, True),
    ("tim_desa", "53.18.11.2001", False, False),
    ("kecamatan", "53.18.11", True, True),
    ("kecamatan", "81.05.15", False, False),
    ("fasilitator_kabupaten", "53.18", True, True),
    ("tim_kabupaten", "53.18", True, False),
    ("tim_kabupaten", "81.05", False, False),
    ("opd", "53.18", True, False),
    ("tim_program", "53", True, True),
]


@pytest.mark.parametrize(("role", "code", "reads", "edits"), MATRIX)
def test_who_may_read_and_edit_a_village_plan(role, code, reads, edits):
    plan = PlanFactory(desa=region(WAINYAPU))
    user = user_with_role(role, code)
    assert can_view_plan(user, plan) is reads
    assert can_edit_plan(user, plan) is edits


@pytest.mark.parametrize(("role", "code", "reads", "edits"), MATRIX)
def test_the_pages_follow_the_same_matrix(client, role, code, reads, edits):
    plan = PlanFactory(desa=region(WAINYAPU))
    goal = GoalFactory(plan=plan)
    activity = ActivityFactory(goal=goal, milestone=MilestoneFactory(goal=goal))
    client.force_login(user_with_role(role, code, language="en"))
    read = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert read.status_code == (200 if reads else 404)
    edit = client.get(reverse("plans:activity_edit", args=[plan.pk, activity.pk]))
    if edits:
        assert edit.status_code == 200
    else:
        assert edit.status_code in (403, 404)


def test_only_people_over_the_kecamatan_see_its_musrenbang_proposals():
    assert can_view_musrenbang(user_with_role("kecamatan", "53.18.11"), "53.18.11")
    assert can_view_musrenbang(user_with_role("tim_kabupaten", "53.18"), "53.18.11")
    assert not can_view_musrenbang(user_with_role("tim_desa", WAINYAPU), "53.18.11")
    assert not can_view_musrenbang(user_with_role("kecamatan", "81.05.15"), "53.18.11")
