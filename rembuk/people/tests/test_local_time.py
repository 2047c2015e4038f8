"""Times on the person's clock (rembuk.people.middleware.LocalTimeMiddleware,
rembuk.regions.time_zones): WIT for someone whose roles are in Maluku, WITA in Nusa Tenggara
Timur, the hub's own zone for someone whose roles span zones (a PDF's: the district minutes'
tests)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.core.testing import MembershipFactory, region, user_with_role
from rembuk.people.models import AccessToken, Role, User

pytestmark = pytest.mark.django_db

# 02:30 UTC: 09:30 WIB, 10:30 WITA, 11:30 WIT.
MOMENT = datetime.datetime(2026, 12, 7, 2, 30, tzinfo=datetime.UTC)


def _token_used_at_moment(person: User) -> Client:
    AccessToken.objects.create(
        user=person,
        name="Skrip laporan",
        prefix="rbk_abc",
        token_hash=str(person.pk),
        last_used_at=MOMENT,
    )
    client = Client()
    client.force_login(person)
    return client


def _shown(person: User) -> str:
    page = _token_used_at_moment(person).get(reverse("people:account")).content.decode()
    assert "Skrip laporan" in page
    for shown in ("09:30", "10:30", "11:30"):
        if f"07-12-2026 {shown}" in page:
            return shown
    raise AssertionError("the token's last use is not on the page")


def test_a_person_in_maluku_reads_wit_and_one_in_ntt_wita(settings):
    settings.TIME_ZONE = "Asia/Jakarta"  # a national hub in WIB
    assert _shown(user_with_role(Role.TIM_KABUPATEN, "81.05")) == "11:30"
    assert _shown(user_with_role(Role.KECAMATAN, "53.18.11")) == "10:30"


def test_a_person_whose_roles_span_zones_reads_the_hubs_own(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    person = user_with_role(Role.TIM_PROGRAM, "53")
    MembershipFactory(user=person, role=Role.TIM_PROGRAM, region=region("81"))
    assert _shown(person) == "09:30"


def test_the_zone_ends_with_its_request(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    _shown(user_with_role(Role.TIM_KABUPATEN, "81.05"))
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"
    # Someone not logged in (the login page) reads the hub's.
    with time_machine.travel(MOMENT, tick=False):
        assert Client().get(reverse("people:login")).status_code == 200
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


def test_the_account_page_says_which_clock_and_why(settings):
    settings.TIME_ZONE = "Asia/Jakarta"

    def said(person: User) -> str:
        client = Client()
        client.force_login(person)
        page = client.get(reverse("people:account")).content.decode()
        found = re.search(r'<dd class="time-zone">(.*?)</dd>', page)
        assert found is not None
        return found.group(1)

    assert (
        said(user_with_role(Role.KECAMATAN, "81.05.15")) == "WIT (UTC+9) · zona wilayah peran Anda"
    )
    spanning = user_with_role(Role.TIM_PROGRAM, "53")
    MembershipFactory(user=spanning, role=Role.TIM_PROGRAM, region=region("81"))
    assert said(spanning) == (
        "WIB (UTC+7) · zona waktu server (wilayah peran Anda tidak dalam satu zona)"
    )
