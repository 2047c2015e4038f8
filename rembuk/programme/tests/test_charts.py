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


def test_the_tables_escape_is_the_standard_librarys():
    import html as stdlib_html

    from rembuk.programme import html

    for text in ["", "plain", "A & B <b> \"q\" 'a' &amp;", "<<>>&&''\"\"", "Kodi · Bangedo"]:
        assert html.escape(text) == stdlib_html.escape(text)
    assert html.escape(5) == "5"


def test_a_table_writes_each_kind_of_cell_as_before():
    import datetime

    from django.utils.text import format_lazy

    from rembuk.programme.html import table_html

    page = table_html(
        ["Desa", "n", "x", "day", "flag", "lazy"],
        [
            ["<Waru>", 3, 1.5, datetime.date(2024, 5, 1), True, format_lazy("{} & co", "Waru")],
            [format_lazy("{} & co", "Waru"), None, None, None, False, "a & b"],
        ],
        ["/d/1?a=1&b=2", None],
    )
    assert page == (
        '<table class="dash-table"><thead><tr><th scope="col">Desa</th>'
        '<th scope="col" class="num">n</th><th scope="col" class="num">x</th>'
        '<th scope="col" class="num">day</th><th scope="col">flag</th>'
        '<th scope="col">lazy</th></tr></thead><tbody>'
        '<tr><th scope="row"><a href="/d/1?a=1&amp;b=2">&lt;Waru&gt;</a></th>'
        '<td class="num">3</td><td class="num">1.5</td><td class="num">01-05-2024</td>'
        "<td>True</td><td>Waru &amp; co</td></tr>"
        '<tr><th scope="row">Waru &amp; co</th><td class="num">–</td><td class="num">–</td>'
        '<td class="num">–</td><td>False</td><td>a &amp; b</td></tr></tbody></table>'
    )
