from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone, translation

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.nodes import clock
from rembuk.core.testing import AgencyFactory, MembershipFactory, region, user_with_role
from rembuk.district.services import district_meeting_create
from rembuk.district.tests.conftest import make_report, make_request
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.notifications.models import Notification, NotificationPreference
from rembuk.notifications.rules import on_change_recorded
from rembuk.people.models import Role
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db

WAINYAPU = "53.18.11.2006"


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def distan(db):
    return AgencyFactory(name="Dinas Pertanian", short_name="Distan")


@pytest.fixture
def dpmd(db):
    return AgencyFactory(name="Dinas Pemberdayaan Masyarakat dan Desa", short_name="DPMD")


def agency_staff(agency, username: str):
    user = user_with_role(Role.TIM_PROGRAM, "81", username=username)  # a role elsewhere
    MembershipFactory(user=user, role=Role.OPD, region=region("53.18"), agency=agency)
    return user


def test_a_new_request_notifies_the_staff_of_its_agency_only(kecamatan_meeting, distan, dpmd):
    staff = agency_staff(distan, "petrus")
    other = agency_staff(dpmd, "maria")
    make_request(kecamatan_meeting, "Kunjungan penyuluh pertanian", agency=distan)
    (notification,) = Notification.objects.filter(user=staff)
    assert notification.kind == Notification.Kind.NEW_REQUEST
    assert "Wainyapu" in notification.message and "Kunjungan penyuluh" in notification.message
    assert notification.read_at is None
    assert kinds(other) == []


def test_rerouting_notifies_the_new_agency(kecamatan_meeting, distan, dpmd):
    request = make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    staff = agency_staff(dpmd, "maria")
    history.update(request, actor=None, agency=dpmd)
    assert kinds(staff) == [Notification.Kind.NEW_REQUEST]


def test_a_status_change_notifies_the_village_and_the_kecamatan(kecamatan_meeting, distan):
    village = user_with_role(Role.TIM_DESA, WAINYAPU)
    cadre = user_with_role(Role.FASILITATOR_DESA, WAINYAPU)
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    neighbour = user_with_role(Role.TIM_DESA, "53.18.11.2001")
    opd = agency_staff(distan, "petrus")
    request = make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    history.update(request, actor=opd, status=SupportRequest.Status.SCHEDULED)
    for user in (village, cadre, kecamatan):
        assert kinds(user) == [Notification.Kind.REQUEST_STATUS]
    message = Notification.objects.get(user=village).message
    with translation.override("id"):  # written in the person's language
        assert "Wainyapu" in message and str(SupportRequest.Status.SCHEDULED.label) in message
    assert kinds(neighbour) == []
    assert kinds(opd) == [Notification.Kind.NEW_REQUEST]  # not about their own change


def test_the_person_who_made_the_change_is_not_notified(kecamatan_meeting, distan):
    staff = agency_staff(distan, "petrus")
    make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan, actor=staff)
    assert kinds(staff) == []


