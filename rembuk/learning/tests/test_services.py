from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.testing import user_with_role
from rembuk.learning import services
from rembuk.learning.models import Lesson, LessonTerm, LessonVector, LessonWord
from rembuk.learning.search import ranking
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import FollowUp, MeetingSheet
from rembuk.people.models import Role

from .conftest import WAINYAPU, make_lesson

pytestmark = pytest.mark.django_db


def _challenge(meeting, user, *, statuses=(), text="Harga kopra turun karena tengkulak"):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    challenge = meeting_services.challenge_save(
        sheet=sheet,
        goal=goal,
        actor=user,
        text=text,
        cause="Tidak ada pembeli lain",
        learning="Jual bersama lebih kuat",
    )
    for i, status in enumerate(statuses):
        followup = meeting_services.followup_save(
            sheet=sheet, goal=goal, actor=user, text=f"Tindak lanjut {i}", kind="aksi_desa"
        )
        history.update(followup, actor=user, challenge=challenge, status=status)
    return challenge


def _close(meeting, user):
    meeting_services.meeting_close(meeting=meeting, actor=user, confirm_empty=True)


def test_a_lesson_is_drafted_from_a_challenge_with_its_follow_ups(meeting, kecamatan_user):
    challenge = _challenge(meeting, kecamatan_user, statuses=["selesai", "selesai"])
    lesson = services.lesson_draft_from_challenge(challenge=challenge, actor=kecamatan_user)
    assert lesson.what_happened == challenge.text
    assert lesson.why == "Tidak ada pembeli lain"
    assert "Tindak lanjut 0" in lesson.what_was_tried
    assert "Jual bersama lebih kuat" in lesson.what_was_tried
    assert lesson.outcome == Lesson.Outcome.WORKED
    assert lesson.desa.code == WAINYAPU and lesson.happened_on == meeting.date
    assert lesson.desa.name in lesson.contact
    assert "pemasaran" in lesson.suggested_themes and lesson.themes == []
    assert LessonTerm.objects.filter(lesson=lesson, term="tengkulak").exists()


@pytest.mark.parametrize(
    ("statuses", "outcome"),
    [
        (["selesai", "berjalan"], "sebagian"),
        (["belum"], "belum_diketahui"),
        ([], "belum_diketahui"),
    ],
)
def test_the_outcome_follows_how_the_follow_ups_ended(meeting, kecamatan_user, statuses, outcome):
    challenge = _challenge(meeting, kecamatan_user, statuses=statuses)
    lesson = services.lesson_draft_from_challenge(challenge=challenge, actor=kecamatan_user)
    assert lesson.outcome == outcome


def test_the_village_facilitator_is_named_as_a_contact(meeting, kecamatan_user):
    user_with_role(Role.FASILITATOR_DESA, WAINYAPU, first_name="Yohana", last_name="Bili")
    challenge = _challenge(meeting, kecamatan_user)
    lesson = services.lesson_draft_from_challenge(challenge=challenge, actor=kecamatan_user)
    assert "Yohana Bili" in lesson.contact


def test_drafting_lessons_covers_closed_meetings_only_and_is_idempotent(meeting, kecamatan_user):
    _challenge(meeting, kecamatan_user)
    assert services.draft_lessons(actor=None) == 0  # the meeting is still open
    _close(meeting, kecamatan_user)
    assert services.draft_lessons(actor=None) == 1
    assert services.draft_lessons(actor=None) == 0
    assert Lesson.objects.count() == 1


def test_the_draft_lessons_command_drafts_for_closed_meetings(meeting, kecamatan_user):
    from django.core.management import call_command

    _challenge(meeting, kecamatan_user)
    _close(meeting, kecamatan_user)
    call_command("draft_lessons")
    assert Lesson.objects.filter(challenge__sheet__meeting=meeting).count() == 1


def test_editing_the_summary_marks_it_edited_and_reindexes(db):
    lesson = make_lesson(WAINYAPU, "Pupuk subsidi terlambat datang")
    lesson = services.lesson_update(
        lesson=lesson, actor=None, what_happened="Benih jagung terlambat datang"
    )
    assert lesson.summary_edited
    terms = set(LessonTerm.objects.filter(lesson=lesson).values_list("term", flat=True))
    assert "benih" in terms and "pupuk" not in terms


