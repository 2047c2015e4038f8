"""Role × region × action for the kabupaten team's meetings."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import region, user_with_role
from rembuk.district import services
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

# role, region, status reading a Sumba Barat Daya meeting, status building its agenda
MATRIX = [
    (Role.TIM_KABUPATEN, "53.18", 200, 302),
    (Role.FASILITATOR_KABUPATEN, "53.18", 200, 302),
    (Role.TIM_PROGRAM, "53", 200, 302),
    (Role.OPD, "53.18", 200, 403),
    (Role.KECAMATAN, "53.18.11", 403, 403),
    (Role.TIM_DESA, "53.18.11.2006", 403, 403),
    (Role.TIM_KABUPATEN, "81.05", 404, 404),
    (Role.OPD, "81.05", 404, 403),
]


@pytest.mark.parametrize(("role", "code", "read", "manage"), MATRIX)
def test_who_reads_and_who_runs_a_kabupaten_meeting(role, code, read, manage):
    meeting = services.district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 4, 18), actor=None
    )
    client = Client()
    client.force_login(user_with_role(role, code))
    assert client.get(reverse("district:meeting_detail", args=[meeting.id])).status_code == read
    assert client.get(reverse("district:minutes_pdf", args=[meeting.id])).status_code == read
    response = client.post(reverse("district:agenda_build", args=[meeting.id]))
    assert response.status_code == manage
