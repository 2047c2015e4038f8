"""A form sent twice from the same page is carried out once (rembuk.core.sent_once, ADR 0032):
the second send gets where the first led; a changed form, a form shown again with its errors,
another person's send and htmx's saves are carried out as they come."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.core import sent_once
from rembuk.core.models import SentForm
from rembuk.core.testing import region, user_with_role
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.services import agenda_item_add, district_meeting_create
from rembuk.meetings.models import CoordinationMeeting
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db

SBD = "53.18"
TOKEN = "token-of-one-page"
# Forms whose second send does no harm, in the frame every page shares (kept markup, ADR 0025)
# or before anyone is logged in.
NOT_CONCERNED = ("people:logout", "people:set_language", "people:login")


@pytest.fixture
def meeting() -> DistrictMeeting:
    return district_meeting_create(
        kabupaten=region(SBD), date=datetime.date(2027, 4, 18), place="Aula", actor=None
    )


def _team(username: str = "kab.sbd", code: str = SBD) -> Client:
    client = Client()
    client.force_login(user_with_role(Role.TIM_KABUPATEN, code, username=username))
    return client


def _add_topic(client: Client, meeting: DistrictMeeting, title: str, token: str = TOKEN):
    return client.post(
        reverse("district:agenda_topic_add", args=[meeting.pk]),
        {"title": title, sent_once.FIELD: token},
        HTTP_REFERER=reverse("district:meeting_detail", args=[meeting.pk]),
    )


def _topics(meeting: DistrictMeeting, title: str) -> int:
    return AgendaItem.objects.filter(meeting=meeting, title=title).count()


def _said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_same_form_sent_twice_is_carried_out_once_and_answered_with_the_first_result(
    meeting,
):
    team = _team()
    first = _add_topic(team, meeting, "Kunjungan penyuluh")
    second = _add_topic(team, meeting, "Kunjungan penyuluh")
    assert _topics(meeting, "Kunjungan penyuluh") == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "#item-" in first["Location"]
    assert str(sent_once.ALREADY_SENT) in _said(second)
    assert SentForm.objects.get().answer == first["Location"]


def test_the_second_send_says_again_what_the_first_answer_said():
    """The browser dropped the first answer, and its message with it: the second shows it,
    and the note."""
    from rembuk.core.testing import full_plan

    full_plan("53.18.11.2006", goals=1, activities_per_goal=1)
    client = Client()
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    posted = {
        "date": "20-01-2027",
        "place": "Aula Kantor Camat",
        "purpose": "Berbagi pembelajaran",
        "villages": ["53.18.11.2006"],
        sent_once.FIELD: TOKEN,
    }
    path = reverse("meetings:meeting_create", args=["53.18.11"])
    first = client.post(path, posted)
    scheduled = _said(first)
    assert scheduled == ["Pertemuan sudah dijadwalkan dan lembar untuk setiap desa sudah siap."]
    del client.cookies["messages"]  # as the browser dropped that answer, cookie and all
    second = client.post(path, posted)
    assert second["Location"] == first["Location"]
    assert _said(second) == [*scheduled, str(sent_once.ALREADY_SENT)]
    assert CoordinationMeeting.objects.count() == 1


def test_a_form_changed_and_sent_again_from_the_same_page_is_carried_out(meeting):
    team = _team()
    _add_topic(team, meeting, "Kunjungan penyuluh")
    _add_topic(team, meeting, "Harga pupuk")
    assert _topics(meeting, "Kunjungan penyuluh") == _topics(meeting, "Harga pupuk") == 1


def test_the_same_form_from_another_page_render_is_carried_out(meeting):
    team = _team()
    _add_topic(team, meeting, "Kunjungan penyuluh", token="first-page")
    _add_topic(team, meeting, "Kunjungan penyuluh", token="page-opened-again")
    assert _topics(meeting, "Kunjungan penyuluh") == 2


def test_a_form_without_the_token_is_carried_out_as_before(meeting):
    team = _team()
    for _ in range(2):
        team.post(reverse("district:agenda_topic_add", args=[meeting.pk]), {"title": "Tanpa token"})
    assert _topics(meeting, "Tanpa token") == 2
    assert not SentForm.objects.exists()


def test_another_persons_send_with_a_copied_token_is_theirs_not_an_answer_to_the_first(meeting):
    """The key holds the person: a token read off someone's page neither blocks another
    person's form nor shows them where the first one led."""
    _add_topic(_team(), meeting, "Kunjungan penyuluh")
    colleague = _add_topic(_team("kab.sbd.2"), meeting, "Kunjungan penyuluh")
    assert _topics(meeting, "Kunjungan penyuluh") == 2
    assert str(sent_once.ALREADY_SENT) not in _said(colleague)
    # Someone from another kabupaten: refused by the view, as without the token (404), and
    # nothing written; their refused claim is let go.
    outsider = _add_topic(_team("kab.maluku", "81.05"), meeting, "Kunjungan penyuluh")
    assert outsider.status_code == 404
    assert _topics(meeting, "Kunjungan penyuluh") == 2
    assert SentForm.objects.count() == 2


