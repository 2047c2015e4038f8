"""Suggestions learn from use: adopting and dismissing are kept as replicated judgements and
change later rankings for similar challenges (search/feedback.py, services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rembuk.core.models import ChangeLog
from rembuk.learning import services
from rembuk.learning.models import LessonVector, SuggestionJudgement
from rembuk.learning.search import feedback, semantic, suggestions
from rembuk.learning.search.ranking import parse_query
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.meetings.tests.conftest import WAINYAPU
from rembuk.sync.services import pull_filter

from .conftest import WARU, make_lesson, other_desa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


CHALLENGE = "penyuluh pertanian tidak datang ke kebun"
LATER = "penyuluh pertanian jarang datang ke kebun kami"  # another village, a few weeks later


@pytest.fixture
def three_lessons(db):
    """Three lessons about the same trouble with extension workers, from other villages."""
    neighbour = other_desa("53.18.11", WAINYAPU)
    return [
        make_lesson(neighbour, "Penyuluh pertanian tidak datang ke kebun selama tiga bulan"),
        make_lesson(neighbour, "Penyuluh pertanian jarang datang ke kelompok tani"),
        make_lesson(
            WARU, "Penyuluh perikanan tidak datang ke kampung", shared_beyond_kabupaten=True
        ),
    ]


def ranking_of(text, exclude=WAINYAPU):
    return [hit.lesson for hit in suggestions.suggest(text, exclude_desa_code=exclude, limit=3)]


def row(meeting, code=WAINYAPU):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=code)
    return sheet, sheet.plan.goals.order_by("position").first()


def test_a_dismissed_and_an_adopted_suggestion_are_recorded_and_change_a_later_ranking(
    meeting, kecamatan_user, three_lessons
):
    before = ranking_of(LATER)
    assert set(before) == set(three_lessons)
    first, _middle, last = before
    sheet, goal = row(meeting)

    dismissed = services.lesson_dismiss(
        lesson=first, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
    )
    services.lesson_adopt(
        lesson=last, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
    )

    # Both judgements are kept, through the change log that sync sends.
    adopted = SuggestionJudgement.objects.get(verdict=SuggestionJudgement.Verdict.ADOPTED)
    assert (dismissed.verdict, dismissed.lesson, dismissed.challenge_text) == (
        SuggestionJudgement.Verdict.DISMISSED,
        first,
        CHALLENGE,
    )
    assert adopted.lesson == last and adopted.followup == FollowUp.objects.get(source_lesson=last)
    logged = ChangeLog.objects.filter(model_label="learning.suggestionjudgement")
    assert logged.count() == 2 and set(logged.values_list("scope_code", flat=True)) == {WAINYAPU}
    # A kecamatan laptop of Kodi Balaghar receives them; the kabupaten hub has them already.
    assert ChangeLog.objects.filter(pull_filter("53.18.11"), pk__in=logged).count() == 2

    # Another village types a similar challenge later: the adopted lesson rises, the dismissed
    # one sinks to the bottom.
    after = ranking_of(LATER, exclude=sheet.desa.code)
    assert after.index(last) < before.index(last)
    assert after.index(first) > before.index(first) and after[-1] == first


def test_a_judgement_about_another_problem_changes_nothing(meeting, kecamatan_user, three_lessons):
    before = ranking_of(LATER)
    sheet, goal = row(meeting)
    services.lesson_dismiss(
        lesson=before[0],
        sheet=sheet,
        goal=goal,
        challenge_text="harga kopra jatuh karena tengkulak",
        actor=kecamatan_user,
    )
    assert ranking_of(LATER) == before


def test_judging_the_same_lesson_again_on_the_same_row_replaces_the_verdict(
    meeting, kecamatan_user, three_lessons
):
    sheet, goal = row(meeting)
    lesson = three_lessons[1]
    services.lesson_dismiss(
        lesson=lesson, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
    )
    services.lesson_adopt(lesson=lesson, sheet=sheet, goal=goal, actor=kecamatan_user)
    judgement = SuggestionJudgement.objects.get()
    assert judgement.verdict == SuggestionJudgement.Verdict.ADOPTED
    assert judgement.challenge_text == CHALLENGE  # kept: nothing new was typed
    with pytest.raises(ValidationError, match="already among the follow-ups"):
        services.lesson_dismiss(
            lesson=lesson, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
        )


def test_a_village_never_judges_its_own_lesson_and_a_closed_meeting_takes_no_judgement(
    meeting, kecamatan_user
):
    sheet, goal = row(meeting)
    own = make_lesson(WAINYAPU, "Penyuluh tidak datang")
    with pytest.raises(ValidationError, match="this village itself"):
        services.lesson_dismiss(
            lesson=own, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
        )
    other = make_lesson(WARU, "Penyuluh perikanan tidak datang", shared_beyond_kabupaten=True)
    meeting_services.meeting_close(meeting=meeting, actor=kecamatan_user, confirm_empty=True)
    sheet, goal = row(meeting)
    with pytest.raises(ValidationError, match="closed"):
        services.lesson_dismiss(
            lesson=other, sheet=sheet, goal=goal, challenge_text=CHALLENGE, actor=kecamatan_user
        )
    assert not SuggestionJudgement.objects.exists()


def test_similarity_of_challenges_is_one_for_the_same_words_and_nothing_for_others():
    same = set(parse_query(CHALLENGE).weights)
    assert feedback.similarity(same, CHALLENGE) == pytest.approx(1.0)
    assert feedback.similarity(same, "harga kopra jatuh") == 0.0
    assert 0 < feedback.similarity(same, LATER) < 1


def test_without_the_model_lessons_get_no_vector_and_suggestions_rank_by_words(monkeypatch, db):
    monkeypatch.setattr(semantic, "_model", lambda: None)
    lesson = make_lesson(WARU, "Penyuluh perikanan tidak datang ke kampung")
    make_lesson(WARU, "Harga kopra jatuh")
    assert not semantic.available() and not LessonVector.objects.exists()
    assert [hit.lesson for hit in suggestions.suggest("penyuluh tidak datang")] == [lesson]
