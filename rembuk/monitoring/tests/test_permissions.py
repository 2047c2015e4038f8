"""Who may read and record a village's monitoring: role × region × action."""

import datetime

import pytest
from django.urls import reverse

from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.monitoring import services
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"

# (role, region of the membership, may read, may record)
MATRIX = [
    (Role.TIM_DESA, WAINYAPU, True, True),
    (Role.FASILITATOR_DESA, WAINYAPU, True, True),
    (Role.TIM_DESA, "53.18.11.2001", False, False),
    (Role.KECAMATAN, "53.18.11", True, True),
    (Role.KECAMATAN, "81.05.15", False, False),
    (Role.FASILITATOR_KABUPATEN, "53.18", True, True),
    (Role.TIM_KABUPATEN, "53.18", True, False),
    (Role.OPD, "53.18", True, False),
    (Role.TIM_PROGRAM, "53", True, True),
]


@pytest.mark.parametrize(("role", "code", "may_read", "may_record"), MATRIX)
def test_the_permission_matrix(client, role, code, may_read, may_record):
    full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    review = services.village_review_create(
        desa=region(WAINYAPU), date=datetime.date(2024, 3, 19), actor=None
    )
    client.force_login(user_with_role(role, code))
    read = [
        reverse("monitoring:review_list", args=[WAINYAPU]),
        reverse("monitoring:review_detail", args=[review.pk]),
    ]
    record = [
        reverse("monitoring:review_create", args=[WAINYAPU]),
        reverse("monitoring:review_edit", args=[review.pk]),
    ]
    for url in read:
        assert client.get(url).status_code == (200 if may_read else 404), url
    for url in record:
        status = client.get(url).status_code
        if may_record:
            assert status == 200, url
        else:
            # No recording role at all: refused by the rule; a role elsewhere: not found.
            assert status in (403, 404), url
