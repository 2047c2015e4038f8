from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone

from rembuk.core import history
from rembuk.core.testing import AgencyFactory, full_plan, region, user_with_role
from rembuk.meetings import selectors, services
from rembuk.meetings.forms import MeetingCloseForm
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    GoalReview,
    MeetingSheet,
    PresenterState,
    ShareLink,
)
from rembuk.meetings.tests.conftest import KODI_BALAGHAR, MEETING_DAY, WAINYAPU
from rembuk.people.middleware import SESSION_LANGUAGE
from rembuk.people.models import Role, User
from rembuk.regions.models import Region

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet_of(meeting: CoordinationMeeting, code: str = WAINYAPU) -> MeetingSheet:
    return MeetingSheet.objects.select_related("plan", "desa").get(meeting=meeting, desa__code=code)


def detail_url(meeting: CoordinationMeeting, desa: str = WAINYAPU) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={desa}"


# --- scheduling -----------------------------------------------------------------------------


def test_the_kecamatan_page_lists_villages_with_their_session_dates(kecamatan_user, plans):
    client = client_for(kecamatan_user)
    url = reverse("meetings:kecamatan_meetings", args=[KODI_BALAGHAR])
    response = client.get(url)
    assert response.status_code == 200
    assert "Wainyapu" in response.content.decode()
    added = client.post(
        reverse("meetings:village_review_add", args=[WAINYAPU]),
        {"date": "2024-03-20", "status": "direncanakan"},
    )
    assert added.status_code == 302
    assert "20 Mar 2024" in client.get(url).content.decode()


def test_the_create_form_ticks_every_village_with_a_plan(kecamatan_user, plans):
    response = client_for(kecamatan_user).get(
        reverse("meetings:meeting_create", args=[KODI_BALAGHAR])
    )
    html = response.content.decode()
    assert html.count("checked") == len(plans)


def test_scheduling_a_meeting_warns_about_villages_without_their_own_session(kecamatan_user, plans):
    client = client_for(kecamatan_user)
    response = client.post(
        reverse("meetings:meeting_create", args=[KODI_BALAGHAR]),
        {
            "date": "28-03-2024",
            "start_time": "09:00",
            "place": "Aula",
            "purpose": "Berbagi pembelajaran",
            "villages": [p.desa.code for p in plans],
        },
        follow=True,
    )
    assert response.status_code == 200
    meeting = CoordinationMeeting.objects.get()
    assert meeting.sheets.count() == 2
    html = response.content.decode()
    assert "belum tercatat mengadakan pemantauan desa" in html
    assert plans[0].desa.name in html
    # Each village is named once, in the page's warning box: not flashed above it as well.
    for plan in plans:
        assert html.count(f"Desa {plan.desa.name} belum tercatat mengadakan pemantauan") == 1


def test_scheduling_without_villages_or_twice_a_day_shows_the_reason(kecamatan_user, meeting):
    client = client_for(kecamatan_user)
    url = reverse("meetings:meeting_create", args=[KODI_BALAGHAR])
    empty = client.post(url, {"date": "2024-04-02"})
    assert "Undang paling sedikit satu desa" in empty.content.decode()
    twice = client.post(url, {"date": "2024-03-28", "villages": [WAINYAPU]})
    assert "sudah punya pertemuan" in twice.content.decode()
    assert CoordinationMeeting.objects.count() == 1


# --- the meeting page -----------------------------------------------------------------------


