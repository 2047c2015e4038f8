"""{% load page_i18n %}: the text of i18n's {% translate %}, each fixed message once per process,
node and language."""

from unittest import mock

from django.template import Context, Template
from django.utils import translation

from rembuk.core.templatetags import page_i18n

TEXTS = (
    "{% for n in rows %}[{% translate 'Save' %}]{% endfor %}"
    "[{% translate 'Delete' %}][{% trans 'Cancel' %}]"
    "[{% translate 'May' context 'month name' %}]"
    "[{% translate '50% done & <b>' %}]"
    "[{% translate name %}][{% translate 'Save'|upper %}][{% translate 'Save' noop %}]"
    "{% translate 'Delete' as label %}[{{ label }}]"
    "{% language 'en' %}[{% translate 'Save' %}]{% endlanguage %}[{% translate 'Save' %}]"
)


def render(fast: bool, autoescape: bool = True) -> str:
    load = "{% load i18n page_i18n %}" if fast else "{% load i18n %}"
    context = Context({"rows": range(3), "name": "Delete"}, autoescape=autoescape)
    with translation.override("id"):
        return Template(load + TEXTS).render(context)


def test_the_same_text_as_django_translate():
    assert render(fast=True) == render(fast=False)
    assert render(fast=True, autoescape=False) == render(fast=False, autoescape=False)
    html = render(fast=True)
    assert "[Simpan][Simpan][Simpan]" in html and "[Save]" in html  # id, then the en block
    assert "[50% done & <b>]" in html  # a literal is safe text, as with i18n


def test_each_fixed_message_is_translated_once_per_node_and_language():
    page = Template("{% load i18n page_i18n %}" + TEXTS)
    wrapped = mock.patch.object(
        page_i18n, "render_value_in_context", wraps=page_i18n.render_value_in_context
    )
    with wrapped as rendered:
        for language in ("id", "id", "en"):
            with translation.override(language):
                page.render(Context({"rows": range(3), "name": "Delete"}))
    # Eight fixed messages (the loop's Save, Delete, Cancel, May, 50%, Delete as label, the en
    # block's Save, the last Save): all eight in Indonesian, none again on the second page, then
    # seven in English (the en block's Save already has its English text).
    assert rendered.call_count == 8 + 0 + 7
    with translation.override("en"):
        assert "[Save][Save][Save][Delete][Cancel]" in page.render(Context({"rows": range(3)}))


def test_the_page_language_comes_back_after_a_language_block_that_came_first():
    page = Template(
        "{% load i18n page_i18n %}{% language 'en' %}[{% translate 'Save' %}]{% endlanguage %}"
        "[{% translate 'Save' %}]{% language 'en' %}[{% translate 'Delete' %}]{% endlanguage %}"
    )
    with translation.override("id"):
        assert page.render(Context()) == "[Save][Simpan][Delete]"