def test_changing_only_the_outcome_is_not_an_edit_of_the_summary(db):
    lesson = make_lesson(WAINYAPU, "Pupuk subsidi terlambat datang")
    lesson = services.lesson_update(lesson=lesson, actor=None, outcome="tidak")
    assert lesson.outcome == "tidak" and not lesson.summary_edited


def test_an_empty_summary_or_an_unknown_outcome_is_refused(db):
    lesson = make_lesson(WAINYAPU, "Pupuk subsidi terlambat datang")
    with pytest.raises(ValidationError) as refused:
        services.lesson_update(lesson=lesson, actor=None, what_happened="  ", outcome="x")
    assert set(refused.value.message_dict) == {"what_happened", "outcome"}


def test_confirming_themes_keeps_only_themes_of_the_list(db):
    lesson = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    assert "hama" in lesson.suggested_themes
    lesson = services.lesson_confirm_themes(lesson=lesson, themes=["hama"], actor=None)
    assert lesson.themes == ["hama"]
    # The index rows carry the confirmed themes, which the theme filter reads.
    assert set(LessonTerm.objects.filter(lesson=lesson).values_list("themes", flat=True)) == {
        ",hama,"
    }
    with pytest.raises(ValidationError):
        services.lesson_confirm_themes(lesson=lesson, themes=["bukan_tema"], actor=None)


def test_only_tim_program_may_share_a_lesson_beyond_its_kabupaten(db):
    lesson = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    with pytest.raises(ValidationError):
        services.lesson_share(
            lesson=lesson, shared=True, actor=user_with_role(Role.TIM_KABUPATEN, "53.18")
        )
    lesson = services.lesson_share(
        lesson=lesson, shared=True, actor=user_with_role(Role.TIM_PROGRAM, "53.18")
    )
    assert lesson.shared_beyond_kabupaten
    # Shared lessons are found from the other kabupaten straight away (the index holds scope).
    seram = user_with_role(Role.KECAMATAN, "81.05.15")
    _, hits = ranking.search("tikus jagung", user=seram)
    assert [hit.lesson for hit in hits] == [lesson]


def _saved(lesson):
    """What is written about a lesson: its row, its history and its search index."""
    lesson = Lesson.objects.get(pk=lesson.pk)
    terms = set(LessonTerm.objects.filter(lesson=lesson).values_list("term", "themes"))
    changes = ChangeLog.objects.filter(object_id=lesson.pk).count()
    row = (lesson.version, lesson.what_happened, lesson.summary_edited, lesson.themes)
    return row, lesson.shared_beyond_kabupaten, terms, changes


def test_a_lesson_edit_refused_at_its_themes_leaves_the_text_as_it_was(db):
    lesson = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    before = _saved(lesson)
    with pytest.raises(ValidationError) as refused:
        services.lesson_edit(
            lesson=lesson,
            actor=None,
            base_version=lesson.version,
            themes=["bukan_tema"],
            what_happened="Benih jagung terlambat datang",
        )
    assert set(refused.value.message_dict) == {"themes"}
    assert _saved(lesson) == before


def test_a_lesson_edit_refused_at_sharing_leaves_text_and_themes_as_they_were(db):
    lesson = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    before = _saved(lesson)
    with pytest.raises(ValidationError):
        services.lesson_edit(
            lesson=lesson,
            actor=user_with_role(Role.TIM_KABUPATEN, "53.18"),
            themes=["hama"],
            shared=True,
            what_happened="Benih jagung terlambat datang",
        )
    assert _saved(lesson) == before


def test_a_lesson_edit_saves_text_themes_and_sharing_together(db):
    lesson = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    lesson = services.lesson_edit(
        lesson=lesson,
        actor=user_with_role(Role.TIM_PROGRAM, "53.18"),
        base_version=lesson.version,
        themes=["hama"],
        shared=True,
        what_happened="Hama wereng menyerang padi",
    )
    (_version, what_happened, edited, themes), shared, terms, _changes = _saved(lesson)
    assert (what_happened, edited, themes, shared) == (
        "Hama wereng menyerang padi",
        True,
        ["hama"],
        True,
    )
    assert ("wereng", ",hama,") in terms