def test_the_sheet_is_pre_filled_from_the_plan_goal_milestone_then_activities(
    kecamatan_user, meeting
):
    response = client_for(kecamatan_user).get(detail_url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    goal_at = html.index("Tujuan 1")
    milestone_at = html.index("Petani punya alternatif penjualan")
    activity_at = html.index("Kegiatan 1.1")
    assert goal_at < milestone_at < activity_at
    assert "Tujuan 2" in html and "Kegiatan 2.3" in html


def test_a_challenge_typed_on_the_page_is_saved_and_the_state_says_so(kecamatan_user, meeting):
    client = client_for(kecamatan_user)
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.order_by("position").first()
    activities = [str(a.id) for a in goal.activities.all()]
    url = reverse("meetings:challenge_save", args=[meeting.id, sheet.id])
    first = client.post(
        url,
        {"goal": goal.id, "key": "k1", "text": "DD belum cair", "was_text": ""},
        **HTMX,
    )
    assert first.status_code == 200
    challenge = Challenge.objects.get()
    body = first.content.decode()
    assert "Tersimpan" in body and f'value="{challenge.id}"' in body
    second = client.post(
        url,
        {
            "id": challenge.id,
            "base_version": challenge.version,
            "key": "k1",
            "text": "DD belum cair",
            "was_text": "DD belum cair",
            "cause": "Operator baru",
            "was_cause": "",
            "blocked_activity_ids": activities[:2],
            "was_blocked_activity_ids": "",
        },
        **HTMX,
    )
    assert second.status_code == 200
    challenge.refresh_from_db()
    assert challenge.cause == "Operator baru"
    assert len(challenge.blocked_activity_ids) == 2
    page = client.get(detail_url(meeting)).content.decode()
    assert "Menghambat 2 dari 3 kegiatan" in page


def test_without_javascript_the_save_button_posts_and_returns_to_the_row(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    response = client_for(kecamatan_user).post(
        reverse("meetings:followup_save", args=[meeting.id, sheet.id]),
        {
            "goal": goal.id,
            "text": "Minta pendampingan DPMD",
            "kind": "dukungan_opd",
            "owner": "desa",
            "owner_agency": "",
            "due_date": "2024-04-30",
        },
    )
    assert response.status_code == 302
    assert f"goal-{goal.id}" in response["Location"]
    followup = FollowUp.objects.get()
    assert followup.due_date == datetime.date(2024, 4, 30)


def test_two_staff_editing_different_cells_both_land_and_a_stale_same_cell_shows_current_text(
    kecamatan_user, meeting
):
    sheet = sheet_of(meeting)
    challenge = services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Awal"
    )
    laptop = client_for(kecamatan_user)
    projector = client_for(user_with_role(Role.KECAMATAN, KODI_BALAGHAR))
    url = reverse("meetings:challenge_save", args=[meeting.id, sheet.id])
    page_state = {
        "id": challenge.id,
        "base_version": challenge.version,
        "was_text": "Awal",
        "was_cause": "",
        "was_learning": "",
        "was_blocked_activity_ids": "",
        "text": "Awal",
        "cause": "",
        "learning": "",
    }
    laptop.post(url, {**page_state, "text": "Teks laptop"}, **HTMX)
    other_cell = projector.post(url, {**page_state, "cause": "Sebab proyektor"}, **HTMX)
    assert "Tersimpan" in other_cell.content.decode()
    challenge.refresh_from_db()
    assert (challenge.text, challenge.cause) == ("Teks laptop", "Sebab proyektor")
    stale = projector.post(url, {**page_state, "text": "Teks proyektor"}, **HTMX)
    html = stale.content.decode()
    assert "Orang lain mengubah isian ini saat Anda mengetik" in html
    assert "Yang tidak berjalan sesuai rencana:" in html
    assert "Teks laptop" in html  # the current text, to merge by hand
    challenge.refresh_from_db()
    assert challenge.text == "Teks laptop"


def test_a_text_over_5000_characters_gets_a_message_and_is_not_saved(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    response = client_for(kecamatan_user).post(
        reverse("meetings:challenge_save", args=[meeting.id, sheet.id]),
        {"goal": sheet.plan.goals.first().id, "text": "x" * 5001, "was_text": ""},
        **HTMX,
    )
    assert "paling banyak 5000 karakter" in response.content.decode()
    assert not Challenge.objects.exists()


@pytest.mark.parametrize("route", ["meetings:challenge_save", "meetings:followup_save"])
@pytest.mark.parametrize("field", ["goal", "id"])
def test_a_cell_naming_a_goal_or_entry_by_a_malformed_id_is_not_found(
    kecamatan_user, meeting, route, field
):
    """A UUID field reads a malformed id as a ValidationError, not a ValueError: the sheet's
    selectors refuse it as a record that does not exist, never a server error."""
    sheet = sheet_of(meeting)
    posted = {"goal": str(sheet.plan.goals.first().id), "text": "Bibit", "was_text": ""}
    response = client_for(kecamatan_user).post(
        reverse(route, args=[meeting.id, sheet.id]), {**posted, field: "-1"}, **HTMX
    )
    assert response.status_code in {200, 404}
    if response.status_code == 200:  # an entry's id: answered as an entry deleted meanwhile
        assert "Orang lain sudah menghapus isian ini" in response.content.decode()
    assert not Challenge.objects.exists() and not FollowUp.objects.exists()


def test_a_follow_up_for_another_kabupatens_agency_gets_a_message(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    other = AgencyFactory(kabupaten=region("81.05"))
    response = client_for(kecamatan_user).post(
        reverse("meetings:followup_save", args=[meeting.id, sheet.id]),
        {
            "goal": sheet.plan.goals.first().id,
            "text": "Minta bibit",
            "kind": "dukungan_opd",
            "owner": "opd",
            "owner_agency": other.id,
        },
        **HTMX,
    )
    assert "OPD kabupaten lain" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_goal_review_and_carried_in_follow_up_review_are_saved(kecamatan_user, meeting, plans):
    client = client_for(kecamatan_user)
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    followup = services.followup_save(
        sheet=sheet, goal=goal, actor=kecamatan_user, text="Latih operator", kind="aksi_desa"
    )
    response = client.post(
        reverse("meetings:goal_review_save", args=[meeting.id, sheet.id, goal.id]),
        {"result": "sebagian", "was_result": "", "factors": "Hujan", "was_factors": ""},
        **HTMX,
    )
    assert response.status_code == 200
    assert GoalReview.objects.get().result == "sebagian"
    later = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=60),
        villages=[p.desa for p in plans],
        actor=kecamatan_user,
    )
    page = client.get(detail_url(later)).content.decode()
    assert "Latih operator" in page and "dari pertemuan sebelumnya perlu ditinjau" in page
    client.post(
        reverse("meetings:followup_review_save", args=[later.id, followup.id]),
        {"status": "selesai", "was_status": "belum", "note": "Sudah dilatih", "was_note": ""},
        **HTMX,
    )
    assert FollowUpReview.objects.get().note == "Sudah dilatih"
    followup.refresh_from_db()
    assert followup.status == "selesai"


def test_changing_the_order_of_villages_works_with_and_without_htmx(kecamatan_user, meeting):
    client = client_for(kecamatan_user)
    first, second = selectors.meeting_sheet_list(meeting)
    url = reverse("meetings:sheet_move", args=[meeting.id, second.id])
    fragment = client.post(url, {"direction": "up"}, **HTMX)
    html = fragment.content.decode()
    assert html.index(second.desa.name) < html.index(first.desa.name)
    assert "<html" not in html
    client.post(reverse("meetings:sheet_move", args=[meeting.id, second.id]), {"direction": "down"})
    assert [s.id for s in selectors.meeting_sheet_list(meeting)] == [first.id, second.id]


@pytest.mark.parametrize("recorded", [False, True])
def test_the_pages_closing_fields_are_the_close_forms(kecamatan_user, meeting, recorded):
    """The meeting page writes the closing fields itself; they are MeetingCloseForm's as
    as_div writes them (what meeting_close() parses), values escaped, but for whitespace and
    the order of attributes."""
    if recorded:
        note = '<b>"Poster" & WA</b>'
        history.update(
            meeting, actor=None, next_meeting_date=datetime.date(2024, 6, 27), documents_note=note
        )
        meeting.refresh_from_db()
        assert meeting.documents_note == note
    page = client_for(kecamatan_user).get(detail_url(meeting)).content.decode()
    section = page[page.index('<section id="close"') :]
    fields = section[section.index("</h2>") :]
    # After the form's two tokens (rembuk.core.sent_once's follows the CSRF one).
    fields = fields[fields.index('value="', fields.index('name="sent_once"')) :]
    fields = fields[fields.index(">") + 1 : fields.index('<button type="submit">')]
    form = MeetingCloseForm(
        initial={
            "next_meeting_date": meeting.next_meeting_date,
            "documents_note": meeting.documents_note,
        }
    )
    expected = form.as_div()
    if not recorded:  # an empty value written out, as every date field of the pages does
        expected = expected.replace('name="next_meeting_date"', 'name="next_meeting_date" value=""')
    assert parse_html(fields) == parse_html(expected)


def test_closing_with_empty_sheets_names_them_and_closes_after_confirmation(
    kecamatan_user, meeting
):
    client = client_for(kecamatan_user)
    url = reverse("meetings:meeting_close", args=[meeting.id])
    first = client.post(url, {"next_meeting_date": "2024-06-27", "documents_note": "WA"})
    html = first.content.decode()
    assert first.status_code == 200
    # The close form (its as_div) labels its fields as every other form: no trailing colon.
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)
    assert len(labels) >= 2 and not [label for label in labels if label.strip().endswith(":")]
    for sheet in selectors.meeting_sheet_list(meeting):
        assert sheet.desa.name in html
    assert 'name="confirm_empty"' in html and 'value="True"' in html
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.PLANNED
    confirmed = client.post(
        url, {"next_meeting_date": "2024-06-27", "documents_note": "WA", "confirm_empty": "True"}
    )
    assert confirmed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.CLOSED
    assert meeting.next_meeting_date == datetime.date(2024, 6, 27)
    # Read-only afterwards: no forms on the page, saves refused; re-opening is possible.
    page = client.get(detail_url(meeting)).content.decode()
    assert "challenge_save" not in page and "/kendala/" not in page
    sheet = sheet_of(meeting)
    refused = client.post(
        reverse("meetings:challenge_save", args=[meeting.id, sheet.id]),
        {"goal": sheet.plan.goals.first().id, "text": "Telat", "was_text": ""},
        **HTMX,
    )
    assert "Pertemuan ini sudah ditutup" in refused.content.decode()
    client.post(reverse("meetings:meeting_reopen", args=[meeting.id]))
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.OPEN


