"""Role × region × action for the evaluation pages: readers read, plan editors write, and
everything outside the user's region is a 404."""

import pytest
from django.urls import reverse

from rembuk.core.testing import full_plan, user_with_role
from rembuk.evaluation.tests.conftest import OTHER_DESA, WAINYAPU

pytestmark = pytest.mark.django_db

# role, region, may read, may edit (the plan of Wainyapu, Kodi Balaghar, Sumba Barat Daya)
MATRIX = [
    ("tim_desa", WAINYAPU, True, True),
    ("fasilitator_desa", WAINYAPU, True, True),
    ("tim_desa", OTHER_DESA, False, False),
    ("kecamatan", "53.18.11", True, True),
    ("kecamatan", "81.05.15", False, False),
    ("fasilitator_kabupaten", "53.18", True, True),
    ("tim_kabupaten", "53.18", True, False),
    ("opd", "53.18", True, False),
    ("tim_program", "53", True, True),
    ("tim_program", "81", False, False),
]


@pytest.mark.parametrize(("role", "code", "reads", "edits"), MATRIX)
def test_who_may_read_and_edit_an_evaluation(client, role, code, reads, edits):
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    client.force_login(user_with_role(role, code, language="en"))
    for name in ("evaluation_detail", "evaluation_pdf", "plan_panel"):
        status = client.get(reverse(f"evaluation:{name}", args=[plan.pk])).status_code
        assert status == (200 if reads else 404), name
    assets = client.get(reverse("evaluation:assets_list", args=[WAINYAPU])).status_code
    assert assets == (200 if reads else 404)
    for name in ("evaluation_edit", "next_plan"):
        status = client.get(reverse(f"evaluation:{name}", args=[plan.pk])).status_code
        assert status == 200 if edits else status in (403, 404), name
    add = client.get(reverse("evaluation:assets_add", args=[WAINYAPU])).status_code
    assert add == 200 if edits else add in (403, 404)


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=1)
    response = client.get(reverse("evaluation:evaluation_detail", args=[plan.pk]))
    assert response.status_code == 302 and reverse("people:login") in response["Location"]
