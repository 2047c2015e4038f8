"""Template helpers for the plan page's rows (rembuk.plans.matrix_cells)."""

from __future__ import annotations

import uuid

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from rembuk.plans.matrix_cells import MatrixCellWriter
from rembuk.plans.matrix_page import ActivityCells, GoalView, Row, StatementCells

register = template.Library()


@register.simple_tag(takes_context=True)
def goal_cell(context: Context, gv: GoalView, rowspan: int) -> SafeString:
    """{% goal_cell gv row.goal_rowspan %}: a goal's cell with its tools (no form open in it)."""
    return mark_safe(MatrixCellWriter.of(context).goal_cell(gv.number, gv.goal, rowspan))


@register.simple_tag(takes_context=True)
def milestone_cell(
    context: Context, goal_id: uuid.UUID, milestone: StatementCells | None, rowspan: int
) -> SafeString:
    """{% milestone_cell gv.goal.id row.milestone row.milestone_rowspan %}: a milestone's cell
    with its tools (no form open in it)."""
    return mark_safe(MatrixCellWriter.of(context).milestone_cell(goal_id, milestone, rowspan))


@register.simple_tag(takes_context=True)
def activity_cell(context: Context, goal_id: uuid.UUID, activity: ActivityCells) -> SafeString:
    """{% activity_cell gv.goal.id row.activity %}: an activity row's cells with its tools."""
    return mark_safe(MatrixCellWriter.of(context).activity_cell(goal_id, activity))


@register.simple_tag(takes_context=True)
def matrix_row(context: Context, gv: GoalView, row: Row) -> SafeString:
    """{% matrix_row gv row %}: a row without a form (Row.written), the <tr> whole."""
    return mark_safe(MatrixCellWriter.of(context).row(gv, row))


@register.simple_tag(takes_context=True)
def goal_rows(context: Context, gv: GoalView) -> SafeString:
    """{% goal_rows gv %}: all the rows of a goal without a form (GoalView.written)."""
    return MatrixCellWriter.of(context).rows(gv)
