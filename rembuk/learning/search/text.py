"""Indonesian text as search terms: the one pipeline every lesson and every query goes through.

1. `plain`: lowercase ASCII words, no HTML, emoji or punctuation; letters typed three times or
   more collapsed ("tidakkk"), reduplication written with a 2 written out ("ibu2" → "ibu ibu",
   as "ibu-ibu" reads), so a reduplicated phrase of the lexicon is found either way.
2. `normalise`: the lexicon (lexicon.toml) applied word by word. Chat spellings become the
   standard word ("tdk" → tidak). An abbreviation brings the words it stands for and a phrase
   the lexicon names brings its one token, so "DD" and "dana desa" share the token `dd` and the
   words "dana", "desa" (abbreviations that are also chat words count only in capitals: "PD").
   A regional word brings the standard word beside it ("ikang" → ikan).
3. `words`: stop-words dropped as written (never after stemming, so "peserta", whose stem is
   the stop-word "serta", is kept).
4. `terms`: Sastrawi stems (cached: stemming is slow); the lexicon's tokens stay as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

from rembuk.learning.search.lexicon import lexicon

MAX_TERM_LENGTH = 60  # LessonTerm.term max_length

_TAG = re.compile(r"<[^>]*>")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_REDUPLICATION = re.compile(r"\b([a-z]{2,})2\b")  # "ibu2" is "ibu-ibu": the word twice
NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Function words, as written: Sastrawi's list less the words that name a problem, plus a
    few chat particles (lexicon.toml, [stop_words])."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    words = lexicon()
    sastrawi = frozenset(StopWordRemoverFactory().get_stop_words())
    return (sastrawi - words.stop_words_kept) | words.stop_words_added


@lru_cache(maxsize=1)
def lexicon_tokens() -> frozenset[str]:
    """Tokens the lexicon makes up (abbreviations, joined phrases): never stemmed."""
    words = lexicon()
    made = set(words.phrase_tokens.values()) | set(words.phrase_spellings.values())
    return frozenset(words.abbreviations) | frozenset(made)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    if word in lexicon_tokens():
        return word[:MAX_TERM_LENGTH]
    stemmed: str = _stemmer().stem(word)
    return (stemmed or word)[:MAX_TERM_LENGTH]


def plain(text: str) -> str:
    """Lowercase ASCII text without HTML or emoji, letters typed thrice collapsed; the words
    still as written (before the lexicon is applied)."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = unicodedata.normalize("NFKD", text.lower())
    # Drops emoji and combining accents (every character outside ASCII), in one call.
    text = text.encode("ascii", "ignore").decode("ascii")
    text = _REPEATS.sub(r"\1", text)  # "tidakkk" → "tidak"
    return _REDUPLICATION.sub(r"\1 \1", text)


@lru_cache(maxsize=1)
def _capitals() -> re.Pattern[str]:
    names = sorted(lexicon().abbreviations_in_capitals, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(r"\b(" + "|".join(n.upper() for n in names) + r")\b")


def _expand_capitals(text: str) -> str:
    """'PD' → 'pendamping desa' (the phrase then brings its token); 'pd' stays chat for 'pada'."""
    words = lexicon().abbreviations_in_capitals
    return _capitals().sub(lambda m: " " + " ".join(words[m.group(1).lower()]) + " ", text)


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Phrases the lexicon names, by their first word, longest first: (words, what they add)."""
    words = lexicon()
    found: dict[tuple[str, ...], tuple[str, ...]] = {
        phrase: (token,) for phrase, token in words.phrase_tokens.items()
    }
    for phrase, standard in words.regional.items():
        if len(phrase) > 1:
            found[phrase] = found.get(phrase, ()) + standard
    for phrase, word in words.phrase_spellings.items():
        # "BUM Desa" is the abbreviation bumdes, and brings what bumdes stands for.
        found[phrase] = (word, *words.abbreviations.get(word, ()))
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, added in sorted(found.items(), key=lambda item: -len(item[0])):
        by_first.setdefault(phrase[0], []).append((phrase, added))
    return by_first


def _with_lexicon(tokens: list[str]) -> list[str]:
    words = lexicon()
    standard: list[str] = []
    for token in tokens:
        standard.extend(words.spellings.get(token, (token,)))
    result: list[str] = []
    phrases = _phrases_by_first_word()
    for i, token in enumerate(standard):
        result.append(token)
        if expansion := words.abbreviations.get(token):
            result.extend(expansion)
        elif regional := words.regional.get((token,)):
            result.extend(regional)
        for phrase, added in phrases.get(token, ()):
            if tuple(standard[i : i + len(phrase)]) == phrase:
                result.extend(added)
                break
    return result


def normalise(text: str) -> str:
    """Plain words with the lexicon applied (see the module docstring)."""
    tokens = NON_WORD.sub(" ", plain(_expand_capitals(html.unescape(text or "")))).split()
    return " ".join(_with_lexicon(tokens))


def spelled_out(text: str, corrections: dict[str, str] | None = None) -> str:
    """The text as a reader of standard Indonesian would want it: plain words, chat spellings
    written out and typos mended, nothing added (what the semantic model reads)."""
    spellings = lexicon().spellings
    tokens = NON_WORD.sub(" ", plain(text)).split()
    result: list[str] = []
    for token in tokens:
        token = (corrections or {}).get(token, token)
        result.extend(spellings.get(token, (token,)))
    return " ".join(result)


def words(text: str) -> list[str]:
    """The words of a text that carry meaning, unstemmed (for highlighting)."""
    stops = stop_words()
    return [w for w in normalise(text).split() if w not in stops and len(w) > 1]


def terms(text: str) -> list[str]:
    """Stemmed index terms of a text, in order, with repeats."""
    return [stem(word) for word in words(text)]


def term_of(word: str) -> str:
    """The index term of one typed word (its stem), or "" for a stop-word."""
    found = terms(word)
    return found[0] if found else ""


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    """Each term of an equivalence group → the other terms of its group."""
    tokens = lexicon().phrase_tokens
    mapping: dict[str, set[str]] = {}
    for group in lexicon().equivalences:
        members = {tokens[m] if len(m) > 1 else stem(m[0]) for m in group}
        for member in members:
            mapping.setdefault(member, set()).update(members - {member})
    return {term: frozenset(others) for term, others in mapping.items()}
