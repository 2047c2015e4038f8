"""Typo tolerance that never touches a correct word.

A typed word is corrected only when no dictionary knows it: not Sastrawi's root words (nor its
stem), not the lexicon, not the words of the lessons on this node. A correct word that no lesson
uses is left alone (it simply finds nothing); correcting it into a neighbouring real word would
pull in unrelated lessons.

An unknown word is compared with the words the lessons use (LessonWord), best first:
1. its chat forms, when one of them is known: "dbayar" → dibayar, "trpaksa" → terpaksa,
   "rumahx" → rumahnya, spoken verbs "nyicil" → cicil, "nunggak" → tunggak, Ambon Malay
   "ikang" → ikan, "tana" → tanah;
2. a word it abbreviates by dropping vowels ("mcet" → macet, "kmpung" → kampung): the same
   consonants in the same order, the same first letter;
3. a word one edit away (two for words of six letters or more): a letter dropped, added,
   changed, or two neighbours swapped ("penyulu" → penyuluh, "jagug" → jagung).
Within a rank, the word more lessons use wins. The functions here are pure: the caller reads
the candidate words from the database (one bounded statement, see `candidate_filter`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rembuk.learning.search.lexicon import lexicon, root_words
from rembuk.learning.search.text import lexicon_tokens, stem

VOWELS = re.compile(r"[aeiou]")
MIN_LENGTH = 3  # shorter unknown words are too ambiguous to correct
MIN_EDIT_LENGTH = 4  # a three-letter word one edit away from a lesson word is mostly noise
CHAT_PREFIXES = (("d", "di"), ("tr", "ter"), ("br", "ber"), ("pr", "per"), ("mng", "meng"))


def skeleton(word: str) -> str:
    """The consonants of a word, in order: what survives when chat drops the vowels."""
    return VOWELS.sub("", word)


@lru_cache(maxsize=1)
def _known_spellings() -> frozenset[str]:
    """Every word the lexicon names, on either side of an entry."""
    words = lexicon()
    phrases = [
        *words.regional,
        *words.regional.values(),
        *words.abbreviations.values(),
        *words.abbreviations_in_capitals.values(),
        *(member for group in words.equivalences for member in group),
    ]
    known = {word for phrase in phrases for word in phrase}
    return frozenset(known | set(words.spellings) | set(words.abbreviations_in_capitals))


def is_known(word: str) -> bool:
    """Whether a dictionary knows the word (the lessons' words are the caller's to check)."""
    roots = root_words()
    return (
        word in roots
        or stem(word) in roots
        or word in lexicon_tokens()
        or word in _known_spellings()
    )


def chat_forms(word: str) -> list[str]:
    """Standard forms a chat or regional spelling may stand for."""
    forms = []
    for short, full in CHAT_PREFIXES:
        if word.startswith(short) and len(word) > len(short) + 2:
            rest = word[len(short) :]
            if not VOWELS.match(rest):  # "dbayar", not "dapat"
                forms.append(full + rest)
    forms.extend(_spoken_verb_forms(word))
    if word.endswith("x") and len(word) > 4:
        forms.append(word[:-1] + "nya")  # "rumahx"
    if word.endswith("ng") and len(word) > 4:
        forms.append(word[:-1])  # Ambon Malay "ikang", "jalang"
    if word[-1] in "aiu" and len(word) > 3:
        forms.append(word + "h")  # "tana", "ruma"
    return forms


def _spoken_verb_forms(word: str) -> list[str]:
    """Spoken Indonesian drops the me- of a verb and keeps its nasal: "nyicil" (mencicil),
    "nunggak" (menunggak), "ngurus" (mengurus), "mikul" (memikul); "-in" stands for "-kan"
    ("kerjain"). The root is what the dictionary knows."""
    if len(word) < 5:
        return []
    stems = [word]
    if word.endswith("in"):
        stems.append(word[:-2] + "kan")
    forms = []
    for form in stems:
        rest = form[2:]
        if form.startswith("ny") and VOWELS.match(rest):
            forms += ["c" + rest, "s" + rest]
        elif form.startswith("ng") and VOWELS.match(rest):
            forms += [rest, "k" + rest]
        elif form[0] in "nm" and VOWELS.match(form[1:]):
            forms.append(("t" if form[0] == "n" else "p") + form[1:])
    return [*stems[1:], *forms]


def is_abbreviation_of(typed: str, word: str) -> bool:
    """`typed` is `word` with some vowels dropped: same first letter, same consonants (two at
    least)."""
    if typed[0] != word[0] or len(typed) >= len(word) or len(skeleton(typed)) < 2:
        return False
    if skeleton(typed) != skeleton(word):
        return False
    letters = iter(word)
    return all(letter in letters for letter in typed)  # a subsequence


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein (adjacent swaps), giving up early once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def edit_limit(word: str) -> int:
    return 1 if len(word) <= 5 else 2


@dataclass(frozen=True)
class Lookup:
    """What to read from the lessons' words for a set of unknown words."""

    words: frozenset[str]  # chat forms, looked up as written
    skeletons: frozenset[str]
    prefixes: frozenset[str]  # first two letters, for words a few edits away


def lookup_for(unknown: Iterable[str]) -> Lookup:
    words, skeletons, prefixes = set(), set(), set()
    for word in unknown:
        words.update(chat_forms(word))
        skeletons.add(skeleton(word))
        prefixes.add(word[:2])
    return Lookup(frozenset(words), frozenset(skeletons), frozenset(prefixes))


def correction(word: str, lesson_words: Mapping[str, int]) -> str:
    """The lesson word an unknown typed word most likely stands for, or "" (see the module
    docstring). `lesson_words` maps candidate words to the number of lessons holding them."""
    if len(word) < MIN_LENGTH:
        return ""
    ranked: list[tuple[int, int, int, str]] = []  # (rank, distance, -lessons, word)
    for form in chat_forms(word):
        if form in lesson_words:
            ranked.append((0, 0, -lesson_words[form], form))
    limit = edit_limit(word)
    for candidate, count in lesson_words.items():
        if candidate == word:
            continue
        if is_abbreviation_of(word, candidate):
            ranked.append((1, 0, -count, candidate))
        elif candidate[:2] == word[:2] and len(word) >= MIN_EDIT_LENGTH:
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                ranked.append((2, distance, -count, candidate))
    return min(ranked)[3] if ranked else ""


def known_chat_form(word: str) -> str:
    """A chat form of an unknown word that the dictionary knows ("dbeli" → dibeli), or ""."""
    for form in chat_forms(word):
        if is_known(form):
            return form
    return ""
