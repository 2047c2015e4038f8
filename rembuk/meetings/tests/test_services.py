from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rembuk.core.history import EditConflict
from rembuk.core.testing import AgencyFactory, PlanFactory, region
from rembuk.meetings import selectors, services
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    MeetingSheet,
    ShareLink,
)
from rembuk.meetings.tests.conftest import KODI_BALAGHAR, MEETING_DAY, WAINYAPU
from rembuk.monitoring.services import village_review_record
from rembuk.people.models import User
from rembuk.plans.models import LivelihoodPlan

pytestmark = pytest.mark.django_db


def sheet_of(meeting: CoordinationMeeting, code: str = WAINYAPU) -> MeetingSheet:
    sheet = MeetingSheet.objects.select_related("desa", "plan").get(
        meeting=meeting, desa__code=code
    )
    sheet.meeting = meeting
    return sheet


# --- scheduling -----------------------------------------------------------------------------


def test_creating_a_meeting_prepares_one_sheet_per_village_with_its_plan(meeting, plans):
    sheets = list(meeting.sheets.order_by("position"))
    assert [s.desa_id for s in sheets] == [p.desa_id for p in plans]
    assert [s.plan_id for s in sheets] == [p.id for p in plans]
    assert meeting.status == CoordinationMeeting.Status.PLANNED


def test_the_sheet_takes_the_plan_covering_the_meeting_year(plans, kecamatan_user):
    wainyapu = region(WAINYAPU)
    later: LivelihoodPlan = PlanFactory(desa=wainyapu, period_start=2026, period_end=2027)  # type: ignore[assignment]
    meeting = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2026, 5, 1),
        villages=[wainyapu],
        actor=kecamatan_user,
    )
    assert sheet_of(meeting).plan_id == later.id
    old = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=datetime.date(2024, 6, 1),
        villages=[wainyapu],
        actor=kecamatan_user,
    )
    assert sheet_of(old).plan_id == plans[0].id


def test_a_meeting_with_no_villages_is_refused(kecamatan_user):
    with pytest.raises(ValidationError, match="paling sedikit satu desa"):
        services.meeting_create(
            kecamatan=region(KODI_BALAGHAR), date=MEETING_DAY, villages=[], actor=kecamatan_user
        )


def test_a_second_meeting_on_the_same_day_is_refused(meeting, kecamatan_user):
    with pytest.raises(ValidationError, match="sudah punya pertemuan"):
        services.meeting_create(
            kecamatan=region(KODI_BALAGHAR),
            date=MEETING_DAY,
            villages=[region(WAINYAPU)],
            actor=kecamatan_user,
        )


def test_a_village_of_another_kecamatan_is_refused(kecamatan_user):
    with pytest.raises(ValidationError, match="tidak berada di Kecamatan"):
        services.meeting_create(
            kecamatan=region(KODI_BALAGHAR),
            date=MEETING_DAY,
            villages=[region("81.05.15.2001")],
            actor=kecamatan_user,
        )


def test_warnings_name_villages_without_a_session_before_the_meeting(meeting, plans):
    wainyapu, other = plans[0].desa, plans[1].desa
    village_review_record(
        desa=wainyapu,
        date=MEETING_DAY - datetime.timedelta(days=7),
        status="terlaksana",
        actor=None,
    )
    village_review_record(desa=other, date=MEETING_DAY + datetime.timedelta(days=3), actor=None)
    warnings = selectors.meeting_review_warnings(meeting, selectors.meeting_sheet_list(meeting))
    assert [w.desa for w in warnings] == [other]
    assert "sesudah pertemuan" in warnings[0].message


def test_a_held_session_cannot_be_in_the_future():
    with pytest.raises(ValidationError, match="masa depan"):
        village_review_record(
            desa=region(WAINYAPU),
            date=timezone.localdate() + datetime.timedelta(days=2),
            status="terlaksana",
            actor=None,
        )


# --- recording ------------------------------------------------------------------------------


