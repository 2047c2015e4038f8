"""Template helpers for the plan page's rows (rembuk.plans.matrix_cells)."""

from __future__ import annotations

import uuid

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from rembuk.plans.matrix_cells import ActivityCellWriter
from rembuk.plans.matrix_page import ActivityCells

register = template.Library()


@register.simple_tag(takes_context=True)
def activity_cell(context: Context, goal_id: uuid.UUID, activity: ActivityCells) -> SafeString:
    """{% activity_cell gv.goal.id row.activity %}: an activity row's cells with its tools."""
    return ActivityCellWriter.of(context).cell(goal_id, activity)


@register.simple_tag(takes_context=True)
def activity_row(context: Context, goal_id: uuid.UUID, activity: ActivityCells) -> SafeString:
    """{% activity_row gv.goal.id row.activity %}: a plain row (Row.plain), the <tr> whole."""
    return ActivityCellWriter.of(context).row(goal_id, activity)
