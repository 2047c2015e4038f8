"""Who calls: a token acts as its person with that person's roles of the moment; a revoked,
expired or unknown token, or an inactive person, gets a 401; the browser's session works too,
with the CSRF check on writes; each token is throttled."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from rembuk.api.testing import WAINYAPU, World, token_for
from rembuk.api.tests.conftest import Api
from rembuk.core import history
from rembuk.core.testing import user_with_role
from rembuk.people import services as people_services
from rembuk.people.models import AccessToken, Membership, Role, User

pytestmark = pytest.mark.django_db


def reason(answer) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == 401, answer.content
    return answer.json()["reason"]


def test_a_revoked_expired_or_unknown_token_is_refused_with_the_reason(world: World) -> None:
    user = world.users[Role.KECAMATAN]
    revoked, plain = people_services.access_token_create(
        user=user, name="lama", expires_at=None, actor=user
    )
    assert Api(plain).get("me").status_code == 200
    people_services.access_token_revoke(token=revoked, actor=user)
    assert reason(Api(plain).get("me")) == "revoked"

    expiring, plain = people_services.access_token_create(
        user=user,
        name="sebentar",
        expires_at=timezone.now() + datetime.timedelta(days=1),
        actor=user,
    )
    AccessToken.objects.filter(pk=expiring.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert reason(Api(plain).get("me")) == "expired"
    assert reason(Api("rbk_tebakan").get("me")) == "unknown"
    assert reason(Api("bukan-token-rembuk").get("me")) == "unknown"
    assert reason(Api().get("me")) == "missing"


def test_a_token_stops_with_its_persons_account(world: World) -> None:
    user = world.users[Role.TIM_DESA]
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert reason(Api(world.tokens[Role.TIM_DESA]).get("me")) == "inactive"


def test_a_token_acts_with_the_roles_its_person_holds_now(world: World) -> None:
    api = Api(world.tokens[Role.KECAMATAN])
    assert api.get("plans").json()["items"]
    membership = Membership.objects.get(user=world.users[Role.KECAMATAN])
    history.soft_delete(membership, actor=None)  # the role is revoked on the people page
    assert api.get("plans").status_code == 403
    assert api.get(f"plans/{world.plans[WAINYAPU].pk}").status_code == 403


def test_last_use_is_recorded_and_the_token_is_throttled(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REMBUK_API_RATE = "3/min"
    user = world.users[Role.TIM_DESA]
    token, plain = people_services.access_token_create(
        user=user, name="skrip", expires_at=None, actor=user
    )
    api = Api(plain)
    assert [api.get("me").status_code for _ in range(3)] == [200, 200, 200]
    throttled = api.get("me")
    assert throttled.status_code == 429
    assert throttled.json()["type"] == "urn:rembuk:problem:throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    token.refresh_from_db()
    assert token.last_used_at is not None and token.window_count == 4
    # Another token of the same person has its own count.
    assert Api(token_for(user)).get("me").status_code == 200
    # The next window starts afresh.
    AccessToken.objects.filter(pk=token.pk).update(
        window_started_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert api.get("me").status_code == 200


def test_the_browser_session_reads_and_writes_with_the_csrf_token(world: World) -> None:
    user = world.users[Role.KECAMATAN]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/v1/me").json()["username"] == user.username
    plan = world.plans[WAINYAPU]
    path = f"/api/v1/plans/{plan.pk}/goals"
    forged = browser.post(path, data={"statement": "x"}, content_type="application/json")
    assert forged.status_code == 403
    assert forged.json()["type"] == "urn:rembuk:problem:csrf-failed"
    browser.get("/akun/")  # a page sets the csrftoken cookie, as in the browser
    csrf = browser.cookies["csrftoken"].value
    made = browser.post(
        path,
        data={"statement": "Dari halaman"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert made.status_code == 201, made.content
    assert history.history_for(plan.pk).first().actor == user


def test_a_session_with_a_temporary_password_is_sent_to_change_it(world: World) -> None:
    user = user_with_role(Role.TIM_DESA, WAINYAPU, username="baru.api")
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    browser = Client()
    browser.force_login(User.objects.get(pk=user.pk))
    answer = browser.get("/api/v1/me")
    assert answer.status_code == 403
    assert answer.json()["type"] == "urn:rembuk:problem:password-change-required"


def test_messages_follow_accept_language_indonesian_by_default(world: World) -> None:
    assert Api(language="en").get("me").json()["title"] == "Sign in or send a valid token"
    indonesian = Api().get("me")
    assert indonesian["Content-Language"] == "id"
    assert indonesian.json()["title"] != "Sign in or send a valid token"
    assert Api(language="fr-FR, en;q=0.5").get("me")["Content-Language"] == "en"
    assert Api(language="de").get("me")["Content-Language"] == "id"
    # The person's own language setting for the pages does not decide an API's answer.
    user = world.users[Role.TIM_DESA]
    User.objects.filter(pk=user.pk).update(language="en")
    assert Api(world.tokens[Role.TIM_DESA]).get("nowhere")["Content-Language"] == "id"
