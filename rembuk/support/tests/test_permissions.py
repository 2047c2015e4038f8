"""Who may read and move a request of Desa Wainyapu (Kodi Balaghar, Sumba Barat Daya):
role × region × action, through the real URLs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.people.models import Role, User
from rembuk.support.models import SupportRequest
from rembuk.support.tests.conftest import opd_user

pytestmark = pytest.mark.django_db

# (role, region) → (may read the request, may add a note to it once accepted)
MATRIX = [
    ((Role.TIM_DESA, "53.18.11.2006"), (200, 403)),
    ((Role.FASILITATOR_DESA, "53.18.11.2006"), (200, 403)),
    ((Role.TIM_DESA, "53.18.11.2001"), (404, 403)),  # another desa; no rule to work at all
    ((Role.KECAMATAN, "53.18.11"), (200, 403)),
    ((Role.KECAMATAN, "53.18.04"), (404, 403)),  # another kecamatan: no rule to work at all
    ((Role.FASILITATOR_KABUPATEN, "53.18"), (200, 403)),
    ((Role.TIM_KABUPATEN, "53.18"), (200, 302)),
    ((Role.TIM_KABUPATEN, "81.05"), (404, 404)),
    ((Role.TIM_PROGRAM, "53"), (200, 302)),
]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def accept(request: SupportRequest) -> None:
    from rembuk.support.services import request_accept

    request_accept(request=request, agency=request.agency, actor=None)


@pytest.mark.parametrize(("who", "expected"), MATRIX)
def test_reading_and_working_on_a_request_by_role_and_region(requests, who, expected):
    request = requests["Distan"]
    accept(request)
    client = client_for(user_with_role(*who, language="en"))
    read = client.get(reverse("support:request_detail", args=[request.pk])).status_code
    note = client.post(
        reverse("support:request_step", args=[request.pk, "note"]), {"note": "Catatan."}
    ).status_code
    assert (read, note) == expected


def test_agency_staff_work_on_their_agencys_request_and_get_404_for_another(requests):
    for request in requests.values():
        accept(request)
    client = client_for(opd_user("Distan"))
    own, other = requests["Distan"], requests["DPMD"]
    note_url = "support:request_step"
    assert client.get(reverse("support:request_detail", args=[own.pk])).status_code == 200
    assert client.post(reverse(note_url, args=[own.pk, "note"]), {"note": "x"}).status_code == 302
    assert client.get(reverse("support:request_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse(note_url, args=[other.pk, "note"]), {"note": "x"}).status_code == 404
    # …and they may not route their own request elsewhere: that is the kabupaten team's.
    assert client.post(reverse(note_url, args=[own.pk, "reroute"]), {}).status_code == 403


def test_agency_staff_have_no_region_page(requests):
    client = client_for(opd_user("Distan"))
    url = reverse("support:region_requests", args=["53.18.11.2006"])
    assert client.get(url).status_code == 404


def test_anonymous_people_are_sent_to_log_in(requests):
    response = Client().get(reverse("support:request_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))
