"""Personal access tokens for the API: made and revoked by their own person on the account page,
shown once, stored as a hash, optionally expiring, stamped when used."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rembuk.core.testing import user_with_role
from rembuk.people import services
from rembuk.people.models import AccessToken, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def person() -> User:
    return user_with_role(Role.KECAMATAN, "53.18.11", username="camat.kodi")


def test_a_token_is_stored_as_a_hash_and_known_by_its_first_characters(person: User) -> None:
    token, plain = services.access_token_create(
        user=person, name="Power Query", expires_at=None, actor=person
    )
    assert plain.startswith("rbk_") and len(plain) > 40
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {token.token_hash, token.prefix, token.name}
    assert plain.startswith(token.prefix)
    assert services.access_token_authenticate(plain).pk == token.pk


def test_only_the_person_makes_and_revokes_their_tokens(person: User) -> None:
    other = user_with_role(Role.TIM_PROGRAM, "53", username="program")
    with pytest.raises(ValidationError):
        services.access_token_create(user=person, name="x", expires_at=None, actor=other)
    token, _ = services.access_token_create(user=person, name="x", expires_at=None, actor=person)
    with pytest.raises(ValidationError):
        services.access_token_revoke(token=token, actor=other)
    services.access_token_revoke(token=token, actor=person)
    first = AccessToken.objects.get(pk=token.pk).revoked_at
    services.access_token_revoke(token=token, actor=person)  # twice changes nothing
    assert AccessToken.objects.get(pk=token.pk).revoked_at == first


def test_a_token_needs_a_name_and_a_future_expiry_and_there_is_a_limit(person: User) -> None:
    with pytest.raises(ValidationError) as blank:
        services.access_token_create(user=person, name="  ", expires_at=None, actor=person)
    assert "name" in blank.value.message_dict
    past = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as expired:
        services.access_token_create(user=person, name="x", expires_at=past, actor=person)
    assert "expires_at" in expired.value.message_dict
    for number in range(services.MAX_ACCESS_TOKENS):
        services.access_token_create(user=person, name=f"t{number}", expires_at=None, actor=person)
    with pytest.raises(ValidationError):
        services.access_token_create(user=person, name="satu lagi", expires_at=None, actor=person)
    assert AccessToken.objects.filter(user=person).count() == services.MAX_ACCESS_TOKENS


def test_using_a_token_counts_its_requests_per_window(person: User) -> None:
    token, _ = services.access_token_create(user=person, name="x", expires_at=None, actor=person)
    window = datetime.timedelta(minutes=1)
    assert [services.access_token_record_use(token=token, window=window) for _ in range(3)] == [
        1,
        2,
        3,
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None and token.window_count == 3


# --- the account page -------------------------------------------------------------------------


def test_the_account_page_shows_the_person_their_roles_and_their_tokens(person: User) -> None:
    client = Client()
    client.force_login(person)
    services.access_token_create(user=person, name="OpenSID", expires_at=None, actor=person)
    page = client.get(reverse("people:account"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "camat.kodi" in html and "Kodi Balaghar" in html and "OpenSID" in html
    assert reverse("people:password_change") in html


def test_a_new_token_is_shown_once_then_only_its_start(person: User) -> None:
    client = Client()
    client.force_login(person)
    made = client.post(
        reverse("people:access_token_create"), {"name": "Power Query", "lifetime": "30"}
    )
    assert made.status_code == 302
    shown = client.get(made.url)
    token = AccessToken.objects.get(user=person)
    plain = shown.context["new_token"]["plain"]
    assert plain in shown.content.decode()
    assert services.access_token_authenticate(plain).pk == token.pk
    assert token.expires_at is not None
    assert (token.expires_at - timezone.now()).days in (29, 30)
    again = client.get(reverse("people:account")).content.decode()
    assert plain not in again and token.prefix in again


def test_a_token_without_a_name_is_refused_with_the_message(person: User) -> None:
    client = Client()
    client.force_login(person)
    refused = client.post(reverse("people:access_token_create"), {"name": "", "lifetime": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["name"]
    assert not AccessToken.objects.exists()


def test_a_person_revokes_their_own_token_but_not_someone_elses(person: User) -> None:
    other = user_with_role(Role.TIM_DESA, "53.18.11.2006", username="desa")
    theirs, _ = services.access_token_create(user=other, name="x", expires_at=None, actor=other)
    mine, _ = services.access_token_create(user=person, name="y", expires_at=None, actor=person)
    client = Client()
    client.force_login(person)
    assert client.post(reverse("people:access_token_revoke", args=[theirs.pk])).status_code == 404
    assert AccessToken.objects.get(pk=theirs.pk).revoked_at is None
    assert client.get(reverse("people:access_token_revoke", args=[mine.pk])).status_code == 405
    assert client.post(reverse("people:access_token_revoke", args=[mine.pk])).status_code == 302
    assert AccessToken.objects.get(pk=mine.pk).revoked_at is not None


def test_making_a_token_needs_a_csrf_token_and_a_sign_in(person: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    assert strict.post(reverse("people:access_token_create"), {"name": "x"}).status_code == 403
    anonymous = Client().get(reverse("people:account"))
    assert anonymous.status_code == 302 and reverse("people:login") in anonymous.url


def test_the_account_page_costs_the_same_queries_however_many_tokens(person: User) -> None:
    client = Client()
    client.force_login(person)
    services.access_token_create(user=person, name="satu", expires_at=None, actor=person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("people:account")).status_code == 200
        return len(captured)

    one = queries()
    for number in range(5):
        services.access_token_create(user=person, name=f"t{number}", expires_at=None, actor=person)
    assert queries() == one
