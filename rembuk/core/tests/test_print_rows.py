"""Where a broken table row is cut (rembuk.core.print_rows): the arithmetic, without a layout.
The PDFs themselves are read back in district/tests/test_minutes_pages.py and
evaluation/tests/test_evaluation_pages.py."""

from __future__ import annotations

from dataclasses import replace

from django.utils import translation

from rembuk.core.print_rows import (
    LONG_ROW_LINES,
    CellPart,
    Fragment,
    Line,
    Paragraph,
    PrintRow,
    _ends,
    _ends_from_top,
    _split,
    _split_cell,
    _split_from_top,
    row_is_long,
)

LINE = 10.0  # every line of these rows is ten pixels high
EDGE = 2.0  # a cell's padding and border, over and under its text


def _page(foot: float, *cells: list[int]) -> Fragment:
    """A row's part on one page: each cell as its lines' characters, from the top of the page."""
    return Fragment(
        [
            CellPart(
                [Line(count, n * LINE, (n + 1) * LINE) for n, count in enumerate(cell)],
                top=0,
                above=EDGE,
                below=EDGE,
            )
            for cell in cells
        ],
        foot,
    )


def test_a_row_is_long_past_twenty_lines_in_one_column():
    short = [[Paragraph("x" * 20 * (LONG_ROW_LINES - 1))], [Paragraph("y")]]
    assert not row_is_long(short, (20, 20))
    assert row_is_long([[Paragraph("x" * 20 * LONG_ROW_LINES + "x")], []], (20, 20))
    # Every written line is at least one printed line.
    assert row_is_long([[Paragraph("a\n" * (LONG_ROW_LINES + 1))]], (80,))


def test_a_cell_is_cut_after_so_many_characters_white_space_not_counted():
    cell = [Paragraph("ab cd", "topic"), Paragraph("ef  gh\nij", "detail")]
    head, rest = _split_cell(cell, 6)
    assert head == [Paragraph("ab cd", "topic"), Paragraph("ef", "detail")]
    assert rest == [Paragraph("gh\nij", "detail")]
    assert _split_cell(cell, 4) == ([cell[0]], [cell[1]])
    assert _split_cell(cell, 0) == ([], cell)
    assert _split_cell(cell, 99) == (cell, [])


def test_the_first_part_keeps_every_line_that_fits_above_its_padding_and_border():
    # Five lines end at 50 px; the padding and border under them need 2 more.
    assert _ends([_page(52, [10] * 5), _page(99, [10] * 3)], 0, heading=0) == [5]
    # (Before, a part always ended a line before its page did, whatever room was left.)
    assert _ends([_page(51.9, [10] * 5), _page(99, [10] * 3)], 0, heading=0) == [4]


def test_a_later_part_holds_the_heading_the_lines_carried_over_and_those_of_its_page_that_fit():
    # 4 + 5 + 2 lines over three pages; the page's foot 41 px down leaves three on page 1.
    fragments = [_page(41, [10] * 4), _page(60, [10] * 5), _page(99, [10] * 2)]
    # Page 2 gives 60 - 2 - 2 - 15 = 41 px: the line carried over and three of its own.
    assert _ends(fragments, 0, heading=15) == [3, 7]
    # Without the heading (another cell of the row), 56 px: the carried line and four.
    assert _ends(fragments, 0, heading=0) == [3, 8]


def test_a_cell_whose_text_ends_on_a_page_keeps_it_there():
    fragments = [_page(41, [10] * 4, [5, 5]), _page(99, [10] * 4, [])]
    assert _ends(fragments, 1, heading=LINE) == [2]
    assert _ends(fragments, 0, heading=LINE) == [3]


def _row(**fields):
    return PrintRow(
        ref="item-3",
        number="3",
        title="Laporan <b>Kodi</b> & co",
        cells=[[Paragraph("3")], [Paragraph("a b c d e f g h")], [Paragraph("-")]],
        long=True,
        repeat=1,
        **fields,
    )


def test_the_parts_after_the_first_start_with_the_rows_name_and_number():
    # Four lines of the topic on page 1 (three fit with the padding), one on page 2; the
    # decision ends on page 1.
    fragments = [_page(41, [1], [2, 2, 2, 1], [1]), _page(99, [1], [1], [])]
    with translation.override("id"):
        first, second = _split(_row(), fragments)
    assert first.cells == [[Paragraph("3")], [Paragraph("a b c d e f")], [Paragraph("-")]]
    assert not first.continued and second.continued
    assert second.cells[0] == [Paragraph("3")]  # the number column is printed again
    assert second.cells[1] == [
        Paragraph("Laporan <b>Kodi</b> & co (lanjutan)", "continued"),
        Paragraph("g h"),
    ]
    assert second.cells[2] == []
    assert {first.origin, second.origin} == {"item-3"}
    assert first.ref != second.ref


def test_a_row_that_would_begin_with_a_line_or_two_starts_the_next_page_instead():
    fragments = [_page(25, [1], [2, 2], [1]), _page(99, [1], [2, 2], [])]
    (moved,) = _split(_row(), fragments)
    assert moved.starts_page and moved.cells == _row().cells
    # Once at the top of a page it is split wherever the page ends.
    first, second = _split(moved, fragments)
    assert first.cells[1] == [Paragraph("a b c d")]
    assert second.cells[1][1:] == [Paragraph("e f g h")]


def test_a_row_with_nothing_but_its_border_on_the_next_page_is_left_as_it_is():
    assert _split(_row(), [_page(45, [1], [2, 2, 2, 2], [1]), _page(99, [1], [], [])]) == []


def test_a_row_cut_from_the_top_of_a_page_gives_each_part_the_room_of_a_page():
    lines = [(0, Line(3, n * LINE, (n + 1) * LINE)) for n in range(12)]
    part = CellPart([], top=0, above=EDGE, below=EDGE)
    # 70 px a page: 66 for the first part (six lines), 36 under a 30 px heading (three).
    assert _ends_from_top(lines, part, 70, heading=30) == [6, 9]
    assert _ends_from_top(lines, part, 200, heading=30) == []  # all on one page
    # A page too small for a line still takes one, or the row would never end.
    assert _ends_from_top(lines[:3], part, 5, heading=30) == [1, 2]


def test_past_the_budget_a_long_row_starts_a_page_and_every_part_after_the_first_is_named():
    words = [f"w{n:02d}" for n in range(12)]
    row = replace(_row(), cells=[[Paragraph("3")], [Paragraph(" ".join(words))], [Paragraph("-")]])
    # Laid out whole somewhere (a line a word); a page gives 70 px under the table's heading.
    whole = [_page(999, [1], [3] * 12, [1])]
    with translation.override("id"):
        parts = _split_from_top(row, whole, 70)
    assert all(part.starts_page for part in parts)
    assert [part.continued for part in parts] == [False] + [True] * (len(parts) - 1)
    # 66 px for the first part (six lines); under the heading (estimated three lines high: the
    # name is long for three characters a line) and its gap, 70 - 4 - 33.8 px: three lines.
    topics = [part.cells[1] for part in parts]
    assert topics[0] == [Paragraph(" ".join(words[:6]))]
    for topic in topics[1:]:
        assert topic[0] == Paragraph("Laporan <b>Kodi</b> & co (lanjutan)", "continued")
    assert [topic[1:] for topic in topics[1:]] == [
        [Paragraph("w06 w07 w08")],
        [Paragraph("w09 w10 w11")],
    ]
    assert [part.cells[2] for part in parts] == [[Paragraph("-")]] + [[]] * (len(parts) - 1)
