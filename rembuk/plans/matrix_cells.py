"""The plan page's activity cells written in Python (docs/decisions/0025).

Every activity row of Matriks 1 prints the same cell: its text and badges, then (for an editor)
the row's tools — Edit, a "More" menu with Move up and down, the prerequisites and Delete, a
form with its CSRF input, a dozen translated labels — then its description and funding cells.
The template engine paid every node of that again on each row. Here it is one format string:
what every row prints the same (the labels, the URLs with the row's ids as slots, the CSRF
input) is built once per page (`ActivityCellWriter.of`) and each row slots its ids in. The
whitespace is the template's, so the page is the same byte for byte; the template keeps the
page's structure and calls this through the `plan_rows` tag.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from html import escape

from django.template.context import Context
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rembuk.core.page_context import once_per_page
from rembuk.core.templatetags.page_csrf import PageCsrfTokenNode
from rembuk.plans.matrix_page import ActivityCells

# Stand for the row's activity and goal in the text built once per page (no record has them).
ITEM_SLOT = str(uuid.UUID(int=1))
GOAL_SLOT = str(uuid.UUID(int=2))

ACTIVITY_CELL = (
    "\n"
    '            <td class="col-activity wrap-anywhere" data-label="{label}">\n'
    "              {lead}\n"
    "              {tools}\n"
    "            </td>\n"
    "            {tail}\n"
    "            "
)
# A row holding only an activity's cells: the template's row with every branch but the
# activity's empty (templates/plans/plan_detail.html).
ACTIVITY_ROW = (
    '\n        <tr id="activity-{id}">\n'
    "          \n"
    "          \n"
    "            \n"
    "            {cell}\n"
    "          \n"
    "        </tr>\n"
    "        "
)
ACTIVITY_TOOLS = (
    "\n"
    '              <div class="row-tools">\n'
    '                <a class="button small secondary" href="{edit}#activity-{item}" '
    'hx-get="{edit}" hx-target="#goal-{goal}" hx-swap="outerHTML">{l_edit}</a>\n'
    '                <details class="row-more">\n'
    '                  <summary class="button small secondary" title="{l_more_title}">'
    "{l_more}</summary>\n"
    '                  <div class="row-more-list">\n'
    '                    <form method="post" action="{move}" hx-post="{move}" '
    'hx-target="#goal-{goal}" hx-swap="outerHTML" class="inline">{csrf}\n'
    '                      <button type="submit" name="direction" value="up" '
    'class="small secondary">↑ {l_up}</button>\n'
    '                      <button type="submit" name="direction" value="down" '
    'class="small secondary">↓ {l_down}</button>\n'
    "                    </form>\n"
    '                    <a class="button small secondary" href="{dependencies}">'
    "{l_dependencies}</a>\n"
    '                    <a class="button small danger" href="{delete}" hx-post="{delete}" '
    'hx-confirm="{l_confirm}" hx-target="#goal-{goal}" hx-swap="outerHTML">{l_delete}</a>\n'
    "                  </div>\n"
    "                </details>\n"
    "              </div>\n"
    "              "
)


def _url(view: str, plan_id: uuid.UUID) -> str:
    return escape(reverse(view, args=[plan_id, uuid.UUID(ITEM_SLOT)]))


@dataclass(frozen=True)
class ActivityCellWriter:
    """What every activity cell of the page prints the same, built once per page."""

    label: str
    tools: str  # with ITEM_SLOT and GOAL_SLOT for the row's ids; "" for a reader

    @classmethod
    def of(cls, context: Context) -> ActivityCellWriter:
        """The page's writer, made on its first row (a Context and its copies share it)."""
        return once_per_page(context, "_plan_activity_cells", lambda: cls._for(context))

    @classmethod
    def _for(cls, context: Context) -> ActivityCellWriter:
        tools = ""
        if context.get("can_edit"):
            plan_id = context["plan"].pk
            tools = ACTIVITY_TOOLS.format(
                edit=_url("plans:activity_edit", plan_id),
                move=_url("plans:activity_move", plan_id),
                dependencies=_url("plans:activity_dependencies", plan_id),
                delete=_url("plans:activity_delete", plan_id),
                item=ITEM_SLOT,
                goal=GOAL_SLOT,
                csrf=PageCsrfTokenNode().render(context),
                l_edit=escape(gettext("Edit")),
                l_more_title=escape(gettext("Move, prerequisites or delete")),
                l_more=escape(gettext("More")),
                l_up=escape(gettext("Move up")),
                l_down=escape(gettext("Move down")),
                l_dependencies=escape(gettext("Prerequisite activities")),
                l_confirm=escape(gettext("Delete this activity?")),
                l_delete=escape(gettext("Delete")),
            )
        return cls(label=escape(gettext("Planned activities")), tools=tools)

    def cell(self, goal_id: uuid.UUID, activity: ActivityCells) -> SafeString:
        """The activity's cell with its tools, then its description and funding cells."""
        tools = self.tools
        if tools:
            tools = tools.replace(ITEM_SLOT, str(activity.id)).replace(GOAL_SLOT, str(goal_id))
        return mark_safe(
            ACTIVITY_CELL.format(
                label=self.label, lead=activity.lead, tools=tools, tail=activity.tail
            )
        )

    def row(self, goal_id: uuid.UUID, activity: ActivityCells) -> SafeString:
        """A plain row (Row.plain): the <tr> with the activity's cells."""
        return mark_safe(ACTIVITY_ROW.format(id=activity.id, cell=self.cell(goal_id, activity)))