def test_a_challenge_names_the_activities_it_holds_up(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.order_by("position").first()
    activities = [str(a.id) for a in goal.activities.all()]
    challenge = services.challenge_save(
        sheet=sheet,
        goal=goal,
        actor=kecamatan_user,
        text="DD belum cair",
        blocked_activity_ids=activities[:2],
    )
    assert sorted(challenge.blocked_activity_ids) == sorted(activities[:2])
    other_goal = sheet.plan.goals.order_by("position").last()
    foreign = str(other_goal.activities.first().id)
    with pytest.raises(ValidationError, match="hanya kegiatan dari tujuan ini"):
        services.challenge_save(
            sheet=sheet, challenge=challenge, actor=kecamatan_user, blocked_activity_ids=[foreign]
        )


def test_a_text_over_5000_characters_is_refused_with_a_clear_message(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    with pytest.raises(ValidationError) as refused:
        services.challenge_save(sheet=sheet, goal=goal, actor=kecamatan_user, text="x" * 5001)
    assert "5001 karakter, paling banyak 5000" in " ".join(refused.value.messages)


def test_a_follow_up_owned_by_another_kabupatens_agency_is_refused(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    other = AgencyFactory(kabupaten=region("81.05"), name="Dinas Perikanan SBT")
    with pytest.raises(ValidationError, match="OPD kabupaten lain"):
        services.followup_save(
            sheet=sheet,
            goal=sheet.plan.goals.first(),
            actor=kecamatan_user,
            text="Minta penyuluh",
            kind=FollowUp.Kind.AGENCY_SUPPORT,
            owner=FollowUp.Owner.AGENCY,
            owner_agency=other,
        )


def test_a_follow_up_owned_by_an_agency_of_this_kabupaten_is_kept(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    distan = AgencyFactory(kabupaten=region("53.18"), name="Dinas Pertanian")
    followup = services.followup_save(
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        actor=kecamatan_user,
        text="Jadwalkan kunjungan penyuluh",
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=distan,
        due_date=MEETING_DAY + datetime.timedelta(days=30),
    )
    assert followup.owner_agency == distan
    # Changing the owner to the village drops the agency.
    followup = services.followup_save(
        sheet=sheet, followup=followup, actor=kecamatan_user, owner=FollowUp.Owner.DESA
    )
    assert followup.owner_agency is None


def test_a_due_date_before_the_meeting_is_refused(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    with pytest.raises(ValidationError, match="tidak boleh sebelum tanggal pertemuan"):
        services.followup_save(
            sheet=sheet,
            goal=sheet.plan.goals.first(),
            actor=kecamatan_user,
            text="Pelatihan operator",
            kind=FollowUp.Kind.VILLAGE_ACTION,
            owner=FollowUp.Owner.DESA,
            due_date=MEETING_DAY - datetime.timedelta(days=1),
        )


# --- two people at once ---------------------------------------------------------------------


def test_two_people_editing_different_cells_of_one_challenge_both_land(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    challenge = services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Awal"
    )
    start = challenge.version
    services.challenge_save(
        sheet=sheet, challenge=challenge, actor=kecamatan_user, base_version=start, text="Teks A"
    )
    services.challenge_save(
        sheet=sheet, challenge=challenge, actor=kecamatan_user, base_version=start, cause="Sebab B"
    )
    fresh = Challenge.objects.get(pk=challenge.pk)
    assert (fresh.text, fresh.cause) == ("Teks A", "Sebab B")


def test_a_stale_edit_to_the_same_cell_is_refused_with_the_current_text(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    challenge = services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Awal"
    )
    start = challenge.version
    services.challenge_save(
        sheet=sheet, challenge=challenge, actor=kecamatan_user, base_version=start, text="Teks A"
    )
    with pytest.raises(EditConflict) as conflict:
        services.challenge_save(
            sheet=sheet,
            challenge=challenge,
            actor=kecamatan_user,
            base_version=start,
            text="Teks B",
        )
    assert conflict.value.current == {"text": "Teks A"}
    assert Challenge.objects.get(pk=challenge.pk).text == "Teks A"


# --- carried-in follow-ups, goal reviews, closing ---------------------------------------------


def test_open_follow_ups_of_the_previous_meeting_are_carried_in_and_reviewed(
    meeting, plans, kecamatan_user
):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    kept = services.followup_save(
        sheet=sheet, goal=goal, actor=kecamatan_user, text="Latih operator", kind="aksi_desa"
    )
    done = services.followup_save(
        sheet=sheet, goal=goal, actor=kecamatan_user, text="Sudah", kind="aksi_desa"
    )
    services.followup_save(sheet=sheet, followup=done, actor=kecamatan_user, kind="aksi_desa")
    history_done = FollowUp.objects.get(pk=done.pk)
    from rembuk.core import history

    history.update(history_done, actor=None, status=FollowUp.Status.DONE)
    services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    later = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=90),
        villages=[p.desa for p in plans],
        actor=kecamatan_user,
    )
    assert later.previous_meeting_id == meeting.id
    carried = list(selectors.carried_in_followups(later))
    assert [f.id for f in carried] == [kept.id]
    review = services.followup_review_record(
        meeting=later, followup=carried[0], actor=kecamatan_user, status="berjalan", note="Jalan"
    )
    assert review.status == "berjalan"
    assert FollowUp.objects.get(pk=kept.pk).status == "berjalan"
    services.followup_review_record(
        meeting=later, followup=carried[0], actor=kecamatan_user, status="selesai"
    )
    # Still listed where it was reviewed (to correct a slip), not at the meeting after.
    assert [f.id for f in selectors.carried_in_followups(later)] == [kept.id]
    services.meeting_close(meeting=later, actor=kecamatan_user, confirm_empty=True)
    third = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=180),
        villages=[p.desa for p in plans],
        actor=kecamatan_user,
    )
    assert list(selectors.carried_in_followups(third)) == []


def test_a_goal_review_records_the_result_and_factors(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    with pytest.raises(ValidationError, match="tujuan tercapai"):
        services.goal_review_record(sheet=sheet, goal=goal, actor=kecamatan_user, factors="x")
    review = services.goal_review_record(
        sheet=sheet, goal=goal, actor=kecamatan_user, result="sebagian", factors="Hujan"
    )
    assert review.get_result_display() == "Sebagian"


def test_closing_with_empty_sheets_needs_a_confirmation_naming_them(meeting, kecamatan_user):
    views = selectors.meeting_sheets(meeting)
    sheet = views[0].sheet
    services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Kendala"
    )
    empty = [views[1].sheet.desa.name]
    # The service works the empty sheets out itself.
    with pytest.raises(services.EmptySheetsError) as refused:
        services.meeting_close(meeting=meeting, actor=kecamatan_user)
    assert refused.value.names == empty
    assert empty[0] in refused.value.messages[0]
    closed = services.meeting_close(
        meeting=meeting,
        actor=kecamatan_user,
        next_meeting_date=MEETING_DAY + datetime.timedelta(days=90),
        documents_note="Lewat grup WhatsApp",
        confirm_empty=True,
    )
    assert closed.status == CoordinationMeeting.Status.CLOSED


def test_a_closed_meeting_is_read_only_until_the_kecamatan_reopens_it(meeting, kecamatan_user):
    closed = services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    sheet = sheet_of(closed)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.challenge_save(
            sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Telat"
        )
    reopened = services.meeting_reopen(meeting=closed, actor=kecamatan_user)
    sheet.meeting = reopened
    assert services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Telat"
    ).pk


