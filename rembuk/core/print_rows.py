"""Table rows of a printout that may break across pages, and say which row they continue.

The one home of the rule both the kabupaten minutes and the evaluation PDF follow
(docs/decisions/0019-documents-built-by-the-worker.md, round-12 and round-13 amendments):

- a row stays whole while it is short (it moves to the next page, leaving little blank);
- a long row (`row_is_long`: more than about twenty lines in one of its columns) may break,
  under the table's heading, which repeats on every page; its paragraphs keep two lines
  together (static/css/print-rows.css);
- the part of a row carried onto the next page starts with the row's number and title and
  "(continued)", so that a person holding that page alone knows which row the text belongs to.

WeasyPrint can show no text of its own at the top of a row's second part (`string()` works in
page margins only, and `box-decoration-break` repeats borders, not text). So a row is split on
the server where the layout broke it: the document is laid out, the lines each cell printed on
each page are measured (their characters and where they lie), and the row is printed again as
one row per page — the part that fitted first, then parts headed by its name, each starting a
page. Each part holds the lines that fit its page with what a row of its own adds: the cells'
padding and border (which a broken row has not at the break) and, after the first, the heading.
Splitting a row moves what follows it, so a later broken row is split at the next layout; the
last layout the budget allows splits all the rest at once, each long row from the top of a page.
A document with no broken row is laid out once, as before.

A row's cells are lists of `Paragraph`s of plain text, escaped by the template engine
(templates/includes/print_row.html), so a hostile answer is printed as its characters.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from rembuk.core.pdf import render_document

# A row of more than this many lines in one column may break across pages: shorter, it moves
# whole to the next page and leaves at most a fifth of a page blank.
LONG_ROW_LINES = 20
# Layouts of one document at most: one more than its broken rows in one flow of text (a row is
# split at every page it ran onto at once); past that, the rest are split in the last layout.
MAX_LAYOUTS = 12
TITLE_CHARACTERS = 90


@dataclass(frozen=True)
class Paragraph:
    """One block of a cell: plain text (newlines kept) and the print stylesheet's classes."""

    text: str
    classes: str = ""


@dataclass
class PrintRow:
    """One table row as printed. `ref` names it in the HTML (unique in the document); the first
    `repeat` cells (a number column) are printed again on a continuation instead of split, and
    the continuation's heading goes at the top of the next cell."""

    ref: str
    number: str
    title: str
    cells: list[list[Paragraph]]
    long: bool = False
    repeat: int = 0
    continued: bool = False
    starts_page: bool = False
    origin: str = ""  # the ref of the row a part was split from

    def continued_heading(self) -> str:
        title = Truncator(" ".join(self.title.split())).chars(TITLE_CHARACTERS)
        name = title if self.repeat else f"{self.number}. {title}"
        return _("%(row)s (continued)") % {"row": name}


def text_lines(text: str, characters_per_line: float) -> int:
    """Printed lines of a text in a column that holds that many characters a line."""
    return sum(max(1, math.ceil(len(line) / characters_per_line)) for line in text.split("\n"))


def row_is_long(cells: Sequence[Sequence[Paragraph]], characters_per_line: Sequence[float]) -> bool:
    """Whether a row may break across pages: more than LONG_ROW_LINES in one of its columns."""
    return any(
        sum(text_lines(p.text, width) for p in cell) > LONG_ROW_LINES
        for cell, width in zip(cells, characters_per_line, strict=True)
    )


