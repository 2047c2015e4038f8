from __future__ import annotations

from django.utils import translation

from rembuk.learning.themes import suggest_themes, theme_labels


def test_village_finance_words_suggest_the_finance_theme():
    assert suggest_themes("SPJ Dana Desa terlambat, laporan keuangan belum selesai")[0] == (
        "keuangan_desa"
    )


def test_word_forms_count_through_their_stem():
    assert "pemasaran" in suggest_themes("hasil panen dipasarkan ke tengkulak dengan harga rendah")
    assert "penyuluhan" in suggest_themes("penyuluhnya jarang datang, pendampingan kurang")


def test_each_theme_of_the_list_has_words_that_suggest_it():
    texts = {
        "bumdes": "BUMDes kekurangan modal usaha",
        "hama": "hama wereng menyerang padi",
        "perikanan": "nelayan tidak bisa melaut, rumput laut mati",
        "peternakan": "sapi dan kambing kekurangan pakan",
        "air": "irigasi rusak, sawah kekurangan air",
        "iklim": "kemarau panjang dan banjir",
        "kelembagaan": "partisipasi perempuan dalam musyawarah rendah",
        "pariwisata": "pengunjung pantai wisata sedikit",
        "keterampilan": "pelatihan keterampilan menjahit",
    }
    for theme, text in texts.items():
        assert theme in suggest_themes(text), theme


def test_a_text_about_nothing_in_the_list_suggests_no_theme():
    assert suggest_themes("rapat ditunda minggu depan karena hujan") != ["pariwisata"]
    assert suggest_themes("") == []


def test_theme_labels_name_the_codes_in_the_readers_language_and_skip_unknown_ones():
    with translation.override("en"):
        english = theme_labels(["hama", "gone_theme", "air"])
    with translation.override("id"):
        indonesian = theme_labels(["hama", "air"])
    assert english == ["Crop pests & diseases", "Water & irrigation"]
    assert len(indonesian) == 2 and "Crop pests & diseases" not in indonesian