def test_moving_a_village_swaps_it_with_its_neighbour(meeting, kecamatan_user):
    first, second = selectors.meeting_sheet_list(meeting)
    services.sheet_move(sheet=second, direction="up", actor=kecamatan_user)
    assert [s.id for s in selectors.meeting_sheet_list(meeting)] == [second.id, first.id]
    services.sheet_move(sheet=second, direction="up", actor=kecamatan_user)  # already first
    assert [s.id for s in selectors.meeting_sheet_list(meeting)] == [second.id, first.id]


# --- share links ----------------------------------------------------------------------------


def test_a_share_token_opens_its_sheet_and_nothing_else(meeting, kecamatan_user: User):
    sheet = sheet_of(meeting)
    link = services.share_link_create(sheet=sheet, actor=kecamatan_user)
    token = services.share_token(link)
    assert services.share_link_resolve(token) == link
    public_id, signature = token.split(".")
    forged = signature[:-1] + ("y" if signature[-1] != "y" else "z")
    assert services.share_link_resolve(f"{public_id}.{forged}") is None
    assert services.share_link_resolve(public_id) is None
    assert services.share_link_resolve("") is None
    # Nothing secret is stored: the token is not in the row.
    assert signature not in str(ShareLink.objects.filter(pk=link.pk).values().first())


def test_an_expired_or_revoked_share_token_no_longer_resolves(meeting, kecamatan_user):
    sheet = sheet_of(meeting)
    expired = services.share_link_create(sheet=sheet, actor=kecamatan_user, days=1)
    expired.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    expired.save()
    assert services.share_link_resolve(services.share_token(expired)) is None
    revoked = services.share_link_create(sheet=sheet, actor=kecamatan_user)
    services.share_link_revoke(link=revoked, actor=kecamatan_user)
    assert services.share_link_resolve(services.share_token(revoked)) is None


