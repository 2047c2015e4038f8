"""The plan page's goal, milestone and activity cells and rows written in Python
(rembuk.plans.matrix_cells) print what the template printed, byte for byte: each is held equal
to the template markup it replaced, rendered by Django's engine in the same context, in both
languages, for an editor and a reader, with text a person could type (markup, quotes,
ampersands, line breaks) and unknown codes."""

from __future__ import annotations

import dataclasses

import pytest
from django.template import Context, engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from rembuk.core.testing import (
    ActivityFactory,
    GoalFactory,
    MilestoneFactory,
    PlanFactory,
    region,
    user_with_role,
)
from rembuk.plans.matrix_page import DETAIL, plan_context

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"kutip\"\nbaris 2 / 50%"

# The activity cell as the template wrote it before matrix_cells: the reference. (`|safe`: the
# cells' markup was a SafeString then; it is marked safe now only where it is written.)
REFERENCE = (
    "{% stamp goal=gv.goal.id item=row.activity.id lead=row.activity.lead|safe "
    "tail=row.activity.tail|safe %}\n"
    '            <td class="col-activity wrap-anywhere" data-label="{{ '
    'activity_label }}">\n'
    "              {{ lead }}\n"
    "              {% if can_edit %}\n"
    '              <div class="row-tools">\n'
    '                <a class="button small secondary" href="{% page_url '
    "'plans:activity_edit' plan.pk item %}#activity-{{ item }}\" hx-get=\"{% "
    "page_url 'plans:activity_edit' plan.pk item %}\" hx-target=\"#goal-{{ "
    'goal }}" hx-swap="outerHTML">{% translate "Edit" %}</a>\n'
    '                <details class="row-more">\n'
    '                  <summary class="button small secondary" title="{% '
    'translate \'Move, prerequisites or delete\' %}">{% translate "More" %}</summary>\n'
    '                  <div class="row-more-list">\n'
    '                    <form method="post" action="{% page_url '
    "'plans:activity_move' plan.pk item %}\" hx-post=\"{% page_url "
    '\'plans:activity_move\' plan.pk item %}" hx-target="#goal-{{ goal }}" '
    'hx-swap="outerHTML" class="inline">{% csrf_token %}\n'
    '                      <button type="submit" name="direction" '
    'value="up" class="small secondary">↑ {% translate "Move up" %}</button>\n'
    '                      <button type="submit" name="direction" '
    'value="down" class="small secondary">↓ {% translate "Move down" %}</button>\n'
    "                    </form>\n"
    '                    <a class="button small secondary" href="{% '
    "page_url 'plans:activity_dependencies' plan.pk item %}\">{% translate "
    '"Prerequisite activities" %}</a>\n'
    '                    <a class="button small danger" href="{% page_url '
    "'plans:activity_delete' plan.pk item %}\" hx-post=\"{% page_url "
    "'plans:activity_delete' plan.pk item %}\" hx-confirm=\"{% translate "
    '\'Delete this activity?\' %}" hx-target="#goal-{{ goal }}" '
    'hx-swap="outerHTML">{% translate "Delete" %}</a>\n'
    "                  </div>\n"
    "                </details>\n"
    "              </div>\n"
    "              {% endif %}\n"
    "            </td>\n"
    "            {{ tail }}\n"
    "            {% endstamp %}"
)

