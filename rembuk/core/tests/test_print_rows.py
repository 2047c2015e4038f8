"""Where a broken table row is cut (rembuk.core.print_rows): the arithmetic, without a layout.
The PDFs themselves are read back in district/tests/test_minutes_pages.py and
evaluation/tests/test_evaluation_pages.py."""

from __future__ import annotations

from django.utils import translation

from rembuk.core.print_rows import (
    LONG_ROW_LINES,
    Paragraph,
    PrintRow,
    _cuts,
    _split,
    _split_cell,
    row_is_long,
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


def test_each_part_ends_a_line_before_its_page_and_gives_room_for_the_heading():
    # A cell of 3 + 4 + 2 lines of 10 characters over three pages, the heading two lines.
    fragments = [[[10] * 3], [[10] * 4], [[10] * 2]]
    assert _cuts(fragments, 0, heading_lines=2) == [20, 30]
    assert _cuts(fragments, 0, heading_lines=0) == [20, 50]


def test_a_cell_whose_text_ends_on_a_page_keeps_it_there():
    fragments = [[[10] * 3, [5, 5]], [[10] * 4, []]]
    assert _cuts(fragments, 1, heading_lines=1) == [10]
    assert _cuts(fragments, 0, heading_lines=1) == [20]


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
    # Four lines of the topic on page 1 (three stay), one on page 2; the decision ends on page 1.
    fragments = [[[1], [2, 2, 2, 1], [1]], [[1], [1], []]]
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
    fragments = [[[1], [2, 2], [1]], [[1], [2, 2], []]]
    (moved,) = _split(_row(), fragments)
    assert moved.starts_page and moved.cells == _row().cells
    # Once at the top of a page it is split wherever the page ends.
    first, second = _split(moved, fragments)
    assert first.cells[1] == [Paragraph("a b")]
    assert second.cells[1][1:] == [Paragraph("c d e f g h")]


def test_a_row_with_nothing_but_its_border_on_the_next_page_is_left_as_it_is():
    assert _split(_row(), [[[1], [2, 2, 2, 2], [1]], [[1], [], []]]) == []
