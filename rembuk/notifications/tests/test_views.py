from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.notifications.models import Notification, NotificationPreference
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db


def notify(user, message: str = "Permintaan baru", url: str = "/rencana/") -> Notification:
    return Notification.objects.create(
        user=user,
        kind=Notification.Kind.NEW_REQUEST,
        message=message,
        url=url,
        change_id=uuid.uuid4(),
    )


@pytest.fixture
def person(db):
    return user_with_role(Role.KECAMATAN, "53.18.11")


@pytest.fixture
def client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_list_shows_newest_first_and_the_unread_count(client, person):
    notify(person, "Pertama")
    read = notify(person, "Kedua")
    read.read_at = read.created_at
    read.save()
    notify(person, "Ketiga")
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert page.index("Ketiga") < page.index("Kedua") < page.index("Pertama")
    assert page.count('class="notification unread"') == 2
    assert 'id="unread-count">2 ' in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, person):
    notification = notify(person, url="/rencana/")
    response = client.post(reverse("notifications:notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/rencana/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_never_leads_off_site(client, person):
    notification = notify(person, url="https://example.com/phish")
    response = client.post(reverse("notifications:notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:notification_list")


def test_someone_elses_notification_is_not_found(client):
    other = user_with_role(Role.TIM_DESA, "53.18.11.2006")
    theirs = notify(other)
    for name in ("notification_open", "notification_read"):
        assert client.post(reverse(f"notifications:{name}", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_mark_all_read(client, person):
    first = notify(person)
    notify(person)
    notify(person)
    client.post(reverse("notifications:notification_read", args=[first.pk]))
    assert Notification.objects.filter(user=person, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:notifications_read_all"))
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()


def test_marking_one_read_without_javascript_comes_back_to_the_item_on_its_page(client, person):
    marked = notify(person)
    url = reverse("notifications:notification_read", args=[marked.pk])
    response = client.post(url, {"halaman": "2"})
    assert response["Location"] == f"/notifikasi/?halaman=2#notification-{marked.pk}"
    other = notify(person)
    response = client.post(reverse("notifications:notification_read", args=[other.pk]))
    assert response["Location"] == f"/notifikasi/#notification-{other.pk}"
    tricky = notify(person)
    url = reverse("notifications:notification_read", args=[tricky.pk])
    response = client.post(url, {"halaman": "//elsewhere.example"})
    assert response["Location"] == f"/notifikasi/#notification-{tricky.pk}"


def test_marking_one_read_with_htmx_answers_the_item_read_and_the_counts(client, person):
    marked = notify(person, "Rapat dijadwalkan")
    notify(person)
    url = reverse("notifications:notification_read", args=[marked.pk])
    answer = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert f'<li class="notification" id="notification-{marked.pk}">' in answer
    assert "Rapat dijadwalkan" in answer and "/dibaca/" not in answer  # its form is gone
    assert 'id="unread-count" hx-swap-oob="true">1 ' in answer
    assert 'id="notification-bell" hx-swap-oob="innerHTML"' in answer
    assert "<html" not in answer


def test_the_email_preference_toggles(client, person):
    client.post(reverse("notifications:notification_preference"), {"by_email": "1"})
    assert NotificationPreference.objects.get(user=person).by_email
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert person.email in page
    client.post(reverse("notifications:notification_preference"), {"by_email": "0"})
    assert not NotificationPreference.objects.get(user=person).by_email


def test_the_unread_count_is_in_every_page_context_for_one_query(client, person):
    notify(person)
    notify(person)
    response = client.get(reverse("core:home"), follow=True)
    assert response.context["unread_notifications"] == 2
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications:notification_list"))
    counting = [q for q in captured if "COUNT(" in q["sql"] and 'read_at" IS NULL' in q["sql"]]
    assert len(counting) == 1


def test_anonymous_people_get_no_count_and_no_query(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from rembuk.notifications.context_processors import unread_notifications

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request) == {"unread_notifications": 0}


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_for_1_or_30_notifications(client, person):
    notify(person)
    url = reverse("notifications:notification_list")
    few = _queries(client, url)
    for n in range(29):
        notify(person, f"Pemberitahuan {n}")
    # session, user, memberships (the menu), count for the pager, the page, the email
    # preference, the unread count
    assert few == _queries(client, url) == 7


def test_a_stored_notification_reads_in_the_language_the_person_reads_it_in(
    client, person, kecamatan_meeting
):
    from rembuk.core import history
    from rembuk.district.tests.conftest import make_request
    from rembuk.support.models import SupportRequest

    request = make_request(kecamatan_meeting, "Kunjungan penyuluh pertanian")
    history.update(request, actor=None, status=SupportRequest.Status.SCHEDULED)
    notification = Notification.objects.get(user=person, kind=Notification.Kind.REQUEST_STATUS)
    assert "Dijadwalkan" in notification.message  # written in the person's default language

    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Permintaan dukungan Desa Wainyapu sekarang berstatus “Dijadwalkan”" in page
    client.post(reverse("people:set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("notifications:notification_list")).content.decode()
    assert "Support request of Desa Wainyapu is now “Scheduled”" in page
    assert "Dijadwalkan" not in page


def test_a_notification_is_dated_when_its_change_was_recorded(person, kecamatan_meeting):
    from rembuk.core import history
    from rembuk.core.models import ChangeLog
    from rembuk.district.tests.conftest import make_request

    request = make_request(kecamatan_meeting, "Kunjungan penyuluh pertanian")
    history.update(request, actor=None, status="dijadwalkan")
    entry = ChangeLog.objects.filter(object_id=request.pk).latest("seq")
    notification = Notification.objects.get(user=person, kind=Notification.Kind.REQUEST_STATUS)
    assert notification.created_at == entry.recorded_at


def test_the_unread_count_follows_the_records_on_every_read(person):
    from rembuk.notifications.selectors import unread_count

    other = user_with_role(Role.KECAMATAN, "53.18.11")
    assert unread_count(person) == 0  # no unread row: no row at all, still 0
    first, _second = notify(person), notify(person)
    notify(other)  # someone else's does not count
    assert unread_count(person) == 2
    Notification.objects.filter(pk=first.pk).update(read_at="2026-12-01T08:00:00Z")
    assert unread_count(person) == 1  # the kept SQL reads the rows again each time
    assert unread_count(other) == 1


def test_the_header_bell_and_its_out_of_band_answer_carry_the_same_content(client, person):
    marked = notify(person)
    notify(person)
    notify(person)
    page = client.get(reverse("notifications:notification_list")).content.decode()
    bell = (
        '<a class="notification-bell" id="notification-bell" href="/notifikasi/">Pemberitahuan'
        ' <span class="count">3<span class="visually-hidden"> belum dibaca</span></span></a>'
    )
    assert bell in page
    url = reverse("notifications:notification_read", args=[marked.pk])
    answer = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert (
        '<a id="notification-bell" hx-swap-oob="innerHTML">Pemberitahuan'
        ' <span class="count">2<span class="visually-hidden"> belum dibaca</span></span></a>'
    ) in answer
