from django.template import Context, Template


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
