"""AccountBackend: the person of a session read through a compiled query; sign-in unchanged."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import DEFAULT_PASSWORD, user_with_role
from rembuk.people.backends import AccountBackend
from rembuk.people.models import Role, User

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_signing_in_stores_this_backend_and_reads_the_person_back(client):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client.post(
        reverse("people:login"), {"username": person.username, "password": DEFAULT_PASSWORD}
    )
    assert client.session["_auth_user_backend"] == "rembuk.people.backends.AccountBackend"
    response = client.get(reverse("people:my_villages"))
    assert response.status_code == 200 and response.wsgi_request.user == person
    read = AccountBackend().get_user(person.pk)
    expected = User.objects.get(pk=person.pk)
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname)
    assert AccountBackend().get_user("00000000-0000-4000-8000-000000000000") is None


def test_a_session_signed_in_by_djangos_backend_still_works_until_deactivation():
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client = Client()
    client.force_login(person, backend=MODEL_BACKEND)  # signed in before this backend existed
    assert client.get(reverse("people:my_villages")).status_code == 200
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get(reverse("people:my_villages")).status_code == 302


def test_a_wrong_password_is_checked_once_and_refused(client):
    person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    with mock.patch.object(
        User, "check_password", autospec=True, side_effect=User.check_password
    ) as verify:
        response = client.post(
            reverse("people:login"), {"username": person.username, "password": "salah"}
        )
    assert verify.call_count == 1  # not again by Django's ModelBackend after this one
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    person.is_active = False
    person.save(update_fields=["is_active"])
    response = client.post(
        reverse("people:login"), {"username": person.username, "password": DEFAULT_PASSWORD}
    )
    assert "_auth_user_id" not in client.session  # a deactivated person cannot sign in
