"""Meeting mode's capture panel: a challenge for the row on screen and similar lessons."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.learning.models import SuggestionJudgement
from rembuk.meetings import services
from rembuk.meetings.models import Challenge, FollowUp, MeetingSheet
from rembuk.people.models import Role

from .conftest import WAINYAPU

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def on_screen(meeting, row=1):
    """The projector shows Wainyapu's second goal row."""
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    services.presenter_move(meeting=meeting, sheet=sheet, row=row)
    return sheet, sheet.plan.goals.order_by("position")[row]


def test_meeting_mode_offers_the_capture_panel_outside_the_polled_stage(meeting, kecamatan_user):
    html = client_for(kecamatan_user).get(reverse("meetings:meeting_mode", args=[meeting.pk]))
    html = html.content.decode()
    stage = html.rindex("<main", 0, html.index('id="stage"'))
    panel = html.index('id="capture"')
    # After the stage (the page's <main>) has closed, not inside it (polling replaces the
    # stage), in a landmark of its own.
    assert stage < panel
    assert html.count("</main>", stage, panel) == 1
    assert html.count("<div", stage, panel) == html.count("</div>", stage, panel)
    assert html.rindex('<aside class="capture-region"', stage, panel) > html.index("</main>", stage)
    assert reverse("learning:capture_suggestions", args=[meeting.pk]) in html
    assert 'hx-sync="this:replace"' in html and "delay:600ms" in html


def test_a_reader_sees_no_capture_panel_and_cannot_post(meeting, lessons):
    reader = user_with_role(Role.TIM_KABUPATEN, "53.18")
    client = client_for(reader)
    html = client.get(reverse("meetings:meeting_mode", args=[meeting.pk])).content.decode()
    assert 'id="capture"' not in html
    response = client.post(
        reverse("learning:capture_save", args=[meeting.pk]),
        {"text": "Penyuluh tidak datang", "lesson": lessons["extension"].pk},
    )
    assert response.status_code == 403
    assert not Challenge.objects.exists() and not FollowUp.objects.exists()


