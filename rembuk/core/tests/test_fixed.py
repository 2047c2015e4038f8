"""{% fixed %} prints what its content prints, once per language and URL prefix, and never
anything of the request or the person."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import set_script_prefix
from django.utils import translation

from rembuk.core.templatetags import fixed

CONTENT = (
    "<a href=\"{% site_url 'people:account' %}\" title=\"{% translate 'My account' %}\">"
    "{% translate 'Log out' %}</a>{% get_current_language as LANGUAGE_CODE %}{{ LANGUAGE_CODE }}"
)
LOAD = "{% load i18n site_urls fixed %}"
FIXED = Template(LOAD + "{% fixed %}" + CONTENT + "{% endfixed %}")
PLAIN = Template(LOAD + CONTENT)


def test_the_same_text_as_its_content_in_each_language_and_under_each_script_prefix():
    for language in ("id", "en", "id"):
        with translation.override(language):
            assert FIXED.render(Context()) == PLAIN.render(Context())
    assert "Keluar" in FIXED.render(Context())
    try:
        set_script_prefix("/rembuk/")
        assert "/rembuk/akun/" in FIXED.render(Context())
        assert FIXED.render(Context()) == PLAIN.render(Context())
    finally:
        set_script_prefix("/")
    assert "/rembuk/" not in FIXED.render(Context())


def test_nothing_of_the_request_or_the_person_is_kept():
    # Rendered with an empty context: the first person's name or token cannot reach the next.
    page = Template(LOAD + "{% fixed %}[{{ user }}{% csrf_token %}{{ secret }}]{% endfixed %}")
    first = Context({"user": "Maria Bria", "csrf_token": "t0k3n", "secret": "<b>"})
    assert page.render(first) == "[]"
    assert page.render(Context({"user": "Yakobus"})) == "[]"


def test_a_block_inside_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template(LOAD + "{% fixed %}{% block title %}{% endblock %}{% endfixed %}")


def test_a_child_template_still_fills_the_blocks_between_fixed_ones():
    from django.template import engines

    engine = engines["django"].engine
    parent = (
        LOAD
        + "{% fixed %}<p>{% translate 'Log out' %}</p>{% endfixed %}{% block main %}{% endblock %}"
    )
    child = engine.from_string("{% extends parent %}{% block main %}child{% endblock %}")
    with translation.override("en"):
        assert (
            child.render(Context({"parent": engine.from_string(parent)})) == "<p>Log out</p>child"
        )


def test_a_block_with_values_sees_those_and_keeps_a_text_per_combination(monkeypatch):
    page = Template(
        LOAD + "{% fixed items %}{% for i in items %}<{{ i }}>{% endfor %}{{ user }}{% endfixed %}"
    )
    assert page.render(Context({"items": ("a", "b&"), "user": "Maria"})) == "<a><b&amp;>"
    assert page.render(Context({"items": ("c",), "user": "Maria"})) == "<c>"
    assert page.render(Context({"items": ("a", "b&")})) == "<a><b&amp;>"
    node = page.nodelist[-1]
    assert len(node.texts) == 2
    # Past the limit a new combination is still rendered right, just not kept.
    monkeypatch.setattr(fixed, "MOST_TEXTS", 2)
    assert page.render(Context({"items": ("d",)})) == "<d>"
    assert len(node.texts) == 2
    assert page.render(Context({"items": ["e"]})) == "<e>"  # a list cannot be a key: not kept
    assert len(node.texts) == 2
    with pytest.raises(TemplateSyntaxError):
        Template(LOAD + "{% fixed items.0 %}{% endfixed %}")


def test_noblocks_prints_its_content_with_the_page_and_hides_it_from_the_walk_for_blocks():
    from django.template import engines
    from django.template.loader_tags import BlockNode

    engine = engines["django"].engine
    content = "{% if user %}<b>{{ user }}</b>{% endif %}{% csrf_token %}"
    parent = engine.from_string(
        LOAD + "{% noblocks %}" + content + "{% endnoblocks %}{% block main %}{% endblock %}"
    )
    context = {"user": "Maria <Bria>", "csrf_token": "t0k3n"}
    assert parent.render(Context(context)) == Template(content).render(Context(context))
    assert "Maria &lt;Bria&gt;" in parent.render(Context(context))  # the page's context, escaped
    assert [node.name for node in parent.nodelist.get_nodes_by_type(BlockNode)] == ["main"]
    child = engine.from_string("{% extends parent %}{% block main %}child{% endblock %}")
    assert child.render(Context({"parent": parent, "user": "Yakobus"})) == "<b>Yakobus</b>child"


def test_a_block_inside_noblocks_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template(LOAD + "{% noblocks %}{% block title %}{% endblock %}{% endnoblocks %}")
