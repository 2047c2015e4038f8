"""Indonesian text as search terms: the one pipeline every lesson and every query goes through.

Normalise (lowercase, strip HTML, emoji and punctuation, collapse letters typed three times or
more, map informal and regional spellings), drop Indonesian stop-words, stem with Sastrawi
(cached: it is slow).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

MAX_TERM_LENGTH = 60  # LessonTerm.term max_length

# Informal, abbreviated and regional spellings → the standard word (before stemming).
SPELLINGS: dict[str, str] = {
    "tdk": "tidak",
    "tak": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "blm": "belum",
    "sdh": "sudah",
    "udah": "sudah",
    "dah": "sudah",
    "dgn": "dengan",
    "yg": "yang",
    "utk": "untuk",
    "krn": "karena",
    "karna": "karena",
    "bgt": "sekali",
    "sy": "saya",
    "kmi": "kami",
    "pnyuluh": "penyuluh",
    "penyulu": "penyuluh",
    "pyuluh": "penyuluh",
    "ppl": "penyuluh",
    "dd": "danadesa",
    "add": "danadesa",
    "bumdesa": "bumdes",
    "bumd": "bumdes",
    "kades": "kepala desa",
    "pemdes": "pemerintah desa",
    "poktan": "kelompok tani",
    "gapoktan": "kelompok tani",
    "spj": "pertanggungjawaban",
    "lpj": "pertanggungjawaban",
    "apbdes": "anggaran desa",
    "dtg": "datang",
    "bnyk": "banyak",
    "byk": "banyak",
    "skali": "sekali",
    "sklai": "sekali",
    "kmpung": "kampung",
    "prnah": "pernah",
    "k": "ke",
    "jg": "juga",
    "bs": "bisa",
    "bsa": "bisa",
    "org": "orang",
    "thn": "tahun",
    "bln": "bulan",
    "hrg": "harga",
    "pd": "pada",
    "sm": "sama",
    "lg": "lagi",
    "bbi": "babi",
    "ngalir": "mengalir",
    "musdes": "musyawarah desa",
    "musdus": "musyawarah dusun",
    "pupuk2": "pupuk",
    "sapi2": "sapi",
    "ikan2": "ikan",
}
# Multi-word forms joined into one term before tokenising.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bbum\s+desa\b", "bumdes"),
        (r"\bbadan usaha milik desa\b", "bumdes"),
        (r"\bdana desa\b", "danadesa"),
        (r"\blaporan pertanggung\s*jawaban\b", "pertanggungjawaban"),
        (r"\bpertanggung jawaban\b", "pertanggungjawaban"),
        (r"\bmusim kering\b", "kemarau"),
        (r"\b(\w+)2\b", r"\1"),  # "petani2" (reduplication written with a 2)
    )
)
# Small groups of words (as stems) that mean the same thing for a village's problem.
SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"tengkulak", "rentenir", "papalele", "pengepul", "ijon"}),
    frozenset({"suluh", "damping"}),
    frozenset({"hadir", "datang", "kunjung"}),
    frozenset({"modal", "pinjam", "kredit"}),
    frozenset({"kering", "kemarau"}),
    frozenset({"banjir", "genang"}),
    frozenset({"harga", "murah", "mahal"}),
    frozenset({"hama", "wereng", "tikus", "ulat", "walang"}),
    frozenset({"ternak", "sapi", "kambing", "babi", "ayam"}),
    frozenset({"nelayan", "ikan", "tangkap"}),
    frozenset({"air", "irigasi", "sumur", "mata air"}),
    frozenset({"rumput laut", "agar"}),
    frozenset({"pertanggungjawaban", "lapor"}),
    frozenset({"rapat", "musyawarah", "temu"}),
    frozenset({"curi", "maling"}),
)
# Words too common in village records to say anything; Sastrawi's list plus these.
EXTRA_STOP_WORDS = frozenset({"desa", "warga", "masyarakat", "kami", "sudah", "belum", "tidak"})
# Sastrawi's list holds some words that describe a village's problem; keep those.
KEPT_WORDS = frozenset({"datang", "hadir", "kurang", "jauh", "naik", "laku", "lama"})

_TAG = re.compile(r"<[^>]*>")
_REPEATS = re.compile(r"(\w)\1{2,}")
NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return (frozenset(StopWordRemoverFactory().get_stop_words()) - KEPT_WORDS) | EXTRA_STOP_WORDS


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    stemmed: str = _stemmer().stem(word)
    return (stemmed or word)[:MAX_TERM_LENGTH]


@lru_cache(maxsize=1)
def synonyms() -> dict[str, frozenset[str]]:
    mapping: dict[str, frozenset[str]] = {}
    for group in SYNONYM_GROUPS:
        for member in group:
            mapping[member] = group - {member}
    return mapping


def plain(text: str) -> str:
    """Lowercase ASCII text without HTML or emoji, letters typed thrice collapsed; the words
    still as written (before phrases and informal spellings are mapped)."""
    text = html.unescape(_TAG.sub(" ", text or ""))
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if ch.isascii())  # drops emoji and combining accents
    return _REPEATS.sub(r"\1", text)  # "tidakkk" → "tidak"


def normalise(text: str) -> str:
    """Lowercase plain words: no HTML, emoji or punctuation; informal spellings made standard."""
    text = plain(text)
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    words = [SPELLINGS.get(word, word) for word in NON_WORD.sub(" ", text).split()]
    text = " ".join(words)
    for pattern, replacement in PHRASES[:4]:  # an expanded spelling may form a phrase
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """The words of a text that carry meaning, unstemmed (for highlighting)."""
    stops = stop_words()
    return [w for w in normalise(text).split() if w not in stops and len(w) > 1]


def terms(text: str) -> list[str]:
    """Stemmed index terms of a text, in order, with repeats."""
    stops = stop_words()
    result = []
    for word in words(text):
        stemmed = stem(word)
        if stemmed not in stops:
            result.append(stemmed)
    return result