# The goal's and the milestone's cells as the template wrote them before matrix_cells, but
# their open forms, which the template still writes: the references.
GOAL_REFERENCE = (
    '<td class="col-goal goal-cell wrap-anywhere" data-label="{% translate \'Goal and'
    ' target\' %}" rowspan="{{ row.goal_rowspan }}">\n'
    "            \n"
    '            <div class="statement"><span class="number">{{ gv.number }}.</span> {{'
    " gv.goal.statement|safe }}</div>\n"
    "            {{ gv.goal.target_line|safe }}\n"
    "            {{ gv.goal.year_line|safe }}\n"
    "            {% if can_edit %}{% stamp goal=gv.goal.id %}\n"
    '            <div class="row-tools">\n'
    '              <a class="button small secondary" href="{% page_url \'plans:goal_edit\''
    " plan.pk goal %}#goal-{{ goal }}\" hx-get=\"{% page_url 'plans:goal_edit' plan.pk goal"
    ' %}" hx-target="#goal-{{ goal }}" hx-swap="outerHTML">{% translate "Edit" %}</a>\n'
    '              <a class="button small secondary" href="{% page_url'
    " 'plans:milestone_add' plan.pk goal %}#goal-{{ goal }}\" hx-get=\"{% page_url"
    ' \'plans:milestone_add\' plan.pk goal %}" hx-target="#goal-{{ goal }}"'
    ' hx-swap="outerHTML">+ {% translate "Intermediate goal" %}</a>\n'
    '              <details class="row-more">\n'
    '                <summary class="button small secondary" title="{% translate \'Move or'
    ' delete\' %}">{% translate "More" %}</summary>\n'
    '                <div class="row-more-list">\n'
    '                  <form method="post" action="{% page_url \'plans:goal_move\' plan.pk'
    ' goal %}" hx-post="{% page_url \'plans:goal_move\' plan.pk goal %}" hx-target="#matrix"'
    ' hx-swap="outerHTML" class="inline">{% csrf_token %}\n'
    '                    <button type="submit" name="direction" value="up" class="small'
    ' secondary">↑ {% translate "Move up" %}</button>\n'
    '                    <button type="submit" name="direction" value="down" class="small'
    ' secondary">↓ {% translate "Move down" %}</button>\n'
    "                  </form>\n"
    '                  <a class="button small danger" href="{% page_url'
    " 'plans:goal_delete' plan.pk goal %}\" hx-post=\"{% page_url 'plans:goal_delete'"
    ' plan.pk goal %}" hx-confirm="{% translate \'Delete this goal with its intermediate'
    ' goals and activities?\' %}" hx-target="#matrix" hx-swap="outerHTML">{% translate'
    ' "Delete" %}</a>\n'
    "                </div>\n"
    "              </details>\n"
    "            </div>\n"
    "            {% endstamp %}{% endif %}\n"
    "            \n"
    "          </td>"
)
MILESTONE_REFERENCE = (
    '<td class="col-milestone wrap-anywhere" data-label="{{ milestone_label }}"'
    ' rowspan="{{ row.milestone_rowspan }}"{% if row.milestone %} id="milestone-{{'
    ' row.milestone.id }}"{% endif %}>\n'
    "              \n"
    "              {% if row.milestone %}\n"
    '              <div class="statement">{{ row.milestone.statement|safe }}</div>\n'
    "              {{ row.milestone.target_line|safe }}\n"
    "              {{ row.milestone.year_line|safe }}\n"
    '              {% else %}<span class="muted">-</span>{% endif %}\n'
    "              {% if can_edit %}\n"
    '              <div class="row-tools">\n'
    "                {% if row.milestone %}{% stamp goal=gv.goal.id item=row.milestone.id"
    " %}\n"
    '                <a class="button small secondary" href="{% page_url'
    " 'plans:milestone_edit' plan.pk item %}#milestone-{{ item }}\" hx-get=\"{% page_url"
    ' \'plans:milestone_edit\' plan.pk item %}" hx-target="#goal-{{ goal }}"'
    ' hx-swap="outerHTML">{% translate "Edit" %}</a>\n'
    '                <a class="button small secondary" href="{% page_url'
    " 'plans:activity_add' plan.pk goal %}?milestone={{ item }}#goal-{{ goal }}\""
    " hx-get=\"{% page_url 'plans:activity_add' plan.pk goal %}?milestone={{ item }}\""
    ' hx-target="#goal-{{ goal }}" hx-swap="outerHTML">+ {% translate "Activity" %}</a>\n'
    '                <details class="row-more">\n'
    '                  <summary class="button small secondary" title="{% translate \'Move'
    ' or delete\' %}">{% translate "More" %}</summary>\n'
    '                  <div class="row-more-list">\n'
    '                    <form method="post" action="{% page_url \'plans:milestone_move\''
    ' plan.pk item %}" hx-post="{% page_url \'plans:milestone_move\' plan.pk item %}"'
    ' hx-target="#goal-{{ goal }}" hx-swap="outerHTML" class="inline">{% csrf_token %}\n'
    '                      <button type="submit" name="direction" value="up" class="small'
    ' secondary">↑ {% translate "Move up" %}</button>\n'
    '                      <button type="submit" name="direction" value="down"'
    ' class="small secondary">↓ {% translate "Move down" %}</button>\n'
    "                    </form>\n"
    '                    <a class="button small danger" href="{% page_url'
    " 'plans:milestone_delete' plan.pk item %}\" hx-post=\"{% page_url"
    " 'plans:milestone_delete' plan.pk item %}\" hx-confirm=\"{% translate 'Delete this"
    ' intermediate goal and the activities planned under it?\' %}" hx-target="#goal-{{ goal'
    ' }}" hx-swap="outerHTML">{% translate "Delete" %}</a>\n'
    "                  </div>\n"
    "                </details>\n"
    "                {% endstamp %}{% else %}{% stamp goal=gv.goal.id %}\n"
    '                <a class="button small secondary" href="{% page_url'
    " 'plans:activity_add' plan.pk goal %}#goal-{{ goal }}\" hx-get=\"{% page_url"
    ' \'plans:activity_add\' plan.pk goal %}" hx-target="#goal-{{ goal }}"'
    ' hx-swap="outerHTML">+ {% translate "Activity" %}</a>\n'
    "                {% endstamp %}{% endif %}\n"
    "              </div>\n"
    "              {% endif %}\n"
    "              \n"
    "            </td>"
)

