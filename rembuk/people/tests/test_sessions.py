"""The session store reads a session by its key and refuses one past its expiry date."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from rembuk.core.testing import user_with_role
from rembuk.people.models import Role
from rembuk.people.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_until_it_expires(client):
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    client.force_login(person)
    assert client.get(reverse("people:my_villages")).status_code == 200
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    assert store["_auth_user_id"] == str(person.pk)
    # Expired a second ago: no session, whatever its row still holds (clearsessions is later).
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    response = client.get(reverse("people:my_villages"))
    assert response.status_code == 302 and reverse("people:login") in response["Location"]


def test_an_unknown_or_malformed_key_is_no_session():
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore("'; DROP TABLE django_session; --").load() == {}
    assert Session.objects.count() == 0