def test_a_form_shown_again_with_its_errors_can_be_sent_again():
    """Only a send that led elsewhere is kept: the same invalid form sent twice is checked
    twice, and nothing is answered from a claim."""
    person = user_with_role(Role.KECAMATAN, "53.18.11")
    client = Client()
    client.force_login(person)
    path = reverse("meetings:meeting_create", args=["53.18.11"])
    posted = {"date": "31-02-2027", "place": "Aula", sent_once.FIELD: TOKEN}
    for _ in range(2):
        response = client.post(path, posted)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert str(sent_once.ALREADY_SENT) not in _said(response)
    assert not SentForm.objects.exists()
    assert not CoordinationMeeting.objects.exists()


def test_a_second_send_while_the_first_is_still_carried_out_leads_back_to_the_page(
    meeting, monkeypatch
):
    """The first send claimed the form and has not finished (here: never will): the second
    waits its bounded while, then goes back to the page it came from, said so, doing nothing."""
    monkeypatch.setattr(sent_once, "WAIT_SECONDS", 0.0)
    team = _team()
    first = _add_topic(team, meeting, "Kunjungan penyuluh")
    SentForm.objects.update(answer="")  # as while the first send's view is still running
    second = _add_topic(team, meeting, "Kunjungan penyuluh")
    assert _topics(meeting, "Kunjungan penyuluh") == 1
    assert second["Location"] == reverse("district:meeting_detail", args=[meeting.pk])
    assert second["Location"] != first["Location"]
    assert str(sent_once.STILL_BEING_SENT) in _said(second)


def test_htmx_saves_are_not_claimed(meeting):
    item = agenda_item_add(meeting=meeting, title="Topik", actor=None)
    _team().post(
        reverse("district:agenda_item_save", args=[meeting.pk, item.pk]),
        {"title": "Topik diubah", "was_title": item.title, sent_once.FIELD: TOKEN},
        HTTP_HX_REQUEST="true",
    )
    assert not SentForm.objects.exists()


def test_sends_older_than_a_day_are_forgotten_at_a_claim_once_an_hour(meeting, monkeypatch):
    monkeypatch.setattr(sent_once, "_forgot_at", float("-inf"))  # no clean-up yet here
    SentForm.objects.create(key="old", answer="/", sent_at=timezone.now() - datetime.timedelta(2))
    SentForm.objects.create(key="recent", answer="/", sent_at=timezone.now())
    team = _team()
    _add_topic(team, meeting, "Kunjungan penyuluh")
    assert set(SentForm.objects.values_list("key", flat=True)) >= {"recent"}
    assert not SentForm.objects.filter(key="old").exists()
    # Within the hour the next claims leave it to the next clean-up: a query fewer per form.
    SentForm.objects.create(key="old", answer="/", sent_at=timezone.now() - datetime.timedelta(2))
    _add_topic(team, meeting, "Pelatihan BUMDes")
    assert SentForm.objects.filter(key="old").exists()
    monkeypatch.setattr(sent_once, "_forgot_at", sent_once._forgot_at - sent_once.FORGET_EVERY)
    _add_topic(team, meeting, "Harga jagung")
    assert not SentForm.objects.filter(key="old").exists()