# --- meeting mode ---------------------------------------------------------------------------


def test_meeting_mode_shows_one_village_and_follows_the_laptop(kecamatan_user, meeting):
    laptop = client_for(kecamatan_user)
    projector = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    first, second = selectors.meeting_sheet_list(meeting)
    page = projector.get(mode).content.decode()
    assert f"<strong>{first.desa.name}</strong>" in page
    assert 'hx-trigger="every 2s"' in page
    assert 'data-step="next-village"' not in page  # a reader's window follows, it does not drive
    move = reverse("meetings:presenter_move", args=[meeting.id])
    laptop.post(move, {"step": "next-village"}, **HTMX)
    laptop.post(move, {"step": "next-row"}, **HTMX)
    state = PresenterState.objects.get(meeting=meeting)
    assert (state.sheet_id, state.row) == (second.id, 1)
    polled = projector.get(mode, **HTMX).content.decode()
    assert "<html" not in polled
    assert f"<strong>{second.desa.name}</strong>" in polled
    assert 'id="row-1" class="goal-row is-current"' in polled
    laptop.post(move, {"step": "next-row"}, **HTMX)  # only two goals: stays on the last row
    assert PresenterState.objects.get(meeting=meeting).row == 1
    # A row chosen on the meeting page; without JS, back to the page.
    back = laptop.post(move, {"sheet": first.id, "row": "0", "back": "page"})
    assert back.status_code == 302 and "row-0" in back["Location"]