def test_a_coordination_meeting_notifies_the_kecamatan_and_its_villages(db):
    kecamatan = user_with_role(Role.KECAMATAN, "53.18.11")
    village = user_with_role(Role.TIM_DESA, WAINYAPU)
    elsewhere = user_with_role(Role.TIM_DESA, "81.05.15.2001")
    from rembuk.meetings.services import meeting_create

    meeting = meeting_create(
        kecamatan=region("53.18.11"),
        date=datetime.date(2024, 7, 25),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    assert kinds(kecamatan) == kinds(village) == [Notification.Kind.MEETING_SCHEDULED]
    notification = Notification.objects.get(user=village)
    assert "Kodi Balaghar" in notification.message and "25 Juli 2024" in notification.message
    assert str(meeting.id) in notification.url
    assert kinds(elsewhere) == []


def test_a_report_sent_notifies_the_kabupaten_team(kecamatan_meeting):
    team = user_with_role(Role.TIM_KABUPATEN, "53.18")
    other_team = user_with_role(Role.TIM_KABUPATEN, "81.05")
    report = make_report(kecamatan_meeting, sent_at=None, status=KecamatanReport.Status.DRAFT)
    assert kinds(team) == []  # a draft is not news
    history.update(report, actor=None, status=KecamatanReport.Status.SENT, sent_at=timezone.now())
    assert kinds(team) == [Notification.Kind.REPORT_RECEIVED]
    assert "Kodi Balaghar" in Notification.objects.get(user=team).message
    assert kinds(other_team) == []


def test_a_district_meeting_notifies_the_team_and_the_agencies(db, distan):
    team = user_with_role(Role.TIM_KABUPATEN, "53.18")
    staff = agency_staff(distan, "petrus")
    village = user_with_role(Role.TIM_DESA, WAINYAPU)
    meeting = district_meeting_create(
        kabupaten=region("53.18"), date=datetime.date(2024, 8, 15), place="Aula Bappeda", actor=None
    )
    assert kinds(team) == kinds(staff) == [Notification.Kind.MEETING_SCHEDULED]
    notification = Notification.objects.get(user=team)
    assert "15 Agustus 2024" in notification.message and "Aula Bappeda" in notification.message
    assert str(meeting.id) in notification.url
    assert kinds(village) == []


def test_other_models_cost_no_query(django_assert_num_queries):
    entry = ChangeLog(model_label="plans.activity", action="update", changes={"name": ["a", "b"]})
    with django_assert_num_queries(0):
        on_change_recorded(ChangeLog, entry=entry, remote=True)


def test_an_update_of_a_request_that_concerns_nobody_costs_no_query(django_assert_num_queries):
    entry = ChangeLog(
        model_label="support.supportrequest", action="update", changes={"text": ["a", "b"]}
    )
    with django_assert_num_queries(0):
        on_change_recorded(ChangeLog, entry=entry, remote=False)


def _remote_request_entry(followup: FollowUp, agency, recorded_at=None) -> dict:
    request_id = uuid.uuid4()
    sheet = followup.sheet
    changes = {
        "followup_id": [None, str(followup.id)],
        "desa_id": [None, str(sheet.desa_id)],
        "agency_id": [None, str(agency.id)],
        "text": [None, "Bibit jagung tahan kering"],
        "status": [None, "diajukan"],
        "due_date": [None, None],
        "scheduled_for": [None, None],
        "response": [None, ""],
        "decline_reason": [None, ""],
        "closed_on": [None, None],
    }
    return {
        "change_id": str(uuid.uuid4()),
        "hlc": str(clock().now()),
        "node_id": "laptop-kodi-balaghar",
        "actor_label": "Agustinus Ndara",
        "model_label": "support.supportrequest",
        "object_id": str(request_id),
        "object_repr": "Bibit jagung tahan kering",
        "action": "create",
        "changes": changes,
        "version": 1,
        "scope_code": sheet.desa.code,
        "root_id": str(request_id),
        "recorded_at": (recorded_at or timezone.now()).isoformat(),
    }


def test_a_request_arriving_by_sync_notifies_once_even_if_sent_twice(kecamatan_meeting, distan):
    staff = agency_staff(distan, "petrus")
    sheet = MeetingSheet.objects.filter(meeting=kecamatan_meeting).first()
    followup = history.create(
        FollowUp, actor=None, sheet=sheet, text="Bibit", kind=FollowUp.Kind.AGENCY_SUPPORT
    )
    entry = _remote_request_entry(followup, distan)
    assert history.apply_remote(entry, winning_fields=entry["changes"]) is not None
    assert history.apply_remote(entry, winning_fields=entry["changes"]) is None
    assert kinds(staff) == [Notification.Kind.NEW_REQUEST]
    assert "Bibit jagung tahan kering" in Notification.objects.get(user=staff).message


def test_a_request_recorded_offline_days_ago_is_news_when_it_arrives(kecamatan_meeting, distan):
    staff = agency_staff(distan, "petrus")
    sheet = MeetingSheet.objects.filter(meeting=kecamatan_meeting).first()
    followup = history.create(
        FollowUp, actor=None, sheet=sheet, text="Bibit", kind=FollowUp.Kind.AGENCY_SUPPORT
    )
    written = timezone.now() - datetime.timedelta(days=5)  # on a laptop without signal
    entry = _remote_request_entry(followup, distan, recorded_at=written)
    before = timezone.now()
    history.apply_remote(entry, winning_fields=entry["changes"])
    notification = Notification.objects.get(user=staff)
    assert notification.created_at >= before  # not five days down the list, already stale


def test_email_goes_after_the_commit_to_those_who_asked(
    kecamatan_meeting, distan, django_capture_on_commit_callbacks
):
    wants = agency_staff(distan, "petrus")
    NotificationPreference.objects.create(user=wants, by_email=True)
    quiet = agency_staff(distan, "yohanis")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == [wants.email] and "Kunjungan penyuluh" in message.body
    assert kinds(quiet) == [Notification.Kind.NEW_REQUEST]


def test_an_email_about_a_text_with_line_breaks_goes_out_with_a_one_line_subject(
    kecamatan_meeting, distan, django_capture_on_commit_callbacks
):
    """A header cannot hold a line break (Django refuses it): the text typed over several lines
    makes a subject of one line, cut to a length a mail reader shows, and the email is sent."""
    wants = agency_staff(distan, "petrus")
    NotificationPreference.objects.create(user=wants, by_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_request(kecamatan_meeting, "Kunjungan\r\npenyuluh \n\n\t pertanian", agency=distan)
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "  " not in message.subject
    assert "Wainyapu: Kunjungan penyuluh" in message.subject and message.subject.endswith("…")
    assert len(message.subject) <= 100
    assert "Kunjungan\r\npenyuluh" in message.body  # the body keeps the text as typed
