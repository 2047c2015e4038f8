from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rembuk.core import history
from rembuk.core.testing import MembershipFactory, region, user_with_role
from rembuk.learning import services, visibility
from rembuk.learning.models import LessonTerm, LessonVocabulary
from rembuk.learning.search import index, ranking, suggestions, text
from rembuk.people.models import Role
from rembuk.people.permissions import forget_memberships

from .conftest import WAINYAPU, WARU, make_lesson

pytestmark = pytest.mark.django_db


def found(text, **kwargs):
    _, hits = ranking.search(text, **kwargs)
    return [hit.lesson for hit in hits]


def test_terms_are_stemmed_and_stop_words_dropped():
    assert text.terms("penyuluhnya tidak datang") == ["suluh", "datang"]
    assert text.terms("yang dan atau dengan") == []


def test_a_different_word_form_finds_the_lesson(lessons):
    assert found("penyuluhnya tidak datang")[0] == lessons["extension"]


def test_a_typo_finds_the_lesson(lessons):
    assert found("penyuluhh")[0] == lessons["extension"]
    assert found("tengkulk kopra")[0] == lessons["middlemen"]


def test_regional_and_informal_spellings_find_the_lesson(lessons):
    assert found("pnyuluh tdk dtg")[0] == lessons["extension"]
    assert found("SPJ DD telat")[0] == lessons["finance"]


def test_a_narrow_synonym_finds_the_lesson_and_a_topic_word_does_not_spread(lessons):
    # "pengepul" and "tengkulak" are the same buyer; a moneylender ("rentenir") is not.
    assert found("pengepul")[0] == lessons["middlemen"]
    assert found("rentenir") == []
    parsed = ranking.parse_query("hama tikus")
    assert set(parsed.weights) == {"hama", "tikus"}  # no other pests


def test_a_correct_word_is_never_corrected(lessons):
    # "harga" is a word; "hama" is a lesson term one edit away. The query stays as typed.
    parsed = ranking.parse_query("harga hama")
    assert parsed.corrections == {}
    # "jarang" is a known word no lesson uses: it finds nothing and nothing is made of it.
    parsed = ranking.parse_query("jarang")
    assert parsed.corrections == {} and set(parsed.weights) == {"jarang"}
    assert ranking.search("jarang")[1] == []


def test_an_unknown_word_is_corrected_into_a_lesson_word(lessons):
    parsed = ranking.parse_query("penyuluhh tdk dtg")
    assert parsed.corrections == {"penyuluhh": "penyuluh"}
    assert parsed.weights["suluh"] == ranking.TYPO_WEIGHT


def test_only_stop_words_give_no_hits_and_say_why(lessons):
    parsed, hits = ranking.search("yang dan atau dengan")
    assert hits == [] and parsed.empty_reason == "stop_words_only"
    parsed, hits = ranking.search("   ")
    assert hits == [] and parsed.empty_reason == "empty"


def test_emoji_and_html_are_searched_as_plain_words(lessons):
    assert found("<script>alert(1)</script> 😀 penyuluh")[0] == lessons["extension"]
    assert found("😀😀😀") == []


def test_a_very_long_query_is_cut_to_a_bounded_number_of_terms(lessons):
    text = " ".join(f"kata{i}" for i in range(400)) + " penyuluh"
    parsed = ranking.parse_query(text)
    assert len(parsed.weights) <= ranking.MAX_QUERY_TERMS * 3


def test_a_user_sees_their_kabupaten_and_shared_lessons_only(lessons):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    visible = set(found("nelayan papalele wereng hama penyuluh", user=user))
    assert lessons["seram_fish"] not in visible
    assert lessons["seram_shared"] in visible
    assert lessons["extension"] in visible


def test_the_kept_search_statement_answers_each_person_in_their_own_scope(lessons):
    # The statement is compiled once per thread; each person's kabupaten are sent as values,
    # read from their memberships on every search.
    sumba = user_with_role(Role.KECAMATAN, "53.18.11")
    seram = user_with_role(Role.KECAMATAN, "81.05.15")
    words = "nelayan papalele wereng hama penyuluh"
    for _ in range(2):
        seen = found(words, user=sumba)
        assert lessons["extension"] in seen and lessons["seram_fish"] not in seen
        seen = found(words, user=seram)
        assert lessons["seram_fish"] in seen and lessons["extension"] not in seen
    everywhere = MembershipFactory(user=sumba, role=Role.TIM_PROGRAM, region=region("53"))
    forget_memberships(sumba)
    assert lessons["seram_fish"] in found(words, user=sumba)
    history.soft_delete(everywhere, actor=None)  # revoked: the next search no longer sees it
    forget_memberships(sumba)
    assert lessons["seram_fish"] not in found(words, user=sumba)


def test_a_theme_key_is_matched_as_written_never_as_a_pattern(lessons):
    # "_" and "%" are LIKE wildcards: a theme holding one is escaped, as Django escapes it.
    finance = lessons["finance"]
    services.lesson_confirm_themes(lesson=finance, themes=["keuangan_desa"], actor=None)
    words = "laporan dana desa terlambat"
    assert found(words, filters=ranking.SearchFilters(theme="keuangan_desa")) == [finance]
    for pattern in ("%", "keuangan%", "keuangan_des_"):
        assert found(words, filters=ranking.SearchFilters(theme=pattern)) == []


