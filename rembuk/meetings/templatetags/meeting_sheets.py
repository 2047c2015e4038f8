"""Template helpers for the village sheets on screen (the printouts use rembuk.reports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from rembuk.meetings import sheet_cells
from rembuk.meetings.sheet_cells import SheetCells

register = template.Library()


# The meeting page's repeated cells, written in Python (rembuk.meetings.sheet_cells).


@register.simple_tag(takes_context=True)
def challenge_form(context: Context, item: Any, key: str) -> SafeString:
    """{% challenge_form item key %}: the form of a challenge (a new one: item None) of the goal
    row `row`."""
    return SheetCells.of(context).challenge(context["row"], item or None, key)


@register.simple_tag(takes_context=True)
def followup_form(context: Context, item: Any, key: str) -> SafeString:
    """{% followup_form item key %}: as challenge_form, for a follow-up."""
    return SheetCells.of(context).followup(context["row"], item or None, key)


@register.simple_tag(takes_context=True)
def sheet_rows(context: Context, rows: Iterable[Any]) -> SafeString:
    """{% sheet_rows view.rows %}: the open sheet's goal rows, each a <tbody>."""
    return SheetCells.of(context).rows(rows)


@register.simple_tag
def warning_lines(warnings: Iterable[Any]) -> SafeString:
    """{% warning_lines warnings %}: the review warnings as list items."""
    return sheet_cells.warning_lines(warnings)


@register.simple_tag(takes_context=True)
def village_lines(context: Context, villages: Iterable[Any], editable: bool) -> SafeString:
    """{% village_lines villages editable %}: the lines of the order of villages."""
    return sheet_cells.village_lines(context, villages, editable)