def test_adopting_a_lesson_adds_a_linked_idea_follow_up(meeting, kecamatan_user, lessons):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    goal = sheet.plan.goals.order_by("position").first()
    lesson = lessons["extension"]
    followup = services.lesson_adopt(lesson=lesson, sheet=sheet, goal=goal, actor=kecamatan_user)
    assert followup.kind == FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE
    assert followup.source_lesson == lesson and followup.goal == goal
    assert lesson.desa.name in followup.text
    with pytest.raises(ValidationError):  # not twice on the same goal
        services.lesson_adopt(lesson=lesson, sheet=sheet, goal=goal, actor=kecamatan_user)


def test_a_village_cannot_adopt_its_own_lesson(meeting, kecamatan_user):
    sheet = MeetingSheet.objects.get(meeting=meeting, desa__code=WAINYAPU)
    own = make_lesson(WAINYAPU, "Hama tikus menyerang jagung")
    with pytest.raises(ValidationError):
        services.lesson_adopt(lesson=own, sheet=sheet, goal=None, actor=kecamatan_user)
    assert not FollowUp.objects.filter(source_lesson=own).exists()


def test_reindexing_finds_lessons_that_arrived_without_an_index(lessons):
    from django.core.management import call_command

    from rembuk.learning.search import ranking

    LessonTerm.objects.filter(lesson=lessons["extension"]).delete()
    LessonVector.objects.filter(lesson=lessons["middlemen"]).delete()
    out = StringIO()
    call_command("reindex_lessons", stdout=out)
    # The lesson indexed again gets its vector again, beside the one that was missing.
    assert out.getvalue().strip() == "1 lessons indexed, 2 vectors made."
    _, hits = ranking.search("penyuluh pertanian")
    assert hits[0].lesson == lessons["extension"]
    assert LessonVector.objects.count() == len(lessons)


def test_vectors_of_other_models_are_never_read_and_the_worker_makes_them_again(lessons, settings):
    """After an upgrade that changes the search model, the old vectors (another size) are left
    out of suggestions, which still find their lessons by words, until the worker has made
    them again; the upgrade asks it to."""
    from rembuk.learning import tasks
    from rembuk.learning.search import index, semantic, suggestions

    old = LessonVector.objects.filter(lesson__in=[lessons["middlemen"], lessons["extension"]])
    old.update(model="an-older-model", vector=b"\x00\x3c" * 512)  # another size too
    assert index.vectors_to_make()
    # Mixed sizes would not make one matrix: the stale ones are not read at all.
    found = [hit.lesson for hit in suggestions.suggest("harga kopra jatuh tengkulak")]
    assert found[0] == lessons["middlemen"]

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert tasks.queue_lesson_vectors()
    made = LessonVector.objects.filter(lesson__in=[lessons["middlemen"], lessons["extension"]])
    assert {vector.model for vector in made} == {semantic.MODEL}
    assert {len(bytes(vector.vector)) for vector in made} == {2 * semantic.DIMENSIONS}
    assert LessonVector.objects.count() == len(lessons)
    assert not index.vectors_to_make() and not tasks.queue_lesson_vectors()


def test_starts_before_the_worker_got_to_it_ask_for_the_vectors_once(lessons):
    """`rembuk serve` asks for the missing vectors at every start: a second start while the
    first request still waits adds none; once the worker has started it, a start asks again
    (the one running may have been cut short)."""
    from django_tasks_db.models import DBTaskResult

    from rembuk.learning import tasks

    LessonVector.objects.filter(lesson=lessons["middlemen"]).delete()
    waiting = DBTaskResult.objects.ready().filter(task_path=tasks.make_lesson_vectors.module_path)
    assert tasks.queue_lesson_vectors() and tasks.queue_lesson_vectors()
    assert waiting.count() == 1
    waiting.update(status="RUNNING")
    assert tasks.queue_lesson_vectors() and tasks.queue_lesson_vectors()
    assert waiting.count() == 1
    assert DBTaskResult.objects.count() == 2


def test_rebuilding_the_whole_index_gives_the_same_rows_and_words(lessons):
    from django.core.management import call_command

    rows = set(LessonTerm.objects.values_list("lesson_id", "term", "weight"))
    words = set(LessonWord.objects.values_list("word", "skeleton"))
    LessonWord.objects.create(word="kata-lama", skeleton="kt-lm")  # of a lesson since edited
    call_command("reindex_lessons", "--all", stdout=StringIO())
    assert set(LessonTerm.objects.values_list("lesson_id", "term", "weight")) == rows
    assert set(LessonWord.objects.values_list("word", "skeleton")) == words