def test_the_room_s_screens_are_told_how_far_into_the_row_the_presenter_read(
    kecamatan_user, meeting
):
    laptop = client_for(kecamatan_user)
    follower = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    move = reverse("meetings:presenter_move", args=[meeting.id])
    first, _second = selectors.meeting_sheet_list(meeting)
    assert 'data-fraction="0.0000"' in follower.get(mode, **HTMX).content.decode()
    told = laptop.post(move, {"sheet": first.id, "row": "0", "fraction": "0.3583"}, **HTMX)
    assert told.status_code == 204 and told.content == b""
    assert 'data-fraction="0.3583"' in follower.get(mode, **HTMX).content.decode()
    # Not a number, or outside the row: refused with a message, nothing kept.
    for wrong in ("setengah", "1.2"):
        refused = laptop.post(move, {"sheet": first.id, "row": "0", "fraction": wrong}, **HTMX)
        assert refused.status_code == 400
        assert "antara 0 dan 1" in refused.content.decode()
    assert PresenterState.objects.get(meeting=meeting).row_fraction == 0.3583
    # The next row opens at its top on every screen.
    laptop.post(move, {"step": "next-row"}, **HTMX)
    assert 'data-fraction="0.0000"' in follower.get(mode, **HTMX).content.decode()


def test_the_screens_are_served_the_count_of_shows_which_a_reading_report_leaves_alone(
    kecamatan_user, meeting
):
    laptop = client_for(kecamatan_user)
    follower = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    move = reverse("meetings:presenter_move", args=[meeting.id])
    first, _second = selectors.meeting_sheet_list(meeting)

    def served() -> str:
        return follower.get(mode, **HTMX).content.decode()

    assert 'data-shows="0"' in served()
    laptop.post(move, {"sheet": first.id, "row": "0", "back": "page"}, **HTMX)
    assert 'data-shows="1"' in served()
    laptop.post(move, {"sheet": first.id, "row": "0", "fraction": "0.5"}, **HTMX)
    assert 'data-shows="1"' in served() and 'data-fraction="0.5000"' in served()
    # The laptop shows the same row again: the same row and part, and the count moves.
    laptop.post(move, {"sheet": first.id, "row": "0", "back": "page"}, **HTMX)
    page = served()
    assert 'data-shows="2"' in page and 'data-fraction="0.5000"' in page
    # Another kecamatan can neither read the count nor move it.
    other = client_for(user_with_role(Role.KECAMATAN, "81.05.15"))
    assert other.get(mode, **HTMX).status_code == 404
    assert other.post(move, {"sheet": first.id, "row": "0"}, **HTMX).status_code == 404
    assert PresenterState.objects.get(meeting=meeting).shows == 2


