"""Role × region × action for the programme pages: who sees which dashboard, who reads and
who sets a desa's stages (Wainyapu, in Kodi Balaghar, Sumba Barat Daya)."""

import pytest
from django.urls import reverse

from rembuk.core.testing import user_with_role

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"

# role, region of the grant, kabupaten dashboard (53.18), kecamatan dashboard (53.18.11),
# read Wainyapu's stages, set one of them
MATRIX = [
    ("tim_desa", WAINYAPU, 403, 403, 200, 403),
    ("fasilitator_desa", WAINYAPU, 403, 403, 200, 403),
    ("kecamatan", "53.18.11", 404, 200, 200, 200),
    ("kecamatan", "81.05.15", 404, 404, 404, 404),
    ("fasilitator_kabupaten", "53.18", 200, 200, 200, 200),
    ("tim_kabupaten", "53.18", 200, 200, 200, 200),
    ("tim_kabupaten", "81.05", 404, 404, 404, 404),
    ("opd", "53.18", 403, 403, 200, 403),
    ("tim_program", "53", 200, 200, 200, 200),
    ("tim_program", "81", 404, 404, 404, 404),
]


@pytest.mark.parametrize(("role", "code", "kabupaten", "kecamatan", "read", "edit"), MATRIX)
def test_who_may_see_and_set_what(client, role, code, kabupaten, kecamatan, read, edit):
    client.force_login(user_with_role(role, code))
    pages = {
        "kabupaten": reverse("programme:region_dashboard", args=["53.18"]),
        "kecamatan": reverse("programme:region_dashboard", args=["53.18.11"]),
        "read": reverse("programme:desa_stages", args=[WAINYAPU]),
        "edit": reverse("programme:stage_edit", args=[WAINYAPU, 1]),
    }
    expected = {"kabupaten": kabupaten, "kecamatan": kecamatan, "read": read, "edit": edit}
    got = {name: client.get(url).status_code for name, url in pages.items()}
    assert got == expected


def test_a_stranger_is_sent_to_log_in(client):
    response = client.get(reverse("programme:dashboard"))
    assert response.status_code == 302
    assert reverse("people:login") in response["Location"]


def test_a_desa_code_is_not_a_dashboard(client):
    client.force_login(user_with_role("tim_program", "53"))
    assert client.get(reverse("programme:region_dashboard", args=[WAINYAPU])).status_code == 404
