"""PermissionRuleMiddleware hands the view the person it read, and still reads them (and their
roles) from the database on every request."""

import datetime
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import region, user_with_role
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


def _sent_after_the_session_ended(referer: str) -> tuple[str, list[str]]:
    """A kabupaten meeting's "another topic" form (a POST-only address) sent with no session:
    where the answer sends the person, and the messages the login page then shows."""
    from django.contrib.messages import get_messages

    from rembuk.district.models import AgendaItem
    from rembuk.district.services import district_meeting_create

    meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2027, 4, 18), place="Aula", actor=None
    )
    client = Client()
    response = client.post(
        reverse("district:agenda_topic_add", args=[meeting.pk]),
        {"title": "Kunjungan penyuluh"},
        HTTP_REFERER=referer.replace("{meeting}", str(meeting.pk)),
    )
    assert response.status_code == 302
    assert not AgendaItem.objects.exists()
    login = client.get(response["Location"])
    shown = [f"{message.tags}: {message}" for message in get_messages(login.wsgi_request)]
    return unquote(response["Location"]).replace(str(meeting.pk), "{meeting}"), shown


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page_and_says_it_was_not_sent():
    """Not to its action: a POST-only address would answer the GET after logging in with 405.
    The message's class marks the page for rembuk.js, which keeps what the form held."""
    where, shown = _sent_after_the_session_ended("http://testserver/rapat-kabupaten/{meeting}/")
    assert where == reverse("people:login") + "?next=/rapat-kabupaten/{meeting}/"
    assert shown == [
        "form-not-sent warning: Formulir Anda belum terkirim: sesi Anda sudah berakhir. "
        "Masuk lagi, lalu kirim lagi."
    ]


def test_a_form_sent_from_another_site_after_the_session_ended_leads_to_its_own_address():
    where, _ = _sent_after_the_session_ended("https://elsewhere.example/rapat-kabupaten/{meeting}/")
    assert where == reverse("people:login") + "?next=/rapat-kabupaten/{meeting}/agenda/baru/"


def _plan_and_its_writer():
    from rembuk.core.testing import PlanFactory, region

    plan = PlanFactory(desa=region("53.18.11.2006"), notes="")
    return plan, user_with_role(Role.TIM_DESA, "53.18.11.2006")


def _save_notes(client: Client, plan, text: str, shown_to: object):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("plans:plan_update", args=[plan.pk]),
        {"notes": text, "period_start": plan.period_start, "period_end": plan.period_end},
        HTTP_HX_REQUEST="true",
        HTTP_REMBUK_PERSON=str(shown_to),
    )


def test_a_change_sent_by_a_page_shown_to_someone_else_is_not_saved_in_this_persons_name():
    """A shared kecamatan laptop: a page left open by one person keeps sending its cells after
    another has logged in on the browser, who may change the same plan. Each change is refused
    (401, saying someone else is logged in), and nothing is written in the new person's name."""
    from rembuk.core.middleware import SIGNED_IN_HEADER

    plan, writer = _plan_and_its_writer()
    next_person = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    client = Client()
    client.force_login(next_person)
    refused = [
        _save_notes(client, plan, f"ditulis oleh orang sebelumnya ({n})", writer.pk)
        for n in range(3)
    ]
    assert [(r.status_code, r.get(SIGNED_IN_HEADER)) for r in refused] == [(401, "other")] * 3
    plan.refresh_from_db()
    assert plan.notes == ""
    # A page shown to the person logged in saves as before.
    assert _save_notes(client, plan, "ditulis sendiri", next_person.pk).status_code == 302
    plan.refresh_from_db()
    assert plan.notes == "ditulis sendiri"


def test_a_page_shown_to_someone_reads_on_after_another_logged_in_and_signed_out_saves_nothing():
    from rembuk.core.middleware import SIGNED_IN_HEADER

    plan, writer = _plan_and_its_writer()
    client = Client()
    client.force_login(user_with_role(Role.TIM_DESA, "53.18.11.2006"))
    read = client.get(
        reverse("plans:plan_detail", args=[plan.pk]), HTTP_REMBUK_PERSON=str(writer.pk)
    )
    assert read.status_code == 200
    signed_out = _save_notes(Client(), plan, "tanpa sesi", writer.pk)
    assert (signed_out.status_code, signed_out.get(SIGNED_IN_HEADER)) == (401, None)
    plan.refresh_from_db()
    assert plan.notes == ""


def test_a_refused_csrf_token_says_so_apart_from_a_refused_role():
    """rembuk.js sends a change again after Django refused its token (logging in again gives a
    new one), and not after a role refused it: the two 403s differ by a header."""
    from rembuk.core.views import REFUSED_HEADER

    plan, writer = _plan_and_its_writer()
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    stale = client.post(
        reverse("plans:plan_update", args=[plan.pk]),
        {"notes": "token lama", "csrfmiddlewaretoken": "x" * 32},
        HTTP_HX_REQUEST="true",
    )
    assert (stale.status_code, stale.get(REFUSED_HEADER)) == (403, "csrf")
    by_role = Client()
    by_role.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    refused = by_role.get(reverse("people:user_list"))
    assert (refused.status_code, refused.get(REFUSED_HEADER)) == (403, None)
    plan.refresh_from_db()
    assert plan.notes == ""