def test_tim_program_sees_every_lesson(lessons):
    user = user_with_role(Role.TIM_PROGRAM, "53.18")
    assert lessons["seram_fish"] in found("nelayan papalele", user=user)


def test_suggestions_never_show_a_lesson_the_user_may_not_see(lessons):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    hits = suggestions.suggest("nelayan susah jual ikan ke papalele", user=user, limit=10)
    assert lessons["seram_fish"] not in [hit.lesson for hit in hits]


def test_suggestions_leave_out_the_village_itself(lessons):
    hits = suggestions.suggest(
        "laporan pertanggungjawaban dana desa terlambat", exclude_desa_code=WAINYAPU
    )
    assert lessons["finance"] not in [hit.lesson for hit in hits]


def test_filters_narrow_the_results(lessons):
    both = "penyuluh hama"
    assert set(found(both, filters=ranking.SearchFilters(kabupaten="81.05"))) == {
        lessons["seram_shared"]
    }
    services.lesson_confirm_themes(lesson=lessons["seram_shared"], themes=["hama"], actor=None)
    assert found(both, filters=ranking.SearchFilters(theme="hama")) == [lessons["seram_shared"]]
    assert found(both, filters=ranking.SearchFilters(year=2023)) == []
    assert found("kopra", filters=ranking.SearchFilters(outcome="berhasil")) == []


def test_the_theme_filter_keeps_confirmed_themes_only(lessons):
    wereng = lessons["seram_shared"]
    assert "hama" in wereng.suggested_themes and wereng.themes == []
    assert found("wereng", filters=ranking.SearchFilters(theme="hama")) == []
    services.lesson_confirm_themes(lesson=wereng, themes=["hama"], actor=None)
    assert found("wereng", filters=ranking.SearchFilters(theme="hama")) == [wereng]
    services.lesson_confirm_themes(lesson=wereng, themes=["air"], actor=None)
    assert found("wereng", filters=ranking.SearchFilters(theme="hama")) == []


def test_matched_words_are_reported_for_highlighting(lessons):
    _, hits = ranking.search("penyuluhnya")
    assert "penyuluh" in hits[0].matched_terms


def test_matched_words_come_once_each_in_the_order_written_and_follow_an_edit(db):
    lesson = make_lesson(
        WARU,
        "Pedagang kopra jarang datang, harga KOPRA turun",
        why="Jalan ke dusun rusak, pedagang jarang mau naik",
    )
    parsed = ranking.parse_query("jarang kopra")
    assert ranking.matched_words(lesson, parsed) == ["kopra", "jarang"]
    # A lesson's words are worked out once per text: an edited text is read anew.
    lesson = services.lesson_update(lesson=lesson, actor=None, what_happened="Pembeli jarang")
    assert ranking.matched_words(lesson, parsed) == ["jarang"]
    lesson = services.lesson_update(lesson=lesson, actor=None, why="Harga kopra jatuh")
    assert ranking.matched_words(lesson, parsed) == ["jarang", "kopra"]


def test_a_long_text_is_highlighted_alike_and_not_kept(db):
    why = "Jalan ke dusun rusak berat setiap musim hujan. " * 12 + "Pedagang kopra jarang datang."
    assert len(why) > ranking.KEPT_TEXT_CHARS
    lesson = make_lesson(WARU, "Harga kopra turun", why=why)
    ranking._kept_text.cache_clear()
    kept_before = ranking._kept_text.cache_info()
    for _ in range(2):
        words = ranking.matched_words(lesson, ranking.parse_query("jarang kopra"))
        assert words == ["kopra", "jarang"]
    kept_after = ranking._kept_text.cache_info()
    # The short texts are kept (read once, then found); the long one is read each time.
    short = [
        text
        for name in index.FIELDS
        if len(text := getattr(lesson, name) or "") <= ranking.KEPT_TEXT_CHARS
    ]
    assert why not in short and len(short) == len(index.FIELDS) - 1
    assert kept_after.misses - kept_before.misses == len(set(short))
    assert kept_after.hits - kept_before.hits == 2 * len(short) - len(set(short))


def test_the_index_is_rebuilt_on_every_write_and_the_vocabulary_follows(lessons):
    from rembuk.learning import services

    lesson = lessons["seram_fish"]
    services.lesson_update(lesson=lesson, actor=None, what_happened="Perahu rusak diterjang badai")
    assert not LessonTerm.objects.filter(lesson=lesson, term="papalele").exists()
    assert not LessonVocabulary.objects.filter(term="papalele").exists()
    assert LessonVocabulary.objects.get(term="perahu").lesson_count == 1


def test_search_costs_a_constant_number_of_queries(lessons):
    with CaptureQueriesContext(connection) as few:
        ranking.search("penyuluh")
    for i in range(30):
        make_lesson(WARU, f"Penyuluh perikanan tidak datang ke desa {i}")
    with CaptureQueriesContext(connection) as many:
        ranking.search("penyuluh")
    assert len(few) == len(many) == 3


