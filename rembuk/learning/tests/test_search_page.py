"""The search page's results, built in Python once per page, show what the template's filters
showed: the text highlighted, then shortened as truncatechars_html shortens it."""

from __future__ import annotations

import random
import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from rembuk.core.testing import user_with_role
from rembuk.learning.forms import SearchForm
from rembuk.learning.models import Theme
from rembuk.learning.views import TEXT_CHARS, TITLE_CHARS, _shortened, highlight
from rembuk.people.models import Role

from .conftest import WAINYAPU, make_lesson

PIECES = ["penyuluh", "datang", " ", " ", "&", "<b>", "'", '"', "é", "e\u0301", "\n", "jarang"]


def filtered(html: str, length: int) -> str:
    """What the template's filter gave for the same highlighted text."""
    template = Template("{{ text|truncatechars_html:length }}")
    return template.render(Context({"text": html, "length": length}))


@pytest.mark.parametrize("length", [TITLE_CHARS, TEXT_CHARS])
def test_shortening_equals_the_template_filter_short_long_and_at_the_edge(length):
    rng = random.Random(length)
    texts = ["", "x" * length, "x" * (length - 1) + "&", "x" * (length + 1), "e\u0301" * 10]
    for _ in range(300):  # around the length, where the two paths meet
        size = rng.randint(length - 40, length + 40)
        text = ""
        while len(text) < size:
            text += rng.choice(PIECES)
        texts.append(text)
    for text in texts:
        html = highlight(text, ["penyuluh", "jarang"])
        assert _shortened(html, length) == filtered(html, length), text


@pytest.mark.django_db
def test_a_long_lesson_is_shortened_with_its_highlight_and_links_to_itself():
    reader = user_with_role(Role.KECAMATAN, "53.18.11")
    lesson = make_lesson(WAINYAPU, "Penyuluh pertanian jarang datang " + "ke dusun jauh " * 20)
    client = Client()
    client.force_login(reader)
    html = client.get(reverse("learning:lesson_search"), {"q": "penyuluh"}).content.decode()
    detail = reverse("learning:lesson_detail", args=[lesson.pk])
    shown = filtered(highlight(lesson.what_happened, ["Penyuluh"]), TITLE_CHARS)
    assert f'<a href="{detail}">{shown}</a>' in html
    assert shown.endswith("…")


def between_tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "penyuluh", "theme": Theme.BUMDES, "year": "2023", "outcome": "berhasil"},
        {"q": "penyuluh", "theme": "zzz", "year": "abc", "outcome": "nope"},
        {"q": "penyuluh", "year": "1999"},
    ],
)
def test_the_filters_are_the_form_widgets_markup(params):
    """The filters are written by the template in one pass; they are the widgets Django would
    render for the same input (whitespace between tags aside), errors marked the same way."""
    client = Client()
    client.force_login(user_with_role(Role.KECAMATAN, "53.18.11"))
    html = client.get(reverse("learning:lesson_search"), params).content.decode()
    form = SearchForm(params or None)
    form.is_valid()
    for name in ("theme", "year", "outcome"):
        assert between_tags(str(form[name])) in between_tags(html), name
