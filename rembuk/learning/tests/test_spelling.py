"""Typo tolerance (search/spelling.py): unknown words only, and never into another real word."""

from __future__ import annotations

import pytest

from rembuk.learning.search import spelling

# Words the lessons on a node use, with how many lessons hold their term.
LESSON_WORDS = {
    "penyuluh": 12,
    "macet": 5,
    "kampung": 7,
    "jagung": 9,
    "babi": 6,
    "bibi": 1,
    "hama": 8,
    "terpaksa": 2,
    "dibayar": 3,
    "harga": 20,
}


@pytest.mark.parametrize("word", ["harga", "jarang", "terlambat", "penyuluhnya", "papalele", "dd"])
def test_a_word_a_dictionary_knows_is_known(word):
    assert spelling.is_known(word)


@pytest.mark.parametrize("word", ["penyuluhh", "mcet", "kmpng", "jagug", "dbeli"])
def test_a_misspelt_word_is_unknown(word):
    assert not spelling.is_known(word)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("penyulu", "penyuluh"),  # a letter dropped
        ("penyuluhh", "penyuluh"),  # a letter added
        ("jagnug", "jagung"),  # two neighbours swapped
        ("mcet", "macet"),  # vowels dropped, as in chat
        ("kmpng", "kampung"),
        ("bbi", "babi"),  # ambiguous with "bibi": the word more lessons use wins
        ("trpaksa", "terpaksa"),  # a chat prefix
        ("dbayar", "dibayar"),
    ],
)
def test_an_unknown_word_is_corrected_into_the_lesson_word_it_stands_for(typed, meant):
    assert spelling.correction(typed, LESSON_WORDS) == meant


def test_a_word_too_far_from_every_lesson_word_is_left_alone():
    assert spelling.correction("stunting", LESSON_WORDS) == ""
    assert spelling.correction("hmm", LESSON_WORDS) == ""  # three letters: no edit guesses


def test_chat_forms_and_known_forms():
    assert "dibeli" in spelling.chat_forms("dbeli")
    assert spelling.known_chat_form("dbeli") == "dibeli"
    assert spelling.known_chat_form("ikang") == "ikan"
    assert spelling.known_chat_form("rumahx") == "rumahnya"
    assert spelling.chat_forms("dapat") == []  # "d" + a vowel is no chat prefix
    # Spoken verbs drop me- and keep the nasal: the root is what the dictionary knows.
    assert spelling.known_chat_form("nyicil") == "cicil"
    assert spelling.known_chat_form("nunggak") == "tunggak"
    assert spelling.known_chat_form("mikul") == "pikul"
    assert spelling.known_chat_form("kerjain") == "kerjakan"


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_past_the_limit():
    assert spelling.edit_distance("jagnug", "jagung", 2) == 1
    assert spelling.edit_distance("abcdef", "uvwxyz", 2) == 3