LOADS = "{% load i18n page_i18n page_urls plan_rows stamps page_csrf %}"


def rendered(source: str, context: Context) -> str:
    return engines["django"].engine.from_string(LOADS + source).render(context)  # type: ignore[attr-defined]


@pytest.fixture
def plan_page():
    """The plan page's context pieces for a plan with hostile activities, and its editor."""
    plan = PlanFactory(desa=region("53.18.11.2006"))
    goal = GoalFactory(plan=plan, statement=HOSTILE)
    milestone = MilestoneFactory(goal=goal, statement=HOSTILE)
    ActivityFactory(
        goal=goal,
        milestone=milestone,
        name=HOSTILE,
        description=HOSTILE,
        authority="kabupaten",
        funding_sources=["csr", "x<y"],
        funding_note=HOSTILE,
        position=0,
    )
    ActivityFactory(goal=goal, milestone=milestone, description="", position=1)
    ActivityFactory(goal=goal, milestone=None, name="tanpa tujuan antara")
    return plan, user_with_role("kecamatan", "53.18.11", language="en")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_activity_cells_print_what_the_template_printed(plan_page, language, can_edit):
    plan, editor = plan_page
    request = RequestFactory().get("/")
    request.user = editor
    with translation.override(language):
        context = plan_context(request, plan)
        assert context["can_edit"]
        context["can_edit"] = can_edit
        mine_page = Context({**context, "csrf_token": "a-token"})
        reference_page = Context({**context, "csrf_token": "a-token"})
        cells = 0
        for gv in context["goal_views"]:
            for row in gv.rows:
                if row.activity is None:
                    continue
                cells += 1
                with mine_page.push(gv=gv, row=row), reference_page.push(gv=gv, row=row):
                    label = "{% translate 'Planned activities' as activity_label %}"
                    mine = rendered("{% activity_cell gv.goal.id row.activity %}", mine_page)
                    assert mine == rendered(label + REFERENCE, reference_page)
                    assert "<script>" not in mine
                    assert (str(row.activity.id) in mine) is can_edit
                    assert ("a-token" in mine) is can_edit
        assert cells == 3


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_written_rows_print_what_the_templates_rows_printed(plan_page, language, can_edit):
    """A goal's rows written whole ({% goal_rows %}), or row by row ({% matrix_row %}, as beside
    an open form), equal the rows the template writes: rows that open a goal's or a
    milestone's cell, plain activity rows, the dash row of a goal with nothing under it."""
    plan, editor = plan_page
    ActivityFactory(goal=plan.goals.get(), milestone=None, name=HOSTILE, position=2)
    GoalFactory(plan=plan, statement=HOSTILE, target=HOSTILE, position=9)
    request = RequestFactory().get("/")
    request.user = editor
    with translation.override(language):
        context = {**plan_context(request, plan), "can_edit": can_edit, "csrf_token": "a-token"}
        assert sorted(len(gv.rows) for gv in context["goal_views"]) == [1, 4]
        for gv in context["goal_views"]:
            assert gv.written and all(row.written for row in gv.rows)
            by_row = dataclasses.replace(gv, written=False)
            templated = dataclasses.replace(
                by_row, rows=[dataclasses.replace(row, written=False) for row in gv.rows]
            )
            mine = render_to_string(f"{DETAIL}#goal_block", {**context, "gv": gv})
            assert mine == render_to_string(f"{DETAIL}#goal_block", {**context, "gv": by_row})
            assert mine == render_to_string(f"{DETAIL}#goal_block", {**context, "gv": templated})
            assert "<script>" not in mine


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_goal_and_milestone_cells_print_what_the_template_printed(
    plan_page, language, can_edit
):
    """Each goal's cell, each milestone's, and the dash cell of the activities that name no
    milestone (with its lone "+ Activity"); a goal with nothing under it too."""
    plan, editor = plan_page
    GoalFactory(plan=plan, statement="Tanpa apa-apa", target="", target_year=None, position=9)
    request = RequestFactory().get("/")
    request.user = editor
    with translation.override(language):
        context = plan_context(request, plan)
        context["can_edit"] = can_edit
        mine_page = Context({**context, "csrf_token": "a-token"})
        reference_page = Context({**context, "csrf_token": "a-token"})
        label = "{% translate 'Intermediate goal and its target value' as milestone_label %}"
        goals = milestones = loose = 0
        for gv in context["goal_views"]:
            for row in gv.rows:
                with mine_page.push(gv=gv, row=row), reference_page.push(gv=gv, row=row):
                    if row.goal_rowspan:
                        goals += 1
                        mine = rendered("{% goal_cell gv row.goal_rowspan %}", mine_page)
                        assert mine == rendered(GOAL_REFERENCE, reference_page)
                        assert "<script>" not in mine
                        assert (str(gv.goal.id) in mine) is can_edit
                        assert ("a-token" in mine) is can_edit
                    if row.milestone_rowspan:
                        milestones += 1
                        loose += row.milestone is None
                        mine = rendered(
                            "{% milestone_cell gv.goal.id row.milestone row.milestone_rowspan %}",
                            mine_page,
                        )
                        assert mine == rendered(label + MILESTONE_REFERENCE, reference_page)
                        assert "<script>" not in mine
                        assert (str(gv.goal.id) in mine) is can_edit
        assert (goals, milestones, loose) == (2, 3, 2)


def test_each_page_gets_its_own_plan_and_csrf_input_and_a_reader_no_tools(plan_page):
    """The cells' fixed text is kept per process: what a page puts in it (the plan's ids, the
    CSRF input) never reaches the next page, nor an editor's tools a reader's page."""
    plan, editor = plan_page
    other = PlanFactory(desa=region("53.18.11.2006"), period_start=2031, period_end=2035)
    GoalFactory(plan=other, statement="Tujuan lain")
    request = RequestFactory().get("/")
    request.user = editor
    pages = {}
    for shown, token, can_edit in [
        (plan, "token-one", True),
        (other, "token-two", True),
        (plan, "token-three", False),
    ]:
        context = {**plan_context(request, shown), "csrf_token": token, "can_edit": can_edit}
        pages[token] = "".join(
            render_to_string(f"{DETAIL}#goal_block", {**context, "gv": gv})
            for gv in context["goal_views"]
        )
    one, two, three = pages.values()
    assert f"/{plan.pk}/tujuan/" in one and "token-one" in one
    assert f"/{other.pk}/tujuan/" in two and "token-two" in two
    assert str(plan.pk) not in two and "token-one" not in two
    assert "row-tools" not in three and "token" not in three and str(plan.pk) not in three