def render_pdf_with_rows(
    template: str,
    context: dict[str, Any],
    tables: Sequence[list[PrintRow]],
    *,
    tables_start_pages: bool = False,
) -> bytes:
    """The PDF of a template whose tables print these rows (the lists the context holds: they
    are changed in place). Each row a layout broke is split where it broke and laid out again.

    Splitting a row moves what follows it, so a layout splits one row of each flow of text: of
    the whole document, or of each table when each starts a page of its own
    (`tables_start_pages`, the evaluation's one section per desa). The last layout the budget
    allows splits the rest at once: from the first row still broken in a flow, every long row
    starts a page and is cut by the room a page gives, which does not depend on what precedes it.
    """
    rows_by_ref = {row.ref: (table, row) for table in tables for row in table}
    flows = [[table] for table in tables] if tables_start_pages else [list(tables)]
    document = render_document(template, context)
    for layout in range(1, MAX_LAYOUTS):
        measured = _fragments(document, rows_by_ref.keys())
        broken = {ref: fragments for ref, fragments in measured.items() if len(fragments) > 1}
        if not broken:
            break
        if layout == MAX_LAYOUTS - 1:
            for flow in flows:
                _split_from_the_first_broken(flow, measured)
        elif not _split_first_broken(broken, rows_by_ref, tables_start_pages=tables_start_pages):
            break
        rows_by_ref = {row.ref: (table, row) for table in tables for row in table}
        document = render_document(template, context)
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _split_first_broken(
    broken: dict[str, list[Fragment]],
    rows_by_ref: dict[str, tuple[list[PrintRow], PrintRow]],
    *,
    tables_start_pages: bool,
) -> bool:
    """Split the first broken row (in page order) of each flow of text; whether one was split."""
    changed: set[int] = set()
    for ref, fragments in broken.items():
        table, row = rows_by_ref[ref]
        flow = id(table) if tables_start_pages else 0
        if flow in changed:
            continue  # what follows a split row has moved: measured at the next layout
        parts = _split(row, fragments)
        if not parts:
            continue  # nothing but its border went on: leave it as the layout broke it
        changed.add(flow)
        at = table.index(row)
        following = table[at + 1] if at + 1 < len(table) else None
        if (
            len(parts) > 1
            and following is not None
            and following.continued
            and following.origin == parts[-1].origin
        ):
            # A part broke again before its own continuation (its last lines did not fit once
            # it was a row of its own): they join that one.
            _prepend(following, parts.pop())
        table[at : at + 1] = parts
    return bool(changed)


def _split_from_the_first_broken(
    flow: Sequence[list[PrintRow]], measured: dict[str, list[Fragment]]
) -> None:
    """From the first broken row of a flow on, start every long row on a page of its own and cut
    it by the room a page gives: one layout for all of them, each part named, at the cost of
    the space left at the foot of the page before each such row."""
    first: list[Fragment] | None = None
    for table in flow:
        for row in list(table):
            fragments = measured.get(row.ref, [])
            if first is None:
                if len(fragments) < 2:
                    continue
                first = fragments
            if not row.long or not fragments:
                continue
            at = table.index(row)
            table[at : at + 1] = _split_from_top(row, fragments, _page_room(first))


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _characters(box: Any) -> int:
    return sum(
        len("".join(text.text.split())) for text in _boxes(box) if type(text).__name__ == "TextBox"
    )


@dataclass(frozen=True)
class Line:
    """A printed line of a cell: its characters (white space not counted) and where it lies, in
    CSS pixels from the top of its cell's content on its page."""

    characters: int
    top: float
    bottom: float


@dataclass(frozen=True)
class CellPart:
    """A cell's share of a row on one page, as laid out."""

    lines: list[Line]
    top: float  # where the cell's content starts on the page
    # The cell's padding and border over and under its content when a part of the row starts or
    # ends there: a broken row has neither at the break, a row of its own has both.
    above: float = 0
    below: float = 0


@dataclass(frozen=True)
class Fragment:
    """A row's part on one page: its cells, and how far down the page the row reaches (the
    page's foot, on a page the row runs on past)."""

    cells: list[CellPart]
    foot: float


def _edges(cell: Any) -> tuple[float, float]:
    """The padding and border over and under a cell's content, as its style gives them (the
    laid-out box has lost them where the row broke). A collapsed border is counted whole."""
    style = cell.style

    def padding(side: str) -> float:
        value = style[f"padding_{side}"]
        return float(value.value * cell.width / 100 if value.unit == "%" else value.value)

    return (
        padding("top") + style["border_top_width"],
        padding("bottom") + style["border_bottom_width"],
    )


def _fragments(document: Any, refs: Any) -> dict[str, list[Fragment]]:
    """The parts, page by page, of each of these rows as laid out (one part: a row kept whole)."""
    known = set(refs)
    rows: dict[str, list[Fragment]] = {}
    for page in document.pages:
        # A laid-out page's boxes have no public accessor; WeasyPrint is pinned in uv.lock.
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or element.tag != "tr" or box.element_tag != "tr":
                continue
            ref = element.get("data-row")
            if ref not in known:
                continue
            cells = [child for child in element if child.tag == "td"]
            parts = [CellPart([], box.position_y) for _cell in cells]
            for cell in box.children:
                top = cell.content_box_y()
                parts[cells.index(cell.element)] = CellPart(
                    [
                        Line(
                            _characters(line),
                            line.position_y - top,
                            line.position_y - top + line.height,
                        )
                        for line in _boxes(cell)
                        if type(line).__name__ == "LineBox"
                    ],
                    top,
                    *_edges(cell),
                )
            rows.setdefault(ref, []).append(Fragment(parts, box.position_y + box.height))
    return rows


