"""What an autosaving form posted: only what differs from what the page showed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from rembuk.core.posted import base_version, changed_fields, posted_date


def test_only_fields_that_differ_from_what_the_page_showed_are_changes():
    post = QueryDict(mutable=True)
    post.update(
        {"text": "baru\r\nbaris", "was_text": "baru\nbaris", "cause": "b", "was_cause": "a"}
    )
    assert changed_fields(post, ["text", "cause", "learning"]) == {"cause": "b"}


def test_checkbox_lists_compare_as_sets_with_what_the_page_showed():
    post = QueryDict("ids=2&ids=1&was_ids=1,2")
    assert changed_fields(post, ["ids"], multi=("ids",)) == {}
    post = QueryDict("ids=1&was_ids=1,2")
    assert changed_fields(post, ["ids"], multi=("ids",)) == {"ids": ["1"]}


def test_the_version_and_the_date_are_read_or_refused_clearly():
    assert base_version(QueryDict("base_version=7")) == 7
    assert base_version(QueryDict("base_version=x")) is None
    assert base_version(QueryDict("")) is None
    assert posted_date(" 2024-03-28 ") == datetime.date(2024, 3, 28)
    assert posted_date("") is None
    with pytest.raises(ValidationError):
        posted_date("kemarin")


@pytest.mark.parametrize(
    "typed", ["28-03-2024", "28-3-2024", "28/03/2024", "28.03.2024", "28032024", "2024-03-28"]
)
def test_a_date_is_read_day_first_however_it_is_separated(typed):
    assert posted_date(typed) == datetime.date(2024, 3, 28)


def test_a_month_first_date_is_refused_not_misread():
    with pytest.raises(ValidationError):
        posted_date("03/28/2024")
