"""{% site_url %} prints what {% url %} prints, reversed once per process and script prefix."""

import uuid
from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from rembuk.core.slotted_urls import uuid_slot
from rembuk.core.templatetags import site_urls

MEETING, SHEET, ROW = uuid_slot(1), uuid_slot(2), uuid_slot(3)
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


def test_a_slotted_url_is_reversed_once_and_fills_as_reverse_writes():
    site_urls._tables.clear()
    meeting, sheet, row = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first = site_urls.fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET)
    assert site_urls.fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET) is first
    assert first.fill(meeting, sheet) == reverse("meetings:sheet_move", args=[meeting, sheet])
    # A fixed argument is part of what is kept: another kind is another URL.
    for kind in ("kendala", "tindak-lanjut"):
        url = site_urls.fixed_urls().slotted("meetings:blank_item", MEETING, SHEET, kind, ROW)
        assert url.fill(meeting, sheet, row) == reverse(
            "meetings:blank_item", args=[meeting, sheet, kind, row]
        )
    escaped = site_urls.fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET, escaped=True)
    assert escaped is not first
    again = site_urls.fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET, escaped=True)
    assert again is escaped
    try:  # another script prefix, another table
        set_script_prefix("/rembuk/")
        prefixed = site_urls.fixed_urls().slotted("meetings:sheet_move", MEETING, SHEET)
        assert prefixed.fill(meeting, sheet) == reverse(
            "meetings:sheet_move", args=[meeting, sheet]
        )
        assert prefixed.fill(meeting, sheet).startswith("/rembuk/")
    finally:
        set_script_prefix("/")