def _split_cell(
    cell: Sequence[Paragraph], characters: int
) -> tuple[list[Paragraph], list[Paragraph]]:
    """The paragraphs holding the first `characters` non-space characters, and the rest."""
    head: list[Paragraph] = []
    for index, paragraph in enumerate(cell):
        length = len("".join(paragraph.text.split()))
        if characters >= length:
            head.append(paragraph)
            characters -= length
            continue
        if characters > 0:
            at, counted = 0, 0
            while counted < characters:
                if not paragraph.text[at].isspace():
                    counted += 1
                at += 1
            head.append(replace(paragraph, text=paragraph.text[:at].rstrip()))
            rest = [replace(paragraph, text=paragraph.text[at:].lstrip())]
        else:
            rest = [paragraph]
        return head, rest + list(cell[index + 1 :])
    return head, []


# A line of a cell and the number of the page it was laid out on.
PagedLine = tuple[int, Line]


def _cell_lines(fragments: Sequence[Fragment], cell: int) -> list[PagedLine]:
    return [
        (page, line)
        for page, fragment in enumerate(fragments)
        for line in fragment.cells[cell].lines
    ]


def _height(lines: Sequence[PagedLine]) -> float:
    """The height these consecutive lines take as one piece of text: on each page they came
    from, from the top of the first to the foot of the last (the spacing between them kept)."""
    height, first = 0.0, 0
    for index, (page, line) in enumerate(lines):
        if index + 1 == len(lines) or lines[index + 1][0] != page:
            height += line.bottom - lines[first][1].top
            first = index + 1
    return height


def _ends(fragments: Sequence[Fragment], cell: int, heading: float) -> list[int]:
    """How many of a cell's lines the parts of its row hold, counted together, for each part but
    the last.

    The first part stays where the row began: it keeps the lines of its page that end above the
    page's foot less the padding and border under them (which the broken row did not have).
    A later part starts a page: under the padding and border over its text and, in the heading
    cell, the "(continued)" heading (`heading` high), it holds the lines the part before could
    not, then the lines of its page, as many as fit. A line the layout put on a later page stays
    there (it did not fit, or its paragraph keeps two lines together)."""
    lines = _cell_lines(fragments, cell)
    ends, start, through = [], 0, 0
    for number, fragment in enumerate(fragments[:-1]):
        part = fragment.cells[cell]
        through += len(part.lines)
        room = fragment.foot - part.top - part.below
        end = start
        if number == 0:
            while end < through and lines[end][1].bottom <= room:
                end += 1
        else:
            room -= part.above + heading
            while end < through and _height(lines[start : end + 1]) <= room:
                end += 1
        ends.append(end)
        start = end
    return ends


def _ends_from_top(
    lines: Sequence[PagedLine], part: CellPart, room: float, heading: float
) -> list[int]:
    """Like `_ends` for a row printed from the top of a page, each page giving `room` under the
    top of a continued cell's content, as many parts as its text needs (one line at least each)."""
    ends: list[int] = []
    start = 0
    while start < len(lines):
        fits = room - part.above - part.below - (heading if ends else 0)
        end = start + 1
        while end < len(lines) and _height(lines[start : end + 1]) <= fits:
            end += 1
        if end == len(lines):
            break
        ends.append(end)
        start = end
    return ends


def _page_room(fragments: Sequence[Fragment]) -> float:
    """The room from the top of a continued cell's content to the page's foot, measured on a row
    broken across pages (its first page ends at the foot, its second continues under the
    table's heading)."""
    return fragments[0].foot - fragments[1].cells[0].top


# A row's first part holds at least this many lines, or the row starts the next page.
FIRST_PART_LINES = 3
# The space under the "(continued)" heading (print-rows.css: .continued { margin-bottom: 1mm }),
# in CSS pixels.
HEADING_GAP = 96 / 25.4


def _heading_height(row: PrintRow, heading: Paragraph, fragments: Sequence[Fragment]) -> float:
    """How high the "(continued)" heading will print in the row's heading cell: its lines
    estimated from the characters the cell's lines hold (a tenth more: it is bold), each as
    high as the cell's first line (the row's title), and the space under it."""
    lines = [line for _page, line in _cell_lines(fragments, row.repeat)]
    widest = max((line.characters for line in lines), default=0) or 1
    count = min(3, math.ceil(len("".join(heading.text.split())) * 1.1 / widest))
    every = [line for fragment in fragments for cell in fragment.cells for line in cell.lines]
    height = (lines or every)[0].bottom - (lines or every)[0].top if every else 0
    return count * height + HEADING_GAP


