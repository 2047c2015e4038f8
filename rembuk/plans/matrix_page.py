"""The Matriks 1 page as rows, and what every view of it shares.

Every edit URL serves two clients from one template (plans/plan_detail.html): with htmx it
returns the fragment that changed (a goal's rows, or the whole matrix for goal-level changes);
without JavaScript it returns the whole plan page with the form in place, and successful posts
redirect back to the plan, anchored to the row.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import FilteredRelation, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from rembuk.core.forms import add_service_errors
from rembuk.core.history import EditConflict
from rembuk.core.htmx import is_htmx
from rembuk.core.prepared import PreparedRead
from rembuk.core.translated import per_language
from rembuk.people.permissions import can_edit_plan_of, can_view_region
from rembuk.plans import selectors
from rembuk.plans.forms import PlanAdoptForm
from rembuk.plans.models import (
    MUSRENBANG_AUTHORITIES,
    Activity,
    Authority,
    FundingSource,
    Goal,
    LivelihoodPlan,
    year_unless_named,
)
from rembuk.plans.selectors import PagePlan

DETAIL = "plans/plan_detail.html"


@dataclass
class Editing:
    """Which form is open on the plan page, and where it posts and swaps."""

    kind: str  # goal | milestone | activity | goal_add | milestone_add | activity_add
    form: forms.Form
    action: str
    target: str  # id of the element an htmx response replaces: "matrix" or "goal-<id>"
    cancel: str  # full page URL (no JavaScript)
    cancel_fragment: str  # URL that returns the read-only fragment (htmx)
    title: str = ""
    item_id: uuid.UUID | None = None  # the edited item; the goal for *_add
    milestone_id: uuid.UUID | None = None  # activity_add: the milestone the new row goes under
    conflicts: list[tuple[str, str]] = field(default_factory=list)


class Cells:
    """A row's printed values. The template engine tries `value[name]` before `getattr` and pays
    an exception for every lookup on a plain object; answering it spares that on each cell."""

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


LINE_ENDS = re.compile(r"\r\n|\r")


def text_html(text: str) -> str:
    """What `{{ text|linebreaksbr }}` prints: escaped, line breaks as <br> (html.escape is what
    Django's escape runs, without its lazy-text wrapper). Markup, not marked safe: the cells
    below are written into the page only by rembuk.plans.matrix_cells, which marks its
    finished cells and rows."""
    if "\r" in text:
        text = LINE_ENDS.sub("\n", text)
    return escape(text).replace("\n", "<br>")


@dataclass(frozen=True)
class RowLabels:
    """What every row prints the same, translated and escaped once per process and language
    (they depend on nothing else; the catalogues are read once per process): the choice labels
    (each row asking its model for them built the choices map and translated it again), the
    cells' labels on a phone, the Musrenbang badge, the words around a target and its year."""

    authority: dict[str, str]
    funding: dict[str, str]
    authority_title: str
    proposal_badge: str
    description: str
    funding_sources: str
    target: str
    by_year: str  # a translation, printed as the template's {% blocktranslate %} printed it

    @staticmethod
    def now() -> RowLabels:
        """The labels in the active language (made once per process and language)."""
        return _row_labels()

    @classmethod
    def _translated(cls) -> RowLabels:
        return cls(
            authority={code: escape(str(label)) for code, label in Authority.choices},
            funding={code: escape(str(label)) for code, label in FundingSource.choices},
            authority_title=escape(gettext("Authority (kewenangan)")),
            # Outside an f-string, where makemessages finds it.
            proposal_badge='<span class="badge proposal">'
            + escape(gettext("Musrenbang"))
            + "</span>",
            description=escape(gettext("Description of the activity")),
            funding_sources=escape(gettext("Funding sources")),
            target=escape(gettext("Target")),
            by_year=gettext("by %(year)s"),
        )


@per_language
def _row_labels() -> RowLabels:
    return RowLabels._translated()


# An activity row's cells but its tools, which rembuk.plans.matrix_cells writes between them:
# 30 to 200 rows of the same markup, written here in one format each
# (docs/decisions/0025). The whitespace is the template's, so the page is the same.
ACTIVITY_LEAD = (
    "<div>{name}</div>\n"
    '              <div class="badges">\n'
    '                <span class="badge authority authority-{authority}" title="{title}">'
    "{authority_label}</span>\n"
    "                {proposal}\n"
    "              </div>"
)
ACTIVITY_TAIL = (
    '<td class="col-description wrap-anywhere" data-label="{description_label}">'
    "{description}</td>\n"
    '            <td class="col-funding wrap-anywhere" data-label="{funding_label}">\n'
    "              {funding}\n"
    "              {note}\n"
    "            </td>"
)


@dataclass
class ActivityCells(Cells):
    id: uuid.UUID
    # Markup (see text_html):
    lead: str  # the activity cell's text and badges, before its tools
    tail: str  # the description and funding cells

    @classmethod
    def of(
        cls,
        labels: RowLabels,
        id: uuid.UUID,
        name: str,
        description: str,
        authority: str,
        funding_sources: list[str],
        funding_note: str,
    ) -> ActivityCells:
        funding = [labels.funding.get(code) or escape(code) for code in funding_sources]
        lead = ACTIVITY_LEAD.format(
            name=text_html(name),
            authority=escape(authority),
            title=labels.authority_title,
            authority_label=labels.authority.get(authority) or escape(authority),
            proposal=labels.proposal_badge if authority in MUSRENBANG_AUTHORITIES else "",
        )
        tail = ACTIVITY_TAIL.format(
            description_label=labels.description,
            description=text_html(description) if description else "-",
            funding_label=labels.funding_sources,
            funding=", ".join(funding) or "-",
            note=f'<div class="note">{escape(funding_note)}</div>' if funding_note else "",
        )
        return cls(id=id, lead=lead, tail=tail)


@dataclass
class StatementCells(Cells):
    """A goal's or a milestone's statement, with its target and target year as the lines the
    cell prints ("" when there is none), as markup (see text_html)."""

    id: uuid.UUID
    statement: str
    target_line: str
    year_line: str

    @classmethod
    def of(
        cls,
        labels: RowLabels,
        id: uuid.UUID,
        statement: str,
        target: str,
        target_year: int | None,
    ) -> StatementCells:
        year = year_unless_named(target, target_year)
        return cls(
            id=id,
            statement=text_html(statement),
            target_line=(
                f'<div class="target">{labels.target}: {text_html(target)}</div>' if target else ""
            ),
            year_line=f'<div class="year">({labels.by_year % {"year": year}})</div>'
            if year
            else "",
        )


@dataclass
class GoalRows:
    """A goal with its milestones in order, each with its activities in order; a milestone of
    None holds the activities that name no milestone (plans.selectors.goal_block's grouping)."""

    number: int
    goal: StatementCells
    milestones: list[tuple[StatementCells | None, list[ActivityCells]]]


ORDER = ("position", "changed_at")
# The page's two reads by the plan's id, their SQL compiled once per thread
# (rembuk.core.prepared): compiling them cost more than running them.
_GOALS_WITH_MILESTONES = PreparedRead(
    lambda plan_id: (
        Goal.objects.filter(plan_id=plan_id)
        .annotate(
            live_milestone=FilteredRelation("milestones", condition=Q(milestones__is_deleted=False))
        )
        .order_by(*ORDER, "live_milestone__position", "live_milestone__changed_at")
        .values_list(
            "id",
            "statement",
            "target",
            "target_year",
            "live_milestone__id",
            "live_milestone__statement",
            "live_milestone__target_value",
            "live_milestone__target_year",
        )
    ),
    Goal._meta.get_field("plan"),
)
_ACTIVITIES = PreparedRead(
    lambda plan_id: (
        Activity.objects.filter(goal__plan_id=plan_id)
        .order_by(*ORDER)
        .values_list(
            "goal_id",
            "milestone_id",
            "id",
            "name",
            "description",
            "authority",
            "funding_sources",
            "funding_note",
        )
    ),
    Goal._meta.get_field("plan"),
)


def matrix_rows(plan_id: uuid.UUID, labels: RowLabels) -> list[GoalRows]:
    """What plans.selectors.plan_matrix() reads, as the page prints it: plain values, no model
    instances, no prefetch. Two queries: the goals with their live milestones (one join), and
    the activities."""
    goals: dict[uuid.UUID, StatementCells] = {}
    milestones: dict[uuid.UUID, list[StatementCells]] = defaultdict(list)
    for goal_id, statement, target, year, *milestone in _GOALS_WITH_MILESTONES.rows(plan_id):
        if goal_id not in goals:
            goals[goal_id] = StatementCells.of(labels, goal_id, statement, target, year)
        if milestone[0] is not None:
            milestones[goal_id].append(StatementCells.of(labels, *milestone))
    activities: dict[uuid.UUID, list[tuple[uuid.UUID | None, ActivityCells]]] = defaultdict(list)
    for goal_id, milestone_id, *values in _ACTIVITIES.rows(plan_id):
        activities[goal_id].append((milestone_id, ActivityCells.of(labels, *values)))
    rows = []
    for number, (goal_id, goal) in enumerate(goals.items(), start=1):
        by_milestone: dict[uuid.UUID | None, list[ActivityCells]] = defaultdict(list)
        for milestone_id, activity in activities.get(goal_id, []):
            by_milestone[milestone_id].append(activity)
        blocks: list[tuple[StatementCells | None, list[ActivityCells]]] = [
            (milestone, by_milestone.pop(milestone.id, []))
            for milestone in milestones.get(goal_id, [])
        ]
        # Activities without a milestone (or pointing at a deleted one) still show.
        leftovers = [activity for cells in by_milestone.values() for activity in cells]
        if leftovers or not blocks:
            blocks.append((None, leftovers))
        rows.append(GoalRows(number, goal, blocks))
    return rows


@dataclass
class Row(Cells):
    goal_rowspan: int = 0
    milestone: StatementCells | None = None  # on the first row of a milestone that exists
    milestone_rowspan: int = 0
    edit_milestone: bool = False
    activity: ActivityCells | None = None
    # An open form in the row: over its three activity cells, or wide (milestone and activity
    # cells). Booleans, so the template tests a lookup, not a comparison, on every row.
    activity_form: bool = False
    wide_form: bool = False
    # No form open in the row: rembuk.plans.matrix_cells writes it whole.
    written: bool = False

    @property
    def attributes(self) -> SafeString:
        return mark_safe(row_attributes(self.activity))


def row_attributes(activity: ActivityCells | None) -> str:
    """A row's <tr> attributes: an activity's row is its anchor."""
    return f' id="activity-{activity.id}"' if activity else ""


@dataclass
class GoalView(Cells):
    number: int
    goal: StatementCells
    rows: list[Row]
    editing_goal: bool
    written: bool  # no form open in its rows: rembuk.plans.matrix_cells writes them all


def goal_view(block: GoalRows, editing: Editing | None) -> GoalView:
    """The rows of one goal, with rowspans, their printed values, and where an open form goes.
    The rows without a form, and the goal, milestone and activity cells, are written by
    rembuk.plans.matrix_cells; the template writes the rows with an open form."""
    goal_id = block.goal.id
    kind = editing.kind if editing else ""
    item_id = editing.item_id if editing else None
    under = editing.milestone_id if editing else None
    adding_here = kind in ("activity_add", "milestone_add") and item_id == goal_id
    rows: list[Row] = []
    placed = False
    for milestone, activities in block.milestones:
        milestone_id = milestone.id if milestone else None
        items = [
            Row(
                activity=activity,
                activity_form=kind == "activity" and item_id == activity.id,
            )
            for activity in activities
        ]
        if adding_here and kind == "activity_add" and under == milestone_id:
            items.append(Row(activity_form=True))
            placed = True
        if not items:
            items = [Row()]
        items[0].milestone = milestone
        items[0].milestone_rowspan = len(items)
        items[0].edit_milestone = bool(
            kind == "milestone" and milestone_id and item_id == milestone_id
        )
        rows.extend(items)
    if adding_here and (kind == "milestone_add" or not placed):
        rows.append(Row(wide_form=True))
    rows[0].goal_rowspan = len(rows)
    editing_goal = kind == "goal" and item_id == goal_id
    for row in rows:
        row.written = not (
            row.wide_form
            or row.activity_form
            or row.edit_milestone
            or (row.goal_rowspan and editing_goal)
        )
    return GoalView(
        number=block.number,
        goal=block.goal,
        rows=rows,
        editing_goal=editing_goal,
        written=all(row.written for row in rows),
    )


def goal_views(plan_id: uuid.UUID, editing: Editing | None) -> list[GoalView]:
    return [goal_view(block, editing) for block in matrix_rows(plan_id, RowLabels.now())]


def plan_context(
    request: HttpRequest, plan: LivelihoodPlan | PagePlan, editing: Editing | None = None
) -> dict[str, Any]:
    page = plan if isinstance(plan, PagePlan) else PagePlan.of(plan)
    kecamatan = page.kecamatan
    return {
        "plan": page,
        "desa": page.desa,
        "kecamatan": kecamatan,
        "kabupaten": page.kabupaten,
        "goal_views": goal_views(page.id, editing),
        "editing": editing,
        "can_edit": can_edit_plan_of(request.user, page.desa.code),
        "can_see_musrenbang": kecamatan is not None
        and can_view_region(request.user, kecamatan.code),
        "adopt_form": PlanAdoptForm() if page.status == LivelihoodPlan.Status.DRAFT else None,
    }


def render_plan(
    request: HttpRequest,
    plan: LivelihoodPlan | PagePlan,
    editing: Editing | None = None,
    goal_id: uuid.UUID | None = None,
) -> HttpResponse:
    """The whole page, or (htmx) the matrix or one goal's rows."""
    context = plan_context(request, plan, editing)
    if not is_htmx(request):
        return render(request, DETAIL, context)
    if goal_id is None:
        return render(request, f"{DETAIL}#matrix", context)
    for goal_view in context["goal_views"]:
        if goal_view.goal.id == goal_id:
            return render(request, f"{DETAIL}#goal_block", {**context, "gv": goal_view})
    # The goal is gone (deleted meanwhile): the whole matrix is the honest answer.
    return render(request, f"{DETAIL}#matrix", context)


def after_change(
    request: HttpRequest,
    plan: LivelihoodPlan,
    anchor: str,
    goal_id: uuid.UUID | None = None,
    *,
    show: bool = True,
) -> HttpResponse:
    """The page after a change, at the item changed (`anchor`, the id of its row or block)."""
    if is_htmx(request):
        response = render_plan(request, plan, goal_id=goal_id)
        if show:
            # A saved form gives way to the item's shorter rows while the page stays where the
            # form's Save button was, the item a screen or more above it (on a phone, two):
            # the item is brought to the top, as the redirect's #anchor does without htmx. A
            # move leaves the page where it is: the row stays beside the buttons pressed.
            response["HX-Reswap"] = f"outerHTML show:#{anchor}:top"
        return response
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#{anchor}")


def take_conflict(form: forms.Form, error: EditConflict, obj: Any) -> list[tuple[str, str]]:
    """Keep the person's text, show the current one, and let the next save start from now."""
    current = selectors.current_version(obj)
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
    data["base_version"] = str(current or "")
    form.data = data
    form.add_error(None, error)
    return error.labelled()


def save_edit(
    form: forms.Form, obj: Any, update: Callable[..., Any], *, actor: Any
) -> tuple[bool, list[tuple[str, str]]]:
    """Save a bound, valid edit form through a service's update (`update` is the service with
    its record given, e.g. partial(services.goal_update, goal=goal)); returns whether it was
    saved, and the conflicts of a stale edit to show beside the person's text. A refusal goes
    on the form."""
    changes = form.changes()  # type: ignore[attr-defined]  # the plan's edit forms have it
    try:
        update(actor=actor, base_version=form.cleaned_data["base_version"], **changes)
    except EditConflict as conflict:
        return False, take_conflict(form, conflict, obj)
    except ValidationError as error:
        add_service_errors(form, error)
        return False, []
    return True, []


def editable_plan(request: HttpRequest, plan_id: uuid.UUID) -> LivelihoodPlan:
    return selectors.plan_editable_by(request.user, plan_id)


def direction_of(request: HttpRequest) -> Any:
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    return direction


def confirm_page(
    request: HttpRequest, plan: LivelihoodPlan, *, what: str, text: str, consequence: str
) -> HttpResponse:
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "what": what,
            "text": text,
            "consequence": consequence,
            "cancel": reverse("plans:plan_detail", args=[plan.pk]),
        },
    )
