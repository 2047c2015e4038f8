"""Template helpers for the village sheets on screen (the printouts use rembuk.reports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from rembuk.meetings import sheet_cells
from rembuk.meetings.models import Challenge
from rembuk.meetings.sheet_cells import SheetCells

register = template.Library()


@register.filter
def holds_up(challenge: Challenge, block: Any) -> tuple[int, int] | None:
    """`{% with held=challenge|holds_up:row.block %}`: see Challenge.holds_up."""
    return challenge.holds_up({str(activity.id) for activity in block.activities})


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
def goal_review(context: Context, row: Any) -> SafeString:
    """{% goal_review row %}: a goal row's end-of-period review (its form for an editor)."""
    return SheetCells.of(context).review_fold(
        row,
        editable=bool(context.get("editable")),
        period_ended=bool(context.get("period_ended")),
    )


@register.simple_tag(takes_context=True)
def goal_statement(context: Context, row: Any) -> SafeString:
    """{% goal_statement row %}: a goal row's statement with its target and year."""
    return SheetCells.of(context).goal_statement(row)


@register.simple_tag(takes_context=True)
def activity_list(context: Context, row: Any) -> SafeString:
    """{% activity_list row %}: a goal row's milestones and activities."""
    return SheetCells.of(context).activities(row)


@register.simple_tag(takes_context=True)
def add_another(context: Context, kind: str, row: Any) -> SafeString:
    """{% add_another "kendala" row %}: the link that adds a blank entry to a goal row."""
    return SheetCells.of(context).add_another(kind, row)


@register.simple_tag(takes_context=True)
def sheet_rows(context: Context, rows: Iterable[Any]) -> SafeString:
    """{% sheet_rows view.rows %}: the open sheet's goal rows, each a <tbody>."""
    return SheetCells.of(context).rows(rows)


@register.simple_tag(takes_context=True)
def project_row_form(context: Context, number: int) -> SafeString:
    """{% project_row_form forloop.counter0 %}: show this goal row on the projector."""
    return SheetCells.of(context).project_row(number)


@register.simple_tag
def warning_lines(warnings: Iterable[Any]) -> SafeString:
    """{% warning_lines warnings %}: the review warnings as list items."""
    return sheet_cells.warning_lines(warnings)


@register.simple_tag(takes_context=True)
def village_lines(context: Context, villages: Iterable[Any], editable: bool) -> SafeString:
    """{% village_lines villages editable %}: the lines of the order of villages."""
    return sheet_cells.village_lines(context, villages, editable)
