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
    assert svg.count(">6</text>") == 2  # the total, wide and narrow
    assert svg.count('fill="#009e73"') == 4  # the segment and its legend key, wide and narrow


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


# The dashboard template's loops as they were, before the sections were written in Python.
SECTIONS_TEMPLATE = """{% load i18n %}{% for year in years %}
    {% if year == shown %}<strong aria-current="page">{{ year }}</strong>{% else %}\
<a href="?tahun={{ year }}">{{ year }}</a>{% endif %}
  {% endfor %}|{% for section in sections %}<a href="#{{ section.key }}">\
{{ section.title }}</a>{% endfor %}|{% for section in sections %}
<section class="dash-section" id="{{ section.key }}" aria-labelledby="{{ section.key }}-title">
  <h2 id="{{ section.key }}-title">{{ section.title }}</h2>
  {% if section.note %}<p class="help">{{ section.note }}</p>{% endif %}
  {% if section.shown %}
    {% if section.chart %}<figure class="dash-chart">{{ section.chart }}</figure>{% endif %}
    <div class="table-wrap dash-scroll">{{ section.html }}</div>
    {% if section.partial %}<p class="help">{% blocktranslate with shown=section.shown \
total=section.total %}Showing {{ shown }} of {{ total }}. The XLSX file has all of them.\
{% endblocktranslate %}</p>{% endif %}
  {% else %}
    <p class="muted">{% translate "Nothing recorded for this yet." %}</p>
  {% endif %}
  <p class="no-print"><a class="button secondary small" href="{{ section.xlsx_url }}?tahun=\
{{ year }}">{% translate "Download XLSX" %}</a></p>
</section>
{% endfor %}"""


def test_the_sections_and_years_are_written_as_the_template_wrote_them():
    from django.template import engines
    from django.utils import translation
    from django.utils.safestring import mark_safe

    from rembuk.programme.html import Section, sections_html, toc_html, years_html

    def section(key: str, **values: object) -> Section:
        fields: dict[str, object] = {
            "title": f"Judul {key}",
            "note": "",
            "shown": 3,
            "total": None,
            "chart": None,
            "html": mark_safe("<table><tr><td>1</td></tr></table>"),
            "xlsx_url": f"/program/dasbor/xlsx/{key}/",
        }
        fields.update(values)
        return Section(key=key, **fields)  # type: ignore[arg-type]

    sections = [
        section("tahapan", note="Catatan <b> & 'kutip'", chart=mark_safe("<svg></svg>")),
        section("tahapan-desa", title='Desa "A" & <B>', shown=50, total=3442),
        section("kegiatan", shown=0, note="Kosong"),
        section("tema", shown=4, total=4, xlsx_url="/x?a=1&b=2"),
    ]
    template = engines["django"].from_string(SECTIONS_TEMPLATE)
    for language in ("id", "en"):
        with translation.override(language):
            expected = template.render(
                {"sections": sections, "year": 2024, "years": [2023, 2024, 2026], "shown": 2024}
            )
            written = (
                f"{years_html([2023, 2024, 2026], 2024)}|{toc_html(sections)}|"
                f"{sections_html(sections, 2024)}"
            )
            assert written == expected
            assert "&lt;B&gt;" in expected and "3442" in expected


def test_each_chart_is_drawn_wide_and_narrow_with_the_labels_above_the_bars_on_a_phone():
    svg = charts.bar_chart(title="t", labels=["Kodi Balaghar", "Wewewa"], values=[3, 1])
    wide, narrow = svg.split("</svg>")[:2]
    assert wide.startswith('<svg class="chart chart-wide"') and 'viewBox="0 0 800 ' in wide
    assert narrow.startswith('<svg class="chart chart-narrow"') and 'viewBox="0 0 340 ' in narrow
    # Narrow: each label starts at the left edge, its bar on the row below it.
    assert '<text x="0" y="21.0" fill="#1d2327">Kodi Balaghar</text>' in narrow
    assert '<rect x="0" y="28" width="290.0"' in narrow
    assert re.search(r'text-anchor="end" fill="#1d2327">Kodi Balaghar<', wide)
    for number in (1, 2):  # the ids stay unique across both drawings
        assert svg.count(f'id="chart-{number}-title"') <= 1


def test_the_narrow_legend_wraps_at_its_own_width():
    series = [
        charts.Series(name, colour)
        for name, colour in zip(
            ["Belum mulai", "Berjalan", "Terlambat", "Terhambat", "Selesai"],
            charts.PALETTE,
            strict=False,
        )
    ]
    svg = charts.stacked_bar_chart(
        title="t", labels=["Kodi"], series=series, values=[[1, 1, 1, 1, 1]]
    )
    wide, narrow = svg.split("</svg>")[:2]

    def legend_rows(part: str) -> int:
        return len(set(re.findall(r'<text x="30.0" y="(\d+)"', part)))

    assert legend_rows(wide) == 1
    assert legend_rows(narrow) >= 2
    for x in re.findall(r'<rect x="([\d.]+)" y="\d+" width="14"', narrow):
        assert float(x) + 14 <= 340
