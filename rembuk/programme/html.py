"""A dashboard's tables and sections as HTML, built in Python rather than by template loops.

Profiling the dashboards showed the template engine taking most of a page's time once the
figures were kept: seven tables of up to fifty rows are a few thousand cells, each several
template nodes. The markup is the one the template wrote: the first cell of a row is its row
header (a link when the row opens a page), numbers and dates align right, a missing number is a
dash. The page's seven sections (title, note, chart, table, XLSX link), their table of
contents and the links to other years are written the same way, each in one loop, with the
markup the dashboard template had (docs/decisions/0025). Every text goes through escape();
nothing here is marked safe that was not escaped.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from rembuk.core.dates import shown as date_text
from rembuk.core.translated import kept_gettext as _

MISSING = "–"


def escape(text: Any) -> str:
    """html.escape(str(text)), quotes included: what django.utils.html.escape returns, without
    its lazy-text wrapper."""
    return escape_text(str(text))


def escape_text(text: str) -> str:
    """html.escape(text), most texts (names, labels, figures) having nothing to replace: the
    `in` tests cost no call, where html.escape's five replaces are five. (Not str.translate with
    an entity table: its per-character lookups cost 3–6 µs a cell, ten to twenty times more.)"""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html_escape(text)
    return text


def _cell(value: Any) -> tuple[str, bool]:
    """(escaped text, is a number) of one value."""
    if value is None:
        return MISSING, True
    if isinstance(value, datetime.date):
        return date_text(value), True
    if isinstance(value, bool):
        return escape(str(value)), False
    if isinstance(value, int | float):
        return str(value), True
    return escape(str(value)), False


def _td(value: Any) -> str:
    """One data cell; the common kinds first, by exact type (a bool is not a number here)."""
    kind = type(value)
    if kind is int:
        return f'<td class="num">{value}</td>'
    if kind is str:
        return f"<td>{escape_text(value)}</td>"
    if value is None:
        return f'<td class="num">{MISSING}</td>'
    if kind is datetime.date:
        return f'<td class="num">{date_text(value)}</td>'
    text, number = _cell(value)
    return f'<td class="num">{text}</td>' if number else f"<td>{text}</td>"


def table_html(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], links: Sequence[str | None]
) -> SafeString:
    numeric = [number for _text, number in map(_cell, rows[0])] if rows else []
    body = []
    for index, row in enumerate(rows):
        head_value = row[0]
        first = escape_text(head_value) if type(head_value) is str else _cell(head_value)[0]
        link = links[index] if index < len(links) else None
        if link:
            first = f'<a href="{escape_text(link)}">{first}</a>'
        body.append(f'<tr><th scope="row">{first}</th>{"".join(map(_td, row[1:]))}</tr>')
    head = "".join(
        f'<th scope="col" class="num">{escape(str(header))}</th>'
        if 0 < index < len(numeric) and numeric[index]
        else f'<th scope="col">{escape(str(header))}</th>'
        for index, header in enumerate(headers)
    )
    return mark_safe(
        f'<table class="dash-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


@dataclass(frozen=True)
class Section:
    """One section of a dashboard page, its values ready to print."""

    key: str
    title: str
    note: str
    shown: int  # rows on the page
    total: int | None  # rows in the whole table, when the page shows only its first ones
    chart: SafeString | None
    html: SafeString
    xlsx_url: str

    @property
    def partial(self) -> bool:
        return self.total is not None and self.shown < self.total

    def size(self) -> int:
        """Characters of its drawn markup (what keeping it costs, rembuk.core.drawn)."""
        return len(self.html) + len(self.chart or "")


def toc_html(sections: Sequence[Section]) -> SafeString:
    """The links to the page's sections, one after another."""
    return mark_safe(
        "".join(
            f'<a href="#{escape(section.key)}">{escape(section.title)}</a>' for section in sections
        )
    )


def years_html(years: Sequence[int], shown: int) -> SafeString:
    """The links to the other years, the year shown marked as the current page."""
    parts = []
    for year in years:
        text = escape(localize(year))
        if year == shown:
            parts.append(f'\n    <strong aria-current="page">{text}</strong>\n  ')
        else:
            parts.append(f'\n    <a href="?tahun={text}">{text}</a>\n  ')
    return mark_safe("".join(parts))


def sections_html(sections: Sequence[Section], year: int) -> SafeString:
    """The page's sections, each with its XLSX link for `year`; the fixed texts are translated
    once per page."""
    nothing = escape(_("Nothing recorded for this yet."))
    download = escape(_("Download XLSX"))
    showing = _("Showing %(shown)s of %(total)s. The XLSX file has all of them.")
    year_text = escape(localize(year))
    parts = []
    for section in sections:
        key = escape(section.key)
        note = f'<p class="help">{escape(section.note)}</p>' if section.note else ""
        if section.shown:
            chart = f'<figure class="dash-chart">{section.chart}</figure>' if section.chart else ""
            partial = ""
            if section.partial:
                counts = {
                    "shown": escape(localize(section.shown)),
                    "total": escape(localize(section.total)),
                }
                partial = f'<p class="help">{showing % counts}</p>'
            body = (
                f"\n    {chart}\n"
                f'    <div class="table-wrap dash-scroll">{section.html}</div>\n'
                f"    {partial}\n  "
            )
        else:
            body = f'\n    <p class="muted">{nothing}</p>\n  '
        parts.append(
            f'\n<section class="dash-section" id="{key}" aria-labelledby="{key}-title">\n'
            f'  <h2 id="{key}-title">{escape(section.title)}</h2>\n'
            f"  {note}\n"
            f"  {body}\n"
            f'  <p class="no-print"><a class="button secondary small" '
            f'href="{escape(section.xlsx_url)}?tahun={year_text}">{download}</a></p>\n'
            f"</section>\n"
        )
    return mark_safe("".join(parts))