def test_the_forms_of_one_page_share_its_token_and_each_render_draws_another(meeting):
    team = _team()
    page = reverse("district:meeting_detail", args=[meeting.pk])
    pattern = rf'name="{sent_once.FIELD}" value="([^"]+)"'
    first = re.findall(pattern, team.get(page).content.decode())
    again = re.findall(pattern, team.get(page).content.decode())
    assert len(first) >= 2
    assert len(set(first)) == len(set(again)) == 1
    assert first[0] != again[0]


# --- every template ---------------------------------------------------------------------------

_FORM = re.compile(r"<form\b[^>]*>", re.S)
_FIXED = re.compile(r"{% fixed\b.*?{% endfixed %}", re.S)


def _templates() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "rembuk"]
    return [path for root in roots for path in root.rglob("*.html")]


def test_every_plain_post_form_in_the_templates_carries_the_token():
    """A new form is covered by writing `{% sent_once %}` beside its `{% csrf_token %}`; this
    finds the one where it was forgotten. htmx's forms carry versions instead."""
    missing: list[str] = []
    forms = 0
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for found in _FORM.finditer(text):
            tag = found.group(0)
            if 'method="post"' not in tag or "hx-post" in tag:
                continue
            if any(name in tag for name in NOT_CONCERNED):
                continue
            forms += 1
            body = text[found.end() : text.find("</form>", found.end())]
            if "{% sent_once %}" not in body:
                missing.append(f"{path.name}: {tag[:80]}")
    assert forms > 60
    assert missing == []


def test_no_token_is_written_in_markup_kept_across_requests():
    for path in _templates():
        for kept in _FIXED.findall(path.read_text(encoding="utf-8")):
            assert "{% sent_once %}" not in kept, path.name


@pytest.mark.django_db(transaction=True)
def test_four_sends_of_one_form_at_once_are_carried_out_once(live_server, meeting):
    """Four sends of the same form racing on a threaded server (a browser's repeats, a proxy's
    retry): the key's insert is the lock. One topic; every answer leads to it."""
    import threading
    from http.client import HTTPConnection
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode, urlsplit

    address = urlsplit(live_server.url)
    session = _team().cookies[settings.SESSION_COOKIE_NAME].value
    page_path = reverse("district:meeting_detail", args=[meeting.pk])

    def request(method: str, path: str, cookies: str, body: str = "") -> tuple[int, Any, str]:
        connection = HTTPConnection(address.hostname, address.port, timeout=60)
        headers = {"Cookie": cookies, "Referer": live_server.url + page_path}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body or None, headers=headers)
        answer = connection.getresponse()
        result = (answer.status, answer.headers, answer.read().decode())
        connection.close()
        return result

    _status, headers, page = request("GET", page_path, f"{settings.SESSION_COOKIE_NAME}={session}")
    set_cookies = SimpleCookie("; ".join(headers.get_all("Set-Cookie")))
    csrf_cookie = set_cookies[settings.CSRF_COOKIE_NAME].value
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}"
    fields = {
        name: re.search(rf'name="{name}" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        for name in ("csrfmiddlewaretoken", sent_once.FIELD)
    }
    body = urlencode({**fields, "title": "Kunjungan penyuluh"})
    answers: list[tuple[int, str]] = []

    def send() -> None:
        status, headers, _page = request(
            "POST", reverse("district:agenda_topic_add", args=[meeting.pk]), cookies, body
        )
        answers.append((status, headers["Location"]))

    senders = [threading.Thread(target=send) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    item = AgendaItem.objects.get(meeting=meeting, title="Kunjungan penyuluh")
    assert answers == [(302, f"{page_path}#item-{item.pk}")] * 4
