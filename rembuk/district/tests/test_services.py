from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rembuk.core.models import ChangeLog
from rembuk.core.testing import AgencyFactory, region
from rembuk.district import services
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.tests.conftest import SUMBA_BARAT_DAYA, aware, make_report, make_request
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read the services' messages in the source language (English); the
    Indonesian a person sees is checked by the view and browser tests."""
    with translation.override("en"):
        yield


def schedule(day: datetime.date, actor=None) -> DistrictMeeting:
    return services.district_meeting_create(
        kabupaten=region(SUMBA_BARAT_DAYA), date=day, place="Aula Bappeda", actor=actor
    )


def test_a_meeting_belongs_to_a_kabupaten_not_a_kecamatan(kabupaten_user):
    with pytest.raises(ValidationError, match="belongs to a kabupaten"):
        services.district_meeting_create(
            kabupaten=region("53.18.11"), date=datetime.date(2024, 4, 18), actor=kabupaten_user
        )


def test_scheduling_is_logged_with_who(kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18), kabupaten_user)
    entry = ChangeLog.objects.get(object_id=meeting.id)
    assert entry.actor == kabupaten_user and entry.action == "create"


def test_the_agenda_lists_reports_received_since_the_previous_meeting_and_open_requests(
    kecamatan_meeting, distan
):
    schedule(datetime.date(2024, 1, 20))  # the previous meeting
    meeting = schedule(datetime.date(2024, 4, 18))
    old = make_report(kecamatan_meeting, sent_at=aware(2024, 1, 10))  # before the previous one
    new = make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29))
    make_report(kecamatan_meeting, sent_at=None, status=KecamatanReport.Status.DRAFT)
    open_request = make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    make_request(kecamatan_meeting, "Sudah selesai", status=SupportRequest.Status.DONE)
    make_request(kecamatan_meeting, "Ditolak", status=SupportRequest.Status.DECLINED)

    created = services.agenda_build(meeting=meeting, actor=None)

    assert {i.report_id for i in created if i.report_id} == {new.id}
    assert {i.request_id for i in created if i.request_id} == {open_request.id}
    assert old.id not in {i.report_id for i in created}


def test_the_first_meeting_takes_every_report_sent(kecamatan_meeting):
    meeting = schedule(datetime.date(2024, 4, 18))
    report = make_report(kecamatan_meeting, sent_at=aware(2023, 11, 2))
    created = services.agenda_build(meeting=meeting, actor=None)
    assert [i.report_id for i in created] == [report.id]


def test_a_report_sent_on_the_day_of_the_previous_meeting_went_to_that_meeting(kecamatan_meeting):
    schedule(datetime.date(2024, 3, 29))
    meeting = schedule(datetime.date(2024, 4, 18))
    make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29))
    assert services.agenda_build(meeting=meeting, actor=None) == []


def test_requests_of_another_kabupaten_stay_off_the_agenda(kecamatan_meeting):
    meeting = services.district_meeting_create(
        kabupaten=region("81.05"), date=datetime.date(2024, 4, 18), actor=None
    )
    make_request(kecamatan_meeting, "Kunjungan penyuluh")
    make_report(kecamatan_meeting, sent_at=aware(2024, 3, 29))
    assert services.agenda_build(meeting=meeting, actor=None) == []


def test_building_the_agenda_twice_adds_only_what_is_new(kecamatan_meeting, distan):
    meeting = schedule(datetime.date(2024, 4, 18))
    make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    first = services.agenda_build(meeting=meeting, actor=None)
    assert len(first) == 1
    assert services.agenda_build(meeting=meeting, actor=None) == []
    later = make_request(kecamatan_meeting, "Bibit jagung")
    second = services.agenda_build(meeting=meeting, actor=None)
    assert [i.request_id for i in second] == [later.id]
    assert [i.position for i in AgendaItem.objects.filter(meeting=meeting)] == [0, 1]


def test_a_decision_and_an_assignment_are_recorded(kecamatan_meeting, distan, kabupaten_user):
    meeting = schedule(datetime.date(2024, 4, 18))
    make_request(kecamatan_meeting, "Kunjungan penyuluh", agency=distan)
    (item,) = services.agenda_build(meeting=meeting, actor=None)
    saved = services.agenda_item_save(
        item=item,
        actor=kabupaten_user,
        decision="Disetujui",
        assigned_agency=distan,
        assignment="Penyuluh berkunjung ke Wainyapu",
        assignment_due=datetime.date(2024, 5, 15),
    )
    assert saved.decision == "Disetujui" and saved.assigned_agency == distan
    entry = ChangeLog.objects.filter(object_id=item.id).order_by("-seq").first()
    assert entry.actor == kabupaten_user and "decision" in entry.changes


def test_an_assignment_to_an_agency_of_another_kabupaten_is_refused(kecamatan_meeting):
    meeting = schedule(datetime.date(2024, 4, 18))
    item = services.agenda_item_add(meeting=meeting, title="Musrenbang", actor=None)
    elsewhere = AgencyFactory(kabupaten=region("81.05"), short_name="Diskan")
    with pytest.raises(ValidationError, match="not an agency of this kabupaten"):
        services.agenda_item_save(item=item, actor=None, assigned_agency=elsewhere)


def test_a_free_topic_needs_a_title():
    meeting = schedule(datetime.date(2024, 4, 18))
    with pytest.raises(ValidationError, match="Write the topic"):
        services.agenda_item_add(meeting=meeting, title="   ", actor=None)


def test_a_meeting_cannot_be_marked_held_before_its_day():
    meeting = schedule(datetime.date.today() + datetime.timedelta(days=10))
    with pytest.raises(ValidationError, match="can be marked held"):
        services.district_meeting_mark_held(meeting=meeting, actor=None)
    past = schedule(datetime.date(2024, 4, 18))
    assert services.district_meeting_mark_held(meeting=past, actor=None).status == "terlaksana"


def test_taking_an_item_off_leaves_the_request_and_a_rebuild_brings_it_back(kecamatan_meeting):
    meeting = schedule(datetime.date(2024, 4, 18))
    request = make_request(kecamatan_meeting, "Kunjungan penyuluh")
    (item,) = services.agenda_build(meeting=meeting, actor=None)
    services.agenda_item_delete(item=item, actor=None)
    assert SupportRequest.objects.filter(pk=request.pk).exists()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert [i.request_id for i in services.agenda_build(meeting=meeting, actor=None)] == [
        request.id
    ]
