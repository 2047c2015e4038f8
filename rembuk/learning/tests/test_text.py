"""Words to terms (search/text.py) and the lexicon they use (search/lexicon.toml)."""

from __future__ import annotations

import re

from rembuk.learning.search import text
from rembuk.learning.search.lexicon import lexicon, root_words
from rembuk.learning.suggestion_quality import SETS_DIR, load_set


def test_normalising_strips_html_emoji_and_maps_chat_spellings():
    assert text.normalise("<b>Penyuluh</b> TDK datangggg 😀!!") == "penyuluh tidak datang"
    # "ibu2" is "ibu-ibu", the women of the village.
    assert text.normalise("ibu2 sdh dtg") == "ibu perempuan ibu sudah datang"
    assert (
        text.terms("agar-agar kering")
        == text.terms("agar2 kering")
        == [
            "rumput",
            "laut",
            "kering",
        ]
    )


def test_an_abbreviation_and_what_it_stands_for_share_the_abbreviation_and_the_words():
    assert text.terms("DD terlambat") == ["dd", "dana", "desa", "lambat"]
    assert text.terms("Dana Desa terlambat") == ["dana", "dd", "desa", "lambat"]
    assert set(text.terms("SPJ")) == {"spj", "surat", "pertanggungjawaban"}
    assert "bumdes" in text.terms("BUM Desa") and "bumdes" in text.terms("Bumdes")


def test_an_abbreviation_that_is_also_a_chat_word_counts_only_in_capitals():
    assert "pendampingdesa" in text.terms("PD jarang datang")
    assert text.terms("pd hari itu") == []  # chat for "pada hari itu"


def test_a_regional_word_brings_the_standard_word_beside_it():
    assert text.terms("ikang") == ["ikang", "ikan"]
    assert "ibu" in text.terms("mama-mama penenun")
    assert "kampung" in text.terms("kampong")


def test_stop_words_are_dropped_as_written_never_after_stemming():
    # "peserta" stems to "serta", a stop-word: the content word is kept all the same.
    assert text.terms("peserta pelatihan") == ["serta", "latih"]
    assert text.terms("petani serta nelayan") == ["tani", "nelayan"]
    assert text.terms("yang dan atau dengan tidak sudah") == []


def test_everyday_nouns_that_say_what_a_problem_is_about_are_not_stop_words():
    for word in ("orang", "baru", "kurang", "panjang", "mata", "ibu", "bapak", "besar"):
        assert text.terms(word), word


def test_no_content_word_of_the_tuning_set_loses_its_term():
    """The stop-word list checked against the content words of real lesson texts: a word is
    dropped only when it is itself a stop-word, whatever its stem."""
    stops = text.stop_words()
    tuning = load_set(SETS_DIR / "tuning")
    written = {
        word
        for lesson in tuning.lessons
        for word in text.normalise(lesson.text).split()
        if len(word) > 1
    }
    lost = sorted(w for w in written if w not in stops and not text.terms(w))
    assert lost == []
    stemmed_to_a_stop_word = [w for w in written - stops if text.stem(w) in stops]
    assert "peserta" in stemmed_to_a_stop_word or stemmed_to_a_stop_word == []


def test_synonyms_are_narrow_equivalences_not_topics():
    synonyms = text.synonyms()
    assert "papalele" in synonyms[text.stem("tengkulak")]
    assert text.stem("rentenir") not in synonyms.get(text.stem("tengkulak"), ())
    for broad in ("ternak", "hama", "air", "harga"):
        assert text.stem(broad) not in synonyms, broad


def test_the_lexicon_is_consistent():
    words = lexicon()
    lowercase = re.compile(r"^[a-z0-9 ]+$")
    keys = [*words.spellings, *words.abbreviations, *words.abbreviations_in_capitals]
    assert all(lowercase.match(key) for key in keys)
    assert all(value != (key,) for key, value in words.spellings.items())
    members = [member for group in words.equivalences for member in group]
    assert len(members) == len(set(members)), "a word in two equivalence groups"
    # An abbreviation is not also a chat spelling (it would never be expanded).
    assert not set(words.abbreviations) & set(words.spellings)
    # Sastrawi's dictionary is there: a known word is known before any lesson exists.
    assert {"jagung", "penyuluh", "kemarau"} & root_words() == {"jagung", "kemarau"}