def test_suggestions_cost_a_pinned_number_of_queries(lessons, django_assert_num_queries):
    user = user_with_role(Role.KECAMATAN, "53.18.11")
    visibility.visible_lessons_q(user)  # reads the user's memberships once per request
    # vocabulary, lesson words near the typo, their terms' counts, ranking, vectors,
    # judgements, lessons
    with django_assert_num_queries(7):
        suggestions.suggest("penyuluhh tidak datang", user=user)
    # vocabulary, ranking, vectors, judgements, lessons: a query every dictionary knows
    with django_assert_num_queries(5):
        suggestions.suggest("penyuluh tidak datang", user=user)


def test_a_node_holding_a_single_lesson_still_suggests_it():
    # On a kecamatan laptop there may be one lesson: BM25 gives common terms a tiny IDF there,
    # so a score threshold would hide it. Sharing the query's terms is what counts.
    lesson = make_lesson(WARU, "Penyuluh pertanian tidak hadir selama tiga bulan")
    hits = suggestions.suggest("penyuluhnya tdk pernah datang", exclude_desa_code=WAINYAPU)
    assert [hit.lesson for hit in hits] == [lesson]


def test_a_lesson_sharing_one_of_several_terms_is_still_suggested_after_closer_ones():
    one = make_lesson(WARU, "Rumput laut busuk karena ombak besar")
    two = make_lesson(WARU, "Rumput di kebun tinggi karena tidak disiangi")
    # The query's other words are known from a lesson of the village asking (never suggested).
    make_lesson(WAINYAPU, "Penyuluh tidak datang ke kebun")
    query = "penyuluh tidak datang, rumput tinggi"
    hits = suggestions.suggest(query, exclude_desa_code=WAINYAPU)
    assert [hit.lesson for hit in hits] == [two, one]


def test_each_term_reads_only_its_heaviest_postings(db, monkeypatch):
    # A short lesson weighs a term more (BM25 length normalisation): it is the one kept.
    make_lesson(WARU, "Penyuluh jarang datang ke kebun kelapa di dusun atas dekat pantai")
    heaviest = make_lesson(WARU, "Penyuluh jarang datang")
    make_lesson(WARU, "Penyuluh jarang datang ke kebun kelapa dan kebun cengkeh di dusun")
    monkeypatch.setattr(ranking, "POSTINGS_PER_TERM", 1)
    assert found("penyuluh") == [heaviest]
    assert ranking.count_matches(ranking.parse_query("penyuluh")) == 1


def test_joined_phrases_and_informal_spellings_are_reported_as_written(lessons):
    make_lesson(WARU, "Pencairan DD tahap dua terlambat karena APBDes belum disahkan")
    _, hits = ranking.search("dana desa terlambat", user=None)
    by_lesson = {hit.lesson.what_happened: hit.matched_terms for hit in hits}
    assert "dana desa" in by_lesson["Laporan pertanggungjawaban Dana Desa terlambat"]
    assert "dd" in by_lesson["Pencairan DD tahap dua terlambat karena APBDes belum disahkan"]


def test_the_vocabulary_kept_by_increments_equals_a_full_recount(lessons):
    lesson = lessons["middlemen"]
    services.lesson_update(lesson=lesson, actor=None, what_happened="Harga cengkeh jatuh lagi")
    services.lesson_update(lesson=lesson, actor=None, outcome="tidak")  # no term changes
    index.index_lessons([lessons["extension"], lessons["finance"]])  # re-indexed, same terms
    kept = dict(LessonVocabulary.objects.values_list("term", "lesson_count"))
    index.rebuild_vocabulary()
    assert kept == dict(LessonVocabulary.objects.values_list("term", "lesson_count"))
    assert kept["~"] == 5 and "kopra" not in kept


def test_a_lesson_close_in_meaning_to_the_best_one_rises_with_it():
    import numpy as np

    def unit(*values):
        vector = np.array(values, dtype=np.float32)
        return vector / np.linalg.norm(vector)

    best, retold, other, hidden = 0, 1, 2, 3
    matrix = np.stack([unit(1, 0, 0), unit(0.95, 0.31, 0), unit(0, 0, 1), unit(1, 0.01, 0)])
    fused = np.array([0.9, 0.4, 0.4, -np.inf])
    raised = suggestions._with_neighbours(fused, matrix)
    # The same story in other words follows the best lesson; an unrelated one stays where it was.
    assert raised[retold] > raised[other] == 0.4
    # A lesson is not its own neighbour, and one not suggestible stays out.
    assert raised[best] == pytest.approx(
        0.9
        + suggestions.NEIGHBOUR_WEIGHT
        * 0.4
        * (
            (float(matrix[best] @ matrix[retold]) - suggestions.NEIGHBOUR_FROM)
            / (1 - suggestions.NEIGHBOUR_FROM)
        )
    )
    assert raised[hidden] == -np.inf