def test_showing_a_village_without_an_opening_marks_its_first_row_on_the_laptop(
    kecamatan_user, meeting
):
    """Showing a village with nothing to hear first ("Tayangkan desa ini"): the meeting page marks
    its first row as the one on the projector, and the page without JavaScript goes to it."""
    laptop = client_for(kecamatan_user)
    move = reverse("meetings:presenter_move", args=[meeting.id])
    sheet = sheet_of(meeting)
    back = laptop.post(move, {"sheet": sheet.id, "row": "", "back": "page"})
    assert back.status_code == 302 and back["Location"].endswith("#row-0")
    page = laptop.get(back["Location"].split("#")[0]).content.decode()
    assert 'id="row-0" class="goal-row is-projected"' in page
    polled = laptop.get(reverse("meetings:meeting_mode", args=[meeting.id]), **HTMX)
    assert 'id="row-0" class="goal-row is-current"' in polled.content.decode()


def test_what_the_laptop_records_appears_on_the_projector(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    services.presenter_move(meeting=meeting, sheet=sheet, row=0)
    services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Penyuluh absen"
    )
    polled = client_for(kecamatan_user).get(
        reverse("meetings:meeting_mode", args=[meeting.id]), **HTMX
    )
    assert "Penyuluh absen" in polled.content.decode()


def test_a_poll_that_finds_its_stage_unchanged_gets_a_304_and_any_change_draws_it_again(
    kecamatan_user, meeting, monkeypatch
):
    """Every screen polls every two seconds; the browser sends back the ETag of the stage it
    holds. Unchanged: 304 and no stage drawn. The laptop's step, a challenge written, another
    language, the next day: the stage drawn anew (ADR 0029)."""
    laptop = client_for(kecamatan_user)
    screen = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    page = screen.get(mode)  # the page itself is never kept, nor tagged
    assert "ETag" not in page and "no-store" in page["Cache-Control"]
    first = screen.get(mode, **HTMX)
    tag = first["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "HX-Request" in first["Vary"]  # kept apart from the page at the same address

    def poll(held: str):  # type: ignore[no-untyped-def]
        return screen.get(mode, HTTP_IF_NONE_MATCH=held, **HTMX)

    unchanged = poll(tag)
    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", tag)
    assert "no-cache" in unchanged["Cache-Control"]

    laptop.post(reverse("meetings:presenter_move", args=[meeting.id]), {"step": "next-row"}, **HTMX)
    moved = poll(tag)
    assert moved.status_code == 200 and 'id="row-1" class="goal-row is-current"' in (
        moved.content.decode()
    )
    tag = moved["ETag"]
    assert poll(tag).status_code == 304

    sheet = sheet_of(meeting)
    services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Bibit belum tiba"
    )
    written = poll(tag)
    assert written.status_code == 200 and "Bibit belum tiba" in written.content.decode()
    tag = written["ETag"]

    session = screen.session
    session[SESSION_LANGUAGE] = "en"
    session.save()
    english = poll(tag)
    assert english.status_code == 200 and "Village 1 of 2" in english.content.decode()
    tag = english["ETag"]
    assert poll(tag).status_code == 304

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert poll(tag).status_code == 200


