from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rembuk.core.models import ChangeLog
from rembuk.support import services
from rembuk.support.models import SupportRequest, SupportRequestEvent
from rembuk.support.tests.conftest import agency

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status
Kind = SupportRequestEvent.Kind
DAY = datetime.date(2024, 4, 2)


def fresh(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_related("agency", "desa__parent").get(pk=request.pk)


def kinds(request: SupportRequest) -> list[str]:
    return list(request.events.order_by("date", "changed_at").values_list("kind", flat=True))


def test_requests_from_a_meeting_are_made_once_and_only_for_agency_support(meeting, requests):
    assert set(requests) == {"Distan", "DPMD"}
    assert services.requests_from_meeting(meeting=meeting, actor=None) == []
    assert SupportRequest.objects.count() == 2
    assert all(r.status == Status.SUBMITTED for r in requests.values())


def test_accepting_keeps_the_proposed_agency_and_logs_who_did_it(requests, kabupaten_user):
    request = requests["Distan"]
    accepted = services.request_accept(
        request=request, agency=request.agency, actor=kabupaten_user, date=DAY
    )
    assert accepted.status == Status.ACCEPTED
    assert kinds(accepted) == [Kind.SUBMITTED, Kind.ACCEPTED]
    entry = ChangeLog.objects.filter(object_id=request.pk).order_by("-seq").first()
    assert entry.actor == kabupaten_user
    assert entry.changes["status"] == [Status.SUBMITTED, Status.ACCEPTED]


def test_accepting_for_an_agency_of_another_kabupaten_is_refused(requests, kabupaten_user):
    with pytest.raises(ValidationError, match="not an agency of this village"):
        services.request_accept(
            request=requests["Distan"], agency=agency("Distan", "81.05"), actor=kabupaten_user
        )
    assert fresh(requests["Distan"]).status == Status.SUBMITTED


def test_rerouting_without_a_reason_is_refused_and_writes_nothing(requests, kabupaten_user):
    request = requests["DPMD"]
    before = ChangeLog.objects.count()
    with pytest.raises(ValidationError, match="Write why the request goes to another agency"):
        services.request_reroute(
            request=request, agency=agency("Bappeda"), note="  ", actor=kabupaten_user
        )
    assert ChangeLog.objects.count() == before
    assert fresh(request).agency.short_name == "DPMD"


def test_rerouting_keeps_the_history_and_waits_at_the_new_agency(requests, kabupaten_user):
    request = services.request_accept(
        request=requests["DPMD"], agency=agency("DPMD"), actor=kabupaten_user, date=DAY
    )
    request = services.request_schedule(
        request=fresh(request), scheduled_for=datetime.date(2024, 5, 1), actor=None, date=DAY
    )
    rerouted = services.request_reroute(
        request=fresh(request),
        agency=agency("Bappeda"),
        note="Pelatihan keuangan desa dipegang Bappeda tahun ini.",
        actor=kabupaten_user,
        date=DAY,
    )
    assert rerouted.agency.short_name == "Bappeda"
    assert rerouted.status == Status.ACCEPTED
    assert rerouted.scheduled_for is None
    event = rerouted.events.get(kind=Kind.REROUTED)
    assert (event.from_agency.short_name, event.to_agency.short_name) == ("DPMD", "Bappeda")
    assert event.note.startswith("Pelatihan keuangan")


def test_rerouting_to_the_same_agency_is_refused(requests, kabupaten_user):
    with pytest.raises(ValidationError, match="already with DPMD"):
        services.request_reroute(
            request=requests["DPMD"], agency=agency("DPMD"), note="x", actor=kabupaten_user
        )


def test_declining_without_a_reason_is_refused(requests, kabupaten_user):
    with pytest.raises(ValidationError, match="Write why the request is declined"):
        services.request_decline(request=requests["DPMD"], reason="", actor=kabupaten_user)
    assert fresh(requests["DPMD"]).status == Status.SUBMITTED


def test_declining_closes_the_request_with_the_reason(requests, kabupaten_user):
    declined = services.request_decline(
        request=requests["DPMD"],
        reason="Sudah ada di program lain.",
        actor=kabupaten_user,
        date=DAY,
    )
    assert declined.status == Status.DECLINED
    assert declined.decline_reason == "Sudah ada di program lain."
    assert declined.closed_on == DAY
    assert declined.due_state_on(DAY) == SupportRequest.Due.DONE


def test_the_agency_moves_a_request_to_done_with_a_dated_step_each(requests, distan_user):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    request = services.request_schedule(
        request=fresh(request),
        scheduled_for=datetime.date(2024, 4, 20),
        actor=distan_user,
        date=datetime.date(2024, 4, 3),
        note="Penyuluh Kodi Balaghar.",
    )
    request = services.request_start(
        request=fresh(request), actor=distan_user, date=datetime.date(2024, 4, 20)
    )
    closed = services.request_close(
        request=fresh(request),
        response="Penyuluh datang dan melatih 25 petani.",
        actor=distan_user,
        date=datetime.date(2024, 4, 21),
    )
    assert closed.status == Status.DONE
    assert closed.closed_on == datetime.date(2024, 4, 21)
    assert kinds(closed) == [Kind.SUBMITTED, Kind.ACCEPTED, Kind.STATUS, Kind.STATUS, Kind.STATUS]
    steps = list(closed.events.filter(kind=Kind.STATUS).order_by("date"))
    assert [s.to_status for s in steps] == [Status.SCHEDULED, Status.IN_PROGRESS, Status.DONE]
    assert steps[0].set_date == datetime.date(2024, 4, 20)
    assert {s.changed_by for s in steps} == {distan_user}


def test_closing_without_a_response_is_refused(requests):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    with pytest.raises(ValidationError, match="Write the response to the village"):
        services.request_close(request=fresh(request), response=" ", actor=None)
    assert fresh(request).status == Status.ACCEPTED


def test_scheduling_without_a_date_is_refused(requests):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    with pytest.raises(ValidationError, match="date the support is planned for"):
        services.request_schedule(request=fresh(request), scheduled_for=None, actor=None)


@pytest.mark.parametrize(
    ("step", "kwargs"),
    [
        (services.request_schedule, {"scheduled_for": DAY}),
        (services.request_start, {}),
        (services.request_close, {"response": "Selesai."}),
    ],
)
def test_a_new_request_cannot_skip_the_kabupaten_triage(requests, step, kwargs):
    with pytest.raises(ValidationError, match="cannot become"):
        step(request=requests["Distan"], actor=None, **kwargs)


def test_a_closed_request_cannot_be_reopened_or_rerouted(requests):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    closed = services.request_close(request=fresh(request), response="Sudah.", actor=None, date=DAY)
    with pytest.raises(ValidationError, match="cannot become"):
        services.request_start(request=fresh(closed), actor=None)
    with pytest.raises(ValidationError, match="closed request cannot be rerouted"):
        services.request_reroute(
            request=fresh(closed), agency=agency("DPMD"), note="Salah dinas.", actor=None
        )


def test_a_step_dated_in_the_future_is_refused(requests):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.request_accept(
            request=requests["Distan"],
            agency=agency("Distan"),
            actor=None,
            date=datetime.date.today() + datetime.timedelta(days=1),
        )


def test_a_step_dated_before_the_previous_step_is_refused(requests):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    with pytest.raises(ValidationError, match="before the previous step"):
        services.request_start(
            request=fresh(request), actor=None, date=DAY - datetime.timedelta(days=1)
        )
    assert fresh(request).status == Status.ACCEPTED


def test_setting_the_due_date_is_a_dated_step_and_a_no_op_when_unchanged(requests):
    request = requests["DPMD"]
    updated = services.request_due_date_set(
        request=request, due_date=datetime.date(2024, 6, 30), actor=None, date=DAY
    )
    assert updated.due_date == datetime.date(2024, 6, 30)
    assert updated.events.get(kind=Kind.DUE_DATE).set_date == datetime.date(2024, 6, 30)
    again = services.request_due_date_set(
        request=fresh(updated), due_date=datetime.date(2024, 6, 30), actor=None, date=DAY
    )
    assert again.events.filter(kind=Kind.DUE_DATE).count() == 1


def test_a_note_needs_text(requests):
    with pytest.raises(ValidationError, match="Write the note"):
        services.request_note_add(request=requests["DPMD"], note="", actor=None)
    event = services.request_note_add(
        request=requests["DPMD"], note="Dinas dihubungi lewat telepon.", actor=None, date=DAY
    )
    assert event.kind == Kind.NOTE


# --- the due state: one rule, fixed dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (None, Status.ACCEPTED, SupportRequest.Due.NO_DEADLINE),
        (datetime.date(2024, 6, 1), Status.ACCEPTED, SupportRequest.Due.ON_SCHEDULE),
        (datetime.date(2024, 5, 15), Status.SCHEDULED, SupportRequest.Due.ON_SCHEDULE),
        (datetime.date(2024, 5, 14), Status.SCHEDULED, SupportRequest.Due.DUE_SOON),
        (datetime.date(2024, 4, 30), Status.IN_PROGRESS, SupportRequest.Due.DUE_SOON),
        (datetime.date(2024, 4, 29), Status.ACCEPTED, SupportRequest.Due.OVERDUE),
        (datetime.date(2024, 4, 1), Status.DONE, SupportRequest.Due.DONE),
        (None, Status.DECLINED, SupportRequest.Due.DONE),
    ],
)
def test_the_due_state_on_30_april_2024(due, status, expected):
    request = SupportRequest(due_date=due, status=status)
    assert request.due_state_on(datetime.date(2024, 4, 30)) == expected


