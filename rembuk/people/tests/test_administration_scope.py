"""People administration across two kabupaten (rembuk/people/services.py, views.py) and login
throttling (django-axes, rembuk/people/backends.py): an administrator resets passwords and
unlocks only people whose every role lies inside their own area."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from rembuk.core import history
from rembuk.core.testing import DEFAULT_PASSWORD, region, user_with_role
from rembuk.people.models import Membership, Role, User

pytestmark = pytest.mark.django_db

SBD, SBT = "53.18", "81.05"
ADMINS = {"admin SBD": SBD, "admin SBT": SBT}


@pytest.fixture
def people() -> dict[str, User]:
    only_sbd = user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")
    only_sbt = user_with_role(Role.KECAMATAN, "81.05.15", username="camat.waru")
    both = user_with_role(Role.KECAMATAN, "53.18.11", username="dua.kabupaten")
    history.create(Membership, actor=None, user=both, role=Role.TIM_KABUPATEN, region=region(SBT))
    return {"only SBD": only_sbd, "only SBT": only_sbt, "both": both}


def _admin(client, who: str) -> User:
    admin = user_with_role(Role.TIM_PROGRAM, ADMINS[who], username=who.replace(" ", "."))
    client.force_login(admin)
    return admin


# (administrator, person) → what happens: "done", "refused" (a message, nothing changes) or 404
MATRIX = {
    ("admin SBD", "only SBD"): "done",
    ("admin SBD", "only SBT"): 404,
    ("admin SBD", "both"): "refused",
    ("admin SBT", "only SBD"): 404,
    ("admin SBT", "only SBT"): "done",
    ("admin SBT", "both"): "refused",
}


@pytest.mark.parametrize(("who", "whom"), MATRIX)
def test_resetting_a_password(client, people, who, whom):
    _admin(client, who)
    person = people[whom]
    response = client.post(reverse("people:user_password_reset", args=[person.pk]), follow=True)
    person.refresh_from_db()
    expected = MATRIX[(who, whom)]
    if expected == 404:
        assert response.status_code == 404
    elif expected == "done":
        assert response.context["password"] and person.check_password(response.context["password"])
    else:
        assert person.check_password(DEFAULT_PASSWORD) and not person.must_change_password
        assert "di luar wilayah" in response.content.decode()


def _lock(client, username: str) -> None:
    for _attempt in range(5):
        client.post(reverse("people:login"), {"username": username, "password": "salah"})


@pytest.mark.parametrize(("who", "whom"), MATRIX)
def test_unlocking_a_person_locked_out_by_wrong_passwords(client, people, who, whom):
    person = people[whom]
    _lock(client, person.username)
    _admin(client, who)
    response = client.post(reverse("people:user_unlock", args=[person.pk]), follow=True)
    expected = MATRIX[(who, whom)]
    assert response.status_code == (404 if expected == 404 else 200)
    client.logout()
    answer = client.post(
        reverse("people:login"), {"username": person.username, "password": DEFAULT_PASSWORD}
    )
    assert answer.status_code == (302 if expected == "done" else 429)


def test_an_invitation_only_over_ones_own_kabupaten(client):
    _admin(client, "admin SBD")
    for code, created in (("53.18.11", True), ("81.05.15", False)):
        username = f"baru.{code}"
        client.post(
            reverse("people:user_invite"),
            {
                "full_name": "Orang Baru",
                "username": username,
                "role": "kecamatan",
                "region_code": code,
            },
        )
        assert User.objects.filter(username=username).exists() == created


def test_five_wrong_passwords_lock_the_username_with_a_message_in_indonesian(client, people):
    _lock(client, "camat.kodi")
    response = client.post(
        reverse("people:login"), {"username": "camat.kodi", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak" in html and "15 menit" in html
    assert "_auth_user_id" not in client.session
    other = client.post(
        reverse("people:login"), {"username": "camat.waru", "password": DEFAULT_PASSWORD}
    )
    assert other.status_code == 302  # another person from the same office is not locked out


def test_the_person_page_shows_the_lock_and_the_librarys_command_lifts_it(client, people):
    _lock(client, "camat.kodi")
    _admin(client, "admin SBD")
    page = client.get(reverse("people:user_detail", args=[people["only SBD"].pk]))
    assert page.context["locked"] and 'id="login-locked"' in page.content.decode()
    call_command("axes_reset_username", "camat.kodi", stdout=StringIO())
    client.logout()
    answer = client.post(
        reverse("people:login"), {"username": "camat.kodi", "password": DEFAULT_PASSWORD}
    )
    assert answer.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, people):
    for _round in range(3):
        for _attempt in range(4):
            client.post(reverse("people:login"), {"username": "camat.kodi", "password": "salah"})
        answer = client.post(
            reverse("people:login"), {"username": "camat.kodi", "password": DEFAULT_PASSWORD}
        )
        assert answer.status_code == 302
        client.logout()


def test_private_pages_are_not_kept_by_caches(client, people):
    client.force_login(people["only SBD"])
    for url in (reverse("people:my_villages"), reverse("people:login"), reverse("sync:page")):
        directives = {d.strip() for d in client.get(url)["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
