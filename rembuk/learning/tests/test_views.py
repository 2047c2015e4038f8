from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rembuk.core.testing import user_with_role
from rembuk.learning import services
from rembuk.learning.models import Lesson, SuggestionJudgement
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.people.models import Role

from .conftest import WAINYAPU, WARU, make_lesson

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
SEARCH = reverse("learning:lesson_search")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reader(db):
    return user_with_role(Role.KECAMATAN, "53.18.11")


def test_results_are_ranked_and_matching_words_highlighted(reader, lessons):
    html = client_for(reader).get(SEARCH, {"q": "penyuluhnya tidak datang"}).content.decode()
    assert "<mark>Penyuluh</mark> pertanian" in html
    assert html.index("pertanian tidak <mark>hadir</mark>") < html.index("Sekolah lapang")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "penyuluh",
        "yang dan atau",
        "😀🙏",
        "<script>alert('x')</script>",
        "harga " * 400,
        "%%%&&&'\"",
    ],
)
def test_bad_input_never_gives_an_error_page(reader, lessons, query):
    response = client_for(reader).get(SEARCH, {"q": query, "year": "abc", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html


def test_empty_and_stop_word_queries_get_a_clear_message(reader, lessons):
    with translation.override("en"):
        client = client_for(reader)
        client.cookies["django_language"] = "en"
        empty = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        stops = client.get(SEARCH, {"q": "yang dan atau"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'class="notice"' in empty
    assert "too common" in stops.content.decode() or 'class="notice"' in stops.content.decode()


def test_a_joined_phrase_is_highlighted_as_written(reader, lessons):
    html = client_for(reader).get(SEARCH, {"q": "SPJ DD terlambat"}).content.decode()
    assert "<mark>Dana Desa</mark> <mark>terlambat</mark>" in html


def test_html_in_a_lesson_is_escaped_when_highlighted(reader):
    make_lesson("53.18.11.2006", "<b>Penyuluh</b> & <i>dinas</i> tidak hadir")
    html = client_for(reader).get(SEARCH, {"q": "penyuluh"}).content.decode()
    assert "&lt;b&gt;<mark>Penyuluh</mark>&lt;/b&gt; &amp; &lt;i&gt;" in html


def test_a_lesson_outside_the_users_scope_is_not_found(reader, lessons):
    client = client_for(reader)
    hidden = lessons["seram_fish"]
    assert client.get(reverse("learning:lesson_detail", args=[hidden.pk])).status_code == 404
    html = client.get(SEARCH, {"q": "nelayan papalele"}).content.decode()
    assert hidden.what_happened not in html


def test_search_page_queries_are_pinned(reader, lessons, django_assert_num_queries):
    client = client_for(reader)
    client.get(SEARCH, {"q": "penyuluh"})
    for i in range(15):
        make_lesson(WAINYAPU, f"Penyuluh pertanian jarang datang ke dusun {i}")
    # session, user, memberships, vocabulary, ranking, lessons, kabupaten list
    with django_assert_num_queries(8):
        assert client.get(SEARCH, {"q": "penyuluh"}).status_code == 200


def test_the_detail_page_lists_where_the_lesson_travelled(meeting, kecamatan_user, lessons):
    from rembuk.learning import services

    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    lesson = lessons["extension"]
    services.lesson_adopt(lesson=lesson, sheet=sheet, goal=goal, actor=kecamatan_user)
    html = client_for(kecamatan_user).get(reverse("learning:lesson_detail", args=[lesson.pk]))
    assert sheet.desa.name in html.content.decode()
    assert 'class="badge status-belum"' in html.content.decode()


def _edit_form(lesson: Lesson) -> dict[str, object]:
    """The edit page as posted: a new summary, another outcome, one theme confirmed."""
    return {
        "what_happened": "Penyuluh tidak datang",
        "why": lesson.why,
        "what_was_tried": lesson.what_was_tried,
        "outcome": "sebagian",
        "contact": lesson.contact,
        "happened_on": "2024-03-28",
        "themes": ["penyuluhan"],
        "base_version": lesson.version,
    }


def test_editing_a_lesson_saves_the_text_and_confirms_themes(reader, lessons):
    lesson = lessons["extension"]
    response = client_for(reader).post(
        reverse("learning:lesson_edit", args=[lesson.pk]), _edit_form(lesson)
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.summary_edited and lesson.themes == ["penyuluhan"]
    assert lesson.outcome == "sebagian"


def test_a_lesson_edit_refused_by_its_service_shows_why_and_saves_nothing(reader, lessons):
    lesson = lessons["extension"]
    page = client_for(reader)
    form = _edit_form(lesson)
    # Someone else changed the same text after this page was opened: a stale edit.
    services.lesson_update(lesson=lesson, actor=None, what_happened="Penyuluh pindah tugas")
    saved = Lesson.objects.get(pk=lesson.pk)
    url = reverse("learning:lesson_edit", args=[lesson.pk])
    refused = page.post(url, form)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Lesson.objects.get(pk=lesson.pk).version == saved.version
    assert Lesson.objects.get(pk=lesson.pk).themes == saved.themes  # no half-written step
    # A tampered version is no version at all (never a 500).
    assert page.post(url, {**form, "base_version": "bukan angka"}).status_code == 302


def test_themes_someone_else_confirmed_meanwhile_are_not_overwritten(reader, lessons):
    lesson = lessons["extension"]
    form = _edit_form(lesson)  # the page was opened before the other confirmation
    services.lesson_confirm_themes(lesson=lesson, themes=["kelembagaan"], actor=None)
    url = reverse("learning:lesson_edit", args=[lesson.pk])
    refused = client_for(reader).post(url, form)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    saved = Lesson.objects.get(pk=lesson.pk)
    assert saved.themes == ["kelembagaan"] and saved.what_happened == lesson.what_happened


def test_an_opd_user_cannot_edit_lessons(lessons):
    opd = user_with_role(Role.OPD, "53.18")
    url = reverse("learning:lesson_edit", args=[lessons["extension"].pk])
    assert client_for(opd).get(url).status_code == 403


def _suggest(client, meeting, sheet, goal, text):
    return client.get(
        reverse("learning:suggestions"),
        {"text": text, "meeting": meeting.pk, "sheet": sheet.pk, "goal": goal.pk},
        **HTMX,
    )


def test_the_suggestions_opened_as_a_page_lead_to_the_lesson_search(kecamatan_user):
    response = client_for(kecamatan_user).get(
        reverse("learning:suggestions"), {"text": "harga kopra turun"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:lesson_search") + "?q=harga+kopra+turun"


def test_suggestions_show_similar_lessons_from_other_villages_only(
    meeting, kecamatan_user, lessons, django_assert_max_num_queries
):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    client = client_for(kecamatan_user)
    with django_assert_max_num_queries(12):
        response = _suggest(client, meeting, sheet, goal, "Penyuluhnya tdk pernah datang")
    html = response.content.decode()
    assert lessons["extension"].desa.name in html
    assert "ojek bergiliran" in html
    assert reverse("learning:suggestion_add", args=[lessons["extension"].pk]) in html
    own = _suggest(client, meeting, sheet, goal, "laporan pertanggungjawaban dana desa")
    assert lessons["finance"].what_happened not in own.content.decode()
    hidden = _suggest(client, meeting, sheet, goal, "nelayan papalele ikan murah")
    assert "Membuat koperasi nelayan" not in hidden.content.decode()


def test_nothing_typed_shows_no_suggestion(meeting, kecamatan_user, lessons):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    response = _suggest(client_for(kecamatan_user), meeting, sheet, goal, "")
    assert response.status_code == 200 and "suggestion" not in response.content.decode()[60:]


def test_adding_a_suggestion_creates_the_linked_follow_up(meeting, kecamatan_user, lessons):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    lesson = lessons["extension"]
    response = client_for(kecamatan_user).post(
        reverse("learning:suggestion_add", args=[lesson.pk]),
        {"meeting": meeting.pk, "sheet": sheet.pk, "goal": goal.pk},
        **HTMX,
    )
    assert response.status_code == 204 and f"#goal-{goal.pk}" in response["HX-Redirect"]
    followup = FollowUp.objects.get(source_lesson=lesson)
    assert followup.kind == "gagasan_desa_lain" and followup.sheet == sheet
    assert followup.goal == goal


def test_a_suggestion_dismissed_on_the_meeting_page_gives_way_to_the_next_one(
    meeting, kecamatan_user, lessons
):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    lesson = lessons["extension"]
    client = client_for(kecamatan_user)
    text = "penyuluh tidak pernah datang"
    offered = reverse("learning:suggestion_add", args=[lesson.pk])
    assert offered in _suggest(client, meeting, sheet, goal, text).content.decode()
    fields = {"meeting": meeting.pk, "sheet": sheet.pk, "goal": goal.pk, "text": text}
    url = reverse("learning:suggestion_dismiss", args=[lesson.pk])
    response = client.post(url, fields, **HTMX)
    assert response.status_code == 200 and offered not in response.content.decode()
    judgement = SuggestionJudgement.objects.get()
    assert (judgement.lesson, judgement.sheet, judgement.goal, judgement.challenge_text) == (
        lesson,
        sheet,
        goal,
        text,
    )
    assert offered not in _suggest(client, meeting, sheet, goal, text).content.decode()
    # Without JavaScript: back to the row on the meeting page.
    plain = client.post(
        reverse("learning:suggestion_dismiss", args=[lessons["seram_shared"].pk]), fields
    )
    assert plain.status_code == 302 and plain["Location"].endswith(f"#goal-{goal.pk}")


def test_a_reader_who_does_not_run_the_meeting_cannot_add_a_suggestion(meeting, lessons):
    villager = user_with_role(Role.TIM_KABUPATEN, "53.18")
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    client = client_for(villager)
    response = client.post(
        reverse("learning:suggestion_add", args=[lessons["extension"].pk]),
        {"meeting": meeting.pk, "sheet": sheet.pk},
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()
    dismissed = client.post(
        reverse("learning:suggestion_dismiss", args=[lessons["extension"].pk]),
        {"meeting": meeting.pk, "sheet": sheet.pk, "text": "penyuluh"},
    )
    assert dismissed.status_code == 403 and not SuggestionJudgement.objects.exists()


HOSTILE_TARGETS = [
    {"meeting": "bukan-uuid"},
    {"sheet": "bukan-uuid"},
    {"goal": "bukan-uuid"},
    {"goal": "00000000-0000-0000-0000-000000000000"},
    {"sheet": "00000000-0000-0000-0000-000000000000"},
    {"meeting": ""},
    {"text": "x\x00y"},
    {"text": "<script>alert(1)</script>" * 5000},
]


@pytest.mark.parametrize("hostile", HOSTILE_TARGETS)
def test_a_suggestion_added_or_dismissed_with_hostile_fields_is_refused_cleanly(
    meeting, kecamatan_user, lessons, hostile
):
    """The suggestion panel's buttons (which the demo's form fuzz cannot reach: they come in
    an htmx answer to what is typed): a malformed or unknown meeting, sheet or goal, a NUL, a
    huge text — never a server error, and nothing written unless the row is a real one."""
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    lesson = lessons["extension"]
    fields = {"meeting": meeting.pk, "sheet": sheet.pk, "goal": goal.pk, "text": "penyuluh"}
    fields.update(hostile)
    client = client_for(kecamatan_user)
    target_named = "text" in hostile  # only the text is hostile: the row is a real one
    for name in ("learning:suggestion_add", "learning:suggestion_dismiss"):
        for headers in (HTMX, {}):
            response = client.post(reverse(name, args=[lesson.pk]), fields, **headers)
            assert response.status_code < 500
            assert b"<script>alert(1)" not in response.content
    if not target_named:
        assert not FollowUp.objects.filter(source_lesson=lesson).exists()
        assert not SuggestionJudgement.objects.exists()
    for judgement in SuggestionJudgement.objects.all():
        assert "\x00" not in judgement.challenge_text and len(judgement.challenge_text) <= 2000


def test_the_meeting_page_asks_for_suggestions_while_a_challenge_is_typed(meeting, kecamatan_user):
    url = reverse("meetings:meeting_detail", args=[meeting.pk]) + f"?desa={WAINYAPU}"
    html = client_for(kecamatan_user).get(url).content.decode()
    assert reverse("learning:suggestions") in html
    assert 'hx-trigger="input changed delay:600ms"' in html
    assert reverse("learning:lesson_search") + "?meeting=" in html  # works without JS


def test_a_closed_meeting_offers_to_draft_its_lessons(meeting, kecamatan_user):
    from rembuk.meetings import services as meeting_services

    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    meeting_services.challenge_save(sheet=sheet, goal=goal, actor=kecamatan_user, text="Hama")
    meeting_services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    client = client_for(kecamatan_user)
    url = reverse("learning:meeting_draft_lessons", args=[meeting.pk])
    assert url in client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    client.post(url)
    client.post(url)
    assert Lesson.objects.filter(challenge__sheet__meeting=meeting).count() == 1


def test_a_lesson_of_seram_is_hidden_from_sumba_until_shared(reader):
    lesson = make_lesson(WARU, "Abrasi pantai merusak rumah")
    url = reverse("learning:lesson_detail", args=[lesson.pk])
    assert client_for(reader).get(url).status_code == 404


@pytest.mark.parametrize(
    "text", ["", "yang", "😀🙏", "<img src=x onerror=alert(1)>", "penyuluh " * 300]
)
def test_suggestions_take_any_text_without_an_error(meeting, kecamatan_user, lessons, text):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    response = _suggest(client_for(kecamatan_user), meeting, sheet, goal, text)
    assert response.status_code == 200
    assert "<img" not in response.content.decode()


def test_the_suggestions_fragment_costs_a_pinned_number_of_queries(
    meeting, kecamatan_user, lessons, django_assert_num_queries
):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    client = client_for(kecamatan_user)
    _suggest(client, meeting, sheet, goal, "penyuluh")
    for i in range(10):
        make_lesson("53.18.11.2007", f"Penyuluh perkebunan tidak datang ke kebun {i}")
    # session, user, memberships, meeting, sheet, goal, lessons dismissed for the row,
    # vocabulary, ranking, vectors, judgements, lessons ("jarang" is a known word no lesson
    # uses: nothing is looked up to correct it)
    with django_assert_num_queries(12):
        _suggest(client, meeting, sheet, goal, "penyuluhnya jarang datang")