def test_a_change_in_another_kecamatan_leaves_the_stage_unchanged_one_above_draws_it(
    kecamatan_user, meeting
):
    """On a hub, changes arrive from every kecamatan all day: the stage's tag moves with a
    change placed in the meeting's kecamatan or one of its villages, or above it (an agency
    of the kabupaten, a membership, a region's name), never with one made elsewhere — a plan
    in another kecamatan or another provinsi, a person given a role there (ADR 0029)."""
    distan = AgencyFactory(kabupaten=region("53.18"), short_name="Distan")
    sheet = sheet_of(meeting)
    services.presenter_move(meeting=meeting, sheet=sheet, row=0)
    services.followup_save(
        sheet=sheet,
        goal=sheet.plan.goals.first(),
        actor=kecamatan_user,
        text="Penyuluh datang ke kebun",
        owner=FollowUp.Owner.AGENCY,
        owner_agency=distan,
    )
    screen = client_for(kecamatan_user)
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    screen.get(mode)  # the page first, as a screen opens it
    first = screen.get(mode, **HTMX)
    assert "Distan" in first.content.decode()
    tag = first["ETag"]

    def poll() -> int:
        return screen.get(mode, HTTP_IF_NONE_MATCH=tag, **HTMX).status_code

    elsewhere = Region.objects.filter(code__startswith="53.18.04.").first()
    assert elsewhere is not None
    full_plan(elsewhere.code, goals=1, activities_per_goal=1)
    full_plan("81.05.15.2001", goals=1, activities_per_goal=1)
    user_with_role(Role.KECAMATAN, "53.18.04")
    assert poll() == 304

    history.update(distan, actor=None, short_name="Distanbun")
    renamed = screen.get(mode, HTTP_IF_NONE_MATCH=tag, **HTMX)
    assert renamed.status_code == 200 and "Distanbun" in renamed.content.decode()
    tag = renamed["ETag"]
    assert poll() == 304

    other_village = meeting.sheets.exclude(pk=sheet.pk).get()
    services.challenge_save(
        sheet=other_village,
        goal=other_village.plan.goals.first(),
        actor=kecamatan_user,
        text="Jalan ke kebun rusak",
    )
    assert poll() == 200  # a village of the meeting, though not the one on screen


def test_a_stage_tag_is_one_person_s_and_outside_the_region_it_finds_nothing(
    kecamatan_user, meeting
):
    """Another person holding the same tag gets the stage drawn for them (their own buttons
    and CSRF token), never a 304; a person outside the kecamatan who sends the tag, or any
    tag, is told the meeting does not exist, as without one."""
    mode = reverse("meetings:meeting_mode", args=[meeting.id])
    laptop = client_for(kecamatan_user)
    laptop.get(mode)
    tag = laptop.get(mode, **HTMX)["ETag"]
    assert laptop.get(mode, HTTP_IF_NONE_MATCH=tag, **HTMX).status_code == 304
    colleague = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    colleague.get(mode)
    drawn = colleague.get(mode, HTTP_IF_NONE_MATCH=tag, **HTMX)
    assert drawn.status_code == 200 and "Desa:" in drawn.content.decode()
    assert 'data-step="next-village"' not in drawn.content.decode()  # theirs: no driving
    outsider = client_for(user_with_role(Role.KECAMATAN, "53.18.04"))
    refused = [
        outsider.get(mode, HTTP_IF_NONE_MATCH=held, **HTMX).status_code for held in (tag, "*")
    ]
    assert refused == [404, 404]


# --- sharing back ---------------------------------------------------------------------------


def test_a_share_link_opens_the_sheet_on_a_phone_without_logging_in(kecamatan_user, meeting):
    client = client_for(kecamatan_user)
    sheet = sheet_of(meeting)
    services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="DD terlambat"
    )
    client.post(reverse("meetings:share_link_create", args=[meeting.id, sheet.id]))
    link = ShareLink.objects.get()
    url = reverse("meetings:shared_sheet", args=[services.share_token(link)])
    assert url in client.get(detail_url(meeting)).content.decode()
    public = Client().get(url)
    html = public.content.decode()
    assert public.status_code == 200
    assert "DD terlambat" in html and sheet.desa.name in html
    assert reverse("plans:plan_list") not in html  # nothing else of Rembuk
    assert reverse("meetings:meeting_list") not in html
    client.post(reverse("meetings:share_link_revoke", args=[meeting.id, link.id]))
    assert Client().get(url).status_code == 404


