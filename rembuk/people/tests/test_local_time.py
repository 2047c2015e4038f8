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
    AccessToken.objects.get_or_create(
        token_hash=str(person.pk),
        defaults={
            "user": person,
            "name": "Skrip laporan",
            "prefix": "rbk_abc",
            "last_used_at": MOMENT,
        },
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
    spanning.time_zone = "Asia/Jayapura"
    spanning.save()
    assert said(spanning) == "WIT (UTC+9) · pilihan Anda"


def test_a_zone_the_person_chose_comes_before_their_roles_and_automatic_goes_back(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    person = user_with_role(Role.KECAMATAN, "53.18.11")  # WITA by their roles
    client = Client()
    client.force_login(person)
    answer = client.post(reverse("people:own_time_zone"), {"time_zone": "Asia/Jayapura"})
    assert answer.status_code == 302
    assert answer.url == reverse("people:password_change") + "#time-zone-choice"
    person.refresh_from_db()
    assert person.time_zone == "Asia/Jayapura"
    assert _shown(person) == "11:30"
    messages = client.get(answer.url).content.decode()
    assert "Zona waktu Anda tersimpan." in messages

    client.post(reverse("people:own_time_zone"), {"time_zone": ""})
    person.refresh_from_db()
    assert person.time_zone == ""
    assert _shown(person) == "10:30"


def test_a_zone_the_hub_does_not_offer_is_refused_and_nothing_is_saved(settings):
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    client = Client()
    client.force_login(person)
    for forged in ("Europe/Amsterdam", "UTC", "Asia/Makassar/../../etc", "x" * 200):
        answer = client.post(reverse("people:own_time_zone"), {"time_zone": forged}, follow=True)
        assert "Pilih salah satu zona waktu yang tersedia." in answer.content.decode()
        person.refresh_from_db()
        assert person.time_zone == ""
    # Read as a GET, or by someone not signed in: nothing changes either.
    assert client.get(reverse("people:own_time_zone")).status_code == 405
    anonymous = Client().post(reverse("people:own_time_zone"), {"time_zone": "Asia/Jayapura"})
    assert anonymous.status_code == 302 and reverse("people:login") in anonymous.url
    person.refresh_from_db()
    assert person.time_zone == ""


def test_a_stored_zone_no_longer_offered_falls_back_to_the_roles(settings):
    """A key another version of Rembuk might send (sync carries the person's choice): ignored,
    not an error."""
    settings.TIME_ZONE = "Asia/Jakarta"
    person = user_with_role(Role.KECAMATAN, "53.18.11", time_zone="Europe/Amsterdam")
    assert _shown(person) == "10:30"


def test_the_choice_lists_automatic_with_its_zone_then_the_three(settings):
    settings.TIME_ZONE = "Asia/Jakarta"

    def choices(person: User) -> list[tuple[str, str, bool]]:
        client = Client()
        client.force_login(person)
        page = client.get(reverse("people:password_change")).content.decode()
        form = page[page.index('id="time-zone-choice"') :]
        return [
            (value, " ".join(label.split()), bool(checked))
            for value, checked, label in re.findall(
                r'<input type="radio" name="time_zone" value="([^"]*)" ?(checked)?> ([^<]*)<', form
            )
        ]

    in_maluku = user_with_role(Role.KECAMATAN, "81.05.15")
    assert choices(in_maluku) == [
        ("", "Otomatis: WIT (UTC+9), zona wilayah peran Anda", True),
        ("Asia/Jakarta", "WIB (UTC+7) · Sumatra, Jawa, Kalimantan Barat dan Tengah", False),
        (
            "Asia/Makassar",
            "WITA (UTC+8) · Bali, Nusa Tenggara, Kalimantan Selatan, Timur dan Utara, Sulawesi",
            False,
        ),
        ("Asia/Jayapura", "WIT (UTC+9) · Maluku, Papua", False),
    ]
    spanning = user_with_role(Role.TIM_PROGRAM, "53", time_zone="Asia/Makassar")
    MembershipFactory(user=spanning, role=Role.TIM_PROGRAM, region=region("81"))
    listed = choices(spanning)
    assert listed[0] == ("", "Otomatis: WIB (UTC+7), zona waktu server", False)
    assert [value for value, _label, checked in listed if checked] == ["Asia/Makassar"]
