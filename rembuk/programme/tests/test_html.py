"""The dashboard tables written in Python escape every text as Django's templates would."""

from __future__ import annotations

import datetime

import pytest
from django.utils.html import escape as django_escape

from rembuk.programme.html import date_text, escape, escape_text, table_html

HOSTILE = [
    "Desa Kalena Wanno",
    "<script>alert(1)</script>",
    'Kepala "Desa" & Co',
    "Ama' Loda",
    "a > b < c",
    "",
    "Ürün & ñ — ŝ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_is_djangos_escape(text: str) -> None:
    assert escape_text(text) == django_escape(text)
    assert escape(text) == django_escape(text)


def test_table_escapes_headers_cells_and_links() -> None:
    html = table_html(
        ["<b>Desa</b>", "Jumlah"],
        [["<script>x</script>", 3], ["A & B", None], ["Tanggal", datetime.date(2024, 5, 1)]],
        ['/x?a=1&b="2"', None, None],
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a href="/x?a=1&amp;b=&quot;2&quot;">' in html
    assert '<th scope="row">A &amp; B</th>' in html
    assert '<td class="num">01-05-2024</td>' in html


@pytest.mark.parametrize(
    "day", [datetime.date(2024, 5, 1), datetime.date(2026, 12, 31), datetime.date(1999, 1, 9)]
)
def test_date_text_is_strftime(day: datetime.date) -> None:
    assert date_text(day) == day.strftime("%d-%m-%Y")