def test_in_indonesian_a_due_badge_never_reads_like_a_status_the_request_is_not_in():
    """The status and the due badge sit side by side: "Menunggu tim kabupaten · Terjadwal" read
    as if the request were scheduled (Dijadwalkan) when it was only not yet overdue."""
    with translation.override("id"):
        statuses = {str(label).lower() for label in Status.labels}
        for due in SupportRequest.Due:
            if due is SupportRequest.Due.DONE:
                continue  # done is done, in both badges
            label = str(due.label).lower()
            assert label not in statuses, label
            assert "jadwal" not in label, label


def test_an_answered_request_shows_its_follow_up_as_done_and_the_next_review_starts_there(
    requests,
):
    """The meeting that agreed the follow-up is read-only; the agency's answer says more than
    the status it recorded, so screens (and the next meeting's review) start from it."""
    from rembuk.meetings import services as meeting_services
    from rembuk.meetings.models import FollowUp, FollowUpReview

    distan = requests["Distan"]

    def followup() -> FollowUp:
        return FollowUp.objects.select_related("support_request").get(pk=distan.followup_id)

    assert followup().status_now == FollowUp.Status.OPEN
    services.request_accept(request=distan, agency=distan.agency, actor=None)
    assert followup().status_now == FollowUp.Status.IN_PROGRESS
    services.request_close(
        request=SupportRequest.objects.get(pk=distan.pk), response="Penyuluh datang.", actor=None
    )
    assert followup().status_now == FollowUp.Status.DONE
    assert followup().status == FollowUp.Status.OPEN  # what the meeting recorded stays

    first = followup().sheet.meeting
    next_meeting = meeting_services.meeting_create(
        kecamatan=first.kecamatan,
        date=first.date + datetime.timedelta(days=90),
        villages=[followup().sheet.desa],
        actor=None,
    )
    meeting_services.followup_review_record(
        meeting=next_meeting, followup=followup(), note="Sudah dikunjungi.", actor=None
    )
    assert FollowUpReview.objects.get(followup_id=distan.followup_id).status == "selesai"
    assert followup().status == FollowUp.Status.DONE


def test_a_response_or_note_longer_than_the_page_allows_is_refused_and_nothing_changes(requests):
    request = services.request_accept(
        request=requests["Distan"], agency=agency("Distan"), actor=None, date=DAY
    )
    events = fresh(request).events.count()
    with pytest.raises(ValidationError, match="at most 5000"):
        services.request_close(request=fresh(request), response="x" * 100_000, actor=None)
    with pytest.raises(ValidationError, match="at most 5000"):
        services.request_note_add(request=fresh(request), note="x" * 100_000, actor=None, date=DAY)
    assert fresh(request).status == Status.ACCEPTED
    assert fresh(request).events.count() == events
