from django.template import Context, Template

from rembuk.core.forms import ChoicesText
from rembuk.core.templatetags import choices


def render(choices, selected):
    template = Template("{% load choices %}{% options choices selected %}")
    return template.render(Context({"choices": choices, "selected": selected}))


def test_each_choice_is_an_option_and_the_chosen_one_is_selected():
    html = render([("53.18", "Sumba Barat Daya"), ("81.05", "Seram Bagian Timur")], "81.05")
    assert html == (
        '<option value="53.18">Sumba Barat Daya</option>'
        '<option value="81.05" selected>Seram Bagian Timur</option>'
    )
    assert " selected" not in render([("1", "Satu")], None)
    assert 'value="2" selected' in render([(2, "Dua")], "2")  # compared as text


def test_values_and_labels_are_escaped():
    html = render([('"><script>x</script>', "<b>Desa & Kota</b>")], None)
    assert "<script>" not in html and "<b>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert "&lt;b&gt;Desa &amp; Kota&lt;/b&gt;" in html


def test_each_choice_is_a_labelled_checkbox_checked_as_given_and_escaped():
    template = Template('{% load choices %}{% checkboxes "blocked" choices %}')
    choices = [(1, "Pelatihan", True), ('"><x>', "<b>Pupuk & bibit</b>", False)]
    assert template.render(Context({"choices": choices})) == (
        '<label><input type="checkbox" name="blocked" value="1" checked> Pelatihan</label>\n'
        '<label><input type="checkbox" name="blocked" value="&quot;&gt;&lt;x&gt;">'
        " &lt;b&gt;Pupuk &amp; bibit&lt;/b&gt;</label>"
    )


def test_a_list_made_once_per_process_is_written_as_any_other_and_kept_per_selected_value():
    pairs = [("", "Semua"), ("a&b", "<i>A</i>"), ("c", "C")]
    kept = ChoicesText(pairs)
    for selected in (None, "", "a&b", "c", "not a choice"):
        assert render(kept, selected) == render(pairs, selected)
        assert render(kept, selected) == render(kept, selected)
    assert set(kept.options_markup) == {None, "", "a&b", "c", "not a choice"}


def test_values_chosen_by_requests_cannot_grow_the_kept_markup_without_bound():
    kept = ChoicesText([("a", "A")])
    for n in range(choices.MOST_KEPT + 10):
        assert render(kept, f"x{n}") == '<option value="a">A</option>'
    assert len(kept.options_markup) == choices.MOST_KEPT


def test_a_short_label_carries_its_full_text_as_the_options_title():
    # An agency's short name is what a closed <select> on a phone shows whole.
    html = render([("1", "Distan", "Dinas Pertanian"), ("2", "D<&>", 'Dinas "P" & <b>')], "2")
    assert html == (
        '<option value="1" title="Dinas Pertanian">Distan</option>'
        '<option value="2" title="Dinas &quot;P&quot; &amp; &lt;b&gt;" selected>'
        "D&lt;&amp;&gt;</option>"
    )