def test_share_url_for_reuses_the_active_link(meeting):
    sheet = sheet_of(meeting)
    first = services.share_url_for(sheet, "https://rembuk.example/")
    again = services.share_url_for(sheet, "https://rembuk.example")
    assert first == again
    assert first.startswith("https://rembuk.example/rapat/berbagi/")
    assert ShareLink.objects.filter(sheet=sheet).count() == 1
    token = first.rstrip("/").rsplit("/", 1)[-1]
    assert services.share_link_resolve(token).sheet_id == sheet.id


# --- the projector ----------------------------------------------------------------------------


def test_the_projector_opens_a_village_on_its_monitoring_results_then_walks_its_rows():
    from rembuk.core.testing import full_plan
    from rembuk.meetings.models import PresenterState

    kecamatan = region("53.18.11")
    first_desa, second_desa = list(kecamatan.children.order_by("code")[:2])
    for desa in (first_desa, second_desa):
        full_plan(desa.code, goals=3, activities_per_goal=2)
    # Only the second village held its own monitoring session before the meeting.
    village_review_record(
        desa=second_desa, date=datetime.date(2024, 3, 20), status="terlaksana", actor=None
    )
    meeting = services.meeting_create(
        kecamatan=kecamatan,
        date=datetime.date(2024, 3, 28),
        villages=[first_desa, second_desa],
        actor=None,
    )

    def walk(step: str) -> tuple[str, int | None]:
        state = services.presenter_step(meeting=meeting, step=step)
        return state.sheet.desa.code, state.row

    assert walk("next-row") == (first_desa.code, 1)  # no opening: it started on row 0
    assert walk("previous-row") == (first_desa.code, 0)
    assert walk("previous-row") == (first_desa.code, 0)  # nothing to hear before the rows
    assert walk("next-village") == (second_desa.code, None)  # its monitoring results first
    assert walk("previous-row") == (second_desa.code, None)
    assert walk("next-row") == (second_desa.code, 0)
    assert walk("next-row") == (second_desa.code, 1)
    assert walk("next-row") == (second_desa.code, 2)
    assert walk("next-row") == (second_desa.code, 2)  # the last row
    assert walk("next-village") == (second_desa.code, 2)  # the last village
    assert walk("previous-row") == (second_desa.code, 1)
    assert walk("previous-village") == (first_desa.code, 0)
    assert PresenterState.objects.get(meeting=meeting).row == 0
    with pytest.raises(ValidationError):
        services.presenter_step(meeting=meeting, step="jump")


def test_how_far_into_the_row_on_screen_the_presenter_read_is_kept_until_the_row_changes(
    meeting,
):
    _first, second = selectors.meeting_sheet_list(meeting)
    services.presenter_go(meeting=meeting, sheet=second, row=1)
    state = services.presenter_scroll(meeting=meeting, sheet=second, row=1, fraction=0.42)
    assert state is not None and state.row_fraction == 0.42
    # A step past the last row, or the laptop showing the same row again, moves nothing.
    services.presenter_step(meeting=meeting, step="next-row")
    services.presenter_go(meeting=meeting, sheet=second, row=1)
    assert selectors.presenter_state(meeting).row_fraction == 0.42
    # Another row starts at its top.
    services.presenter_step(meeting=meeting, step="previous-row")
    state = selectors.presenter_state(meeting)
    assert (state.row, state.row_fraction) == (0, 0.0)


def test_every_show_moves_the_count_of_shows_and_a_reading_report_does_not(meeting):
    """A screen scrolled by wheel or touch cannot tell the laptop showing the row on screen again
    from nothing (the same village, row and position): the count of shows tells it."""
    _first, second = selectors.meeting_sheet_list(meeting)

    def shows() -> int:
        return selectors.presenter_state(meeting).shows

    services.presenter_go(meeting=meeting, sheet=second, row=1)
    assert shows() == 1
    services.presenter_scroll(meeting=meeting, sheet=second, row=1, fraction=0.42)
    assert shows() == 1  # a reading report within the row
    services.presenter_go(meeting=meeting, sheet=second, row=1)  # the same row shown again
    state = selectors.presenter_state(meeting)
    assert (state.row, state.row_fraction, state.shows) == (1, 0.42, 2)
    services.presenter_step(meeting=meeting, step="next-row")  # past the last row: no show
    assert shows() == 2
    services.presenter_step(meeting=meeting, step="previous-row")  # another row: a show
    assert (selectors.presenter_state(meeting).row, shows()) == (0, 3)


