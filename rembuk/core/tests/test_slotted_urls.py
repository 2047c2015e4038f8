"""A SlottedURL writes what reverse() writes for each row's values, after one reverse()."""

import uuid
from html import escape
from typing import Any
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, path, register_converter, reverse

from rembuk.core import slotted_urls
from rembuk.core.slotted_urls import (
    SlotRefusedError,
    SlottedURL,
    int_slot,
    text_slot,
    uuid_slot,
)

IDS = [uuid.uuid4() for _ in range(5)]
# What a region code or a person's text may hold that a path must quote (a / is no <str:…>).
TEXTS = [
    "53.18.11.2006",
    "a b&c",
    "100%",
    "ü?#=",
    "'quoted'",
    "<b>",
    slotted_urls.PATH_SAFE.replace("/", ""),
]


class UpperConverter:
    """A converter that writes its value otherwise than it was given (a placeholder too)."""

    regex = "[A-Z0-9-]+"

    def to_python(self, value: str) -> str:
        return value.lower()

    def to_url(self, value: str) -> str:
        return value.upper()


register_converter(UpperConverter, "slotted_upper")


def _view(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("never called")


urlpatterns = [path("upper/<slotted_upper:word>/", _view, name="upper")]


def test_a_uuid_slot_filled_with_each_row_is_what_reverse_writes():
    url = SlottedURL("learning:lesson_detail", [uuid_slot()])
    for lesson in IDS:
        assert url.fill(lesson) == reverse("learning:lesson_detail", args=[lesson])
    assert url.text == reverse("learning:lesson_detail", args=[uuid.UUID(int=1)])


def test_one_reverse_for_every_row():
    with mock.patch.object(slotted_urls, "reverse", wraps=reverse) as counted:
        url = SlottedURL("learning:lesson_detail", [uuid_slot()])
        for lesson in IDS * 20:
            url.fill(lesson)
    assert counted.call_count == 1


def test_a_code_slot_is_quoted_as_reverse_quotes_it():
    url = SlottedURL("programme:region_dashboard", [text_slot()])
    for text in TEXTS:
        assert url.fill(text) == reverse("programme:region_dashboard", args=[text])
        assert url.fill(text) == reverse("programme:region_dashboard", args=[text])  # kept
    assert url.fill("a b&c") == "/program/dasbor/a%20b&c/"  # quoted for a URL, not for HTML


def test_two_slots_and_fixed_arguments_in_any_order():
    meeting, sheet, item = IDS[:3]
    delete = SlottedURL("meetings:item_delete", [meeting, uuid_slot(1), "kendala", uuid_slot(2)])
    assert delete.fill(sheet, item) == reverse(
        "meetings:item_delete", args=[meeting, sheet, "kendala", item]
    )
    # By keyword, the slots given in another order than the URL prints them: filled in theirs.
    move = SlottedURL(
        "meetings:sheet_move", kwargs={"sheet_id": uuid_slot(1), "meeting_id": uuid_slot(2)}
    )
    assert move.fill(sheet, meeting) == reverse("meetings:sheet_move", args=[meeting, sheet])
    stage = SlottedURL("programme:stage_edit", [text_slot(), int_slot()])
    assert stage.fill("53.18.11.2006", 3) == reverse(
        "programme:stage_edit", args=["53.18.11.2006", 3]
    )
    xlsx = SlottedURL("programme:region_dashboard_xlsx", [text_slot(1), text_slot(2)])
    assert xlsx.fill("53.18", "kegiatan") == reverse(
        "programme:region_dashboard_xlsx", args=["53.18", "kegiatan"]
    )


def test_a_value_holding_a_placeholder_changes_nothing():
    xlsx = SlottedURL("programme:region_dashboard_xlsx", [text_slot(1), text_slot(2)])
    placeholder = text_slot(2).text
    assert xlsx.fill(placeholder, "kegiatan") == reverse(
        "programme:region_dashboard_xlsx", args=[placeholder, "kegiatan"]
    )


def test_a_converter_that_refuses_the_placeholder_is_a_clear_error():
    with pytest.raises(SlotRefusedError, match=r"'learning:lesson_detail' does not reverse"):
        SlottedURL("learning:lesson_detail", [text_slot()])
    with pytest.raises(SlotRefusedError, match="int_slot for <int:"):
        SlottedURL("programme:stage_edit", ["53.18.11.2006", uuid_slot()])


@override_settings(ROOT_URLCONF=__name__)
def test_a_converter_that_rewrites_the_placeholder_is_a_clear_error():
    with pytest.raises(SlotRefusedError, match=r"stands nowhere.*converter rewrote it"):
        SlottedURL("upper", [text_slot()])


def test_fixed_text_holding_the_placeholder_is_a_clear_error():
    code = text_slot(1)
    with pytest.raises(SlotRefusedError, match="more than once"):
        SlottedURL("programme:region_dashboard_xlsx", [code.text, code])
    with pytest.raises(SlotRefusedError):  # the same slot twice
        SlottedURL("programme:region_dashboard_xlsx", [code, code])


def test_an_unknown_name_without_slots_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        SlottedURL("learning:no_such_page")
    assert SlottedURL("learning:lesson_search").fill() == reverse("learning:lesson_search")


def test_escaped_for_html_once():
    meeting, sheet, item = IDS[:3]
    url = SlottedURL("meetings:item_delete", [meeting, sheet, "a&b", uuid_slot()])
    assert url.escaped().fill(item) == escape(
        reverse("meetings:item_delete", args=[meeting, sheet, "a&b", item])
    )
    assert "&amp;" in url.escaped().text
    with pytest.raises(ValueError, match="text slot"):
        SlottedURL("programme:region_dashboard", [text_slot()]).escaped()
