"""The words lesson search knows: lexicon.toml (chat spellings, abbreviations, regional words,
narrow equivalences, stop-word adjustments) and Sastrawi's root-word dictionary, read once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")


@dataclass(frozen=True)
class Lexicon:
    spellings: dict[str, tuple[str, ...]]  # chat or informal word → the standard word(s)
    phrase_spellings: dict[tuple[str, ...], str]  # words written apart → the one word
    abbreviations: dict[str, tuple[str, ...]]  # abbreviation → the words it stands for
    abbreviations_in_capitals: dict[str, tuple[str, ...]]  # only when written in capitals
    regional: dict[tuple[str, ...], tuple[str, ...]]  # regional word(s) → standard word(s)
    equivalences: tuple[tuple[tuple[str, ...], ...], ...]  # groups of interchangeable words
    stop_words_kept: frozenset[str]
    stop_words_added: frozenset[str]

    @cached_property  # read for every field of every result shown: built once per lexicon
    def phrase_tokens(self) -> dict[tuple[str, ...], str]:
        """Every phrase of several words the lexicon names, with the one token that stands for
        it in the index: the abbreviation for an expansion, the joined words otherwise."""
        tokens: dict[tuple[str, ...], str] = {}
        for group in self.equivalences:
            for member in group:
                if len(member) > 1:
                    tokens[member] = "".join(member)
        for words in self.abbreviations_in_capitals.values():
            tokens[words] = "".join(words)
        for abbreviation, words in self.abbreviations.items():
            if len(words) > 1:
                tokens.setdefault(words, abbreviation)
        return tokens


def _words(value: str) -> tuple[str, ...]:
    return tuple(value.lower().split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with LEXICON_FILE.open("rb") as file:
        data = tomllib.load(file)
    return Lexicon(
        spellings={key: _words(value) for key, value in data["spellings"].items()},
        phrase_spellings={_words(key): value for key, value in data["phrase_spellings"].items()},
        abbreviations={key: _words(value) for key, value in data["abbreviations"].items()},
        abbreviations_in_capitals={
            key: _words(value) for key, value in data["abbreviations_in_capitals"].items()
        },
        regional={_words(key): _words(value) for key, value in data["regional"].items()},
        equivalences=tuple(
            tuple(_words(member) for member in group) for group in data["equivalences"]["groups"]
        ),
        stop_words_kept=frozenset(data["stop_words"]["kept"]),
        stop_words_added=frozenset(data["stop_words"]["added"]),
    )


@lru_cache(maxsize=1)
def root_words() -> frozenset[str]:
    """Sastrawi's dictionary of Indonesian root words (about 30,000): what "a known word" means
    before any lesson is written."""
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(path.read_text(encoding="utf-8").split())