def test_an_expired_share_link_is_404(meeting):
    link = services.share_link_create(sheet=sheet_of(meeting), actor=None)
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save()
    url = reverse("meetings:shared_sheet", args=[services.share_token(link)])
    assert Client().get(url).status_code == 404
    assert Client().get(url[:-3] + "abc/").status_code == 404


def test_a_village_sees_every_sheet_of_its_kecamatan_and_the_decisions_about_it(
    kecamatan_user, meeting, plans
):
    wainyapu = sheet_of(meeting)
    other = sheet_of(meeting, plans[1].desa.code)
    services.followup_save(
        sheet=wainyapu,
        goal=wainyapu.plan.goals.first(),
        actor=kecamatan_user,
        text="Minta nomor penyuluh",
        kind="aksi_desa",
    )
    services.challenge_save(
        sheet=other, goal=other.plan.goals.first(), actor=kecamatan_user, text="Hama jagung"
    )
    villager = user_with_role(Role.TIM_DESA, WAINYAPU)
    client = client_for(villager)
    assert client.get(reverse("meetings:meeting_list"))["Location"] == reverse(
        "meetings:village_meetings"
    )
    html = client.get(reverse("meetings:village_meetings")).content.decode()
    assert "Keputusan tentang desa saya" in html
    assert "Minta nomor penyuluh" in html
    assert "Hama jagung" in html  # another village's sheet, to learn from
    assert other.desa.name in html


