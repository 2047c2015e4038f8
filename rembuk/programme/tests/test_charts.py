import re

from rembuk.programme import charts


def test_a_bar_chart_escapes_its_labels_and_says_its_numbers():
    svg = charts.bar_chart(title="Desa <b>", labels=["A & B", "<script>"], values=[3, 0])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B: 3" in svg  # the bar's own <title>
    assert re.search(r"<title id=\"chart-\d+-title\">Desa &lt;b&gt;</title>", svg)
    assert 'role="img"' in svg


def test_charts_carry_no_style_attribute_the_csp_would_refuse():
    bar = charts.bar_chart(title="t", labels=["x"], values=[1])
    stacked = charts.stacked_bar_chart(
        title="t",
        labels=["Kodi", "Wewewa"],
        series=[charts.Series("Selesai", "#009e73"), charts.Series("Terhambat", "#d55e00")],
        values=[[2, 1], [0, 0]],
    )
    for svg in (bar, stacked):
        assert "style=" not in svg
        assert "<script" not in svg


def test_a_stacked_bar_draws_one_segment_per_nonzero_part_and_the_total():
    svg = charts.stacked_bar_chart(
        title="Kegiatan",
        labels=["Kodi Balaghar"],
        series=[charts.Series("Selesai", "#009e73"), charts.Series("Terhambat", "#d55e00")],
        values=[[4, 2]],
    )
    assert "Kodi Balaghar · Selesai: 4" in svg
    assert "Kodi Balaghar · Terhambat: 2" in svg
    assert ">6</text>" in svg
    assert svg.count('fill="#009e73"') == 2  # the segment and its legend key


def test_long_labels_are_shortened_on_the_chart_but_whole_in_the_title():
    label = "Menetapkan Rencana Desa dan usulan Desa ke Pemerintah Kabupaten"
    svg = charts.bar_chart(title="t", labels=[label], values=[5])
    assert f"{label}: 5" in svg
    assert "…</text>" in svg


def test_an_empty_chart_still_draws():
    assert "</svg>" in charts.bar_chart(title="t", labels=[], values=[])
