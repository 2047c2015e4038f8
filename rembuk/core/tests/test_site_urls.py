"""{% site_url %} prints what {% url %} prints, reversed once per process and script prefix."""

from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, set_script_prefix

from rembuk.core.templatetags import site_urls

NAMES = ("core:home", "people:logout", "learning:lesson_search", "plans:plan_list")


def render(tag: str) -> str:
    source = "{% load site_urls %}" + "".join(f"[{{% {tag} '{name}' %}}]" for name in NAMES)
    return Template(source).render(Context())


def test_the_same_text_as_the_url_tag_under_each_script_prefix():
    try:
        assert render("site_url") == render("url")
        set_script_prefix("/rembuk/")
        assert "/rembuk/" in render("site_url")
        assert render("site_url") == render("url")
    finally:
        set_script_prefix("/")
    assert render("site_url") == render("url")


def test_one_reverse_per_name():
    site_urls._tables.clear()
    with mock.patch.object(site_urls, "reverse", wraps=site_urls.reverse) as reverse:
        render("site_url")
        render("site_url")
    assert sorted(call.args[0] for call in reverse.call_args_list) == sorted(NAMES)


def test_an_unknown_name_fails_as_with_url():
    with pytest.raises(NoReverseMatch):
        Template("{% load site_urls %}{% site_url 'core:no_such_page' %}").render(Context())
