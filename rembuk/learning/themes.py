"""Theme suggestion: keyword rules per theme of the managed list (models.Theme).

A rule is a stem (matched against the lesson's Sastrawi stems, so "pemasaran", "dipasarkan" and
"pasar" all count) or a phrase (matched against the normalised text). A person confirms the
suggestion (services.lesson_confirm_themes); nothing here is ever applied silently.
"""

from __future__ import annotations

from rembuk.learning.models import Theme
from rembuk.learning.search.text import normalise, terms

# Words are written as people write them; they are stemmed once when first used.
THEME_WORDS: dict[str, tuple[str, ...]] = {
    Theme.VILLAGE_FINANCE: (
        "laporan keuangan",
        "pertanggungjawaban",
        "spj",
        "dana desa",
        "anggaran",
        "apbdes",
        "bendahara",
        "pencairan",
        "siskeudes",
        "audit",
        "pajak",
    ),
    Theme.BUMDES: (
        "bumdes",
        "bum desa",
        "modal",
        "permodalan",
        "pinjaman",
        "kredit",
        "koperasi",
        "simpan pinjam",
        "usaha desa",
        "unit usaha",
    ),
    Theme.MARKETING: (
        "harga",
        "tengkulak",
        "papalele",
        "rentenir",
        "pengepul",
        "pasar",
        "pemasaran",
        "pembeli",
        "jual",
        "laku",
        "kemasan",
    ),
    Theme.PESTS: (
        "hama",
        "wereng",
        "tikus",
        "ulat",
        "penyakit tanaman",
        "busuk",
        "jamur",
        "pestisida",
        "walang sangit",
        "gagal panen",
    ),
    Theme.EXTENSION: (
        "penyuluh",
        "penyuluhan",
        "pendamping",
        "pendampingan",
        "ppl",
        "fasilitator",
        "bimbingan",
    ),
    Theme.FISHERIES: (
        "ikan",
        "nelayan",
        "perahu",
        "rumput laut",
        "tambak",
        "jaring",
        "melaut",
        "budidaya laut",
        "hasil laut",
    ),
    Theme.LIVESTOCK: (
        "ternak",
        "peternakan",
        "sapi",
        "kambing",
        "babi",
        "ayam",
        "kandang",
        "pakan",
        "vaksin",
        "kuda",
    ),
    Theme.WATER: (
        "air",
        "irigasi",
        "sumur",
        "mata air",
        "embung",
        "pipa",
        "saluran",
        "bendungan",
        "air bersih",
    ),
    Theme.CLIMATE: (
        "kemarau",
        "kekeringan",
        "banjir",
        "longsor",
        "badai",
        "gelombang",
        "cuaca",
        "iklim",
        "bencana",
        "abrasi",
        "gempa",
    ),
    Theme.INSTITUTIONS: (
        "musyawarah",
        "rapat",
        "partisipasi",
        "kelompok",
        "pengurus",
        "kelembagaan",
        "perempuan",
        "pemuda",
        "swadaya",
        "gotong royong",
    ),
    Theme.TOURISM: ("wisata", "pariwisata", "homestay", "pengunjung", "turis", "pantai"),
    Theme.SKILLS: (
        "pelatihan",
        "keterampilan",
        "kursus",
        "belajar",
        "keahlian",
        "tenaga ahli",
        "sekolah lapang",
    ),
}


def _rules() -> dict[str, tuple[set[str], list[str]]]:
    rules: dict[str, tuple[set[str], list[str]]] = {}
    for theme, keywords in THEME_WORDS.items():
        stems = {term for word in keywords if " " not in word for term in terms(word)}
        phrases = [normalise(word) for word in keywords if " " in word]
        rules[theme] = (stems, phrases)
    return rules


def suggest_themes(text: str, *, limit: int = 3) -> list[str]:
    """Theme codes whose words the text uses, most hits first (ties in list order)."""
    normalised = f" {normalise(text)} "
    text_terms = terms(text)
    scored: list[tuple[int, int, str]] = []
    for order, (theme, (stems, phrases)) in enumerate(_rules().items()):
        hits = sum(1 for term in text_terms if term in stems)
        hits += sum(2 for phrase in phrases if f" {phrase} " in normalised)
        if hits:
            scored.append((-hits, order, theme))
    return [theme for _, _, theme in sorted(scored)[:limit]]


def theme_labels(codes: list[str]) -> list[str]:
    """The labels of theme codes in the reader's language, in their order; a code no longer on
    the managed list (a lesson kept from an older version) is left out rather than shown raw."""
    return [str(Theme(code).label) for code in codes if code in Theme.values]
