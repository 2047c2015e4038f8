"""Server-rendered SVG charts: a horizontal bar chart and a horizontal stacked bar chart.

Why SVG built on the server (docs/decisions): the chart is in the HTML, so it shows without
JavaScript, prints, and goes into a PDF as it is. Colours are presentation attributes (fill=…),
never style= attributes, which the Content-Security-Policy refuses. Every label is escaped;
every chart has a <title> and <desc> for screen readers, and each bar a <title> with its number.
Horizontal bars, because the labels (stage names, kecamatan, agencies) are long words.

Each chart is drawn twice, in one SafeString: wide (the label beside its bar, 800 wide) and
narrow (the label above its bar, 340 wide, the legend wrapping at that width); the stylesheet
shows the narrow one below 640 px. An SVG cannot reflow its text, and the wide one shrunk to a
phone's width writes 5-pixel letters (or, kept readable, scrolled and cut its legend).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from rembuk.programme.html import escape

WIDTH = 800
LABEL_WIDTH = 300
VALUE_GAP = 6
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOP = 8
LEGEND_ROW = 22
MAX_LABEL = 40
CHAR_WIDTH = 7.2  # an average character at font-size 13, to lay out the legend
INK = "#1d2327"
GRID = "#c9d1d6"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print
# the legend order and the numbers in the table still say which is which.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Layout:
    """Where a row's label, bar and number go: beside each other (wide) or label above (narrow)."""

    width: int
    css_class: str
    bar_left: int  # where the bars start; the labels end there (wide) or start at 0 (narrow)
    row_height: int
    bar_top: int  # the bar's offset below the row's top

    @property
    def plot(self) -> int:
        return self.width - self.bar_left - 50


WIDE = Layout(
    width=WIDTH, css_class="chart-wide", bar_left=LABEL_WIDTH, row_height=ROW_HEIGHT, bar_top=0
)
NARROW = Layout(width=340, css_class="chart-narrow", bar_left=0, row_height=42, bar_top=20)


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _scale(maximum: int, width: int) -> float:
    return width / maximum if maximum > 0 else 0.0


def _open(layout: Layout, title: str, description: str, height: int) -> tuple[str, str]:
    number = next(_ids)
    title_id, desc_id = f"chart-{number}-title", f"chart-{number}-desc"
    width = layout.width
    head = (
        f'<svg class="chart {layout.css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif" '
        f'font-size="13">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    return head, "</svg>"


def _label(layout: Layout, y: float, label: str) -> str:
    at = f'x="{layout.bar_left - 8}"' if layout.bar_left else 'x="0"'
    anchor = ' text-anchor="end"' if layout.bar_left else ""
    return (
        f'<text {at} y="{y + BAR_HEIGHT / 2 + 4:.1f}"{anchor} '
        f'fill="{INK}">{escape(_short(label))}</text>'
    )


def bar_chart(
    *, title: str, labels: Sequence[str], values: Sequence[int], colour: str = PALETTE[0]
) -> SafeString:
    """One bar per label, its value written at its end; wide and narrow (see the docstring)."""
    return mark_safe(  # safe: every label and name went through escape() in _bars
        "".join(_bars(layout, title, labels, values, colour) for layout in (WIDE, NARROW))
    )


def _bars(
    layout: Layout, title: str, labels: Sequence[str], values: Sequence[int], colour: str
) -> str:
    rows = len(labels)
    height = TOP * 2 + max(rows, 1) * layout.row_height
    description = "; ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
    head, tail = _open(layout, title, description, height)
    scale = _scale(max(values, default=0), layout.plot)
    left = layout.bar_left
    parts = [head, _axis(layout, height)]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + row * layout.row_height
        bar_y = y + layout.bar_top
        width = value * scale
        parts.append(f"<g><title>{escape(label)}: {value}</title>")
        parts.append(_label(layout, y, label))
        if value:
            parts.append(
                f'<rect x="{left}" y="{bar_y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{left + width + VALUE_GAP:.1f}" y="{bar_y + BAR_HEIGHT / 2 + 4:.1f}" '
            f'fill="{INK}">{value}</text></g>'
        )
    parts.append(tail)
    return "".join(parts)


def stacked_bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    values: Sequence[Sequence[int]],
) -> SafeString:
    """One bar per label, split into `series`; values[row][series]. The total at the end."""
    totals = [sum(row) for row in values]
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{s.name} {n}" for s, n in zip(series, row, strict=True) if n)
        + f" ({total})"
        for label, row, total in zip(labels, values, totals, strict=True)
    )
    # Each series' name is escaped once per chart, each label once per row.
    keys = [(escape(part.name), part.colour) for part in series]
    named = [escape(label) for label in labels]
    return mark_safe(  # safe: every label and name went through escape() above or in _legend
        "".join(
            _stacked(layout, title, description, labels, named, series, keys, values, totals)
            for layout in (WIDE, NARROW)
        )
    )


def _stacked(
    layout: Layout,
    title: str,
    description: str,
    labels: Sequence[str],
    named: Sequence[str],
    series: Sequence[Series],
    keys: Sequence[tuple[str, str]],
    values: Sequence[Sequence[int]],
    totals: Sequence[int],
) -> str:
    rows = len(labels)
    legend, legend_height = _legend(series, layout.width)
    chart_height = TOP + max(rows, 1) * layout.row_height
    height = chart_height + TOP + legend_height + TOP
    head, tail = _open(layout, title, description, height)
    scale = _scale(max(totals, default=0), layout.plot)
    parts = [head, _axis(layout, chart_height + TOP)]
    for row, (label, numbers, total) in enumerate(zip(labels, values, totals, strict=True)):
        y = TOP + row * layout.row_height
        bar_y = y + layout.bar_top
        parts.append(_label(layout, y, label))
        x = float(layout.bar_left)
        for (name, colour), number in zip(keys, numbers, strict=True):
            if not number:
                continue
            width = number * scale
            parts.append(
                f"<g><title>{named[row]} · {name}: {number}</title>"
                f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colour}" stroke="#fff" stroke-width="0.5"/></g>'
            )
            x += width
        parts.append(
            f'<text x="{x + VALUE_GAP:.1f}" y="{bar_y + BAR_HEIGHT / 2 + 4:.1f}" '
            f'fill="{INK}">{total}</text>'
        )
    parts.append(f'<g transform="translate(0 {chart_height + TOP})">{legend}</g>')
    parts.append(tail)
    return "".join(parts)


def _legend(series: Sequence[Series], chart_width: int) -> tuple[str, int]:
    """The colour keys, flowing left to right and wrapping; returns the SVG and its height."""
    parts, x, y = [], 10.0, 0
    for part in series:
        name = _short(part.name)
        width = 20 + len(name) * CHAR_WIDTH + 18
        if x + width > chart_width and x > 10:
            x, y = 10.0, y + LEGEND_ROW
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 3}" width="14" height="14" fill="{part.colour}"/>'
            f'<text x="{x + 20:.1f}" y="{y + 15}" fill="{INK}">{escape(name)}</text>'
        )
        x += width
    return "".join(parts), y + LEGEND_ROW


def _axis(layout: Layout, bottom: float) -> str:
    left = layout.bar_left
    if not left:
        return ""  # the narrow chart's labels start where its bars do; a line would cross them
    return (
        f'<line x1="{left}" y1="{TOP - 4}" x2="{left}" y2="{bottom - 4}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
