"""{% page_url %} prints what {% url %} prints, one reverse() per URL name and page."""

import uuid
from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch
from django.utils import translation

from rembuk.core import slotted_urls
from rembuk.core.templatetags import page_urls, site_urls

MEETING = uuid.UUID("a18342d8-6ffc-415d-8145-8dd060d84574")
SHEETS = [uuid.uuid4() for _ in range(3)]

BOTH = (
    "{% for sheet in sheets %}[{% TAG 'meetings:sheet_move' meeting sheet %}]{% endfor %}"
    "[{% TAG 'meetings:meeting_detail' meeting %}]"
    "[{% TAG 'meetings:kecamatan_meetings' code %}][{% TAG 'meetings:kecamatan_meetings' other %}]"
    "[{% TAG 'meetings:share_link_revoke' meeting 7 %}]"
    "[{% TAG 'meetings:share_link_revoke' meeting 12 %}]"
    "[{% TAG 'evaluation:kecamatan_pdf' code 2025 2030 %}]"
    "[{% TAG 'meetings:meeting_detail' meeting_id=meeting %}]"
    "[{% TAG 'meetings:sheet_move' meeting_id=meeting sheet_id=sheets.0 %}]"
    "{% TAG 'reports:no_such_page' meeting as missing %}[{{ missing }}]"
    "{% TAG 'meetings:meeting_detail' meeting as here %}[{{ here }}]"
)
CONTEXT = {"meeting": MEETING, "sheets": SHEETS, "code": "53.18.11", "other": "a b&c"}


def render(tag: str, autoescape: bool = True) -> str:
    load = "{% load page_urls %}" if tag == "page_url" else ""
    return Template(load + BOTH.replace("TAG", tag)).render(Context(CONTEXT, autoescape=autoescape))


def test_the_same_text_as_the_url_tag():
    assert render("page_url") == render("url")
    assert render("page_url", autoescape=False) == render("url", autoescape=False)
    assert "a%20b&amp;c" in render("page_url")  # a text argument quoted and escaped as {% url %}
    assert str(SHEETS[2]) in render("page_url")


def reversed_names() -> list[str]:
    # The tag reverses through its SlottedURLs, and as it is when a pattern refuses them.
    reverse = mock.Mock(wraps=page_urls.reverse)
    with (
        mock.patch.object(page_urls, "reverse", reverse),
        mock.patch.object(slotted_urls, "reverse", reverse),
    ):
        render("page_url")
    return [call.args[0] for call in reverse.call_args_list]


def test_one_reverse_per_url_name_and_shape_of_its_arguments():
    site_urls._tables.clear()  # as in a process that has not yet rendered a page
    names = reversed_names()
    # sheet_move twice: positional and by keyword; the two kecamatan codes are distinct texts.
    assert sorted(names) == sorted(
        [
            "meetings:sheet_move",
            "meetings:sheet_move",
            "meetings:meeting_detail",
            "meetings:meeting_detail",
            "meetings:kecamatan_meetings",
            "meetings:kecamatan_meetings",
            "meetings:share_link_revoke",
            "evaluation:kecamatan_pdf",
            # a name that does not answer to the placeholders is tried once more with the values
            "reports:no_such_page",
            "reports:no_such_page",
        ]
    )


def test_urls_are_kept_for_the_next_pages_those_of_texts_while_they_are_few():
    site_urls._tables.clear()
    first = render("page_url")
    # The next page reverses only the unknown name (tried with placeholders, then as it is).
    assert sorted(reversed_names()) == ["reports:no_such_page", "reports:no_such_page"]
    # Past the bound, a URL with a text is kept for its page only: with room for one, the
    # first (the kecamatan's code) is kept, the next page reverses the other two again.
    site_urls._tables.clear()
    with mock.patch.object(page_urls, "VALUED_MOST", 1):
        assert render("page_url") == first
        assert sorted(reversed_names()) == [
            "evaluation:kecamatan_pdf",
            "meetings:kecamatan_meetings",
            "reports:no_such_page",
            "reports:no_such_page",
        ]
        assert render("page_url") == first
    assert render("page_url") == first == render("url")
    with translation.override("en"):  # another language, its own table (translated patterns)
        assert len(reversed_names()) == 10
    other = {**CONTEXT, "meeting": uuid.uuid4(), "sheets": [uuid.uuid4()]}
    template = Template("{% load page_urls %}" + BOTH.replace("TAG", "page_url"))
    assert template.render(Context(other)) == Template(BOTH.replace("TAG", "url")).render(
        Context(other)
    )


def test_an_unknown_name_fails_as_with_the_url_tag():
    template = Template("{% load page_urls %}{% page_url 'meetings:no_such_page' meeting %}")
    with pytest.raises(NoReverseMatch):
        template.render(Context(CONTEXT))
    wrong_type = Template("{% load page_urls %}{% page_url 'meetings:meeting_detail' 12 %}")
    with pytest.raises(NoReverseMatch):
        wrong_type.render(Context(CONTEXT))
