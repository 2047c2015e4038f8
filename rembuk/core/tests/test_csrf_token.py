"""The pages' CSRF token: masked by rembuk.core.context_processors, accepted by Django."""

import re

import pytest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from rembuk.core.context_processors import masked
from rembuk.core.testing import user_with_role
from rembuk.people.models import Role

SECRET = "abcdefghijABCDEFGHIJ0123456789xZ"


def test_the_token_unmasks_to_the_secret_with_a_new_mask_each_time():
    tokens = {masked(SECRET) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    # Every position of the mask takes many values: no digit is fixed by the draw.
    assert all(len({token[i] for token in tokens}) > 10 for i in range(32))


@pytest.mark.django_db
def test_a_form_posted_with_the_pages_token_passes_and_a_forged_one_does_not():
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    page = client.get(reverse("people:my_villages")).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    header = re.search(r'"X-CSRFToken": "([^"]+)"', page)
    assert tokens and header and {*tokens, header.group(1)} == {tokens[0]}  # one per page
    secret = client.cookies["csrftoken"].value
    assert _unmask_cipher_token(tokens[0]) == secret
    language = reverse("people:set_language")
    assert (
        client.post(language, {"language": "en", "csrfmiddlewaretoken": tokens[0]}).status_code
        == 302
    )
    forged = masked("x" * 32)
    response = client.post(language, {"language": "id", "csrfmiddlewaretoken": forged})
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_first_visit_gets_a_new_secret_and_its_cookie():
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("people:login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert token and _unmask_cipher_token(token.group(1)) == response.cookies["csrftoken"].value
