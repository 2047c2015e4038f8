"""PermissionRuleMiddleware hands the view the person it read, and still reads them (and their
roles) from the database on every request."""

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.people import services
from rembuk.people.models import Membership, Role, User

pytestmark = pytest.mark.django_db

SEARCH = reverse("learning:lesson_search")


def test_the_view_gets_the_person_record_not_the_lazy_wrapper():
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    client = Client()
    client.force_login(person)
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user.pk == person.pk


def test_a_role_revoked_between_two_requests_is_refused_on_the_next():
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    client = Client()
    client.force_login(person)
    assert client.get(SEARCH).status_code == 200
    admin = user_with_role(Role.TIM_PROGRAM, "53")
    services.membership_revoke(membership=Membership.objects.get(user=person), actor=admin)
    assert client.get(SEARCH).status_code == 403


def test_someone_signed_out_still_goes_to_the_login_page():
    response = Client().get(SEARCH)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))


def test_a_cell_saved_by_htmx_after_the_session_ended_is_refused_not_sent_to_the_login_page():
    """htmx would swap the login page into the cell; a 401 leaves the cell and its text alone,
    and the page says why (static/js/rembuk.js). Nothing is saved."""
    from rembuk.core.testing import PlanFactory, region

    plan = PlanFactory(desa=region("53.18.11.2006"), notes="")
    response = Client().post(
        reverse("plans:plan_update", args=[plan.pk]),
        {"notes": "ditulis setelah sesi berakhir"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 401
    assert response.content == b""
    plan.refresh_from_db()
    assert plan.notes == ""