def test_showing_a_village_with_nothing_to_hear_first_shows_its_first_row(meeting):
    """Showing a village ("Tayangkan desa ini") with no monitoring results and nothing carried
    in stored its opening (row None), which is empty, so the laptop's page marked no row as the
    one on screen. The server shows its first row instead, from the top."""
    _first, second = selectors.meeting_sheet_list(meeting)
    assert not selectors.sheet_has_opening(meeting, second)
    services.presenter_go(meeting=meeting, sheet=second, row=1)
    services.presenter_scroll(meeting=meeting, sheet=second, row=1, fraction=0.5)
    services.presenter_go(meeting=meeting, sheet=second, row=None)
    state = selectors.presenter_state(meeting)
    assert (state.sheet_id, state.row, state.row_fraction) == (second.id, 0, 0.0)
    # Shown again as a village while the room reads into that first row: from its top again.
    services.presenter_scroll(meeting=meeting, sheet=second, row=0, fraction=0.3)
    services.presenter_go(meeting=meeting, sheet=second, row=None)
    state = selectors.presenter_state(meeting)
    assert (state.row, state.row_fraction) == (0, 0.0)


def test_showing_a_village_with_monitoring_results_shows_its_opening(meeting):
    first, _second = selectors.meeting_sheet_list(meeting)
    village_review_record(desa=first.desa, date=MEETING_DAY, status="terlaksana", actor=None)
    assert selectors.sheet_has_opening(meeting, first)
    services.presenter_go(meeting=meeting, sheet=first, row=None)
    assert selectors.presenter_state(meeting).row is None


def test_a_position_for_a_row_no_longer_on_screen_is_dropped(meeting):
    first, second = selectors.meeting_sheet_list(meeting)
    services.presenter_go(meeting=meeting, sheet=second, row=1)
    # Sent by a screen still on row 0, or on the other village, after the projector moved on.
    assert services.presenter_scroll(meeting=meeting, sheet=second, row=0, fraction=0.5) is None
    assert services.presenter_scroll(meeting=meeting, sheet=first, row=1, fraction=0.5) is None
    state = selectors.presenter_state(meeting)
    assert (state.sheet_id, state.row, state.row_fraction) == (second.id, 1, 0.0)


def test_a_position_on_the_first_row_of_a_village_without_an_opening_is_kept(meeting):
    # The projector has not moved yet: it shows the first village's first row (no opening).
    first, _second = selectors.meeting_sheet_list(meeting)
    state = services.presenter_scroll(meeting=meeting, sheet=first, row=0, fraction=0.25)
    assert state is not None and (state.sheet_id, state.row, state.row_fraction) == (
        first.id,
        0,
        0.25,
    )


@pytest.mark.parametrize("fraction", [-0.1, 1.5, float("nan"), float("inf")])
def test_a_position_outside_the_row_is_refused(meeting, fraction):
    first, _second = selectors.meeting_sheet_list(meeting)
    with pytest.raises(ValidationError):
        services.presenter_scroll(meeting=meeting, sheet=first, row=0, fraction=fraction)


def test_the_sheet_on_screen_is_the_one_asked_for_else_the_projector_s_else_the_first(meeting):
    first, second = selectors.meeting_sheet_list(meeting)
    screen = selectors.sheet_on_screen(meeting)
    assert (screen.current, screen.row, screen.previous_sheet) == (first, None, None)
    assert screen.next_sheet == second
    services.presenter_go(meeting=meeting, sheet=second, row=2)
    screen = selectors.sheet_on_screen(meeting)
    assert (screen.current, screen.row, screen.index) == (second, 2, 1)
    # A page asking for another village shows it; the projector's row is not that village's.
    asked = selectors.sheet_on_screen(meeting, desa_code=first.desa.code)
    assert (asked.current, asked.row) == (first, None)
    unknown = selectors.sheet_on_screen(meeting, desa_code="99.99")
    assert (unknown.current, unknown.row) == (second, 2)


def test_the_row_on_screen_starts_a_village_without_an_opening_on_its_first_row():
    assert selectors.row_on_screen(None, has_opening=True, row_count=3) is None
    assert selectors.row_on_screen(None, has_opening=False, row_count=3) == 0
    assert selectors.row_on_screen(7, has_opening=True, row_count=3) == 2  # the plan shrank
    assert selectors.row_on_screen(0, has_opening=False, row_count=0) == 0