def test_typing_shows_similar_lessons_from_other_villages_with_an_add_button(
    meeting,
    kecamatan_user,
    lessons,
    django_assert_max_num_queries,
):
    on_screen(meeting)
    client = client_for(kecamatan_user)
    url = reverse("learning:capture_suggestions", args=[meeting.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url, {"text": "Penyuluhnya tdk pernah datang"}, **HTMX)
    html = response.content.decode()
    assert lessons["extension"].desa.name in html and "ojek bergiliran" in html
    assert reverse("learning:capture_save", args=[meeting.pk]) in html
    assert f'name="lesson" value="{lessons["extension"].pk}"' in html
    # The village on screen is never suggested to itself; another kabupaten's lesson is hidden.
    own = client.get(url, {"text": "laporan pertanggungjawaban dana desa"}, **HTMX)
    assert lessons["finance"].what_happened not in own.content.decode()
    hidden = client.get(url, {"text": "nelayan papalele ikan murah"}, **HTMX)
    assert "koperasi nelayan" not in hidden.content.decode()


def test_adding_a_suggestion_saves_the_challenge_and_the_linked_idea_on_the_row_on_screen(
    meeting,
    kecamatan_user,
    lessons,
):
    sheet, goal = on_screen(meeting)
    client = client_for(kecamatan_user)
    url = reverse("learning:capture_save", args=[meeting.pk])
    text = "Penyuluh pertanian tidak pernah datang"
    response = client.post(url, {"text": text, "lesson": lessons["extension"].pk}, **HTMX)
    assert response.status_code == 200
    challenge = Challenge.objects.get()
    assert (challenge.sheet, challenge.goal, challenge.text) == (sheet, goal, text)
    followup = FollowUp.objects.get()
    assert followup.kind == FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE
    assert (followup.sheet, followup.goal, followup.source_lesson) == (
        sheet,
        goal,
        lessons["extension"],
    )
    html = response.content.decode()
    assert f'value="{challenge.pk}"' in html  # the panel now holds the saved challenge
    # A second idea on the same challenge does not note the challenge twice.
    client.post(
        url,
        {"text": text, "lesson": lessons["middlemen"].pk, "challenge": challenge.pk},
        **HTMX,
    )
    assert Challenge.objects.count() == 1 and FollowUp.objects.count() == 2
    # The same idea twice is refused with a message, not an error page.
    again = client.post(
        url, {"text": text, "lesson": lessons["extension"].pk, "challenge": challenge.pk}, **HTMX
    )
    assert 'class="message error"' in again.content.decode()
    assert FollowUp.objects.count() == 2
    # The stage shows both at its next poll.
    stage = client.get(reverse("meetings:meeting_mode", args=[meeting.pk]), **HTMX)
    assert (
        text in stage.content.decode() and lessons["extension"].desa.name in stage.content.decode()
    )


def test_without_javascript_saving_shows_the_suggestions_and_adding_returns_to_meeting_mode(
    meeting,
    kecamatan_user,
    lessons,
):
    _sheet, goal = on_screen(meeting, row=0)
    client = client_for(kecamatan_user)
    url = reverse("learning:capture_save", args=[meeting.pk])
    saved = client.post(url, {"text": "Penyuluh tidak hadir"}, follow=True)
    challenge = Challenge.objects.get()
    assert challenge.goal == goal
    html = saved.content.decode()
    assert "ojek bergiliran" in html and f'value="{challenge.pk}"' in html
    added = client.post(
        url,
        {
            "shown_text": "Penyuluh tidak hadir",
            "lesson": lessons["extension"].pk,
            "challenge": challenge.pk,
        },
    )
    assert added.status_code == 302
    assert added["Location"] == reverse("meetings:meeting_mode", args=[meeting.pk])
    assert Challenge.objects.count() == 1
    assert FollowUp.objects.get().source_lesson == lessons["extension"]
    page = client.get(added["Location"]).content.decode()
    assert 'class="message success"' in page


def test_a_lesson_the_user_may_not_see_cannot_be_added(
    meeting,
    kecamatan_user,
    lessons,
):
    on_screen(meeting)
    response = client_for(kecamatan_user).post(
        reverse("learning:capture_save", args=[meeting.pk]),
        {"text": "Nelayan kesulitan", "lesson": lessons["seram_fish"].pk},
    )
    assert response.status_code == 404
    assert not Challenge.objects.exists() and not FollowUp.objects.exists()


def test_an_empty_note_without_a_lesson_is_refused_with_a_message(meeting, kecamatan_user):
    on_screen(meeting)
    response = client_for(kecamatan_user).post(
        reverse("learning:capture_save", args=[meeting.pk]), {"text": "  "}, **HTMX
    )
    assert 'class="message error"' in response.content.decode()
    assert not Challenge.objects.exists()


def test_a_closed_meeting_has_no_capture_panel_and_refuses_notes(
    meeting,
    kecamatan_user,
    lessons,
):
    on_screen(meeting)
    services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    client = client_for(kecamatan_user)
    html = client.get(reverse("meetings:meeting_mode", args=[meeting.pk])).content.decode()
    assert 'id="capture"' not in html
    response = client.post(
        reverse("learning:capture_save", args=[meeting.pk]),
        {"text": "Penyuluh tidak hadir", "lesson": lessons["extension"].pk},
        **HTMX,
    )
    assert 'class="message error"' in response.content.decode()
    assert not Challenge.objects.exists() and not FollowUp.objects.exists()


def test_a_challenge_too_long_for_the_row_is_refused_whole_not_cut(meeting, kecamatan_user):
    on_screen(meeting)
    text = "Penyuluh tidak datang. " * 270  # 6,210 characters
    response = client_for(kecamatan_user).post(
        reverse("learning:capture_save", args=[meeting.pk]), {"text": text}, **HTMX
    )
    html = response.content.decode()
    assert "paling banyak 5000" in html
    assert not Challenge.objects.exists()
    # The panel gives the whole text back to the person, to shorten it themselves.
    assert text.strip() in html


def test_a_suggestion_that_does_not_fit_is_dismissed_and_no_longer_offered_on_that_row(
    meeting,
    kecamatan_user,
    lessons,
):
    sheet, goal = on_screen(meeting)
    client = client_for(kecamatan_user)
    text = "Penyuluh pertanian tidak pernah datang"
    offered = f'name="lesson" value="{lessons["extension"].pk}"'
    url = reverse("learning:capture_dismiss", args=[meeting.pk])
    response = client.post(url, {"text": text, "lesson": lessons["extension"].pk}, **HTMX)
    judgement = SuggestionJudgement.objects.get()
    assert (judgement.sheet, judgement.goal, judgement.lesson, judgement.challenge_text) == (
        sheet,
        goal,
        lessons["extension"],
        text,
    )
    assert judgement.verdict == SuggestionJudgement.Verdict.DISMISSED
    html = response.content.decode()
    assert 'class="message success"' in html and offered not in html
    # Typed again on the same row, it is still not offered; nothing was noted as a challenge.
    again = client.get(
        reverse("learning:capture_suggestions", args=[meeting.pk]), {"text": text}, **HTMX
    )
    assert offered not in again.content.decode()
    assert not Challenge.objects.exists() and not FollowUp.objects.exists()
    # Without JavaScript the panel comes back on its own page, with the text kept.
    plain = client.post(url, {"shown_text": text, "lesson": lessons["seram_shared"].pk})
    assert plain.status_code == 302
    assert plain["Location"].startswith(reverse("learning:capture_suggestions", args=[meeting.pk]))
    assert SuggestionJudgement.objects.count() == 2


def test_dismissing_is_refused_to_readers_and_for_a_lesson_the_user_may_not_see(
    meeting,
    kecamatan_user,
    lessons,
):
    on_screen(meeting)
    url = reverse("learning:capture_dismiss", args=[meeting.pk])
    reader = client_for(user_with_role(Role.TIM_KABUPATEN, "53.18"))
    assert reader.post(url, {"text": "x", "lesson": lessons["extension"].pk}).status_code == 403
    # Seram Bagian Timur's lesson, not shared: it does not exist for Kodi Balaghar's staff.
    hidden = client_for(kecamatan_user).post(
        url, {"text": "nelayan", "lesson": lessons["seram_fish"].pk}, **HTMX
    )
    assert hidden.status_code == 404
    # Another kecamatan's staff cannot reach this meeting at all.
    stranger = client_for(user_with_role(Role.KECAMATAN, "53.18.08"))
    assert stranger.post(url, {"lesson": lessons["extension"].pk}).status_code == 404
    assert not SuggestionJudgement.objects.exists()


@pytest.mark.parametrize(
    "hostile",
    [
        {"lesson": "bukan-uuid"},
        {"lesson": ""},
        {"challenge": "bukan-uuid"},
        {"challenge": "00000000-0000-0000-0000-000000000000"},
        {"text": "x\x00y"},
        {"text": "<script>alert(1)</script>" * 5000},
    ],
)
def test_dismissing_with_hostile_fields_is_never_a_server_error(
    meeting, kecamatan_user, lessons, hostile
):
    """The panel's dismiss button (out of the demo's form fuzz's reach: it comes in an htmx
    answer to what is typed): a malformed lesson or challenge id is a lesson not found, a NUL
    or a huge text is stored cut and clean or refused — never a 500, never a script shown."""
    on_screen(meeting)
    url = reverse("learning:capture_dismiss", args=[meeting.pk])
    fields = {"text": "penyuluh", "lesson": lessons["extension"].pk, **hostile}
    client = client_for(kecamatan_user)
    for headers in (HTMX, {}):
        response = client.post(url, fields, **headers)
        assert response.status_code < 500
        assert b"<script>alert(1)" not in response.content
    if "lesson" in hostile:
        assert not SuggestionJudgement.objects.exists()
    for judgement in SuggestionJudgement.objects.all():
        assert "\x00" not in judgement.challenge_text and len(judgement.challenge_text) <= 2000
