"""The plan page's goal, milestone and activity cells written in Python (docs/decisions/0025).

Every row of Matriks 1 prints the same cells: a goal's or a milestone's statement with its
target, an activity's text and badges, then (for an editor) the row's tools — Edit, a "More"
menu with Move up and down, Delete, a form with its CSRF input, a dozen translated labels. The
template engine paid every node of that again on each row. Here each cell is one format string:
what every row prints the same (the labels, the URLs with the row's ids as slots) is built
once per process, language and right to edit, each page puts its plan and CSRF input in
(`MatrixCellWriter.of`) and each row slots its ids in. The whitespace is the template's, so
the page is the same byte for byte; the template keeps the page's structure and the open
forms, and calls this through the `plan_rows` tags.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from html import escape
from typing import Any

from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rembuk.core.page_context import once_per_page
from rembuk.core.slotted_urls import Slot, SlottedURL, uuid_slot
from rembuk.core.templatetags.page_csrf import PageCsrfTokenNode
from rembuk.core.templatetags.site_urls import page_table
from rembuk.plans.matrix_page import (
    ActivityCells,
    GoalView,
    Row,
    StatementCells,
    row_attributes,
)

# Stand for the row's activity and goal, the page's plan and CSRF input, in the text built once
# per process: UUIDs of version 0, which no record's id (uuid4) is or holds, so replacing their
# texts in the tools' markup changes nothing else.
ITEM_SLOT = uuid_slot(1)
GOAL_SLOT = uuid_slot(2)
PLAN_SLOT = uuid_slot(3)
CSRF_SLOT = f"csrf-{uuid.UUID(int=4)}"

ACTIVITY_CELL = (
    "\n"
    '            <td class="col-activity wrap-anywhere" data-label="{label}">\n'
    "              {lead}\n"
    "              {tools}\n"
    "            </td>\n"
    "            {tail}\n"
    "            "
)
# A row without a form: the template's row (templates/plans/plan_detail.html) with the goal's,
# the milestone's and the activity's cells where they start, else their branches' whitespace.
MATRIX_ROW = (
    "\n"
    "        <tr{attributes}>\n"
    "          {goal}\n"
    "          \n"
    "            {milestone}\n"
    "            {activity}\n"
    "          \n"
    "        </tr>\n"
    "        "
)
GOAL_PART = "\n          {cell}\n          "
MILESTONE_PART = "\n            {cell}\n            "
NO_ACTIVITY = (
    "\n"
    '            <td class="col-activity muted">-</td>\n'
    '            <td class="col-description muted">-</td>\n'
    '            <td class="col-funding muted">-</td>\n'
    "            "
)
# Every row's "More" menu (Move up and down, Delete, and for an activity its prerequisites),
# written at the indentation it has in the row's tools (`more_menu`).
MORE_MENU = (
    '<details class="row-more">\n'
    '  <summary class="button small secondary" title="{l_more_title}">{l_more}</summary>\n'
    '  <div class="row-more-list">\n'
    '    <form method="post" action="{move}" hx-post="{move}" hx-target="{target}" '
    'hx-swap="outerHTML" class="inline">{csrf}\n'
    '      <button type="submit" name="direction" value="up" class="small secondary">'
    "↑ {l_up}</button>\n"
    '      <button type="submit" name="direction" value="down" class="small secondary">'
    "↓ {l_down}</button>\n"
    "    </form>{more_links}\n"
    '    <a class="button small danger" href="{delete}" hx-post="{delete}" '
    'hx-confirm="{l_confirm}" hx-target="{target}" hx-swap="outerHTML">{l_delete}</a>\n'
    "  </div>\n"
    "</details>"
)
PREREQUISITES_LINK = (
    '\n    <a class="button small secondary" href="{dependencies}">{l_dependencies}</a>'
)
ACTIVITY_TOOLS = (
    "\n"
    '              <div class="row-tools">\n'
    '                <a class="button small secondary" href="{edit}#activity-{item}" '
    'hx-get="{edit}" hx-target="#goal-{goal}" hx-swap="outerHTML">{l_edit}</a>\n'
    "                {more}\n"
    "              </div>\n"
    "              "
)


GOAL_CELL = (
    '<td class="col-goal goal-cell wrap-anywhere" data-label="{label}" rowspan="{rowspan}">\n'
    "            \n"
    '            <div class="statement"><span class="number">{number}.</span> {statement}</div>\n'
    "            {target}\n"
    "            {year}\n"
    "            {tools}\n"
    "            \n"
    "          </td>"
)
GOAL_TOOLS = (
    "\n"
    '            <div class="row-tools">\n'
    '              <a class="button small secondary" href="{edit}#goal-{goal}" hx-get="{edit}" '
    'hx-target="#goal-{goal}" hx-swap="outerHTML">{l_edit}</a>\n'
    '              <a class="button small secondary" href="{milestone_add}#goal-{goal}" '
    'hx-get="{milestone_add}" hx-target="#goal-{goal}" hx-swap="outerHTML">'
    "+ {l_milestone}</a>\n"
    "              {more}\n"
    "            </div>\n"
    "            "
)
MILESTONE_CELL = (
    '<td class="col-milestone wrap-anywhere" data-label="{label}" rowspan="{rowspan}"{anchor}>\n'
    "              \n"
    "              {text}\n"
    "              {tools}\n"
    "              \n"
    "            </td>"
)
MILESTONE_TEXT = (
    "\n"
    '              <div class="statement">{statement}</div>\n'
    "              {target}\n"
    "              {year}\n"
    "              "
)
# The tools' frame around a milestone's links, or around the lone "+ Activity" of the
# activities that name no milestone.
MILESTONE_TOOLS = (
    "\n"
    '              <div class="row-tools">\n'
    "                {links}\n"
    "              </div>\n"
    "              "
)
MILESTONE_LINKS = (
    "\n"
    '                <a class="button small secondary" href="{edit}#milestone-{item}" '
    'hx-get="{edit}" hx-target="#goal-{goal}" hx-swap="outerHTML">{l_edit}</a>\n'
    '                <a class="button small secondary" href="{activity_add}?milestone={item}'
    '#goal-{goal}" hx-get="{activity_add}?milestone={item}" hx-target="#goal-{goal}" '
    'hx-swap="outerHTML">+ {l_activity}</a>\n'
    "                {more}\n"
    "                "
)
LOOSE_MILESTONE_LINKS = (
    "\n"
    '                <a class="button small secondary" href="{activity_add}#goal-{goal}" '
    'hx-get="{activity_add}" hx-target="#goal-{goal}" hx-swap="outerHTML">+ {l_activity}</a>\n'
    "                "
)


def _url(view: str, slot: Slot) -> str:
    """The URL of `view` for the plan and the row's `slot`, with their placeholders' texts."""
    return escape(SlottedURL(view, [PLAN_SLOT, slot]).text)


def more_menu(indent: int, more_links: str, **fields: str) -> str:
    """The "More" menu at `indent` spaces, its fields filled (`more_links`: a format string of
    the links it holds beside Move and Delete, as PREREQUISITES_LINK, or "")."""
    menu = MORE_MENU.replace("{more_links}", more_links).replace("\n", "\n" + " " * indent)
    return menu.format(**fields)


def _slotted(text: str, item: uuid.UUID | None, goal: uuid.UUID) -> str:
    """Text built once per page with the row's ids put in the slots' place."""
    if not text:
        return text
    if item is not None:
        text = text.replace(ITEM_SLOT.text, str(item))
    return text.replace(GOAL_SLOT.text, str(goal))


@dataclass(frozen=True)
class MatrixCellWriter:
    """What every goal, milestone and activity cell of the page prints the same; the tools hold
    ITEM_SLOT and GOAL_SLOT for the row's ids, and are "" for a reader."""

    goal_label: str
    milestone_label: str
    activity_label: str
    goal_tools: str
    milestone_tools: str
    loose_milestone_tools: str  # for the activities that name no milestone
    activity_tools: str

    @classmethod
    def of(cls, context: Context) -> MatrixCellWriter:
        """The page's writer, made on its first row (a Context and its copies share it)."""
        return once_per_page(context, "_plan_matrix_cells", lambda: cls._for_page(context))

    @classmethod
    def _for_page(cls, context: Context) -> MatrixCellWriter:
        """The writer kept for this URL configuration, language and right to edit, with the
        page's plan and CSRF input put in (the right itself is the view's, on every request)."""
        can_edit = bool(context.get("can_edit"))
        key = (page_table(context).key, can_edit)
        kept = _KEPT.get(key)
        if kept is None:
            kept = _KEPT[key] = cls._fixed(can_edit)
        if not can_edit:
            return kept
        plan, csrf = str(context["plan"].pk), PageCsrfTokenNode().render(context)
        return dataclasses.replace(
            kept,
            **{
                name: getattr(kept, name).replace(PLAN_SLOT.text, plan).replace(CSRF_SLOT, csrf)
                for name in TOOLS
            },
        )

    @classmethod
    def _fixed(cls, can_edit: bool) -> MatrixCellWriter:
        """What every page prints the same in the active language, its plan and CSRF input as
        slots."""
        # The labels are printed as {% translate %} prints a message: as the catalogue has it.
        goal_tools = milestone_tools = loose_milestone_tools = activity_tools = ""
        if can_edit:
            slots = {"item": ITEM_SLOT.text, "goal": GOAL_SLOT.text}
            shared = {
                "csrf": CSRF_SLOT,
                "l_more": gettext("More"),
                "l_up": gettext("Move up"),
                "l_down": gettext("Move down"),
                "l_delete": gettext("Delete"),
            }

            def menu(kind: str, slot: Slot, indent: int, target: str, **fields: str) -> str:
                """The menu of a goal, milestone or activity: its plans:<kind>_move and
                plans:<kind>_delete, the htmx swap of `target`."""
                return more_menu(
                    indent,
                    PREREQUISITES_LINK if kind == "activity" else "",
                    **shared,
                    **fields,
                    move=_url(f"plans:{kind}_move", slot),
                    delete=_url(f"plans:{kind}_delete", slot),
                    target=target,
                )

            activity_add = _url("plans:activity_add", GOAL_SLOT)
            goal_tools = GOAL_TOOLS.format(
                **slots,
                edit=_url("plans:goal_edit", GOAL_SLOT),
                milestone_add=_url("plans:milestone_add", GOAL_SLOT),
                l_edit=gettext("Edit"),
                l_milestone=gettext("Intermediate goal"),
                more=menu(
                    "goal",
                    GOAL_SLOT,
                    14,
                    "#matrix",
                    l_more_title=gettext("Move or delete"),
                    l_confirm=gettext(
                        "Delete this goal with its intermediate goals and activities?"
                    ),
                ),
            )
            milestone_tools = MILESTONE_TOOLS.format(
                links=MILESTONE_LINKS.format(
                    **slots,
                    edit=_url("plans:milestone_edit", ITEM_SLOT),
                    activity_add=activity_add,
                    l_edit=gettext("Edit"),
                    l_activity=gettext("Activity"),
                    more=menu(
                        "milestone",
                        ITEM_SLOT,
                        16,
                        f"#goal-{GOAL_SLOT.text}",
                        l_more_title=gettext("Move or delete"),
                        l_confirm=gettext(
                            "Delete this intermediate goal and the activities planned under it?"
                        ),
                    ),
                )
            )
            loose_milestone_tools = MILESTONE_TOOLS.format(
                links=LOOSE_MILESTONE_LINKS.format(
                    **slots, activity_add=activity_add, l_activity=gettext("Activity")
                )
            )
            activity_tools = ACTIVITY_TOOLS.format(
                **slots,
                edit=_url("plans:activity_edit", ITEM_SLOT),
                l_edit=gettext("Edit"),
                more=menu(
                    "activity",
                    ITEM_SLOT,
                    16,
                    f"#goal-{GOAL_SLOT.text}",
                    dependencies=_url("plans:activity_dependencies", ITEM_SLOT),
                    l_more_title=gettext("Move, prerequisites or delete"),
                    l_dependencies=gettext("Prerequisite activities"),
                    l_confirm=gettext("Delete this activity?"),
                ),
            )
        return cls(
            goal_label=gettext("Goal and target"),
            milestone_label=gettext("Intermediate goal and its target value"),
            activity_label=gettext("Planned activities"),
            goal_tools=goal_tools,
            milestone_tools=milestone_tools,
            loose_milestone_tools=loose_milestone_tools,
            activity_tools=activity_tools,
        )

    # The cells and rows are markup, marked safe where they leave for the page (the rows of a
    # goal here, a cell or row in rembuk.plans.templatetags.plan_rows), once.

    def goal_cell(self, number: int, goal: StatementCells, rowspan: int) -> str:
        """A goal's cell, spanning its rows, with its tools."""
        return GOAL_CELL.format(
            label=self.goal_label,
            rowspan=rowspan,
            number=number,
            statement=goal.statement,
            target=goal.target_line,
            year=goal.year_line,
            tools=_slotted(self.goal_tools, None, goal.id),
        )

    def milestone_cell(
        self, goal_id: uuid.UUID, milestone: StatementCells | None, rowspan: int
    ) -> str:
        """A milestone's cell, spanning its activities' rows, with its tools; a dash and a
        "+ Activity" for the activities that name no milestone."""
        if milestone is None:
            anchor, text = "", '<span class="muted">-</span>'
            tools = _slotted(self.loose_milestone_tools, None, goal_id)
        else:
            anchor = f' id="milestone-{milestone.id}"'
            text = MILESTONE_TEXT.format(
                statement=milestone.statement,
                target=milestone.target_line,
                year=milestone.year_line,
            )
            tools = _slotted(self.milestone_tools, milestone.id, goal_id)
        return MILESTONE_CELL.format(
            label=self.milestone_label, rowspan=rowspan, anchor=anchor, text=text, tools=tools
        )

    def activity_cell(self, goal_id: uuid.UUID, activity: ActivityCells) -> str:
        """The activity's cell with its tools, then its description and funding cells."""
        return ACTIVITY_CELL.format(
            label=self.activity_label,
            lead=activity.lead,
            tools=_slotted(self.activity_tools, activity.id, goal_id),
            tail=activity.tail,
        )

    def row(self, gv: GoalView, row: Row) -> str:
        """A row without a form (Row.written), the <tr> whole."""
        goal_id = gv.goal.id
        return MATRIX_ROW.format(
            attributes=row_attributes(row.activity),
            goal=GOAL_PART.format(cell=self.goal_cell(gv.number, gv.goal, row.goal_rowspan))
            if row.goal_rowspan
            else "",
            milestone=MILESTONE_PART.format(
                cell=self.milestone_cell(goal_id, row.milestone, row.milestone_rowspan)
            )
            if row.milestone_rowspan
            else "",
            activity=self.activity_cell(goal_id, row.activity) if row.activity else NO_ACTIVITY,
        )

    def rows(self, gv: GoalView) -> SafeString:
        """All the rows of a goal without a form (GoalView.written)."""
        return mark_safe("".join(self.row(gv, row) for row in gv.rows))


TOOLS = tuple(
    field.name for field in dataclasses.fields(MatrixCellWriter) if field.name.endswith("_tools")
)
# The writers without a page's plan and CSRF input, by the page's URL table's key (URL
# configuration, script prefix, language: what their URLs and labels depend on) and the right
# to edit.
_KEPT: dict[tuple[Any, bool], MatrixCellWriter] = {}