def test_another_blank_form_comes_as_a_fragment_for_htmx(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    client = client_for(kecamatan_user)
    for kind, field in (("kendala", 'name="cause"'), ("tindak-lanjut", 'name="owner"')):
        response = client.get(
            reverse("meetings:blank_item", args=[meeting.id, sheet.id, kind, goal.id]), **HTMX
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and field in html and 'name="id"' not in html


def test_without_htmx_another_blank_form_is_the_rows_own_on_the_meeting_page(
    kecamatan_user, meeting
):
    """Without JavaScript, or opened in a new tab, "+ Tambah …" leads to the blank form every
    row of an open sheet shows, on the whole page, not to a bare fragment of it."""
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    client = client_for(kecamatan_user)
    for kind, entries in (("kendala", "challenges"), ("tindak-lanjut", "followups")):
        url = reverse("meetings:blank_item", args=[meeting.id, sheet.id, kind, goal.id])
        response = client.get(url)
        assert response.status_code == 302
        page = reverse("meetings:meeting_detail", args=[meeting.id])
        assert response["Location"] == f"{page}?desa={sheet.desa.code}#{entries}-{goal.id}"
        html = client.get(response["Location"]).content.decode()
        assert f'id="{entries}-{goal.id}"' in html


def test_another_blank_form_is_refused_outside_the_persons_kecamatan(meeting):
    sheet = sheet_of(meeting)
    goal = sheet.plan.goals.first()
    stranger = client_for(user_with_role(Role.KECAMATAN, "53.18.01", username="camat.lain"))
    for headers in ({}, HTMX):
        url = reverse("meetings:blank_item", args=[meeting.id, sheet.id, "kendala", goal.id])
        assert stranger.get(url, **headers).status_code == 404


def test_editing_the_meeting_details_refuses_a_day_already_taken(kecamatan_user, meeting, plans):
    other = services.meeting_create(
        kecamatan=region(KODI_BALAGHAR),
        date=MEETING_DAY + datetime.timedelta(days=7),
        villages=[plans[0].desa],
        actor=kecamatan_user,
    )
    client = client_for(kecamatan_user)
    url = reverse("meetings:meeting_edit", args=[other.id])
    refused = client.post(url, {"date": "2024-03-28", "place": "Aula"})
    assert "sudah punya pertemuan" in refused.content.decode()
    moved = client.post(url, {"date": "2024-04-11", "place": "Balai Desa"})
    assert moved.status_code == 302
    other.refresh_from_db()
    assert (other.date, other.place) == (datetime.date(2024, 4, 11), "Balai Desa")


def test_attendance_and_other_participants_are_saved_as_typed(kecamatan_user, meeting):
    client = client_for(kecamatan_user)
    sheet = sheet_of(meeting)
    client.post(
        reverse("meetings:sheet_attendance", args=[meeting.id, sheet.id]),
        {"representatives": "Kepala Desa, Ketua Tim Desa", "was_representatives": ""},
        **HTMX,
    )
    client.post(
        reverse("meetings:meeting_participants", args=[meeting.id]),
        {"other_participants": "Dinas Pertanian (2)", "was_other_participants": ""},
        **HTMX,
    )
    sheet.refresh_from_db()
    meeting.refresh_from_db()
    assert sheet.representatives == "Kepala Desa, Ketua Tim Desa"
    assert meeting.other_participants == "Dinas Pertanian (2)"


def test_opening_the_meeting_sets_it_in_progress(kecamatan_user, meeting):
    client_for(kecamatan_user).post(reverse("meetings:meeting_open", args=[meeting.id]))
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.OPEN


def test_saving_a_cell_someone_else_deleted_says_so(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    challenge = services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Awal"
    )
    services.challenge_delete(challenge=challenge, actor=kecamatan_user)
    response = client_for(kecamatan_user).post(
        reverse("meetings:challenge_save", args=[meeting.id, sheet.id]),
        {"id": challenge.id, "base_version": 1, "text": "Awal lagi", "was_text": "Awal"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Orang lain sudah menghapus isian ini" in response.content.decode()


def test_without_javascript_a_stale_edit_keeps_both_texts_on_the_page(kecamatan_user, meeting):
    sheet = sheet_of(meeting)
    challenge = services.challenge_save(
        sheet=sheet, goal=sheet.plan.goals.first(), actor=kecamatan_user, text="Awal"
    )
    services.challenge_save(
        sheet=sheet, challenge=challenge, actor=kecamatan_user, text="Teks orang lain"
    )
    client = client_for(kecamatan_user)
    response = client.post(
        reverse("meetings:challenge_save", args=[meeting.id, sheet.id]),
        {"id": challenge.id, "base_version": 1, "text": "Teks saya", "was_text": "Awal"},
        follow=True,
    )
    html = response.content.decode()
    assert "Teks orang lain" in html and "Teks Anda, belum tersimpan: Teks saya" in html


def test_the_index_of_a_wide_scope_comes_in_pages_with_a_search_and_each_kecamatans_latest(
    meeting, plans, monkeypatch, django_assert_num_queries
):
    """A national team's index holds thousands of kecamatan: a page at a time, a search by
    name or code, and per kecamatan its latest meetings with a link to all of them."""
    from rembuk.core import lists

    monkeypatch.setattr(lists, "ROWS_PER_PAGE", 3)
    client = client_for(user_with_role(Role.TIM_PROGRAM, "53"))
    url = reverse("meetings:meeting_list")
    total = Region.objects.filter(level=Region.Level.KECAMATAN, code__startswith="53.").count()
    assert total > 3
    first = client.get(url).content.decode()
    assert f"{total} kecamatan." in first
    assert first.count('<td><a href="/rapat/kecamatan/') == 3
    assert f"Halaman 1 dari {(total + 2) // 3}" in first

    def kodi_balaghar_row() -> str:
        found = client.get(url, {"q": "balagh"}).content.decode()
        assert found.count('<td><a href="/rapat/kecamatan/') == 1
        return found[found.index(f'href="/rapat/kecamatan/{KODI_BALAGHAR}/"') :]

    row = kodi_balaghar_row()
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) in row
    assert "semua" not in row
    queries = len_of_queries(client, url)
    for months in range(1, 5):
        services.meeting_create(
            kecamatan=region(KODI_BALAGHAR),
            date=MEETING_DAY + datetime.timedelta(days=30 * months),
            villages=[plan.desa for plan in plans],
            actor=None,
        )
    row = kodi_balaghar_row()
    assert row.count('href="/rapat/') - row.count('href="/rapat/kecamatan/') == 4
    assert reverse("meetings:meeting_detail", args=[meeting.pk]) not in row  # the oldest
    assert "semua 5 pertemuan" in row
    with django_assert_num_queries(queries):  # the same for five meetings as for one
        client.get(url)
    by_code = client.get(url, {"q": KODI_BALAGHAR}).content.decode()
    assert "1 kecamatan." in by_code
    assert "Tidak ada kecamatan yang cocok." in client.get(url, {"q": "zzz"}).content.decode()


def len_of_queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)
