"""How each notification reads, in the language of whoever reads it.

A notification stores which sentence it is (`sentence`) and the facts the sentence names
(`params`: names, a text, a status code, an ISO date), never the sentence itself, so a person
who switches to English reads their notifications in English, including the older ones. Codes
and dates are put in words by rembuk.core.history_text, the one rule for how recorded values
read, so a status reads the same here as in the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rembuk.core import history_text

NEW_REQUEST = "new_request"
REQUEST_STATUS = "request_status"
KECAMATAN_MEETING = "kecamatan_meeting"
REPORT_SENT = "report_sent"
KABUPATEN_MEETING = "kabupaten_meeting"


def _date(value: str | None) -> str:
    if not value:
        return ""
    return date_format(datetime.date.fromisoformat(value[:10]), "j F Y")


def _new_request(params: dict[str, Any]) -> str:
    return _("New support request for %(agency)s from Desa %(desa)s: %(text)s") % params


def _request_status(params: dict[str, Any]) -> str:
    status = history_text.value_text("support.supportrequest", "status", params.get("status"))
    return _("Support request of Desa %(desa)s is now “%(status)s”: %(text)s") % {
        **params,
        "status": status,
    }


def _kecamatan_meeting(params: dict[str, Any]) -> str:
    return _("Coordination meeting of Kecamatan %(kecamatan)s scheduled for %(date)s.") % {
        **params,
        "date": _date(params.get("date")),
    }


def _report_sent(params: dict[str, Any]) -> str:
    return _("Kecamatan %(kecamatan)s sent its summary report (Matriks 4).") % params


def _kabupaten_meeting(params: dict[str, Any]) -> str:
    sentence = (
        _("Kabupaten team meeting scheduled for %(date)s at %(place)s.")
        if params.get("place")
        else _("Kabupaten team meeting scheduled for %(date)s.")
    )
    return sentence % {**params, "date": _date(params.get("date"))}


SENTENCES: dict[str, Callable[[dict[str, Any]], str]] = {
    NEW_REQUEST: _new_request,
    REQUEST_STATUS: _request_status,
    KECAMATAN_MEETING: _kecamatan_meeting,
    REPORT_SENT: _report_sent,
    KABUPATEN_MEETING: _kabupaten_meeting,
}


def render(sentence: str, params: dict[str, Any]) -> str:
    """The sentence in the active language ("" for a sentence this version does not know)."""
    write = SENTENCES.get(sentence)
    if write is None:
        return ""
    try:
        return write(params)
    except (KeyError, ValueError):
        return ""  # facts missing or malformed: the stored message is shown instead
