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
the server where the layout broke it: the document is laid out, the characters each cell
printed on each page are counted, and the row is printed again as one row per page — the part
that fitted first, then parts headed by its name, each starting a page. Splitting a row moves
what follows it, so a later broken row is split at the next layout. A document with no broken
row is laid out once, as before.

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
# split at every page it ran onto at once).
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
    (`tables_start_pages`, the evaluation's one section per desa)."""
    rows_by_ref = {row.ref: (table, row) for table in tables for row in table}
    document = render_document(template, context)
    for _layout in range(MAX_LAYOUTS - 1):
        changed: set[int] = set()
        for ref, fragments in _fragments(document, rows_by_ref.keys()).items():
            table, row = rows_by_ref[ref]
            flow = id(table) if tables_start_pages else 0
            if flow in changed:
                continue  # what follows a split row has moved: measured at the next layout
            del rows_by_ref[ref]
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
                # A part broke again before its own continuation (its last lines did not fit
                # once it was a row of its own): they join that one.
                _prepend(following, parts.pop())
            table[at : at + 1] = parts
            rows_by_ref.update((part.ref, (table, part)) for part in parts)
        if not changed:
            break
        document = render_document(template, context)
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _characters(box: Any) -> int:
    return sum(
        len("".join(text.text.split())) for text in _boxes(box) if type(text).__name__ == "TextBox"
    )


# A row's part on one page: for each cell, the characters (white space not counted) of each of
# its lines there.
Fragment = list[list[int]]


def _fragments(document: Any, refs: Any) -> dict[str, list[Fragment]]:
    """The parts, page by page, of each row the layout broke across pages."""
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
            fragment: Fragment = [[] for _cell in cells]
            for cell in box.children:
                fragment[cells.index(cell.element)] = [
                    _characters(line) for line in _boxes(cell) if type(line).__name__ == "LineBox"
                ]
            rows.setdefault(ref, []).append(fragment)
    return {ref: fragments for ref, fragments in rows.items() if len(fragments) > 1}


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


def _cuts(fragments: list[Fragment], cell: int, heading_lines: int) -> list[int]:
    """Where a cell's text is cut (characters, white space not counted) between the parts.

    Each part ends a line before the page did, because a part is a row of its own and ends with
    padding and a border the broken row did not have; a part after the first carries, besides,
    the line given by the part before it, and the heading if it is in this cell. A cell whose
    text ends on a page keeps all of it there."""
    lines = [count for fragment in fragments for count in fragment[cell]]
    cuts, end, given, through = [], 0, 0, 0
    for number, fragment in enumerate(fragments[:-1]):
        through += len(fragment[cell])
        if through == len(lines):
            end = through  # the cell's text ends on this page: all of it stays there
        else:
            given += 1 + (heading_lines if number else 0)
            end = max(end, through - given)
        cuts.append(sum(lines[:end]))
    return cuts


# A row's first part holds at least this many lines, or the row starts the next page.
FIRST_PART_LINES = 3


def _lines_within(lines: list[int], characters: int) -> int:
    """How many of these lines the first `characters` fill."""
    count = 0
    for line in lines:
        if characters <= 0:
            break
        characters -= line
        count += 1
    return count


def _split(row: PrintRow, fragments: list[Fragment]) -> list[PrintRow]:
    """The row as one part per page it ran onto; the parts after the first start with its name.

    A row that began at the foot of a page with a line or two, or without its title (its
    heading cell's first paragraph), is not split but moved to the next page, where the next
    layout may split it; a row with nothing but borders on its next page is left as it is
    (no parts)."""
    heading = Paragraph(row.continued_heading(), "continued")
    widest = max((max(f[row.repeat], default=0) for f in fragments), default=0) or 1
    heading_lines = min(3, math.ceil(len("".join(heading.text.split())) * 1.1 / widest))
    cells: list[list[list[Paragraph]]] = []  # cell, part, paragraphs
    first_lines = 0
    for index, cell in enumerate(row.cells):
        if index < row.repeat:
            cells.append([list(cell) for _fragment in fragments])
            continue
        pieces, rest, done = [], list(cell), 0
        cuts = _cuts(fragments, index, heading_lines if index == row.repeat else 0)
        for cut in cuts:
            piece, rest = _split_cell(rest, cut - done)
            pieces.append(piece)
            done = cut
        cells.append([*pieces, rest])
        first_lines = max(first_lines, _lines_within(fragments[0][index], cuts[0]))
    titled = bool(row.repeat) or cells[0][0][:1] == row.cells[0][:1]
    moved = row.continued or row.starts_page
    if not moved and not (titled and first_lines >= FIRST_PART_LINES):
        return [replace(row, starts_page=True)]
    origin = row.origin or row.ref
    parts: list[PrintRow] = []
    for number in range(len(fragments)):
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
    return parts if len(parts) > 1 else []


def _prepend(continuation: PrintRow, rest: PrintRow) -> None:
    """Put the text of `rest` (a heading and cells) before the text of `continuation`."""
    for index in range(continuation.repeat, len(continuation.cells)):
        own = continuation.cells[index]
        if index == continuation.repeat:  # both start with the same heading: keep one
            continuation.cells[index] = [*rest.cells[index], *own[1:]]
        else:
            continuation.cells[index] = [*rest.cells[index], *own]
