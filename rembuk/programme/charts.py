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


def _label_ends(layout: Layout) -> tuple[str, str]:
    """A row label's markup before its y and between its y and its (escaped) text."""
    if layout.bar_left:
        return f'<text x="{layout.bar_left - 8}" y="', f'" text-anchor="end" fill="{INK}">'
    return '<text x="0" y="', f'" fill="{INK}">'


# A text's baseline below the top of the bar it goes with.
TEXT_BELOW = BAR_HEIGHT / 2 + 4


def bar_chart(
    *, title: str, labels: Sequence[str], values: Sequence[int], colour: str = PALETTE[0]
) -> SafeString:
    """One bar per label, its value written at its end; wide and narrow (see the docstring).
    Each row's texts are escaped once, for both."""
    description = "; ".join(
        f"{label}: {value}" for label, value in zip(labels, values, strict=True)
    )
    titles = [
        f"<g><title>{escape(label)}: {value}</title>"
        for label, value in zip(labels, values, strict=True)
    ]
    shorts = [escape(_short(label)) for label in labels]
    return mark_safe(  # safe: every label and name went through escape() above
        "".join(
            _bars(layout, title, description, titles, shorts, values, colour)
            for layout in (WIDE, NARROW)
        )
    )


def _bars(
    layout: Layout,
    title: str,
    description: str,
    titles: Sequence[str],
    shorts: Sequence[str],
    values: Sequence[int],
    colour: str,
) -> str:
    rows = len(values)
    height = TOP * 2 + max(rows, 1) * layout.row_height
    head, tail = _open(layout, title, description, height)
    scale = _scale(max(values, default=0), layout.plot)
    left = layout.bar_left
    label_start, label_end = _label_ends(layout)
    bar_end = f'" height="{BAR_HEIGHT}" fill="{colour}"/>'
    parts = [head, _axis(layout, height)]
    for row, value in enumerate(values):
        y = TOP + row * layout.row_height
        bar_y = y + layout.bar_top
        width = value * scale
        parts.append(titles[row])
        parts.append(f"{label_start}{y + TEXT_BELOW:.1f}{label_end}{shorts[row]}</text>")
        if value:
            parts.append(f'<rect x="{left}" y="{bar_y}" width="{width:.1f}{bar_end}')
        parts.append(
            f'<text x="{left + width + VALUE_GAP:.1f}" y="{bar_y + TEXT_BELOW:.1f}" '
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
    """One bar per label, split into `series`; values[row][series]. The total at the end.
    Each row's texts are escaped once, for both layouts."""
    totals = [sum(row) for row in values]
    description = "; ".join(
        f"{label}: "
        + ", ".join(f"{s.name} {n}" for s, n in zip(series, row, strict=True) if n)
        + f" ({total})"
        for label, row, total in zip(labels, values, totals, strict=True)
    )
    names = [escape(part.name) for part in series]
    # Each part of a bar: its number and what comes before its x (its title), "" for none.
    bars = [
        [
            (number, f"<g><title>{named} · {name}: {number}</title>" if number else "")
            for name, number in zip(names, row, strict=True)
        ]
        for named, row in zip(map(escape, labels), values, strict=True)
    ]
    shorts = [escape(_short(label)) for label in labels]
    legend = _legend(series)
    return mark_safe(  # safe: every label and name went through escape() above or in _legend
        "".join(
            _stacked(layout, title, description, shorts, series, legend, bars, totals)
            for layout in (WIDE, NARROW)
        )
    )


def _stacked(
    layout: Layout,
    title: str,
    description: str,
    shorts: Sequence[str],
    series: Sequence[Series],
    legend: Legend,
    bars: Sequence[Sequence[tuple[int, str]]],
    totals: Sequence[int],
) -> str:
    rows = len(shorts)
    legend_svg, legend_height = legend.laid_out(layout.width)
    chart_height = TOP + max(rows, 1) * layout.row_height
    height = chart_height + TOP + legend_height + TOP
    head, tail = _open(layout, title, description, height)
    scale = _scale(max(totals, default=0), layout.plot)
    label_start, label_end = _label_ends(layout)
    # What follows each series' width: the same on every row.
    ends = [
        f'" height="{BAR_HEIGHT}" fill="{part.colour}" stroke="#fff" stroke-width="0.5"/></g>'
        for part in series
    ]
    parts = [head, _axis(layout, chart_height + TOP)]
    for row, (short, parts_of_bar, total) in enumerate(zip(shorts, bars, totals, strict=True)):
        y = TOP + row * layout.row_height
        bar_y = y + layout.bar_top
        parts.append(f"{label_start}{y + TEXT_BELOW:.1f}{label_end}{short}</text>")
        x = float(layout.bar_left)
        before_y = f'" y="{bar_y}" width="'
        for (number, titled), end in zip(parts_of_bar, ends, strict=True):
            if not number:
                continue
            width = number * scale
            parts.append(f'{titled}<rect x="{x:.1f}{before_y}{width:.1f}{end}')
            x += width
        parts.append(
            f'<text x="{x + VALUE_GAP:.1f}" y="{bar_y + TEXT_BELOW:.1f}" '
            f'fill="{INK}">{total}</text>'
        )
    parts.append(f'<g transform="translate(0 {chart_height + TOP})">{legend_svg}</g>')
    parts.append(tail)
    return "".join(parts)


@dataclass(frozen=True)
class Legend:
    """The colour keys of a chart's series, their names escaped and measured once."""

    keys: tuple[tuple[float, str, str], ...]  # (width, colour, escaped name)

    def laid_out(self, chart_width: int) -> tuple[str, int]:
        """The keys flowing left to right and wrapping at `chart_width`: the SVG, its height."""
        parts, x, y = [], 10.0, 0
        for width, colour, name in self.keys:
            if x + width > chart_width and x > 10:
                x, y = 10.0, y + LEGEND_ROW
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="14" height="14" fill="{colour}"/>'
                f'<text x="{x + 20:.1f}" y="{y + 15}" fill="{INK}">{name}</text>'
            )
            x += width
        return "".join(parts), y + LEGEND_ROW


def _legend(series: Sequence[Series]) -> Legend:
    keys = []
    for part in series:
        name = _short(part.name)
        keys.append((20 + len(name) * CHAR_WIDTH + 18, part.colour, escape(name)))
    return Legend(tuple(keys))


def _axis(layout: Layout, bottom: float) -> str:
    left = layout.bar_left
    if not left:
        return ""  # the narrow chart's labels start where its bars do; a line would cross them
    return (
        f'<line x1="{left}" y1="{TOP - 4}" x2="{left}" y2="{bottom - 4}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