def _split(row: PrintRow, fragments: list[Fragment]) -> list[PrintRow]:
    """The row as one part per page it ran onto; the parts after the first start with its name.

    A row that began at the foot of a page with a line or two, or without its title (its
    heading cell's first paragraph), is not split but moved to the next page, where the next
    layout may split it; a row with nothing but borders on its next page is left as it is
    (no parts)."""
    heading = Paragraph(row.continued_heading(), "continued")
    height = _heading_height(row, heading, fragments)
    ends = {
        index: _ends(fragments, index, height if index == row.repeat else 0)
        for index in range(row.repeat, len(row.cells))
    }
    cells = _cut(row, fragments, ends)
    first_lines = max((cell_ends[0] for cell_ends in ends.values()), default=0)
    titled = bool(row.repeat) or cells[0][0][:1] == row.cells[0][:1]
    moved = row.continued or row.starts_page
    if not moved and not (titled and first_lines >= FIRST_PART_LINES):
        return [replace(row, starts_page=True)]
    parts = _parts(row, cells, heading)
    return parts if len(parts) > 1 else []


def _split_from_top(row: PrintRow, fragments: list[Fragment], room: float) -> list[PrintRow]:
    """The row started on a page of its own and cut where each page of `room` ends (its lines
    measured in any layout: they wrap the same wherever the row lies)."""
    heading = Paragraph(row.continued_heading(), "continued")
    height = _heading_height(row, heading, fragments)
    ends = {
        index: _ends_from_top(
            _cell_lines(fragments, index),
            fragments[0].cells[index],
            room,
            height if index == row.repeat else 0,
        )
        for index in range(row.repeat, len(row.cells))
    }
    count = max((len(cell_ends) for cell_ends in ends.values()), default=0) + 1
    for index, cell_ends in ends.items():
        total = len(_cell_lines(fragments, index))
        cell_ends.extend([total] * (count - 1 - len(cell_ends)))
    parts = _parts(replace(row, starts_page=True), _cut(row, fragments, ends), heading)
    return parts or [replace(row, starts_page=True)]


def _cut(
    row: PrintRow, fragments: Sequence[Fragment], ends: dict[int, list[int]]
) -> list[list[list[Paragraph]]]:
    """Each cell's paragraphs part by part (cell, part, paragraphs), cut after these lines."""
    count = max((len(cell_ends) for cell_ends in ends.values()), default=0) + 1
    cells: list[list[list[Paragraph]]] = []
    for index, cell in enumerate(row.cells):
        if index < row.repeat:
            cells.append([list(cell) for _part in range(count)])
            continue
        characters = [line.characters for _page, line in _cell_lines(fragments, index)]
        pieces, rest, done = [], list(cell), 0
        for end in ends[index]:
            cut = sum(characters[:end])
            piece, rest = _split_cell(rest, cut - done)
            pieces.append(piece)
            done = cut
        cells.append([*pieces, rest])
    return cells


def _parts(row: PrintRow, cells: list[list[list[Paragraph]]], heading: Paragraph) -> list[PrintRow]:
    """The row's parts from its cells' pieces; the parts after the first start with `heading`
    and a page; a part whose pieces are all empty is left out."""
    origin = row.origin or row.ref
    parts: list[PrintRow] = []
    for number in range(len(cells[0])):
        part_cells = [cell[number] for cell in cells]
        if number and not any(part_cells[row.repeat :]):
            continue  # all it held went to the next part
        if parts:
            part_cells[row.repeat] = [heading, *part_cells[row.repeat]]
        parts.append(
            replace(
                row,
                cells=part_cells,
                continued=row.continued or bool(parts),
                long=True,
                origin=origin,
                ref=f"{row.ref}.{number + 1}",
            )
        )
    return parts


def _prepend(continuation: PrintRow, rest: PrintRow) -> None:
    """Put the text of `rest` (a heading and cells) before the text of `continuation`."""
    for index in range(continuation.repeat, len(continuation.cells)):
        own = continuation.cells[index]
        if index == continuation.repeat:  # both start with the same heading: keep one
            continuation.cells[index] = [*rest.cells[index], *own[1:]]
        else:
            continuation.cells[index] = [*rest.cells[index], *own]
