"""The meeting page's cells written in Python (rembuk.meetings.sheet_cells) print what the
template printed, byte for byte: each is held equal to the template markup it replaced,
rendered by Django's engine in the same context, with text a person could type (markup,
quotes, ampersands, line breaks), dates, chosen agencies, results, and blank entries."""

from __future__ import annotations

import dataclasses
import datetime
import uuid

import pytest
from django.template import Context, engines
from django.test import RequestFactory
from django.utils import translation

from rembuk.core.testing import AgencyFactory, region
from rembuk.meetings import services
from rembuk.meetings.models import FollowUp
from rembuk.meetings.sheet_cells import SheetCells
from rembuk.meetings.views.page import VillageLine, meeting_context

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"kutip\"\nbaris 2 / 50%"

# The markup as the template wrote it before sheet_cells: the reference the cells must equal.
REFERENCE = {
    "challenge": (
        "\n"
        '<form method="post" action="{{ sheet_urls.challenge_save }}" class="cell '
        'autosave entry" hx-post="{{ sheet_urls.challenge_save }}" hx-trigger="input '
        'changed delay:800ms, change" hx-target="find .save-state" hx-swap="outerHTML" '
        'hx-sync="this:queue last">{% csrf_token %}\n'
        '  <input type="hidden" name="goal" value="{{ row.goal.id }}">\n'
        "  {% if item %}{% save_state item key item.fields %}{% else %}{% saved_values "
        'None "text cause learning blocked_activity_ids" as fields %}{% save_state None '
        "key fields %}{% endif %}\n"
        '  <label for="c-text-{{ key }}">{% translate "What is not going as planned" '
        "%}</label>\n"
        '  <textarea id="c-text-{{ key }}" name="text" rows="3" maxlength="5000" '
        "hx-get=\"{% site_url 'learning:suggestions' %}?meeting={{ meeting.id "
        '}}&amp;sheet={{ current.id }}&amp;goal={{ row.goal.id }}" hx-trigger="input '
        'changed delay:600ms" hx-target="#suggest-{{ key }}" hx-swap="innerHTML" '
        'hx-sync="this:replace">{{ item.text }}</textarea>\n'
        '  <label for="c-cause-{{ key }}">{% translate "Cause" %}</label>\n'
        '  <textarea id="c-cause-{{ key }}" name="cause" rows="2" maxlength="5000">{{ '
        "item.cause }}</textarea>\n"
        '  <label for="c-learning-{{ key }}">{% translate "Learning" %}</label>\n'
        '  <textarea id="c-learning-{{ key }}" name="learning" rows="2" '
        'maxlength="5000">{{ item.learning }}</textarea>\n'
        "  {% if row.activities %}\n"
        '  <details class="blocked-activities">\n'
        "    <summary>{% blocktranslate count counter=item.blocked_count|default:0 with "
        "total=row.activities|length %}Holds up {{ counter }} of {{ total }} "
        "activities{% plural %}Holds up {{ counter }} of {{ total }} activities{% "
        "endblocktranslate %}</summary>\n"
        '    <div class="checks">\n'
        '      {% checkboxes "blocked_activity_ids" item.checks|default:row.blank_checks '
        "%}\n"
        "    </div>\n"
        "  </details>\n"
        "  {% endif %}\n"
        '  <div class="cell-tools">\n'
        '    <button type="submit" class="small secondary save-button">{% translate '
        '"Save" %}</button>\n'
        '    {% if item %}<button type="submit" class="small danger" formaction="{% '
        "page_url 'meetings:item_delete' meeting.id current.id 'kendala' item.id %}\" "
        'data-confirm="{% translate \'Delete this challenge?\' %}">{% translate "Delete" '
        "%}</button>{% endif %}\n"
        "  </div>\n"
        "</form>\n"
        "{# Lessons from other villages (rembuk.learning): filled while the challenge is "
        "typed. #}\n"
        '<div class="lesson-suggestions" id="suggest-{{ key }}" '
        'aria-live="polite"></div>\n'
        '<p class="small"><a href="{% site_url \'learning:lesson_search\' %}?meeting={{ '
        "meeting.id }}&amp;sheet={{ current.id }}&amp;goal={{ row.goal.id }}&amp;q={{ "
        'item.text|urlencode }}">{% translate "Find similar lessons" %}</a></p>\n'
    ),
    "followup": (
        "\n"
        '<form method="post" action="{{ sheet_urls.followup_save }}" class="cell '
        'autosave entry" hx-post="{{ sheet_urls.followup_save }}" hx-trigger="input '
        'changed delay:800ms, change" hx-target="find .save-state" hx-swap="outerHTML" '
        'hx-sync="this:queue last">{% csrf_token %}\n'
        '  <input type="hidden" name="goal" value="{{ row.goal.id }}">\n'
        "  {% if item %}{% save_state item key item.fields %}{% else %}{% saved_values "
        'None "text kind owner owner_agency due_date" as fields %}{% save_state None key '
        "fields %}{% endif %}\n"
        '  <label for="f-text-{{ key }}">{% translate "Idea, support or action agreed" '
        "%}</label>\n"
        '  <textarea id="f-text-{{ key }}" name="text" rows="3" maxlength="5000">{{ '
        "item.text }}</textarea>\n"
        '  <div class="followup-meta">\n'
        "    <div>\n"
        '      <label for="f-kind-{{ key }}">{% translate "Kind" %}</label>\n'
        '      <select id="f-kind-{{ key }}" name="kind">{% if item %}{% options kinds '
        'item.kind %}{% else %}{% options kinds "aksi_desa" %}{% endif %}</select>\n'
        "    </div>\n"
        "    <div>\n"
        '      <label for="f-owner-{{ key }}">{% translate "Who does it" %}</label>\n'
        '      <select id="f-owner-{{ key }}" name="owner">{% if item %}{% options '
        'owners item.owner %}{% else %}{% options owners "desa" %}{% endif %}</select>\n'
        "    </div>\n"
        "    <div>\n"
        '      <label for="f-agency-{{ key }}">{% translate "Agency (OPD)" %}</label>\n'
        '      <select id="f-agency-{{ key }}" name="owner_agency"><option '
        'value="">—</option>{% options agency_choices item.owner_agency_id %}</select>\n'
        "    </div>\n"
        "    <div>\n"
        '      <label for="f-due-{{ key }}">{% translate "Due date" %}</label>\n'
        '      {% include "includes/date_field.html" with id="f-due-"|add:key '
        'name="due_date" value=item.due_date %}\n'
        "    </div>\n"
        "  </div>\n"
        '  <div class="cell-tools">\n'
        '    <button type="submit" class="small secondary save-button">{% translate '
        '"Save" %}</button>\n'
        '    {% if item %}<button type="submit" class="small danger" formaction="{% '
        "page_url 'meetings:item_delete' meeting.id current.id 'tindak-lanjut' item.id "
        '%}" data-confirm="{% translate \'Delete this follow-up?\' %}">{% translate '
        '"Delete" %}</button>{% endif %}\n'
        "  </div>\n"
        "</form>\n"
    ),
    # (Since 6 December 2026 nothing for a reader of a goal without a review: the first if.)
    "review": (
        "{% if editable or row.review %}\n"
        '<details class="goal-review-form" {% if period_ended or row.review %}open{% '
        "endif %}>\n"
        "  <summary>{% if row.review %}{% blocktranslate with "
        "result=row.review.result_label %}End-of-period review: {{ result }}{% "
        'endblocktranslate %}{% else %}{% translate "Record the end-of-period review" '
        "%}{% endif %}</summary>\n"
        '  {% if period_ended and not row.review %}<p class="help">{% translate "The '
        "plan's period has ended: review whether this goal was achieved.\" %}</p>{% endif "
        "%}\n"
        "  {% if editable %}\n"
        '  <form method="post" action="{% page_url \'meetings:goal_review_save\' '
        'meeting.id current.id row.goal.id %}" class="cell autosave" hx-post="{% '
        "page_url 'meetings:goal_review_save' meeting.id current.id row.goal.id %}\" "
        'hx-trigger="input changed delay:800ms, change" hx-target="find .save-state" '
        'hx-swap="outerHTML" hx-sync="this:queue last">{% csrf_token %}\n'
        '    {% if row.review %}{% save_state row.review "" row.review.fields %}{% else '
        '%}{% saved_values None "result factors" as fields %}{% save_state None "" '
        "fields %}{% endif %}\n"
        '    <fieldset class="checks">\n'
        '      <legend>{% translate "Was the goal achieved?" %}</legend>\n'
        '      {% for value, label in results %}<label><input type="radio" name="result" '
        'value="{{ value }}" {% if row.review.result == value %}checked{% endif %}> {{ '
        "label }}</label>{% endfor %}\n"
        "    </fieldset>\n"
        '    <label for="factors-{{ row.goal.id }}">{% translate "Factors the village '
        'names" %}</label>\n'
        '    <textarea id="factors-{{ row.goal.id }}" name="factors" rows="2" '
        'maxlength="5000">{{ row.review.factors }}</textarea>\n'
        '    <button type="submit" class="small secondary save-button">{% translate '
        '"Save" %}</button>\n'
        "  </form>\n"
        "  {% elif row.review %}\n"
        "    <p>{{ row.review.factors|linebreaksbr }}</p>\n"
        "  {% endif %}\n"
        "</details>\n"
        "{% endif %}"
    ),
    "warnings": "{% for warning in warnings %}<li>{{ warning.message }}</li>{% endfor %}",
    "villages": (
        "{% for sheet in villages %}\n"
        '        <li class="{% if sheet.selected %}is-selected{% endif %}{% if '
        'sheet.projected %} is-projected{% endif %}">\n'
        '          <span class="village-line">\n'
        '          <a href="?desa={{ sheet.code }}#sheet">{{ sheet.name }}</a>\n'
        '          {% if sheet.projected %}<span class="badge projected" title="{% '
        'translate \'Shown on the projector\' %}">{% translate "on screen" %}</span>{% '
        "endif %}\n"
        "          {% if editable %}\n"
        '          <span class="order-tools">\n'
        '            <form method="post" action="{{ sheet.move_url }}" class="inline" '
        'hx-post="{{ sheet.move_url }}" hx-target="#villages" hx-swap="outerHTML">{% '
        "csrf_token %}\n"
        '              <input type="hidden" name="direction" value="up">\n'
        '              <button type="submit" class="small secondary" {% if forloop.first '
        '%}disabled{% endif %} aria-label="{% blocktranslate with name=sheet.name %}Move '
        '{{ name }} up{% endblocktranslate %}">↑</button>\n'
        "            </form>\n"
        '            <form method="post" action="{{ sheet.move_url }}" class="inline" '
        'hx-post="{{ sheet.move_url }}" hx-target="#villages" hx-swap="outerHTML">{% '
        "csrf_token %}\n"
        '              <input type="hidden" name="direction" value="down">\n'
        '              <button type="submit" class="small secondary" {% if forloop.last '
        '%}disabled{% endif %} aria-label="{% blocktranslate with name=sheet.name %}Move '
        '{{ name }} down{% endblocktranslate %}">↓</button>\n'
        "            </form>\n"
        "          </span>\n"
        "          {% endif %}\n"
        "          </span>\n"
        '          {% if sheet.representatives %}<span class="small muted '
        'representatives">{{ sheet.representatives }}</span>{% endif %}\n'
        "        </li>\n"
        "      {% endfor %}"
    ),
    "goal": (
        '<p class="goal-statement">{{ row.goal.statement }}{% if row.goal.target or '
        'row.goal.shown_target_year %} <span class="goal-target">({% if row.goal.target '
        "%}{{ row.goal.target }}{% endif %}{% if row.goal.shown_target_year %}{% if "
        "row.goal.target %}, {% endif %}{% blocktranslate with "
        "year=row.goal.shown_target_year %}in {{ year }}{% endblocktranslate %}{% endif "
        "%})</span>{% endif %}</p>"
    ),
    "activities": (
        "{% for block in row.milestones %}\n"
        '              {% if block.milestone %}<p class="milestone">{{ '
        "block.milestone.statement }}{% if block.milestone.target_value %} ({{ "
        "block.milestone.target_value }}{% if block.milestone.shown_target_year %}, {% "
        "blocktranslate with year=block.milestone.shown_target_year %}in {{ year }}{% "
        "endblocktranslate %}{% endif %}){% endif %}</p>{% endif %}\n"
        "              {% if block.activities %}<ul>{% for activity in block.activities "
        "%}<li>{{ activity.name }}</li>{% endfor %}</ul>{% endif %}\n"
        "            {% endfor %}"
    ),
    "project": (
        '<form method="post" action="{{ sheet_urls.presenter_move }}" class="inline" '
        'hx-post="{{ sheet_urls.presenter_move }}" hx-target="#villages" '
        'hx-swap="outerHTML">{% csrf_token %}\n'
        '              <input type="hidden" name="sheet" value="{{ current.id }}"><input '
        'type="hidden" name="row" value="{{ number }}"><input type="hidden" name="back" '
        'value="page">\n'
        '              <button type="submit" class="small secondary project-row">{% '
        'translate "Show this row" %}</button>\n'
        "            </form>"
    ),
    "add_kendala": (
        '<a class="button small secondary add-another" href="{% page_url '
        "'meetings:blank_item' meeting.id current.id 'kendala' row.goal.id %}\" "
        "hx-get=\"{% page_url 'meetings:blank_item' meeting.id current.id 'kendala' "
        'row.goal.id %}" hx-target="#challenges-{{ row.goal.id }}" hx-swap="beforeend">+ '
        '{% translate "Another challenge" %}</a>'
    ),
    "add_followup": (
        '<a class="button small secondary add-another" href="{% page_url '
        "'meetings:blank_item' meeting.id current.id 'tindak-lanjut' row.goal.id %}\" "
        "hx-get=\"{% page_url 'meetings:blank_item' meeting.id current.id 'tindak-lanjut' "
        'row.goal.id %}" hx-target="#followups-{{ row.goal.id }}" hx-swap="beforeend">+ '
        '{% translate "Another follow-up" %}</a>'
    ),
}

LOADS = "{% load autosave choices i18n meeting_sheets page_i18n page_urls site_urls page_csrf %}"


def rendered(source: str, context: Context) -> str:
    return engines["django"].engine.from_string(LOADS + source).render(context)  # type: ignore[attr-defined]


@pytest.fixture
def page(recorded, kecamatan_user):
    """The meeting page's context for the recorded sheet, with hostile text in a challenge, a
    follow-up and a review, and an agency listed."""
    sheet = recorded
    goals = list(sheet.plan.goals.order_by("position"))
    agency = AgencyFactory(kabupaten=region("53.18"), short_name="D<&>", name='Dinas "P"')
    save = {"sheet": sheet, "actor": kecamatan_user}
    services.challenge_save(**save, goal=goals[1], text=HOSTILE, cause=HOSTILE, learning=HOSTILE)
    services.followup_save(
        **save,
        goal=goals[1],
        text=HOSTILE,
        kind=FollowUp.Kind.AGENCY_SUPPORT,
        owner=FollowUp.Owner.AGENCY,
        owner_agency=agency,
        due_date=datetime.date(2024, 12, 31),
    )
    services.goal_review_record(**save, goal=goals[0], result="tercapai", factors=HOSTILE)
    request = RequestFactory().get("/", {"desa": sheet.desa.code})
    request.user = kecamatan_user
    context = meeting_context(request, sheet.meeting)
    assert context["editable"]
    return Context({**context, "csrf_token": "a-token"})


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_sheets_cells_print_what_the_template_printed(page, language):
    with translation.override(language):
        rows = page["view"].rows
        assert sum(len(row.challenges) + len(row.followups) for row in rows) >= 4
        cells = SheetCells.of(page)
        for number, row in enumerate(rows):
            with page.push(row=row, number=number):
                for name, mine in (
                    ("goal", cells.goal_statement(row)),
                    ("activities", cells.activities(row)),
                    ("project", cells.project_row(number)),
                    ("review", cells.review_fold(row, editable=True, period_ended=False)),
                    ("add_kendala", cells.add_another("kendala", row)),
                    ("add_followup", cells.add_another("tindak-lanjut", row)),
                ):
                    assert mine == rendered(REFERENCE[name], page), name
                entries = [
                    *(("challenge", item, item.key) for item in row.challenges),
                    *(("followup", item, item.key) for item in row.followups),
                    ("challenge", None, uuid.uuid4().hex),
                    ("followup", None, row.goal.key),
                ]
                for kind, item, key in entries:
                    with page.push(item=item, key=key):
                        mine = rendered(f"{{% {kind}_form item key %}}", page)
                        assert mine == rendered(REFERENCE[kind], page), (kind, item)
                        assert "<script>" not in mine


@pytest.mark.parametrize("editable", [True, False])
def test_the_order_of_villages_prints_what_the_template_printed(page, editable):
    lines = [
        VillageLine(
            id=uuid.uuid4(),
            code=f"53.18.11.200{n}",
            name=name,
            representatives=representatives,
            move_url=f"/rapat/x/desa/{n}/pindah/",
            selected=n == 1,
            projected=n == 2,
        )
        for n, (name, representatives) in enumerate(
            [("Wainyapu", ""), ('<b>Desa & "Satu"</b>', "Kepala Desa <i>"), ("Kalena", "")]
        )
    ]
    with page.push(villages=lines, editable=editable):
        mine = rendered("{% village_lines villages editable %}", page)
        assert mine == rendered(REFERENCE["villages"], page)
    assert "<b>" not in mine and ("disabled" in mine) == editable


@pytest.mark.parametrize(
    ("editable", "period_ended"), [(False, False), (False, True), (True, True)]
)
def test_the_end_of_period_review_prints_what_the_template_printed(page, editable, period_ended):
    rows = page["view"].rows
    assert all(row.review for row in rows)
    for row in [*rows, *(dataclasses.replace(row, review=None) for row in rows)]:
        with page.push(row=row, editable=editable, period_ended=period_ended):
            mine = SheetCells.of(page).review_fold(
                row, editable=editable, period_ended=period_ended
            )
            assert mine == rendered(REFERENCE["review"], page)
            assert ("<form" in mine) == editable
            assert ("goal-review-form" in mine) == (editable or row.review is not None)
            assert "<script>" not in mine


def test_the_review_warnings_print_what_the_template_printed(page):
    assert page["warnings"]  # no village of the fixture held its monitoring session
    hostile = [type(page["warnings"][0])(page["warnings"][0].desa, HOSTILE)]
    for warnings in (page["warnings"], hostile):
        with page.push(warnings=warnings):
            mine = rendered("{% warning_lines warnings %}", page)
            assert mine == rendered(REFERENCE["warnings"], page)
    assert "<script>" not in mine


def test_a_followups_chosen_agency_reads_as_its_short_name_with_its_full_name_as_title(page):
    """A closed <select> on a phone cut "Distan — Dinas Pertanian dan Ketahanan Pangan" after a
    few words: the option's text is the short name, the full name its title."""
    from rembuk.people.models import Agency

    agency = Agency.objects.get(short_name="D<&>")
    chosen = (
        f'<option value="{agency.pk}" title="Dinas &quot;P&quot;" selected>D&lt;&amp;&gt;</option>'
    )
    forms = []
    for row in page["view"].rows:
        with page.push(row=row):
            for item in row.followups:
                with page.push(item=item, key=item.key):
                    forms.append(rendered("{% followup_form item key %}", page))
    assert [html for html in forms if chosen in html], forms


# The open sheet's rows as the page's row loop wrote them before sheet_cells.rows (the loop's
# own text; the cells inside it are the tags above, each held equal to its reference).
ROWS_REFERENCE = (
    "      {% for row in view.rows %}\n"
    '      <tbody id="goal-{{ row.goal.id }}">\n'
    '        <tr id="row-{{ forloop.counter0 }}" class="goal-row{% if state and '
    "state.sheet_id == current.id and state.row == forloop.counter0 %} "
    'is-projected{% endif %}">\n'
    '          <td class="goal-cell" data-label="{% translate \'Goal and target\' %}">\n'
    "            {% goal_statement row %}\n"
    "            {% if can_manage %}\n"
    "            {% project_row_form forloop.counter0 %}\n"
    "            {% endif %}\n"
    "            {% goal_review row %}\n"
    "          </td>\n"
    '          <td class="activities-cell" data-label="{% translate \'Activities\' '
    '%}">\n'
    "            {% activity_list row %}\n"
    "          </td>\n"
    '          <td class="challenge-cell" data-label="{% translate \'Challenges faced '
    "and learning' %}\">\n"
    '            <div class="entries" id="challenges-{{ row.goal.id }}">\n'
    "            {% for challenge in row.challenges %}\n"
    "              {% if editable %}{% challenge_form challenge challenge.key %}\n"
    '              {% else %}<div class="entry"><p>{{ challenge.text|linebreaksbr '
    '}}</p>{% with held=challenge.holds_up %}{% if held %}<p class="blocked">{% '
    "blocktranslate count counter=held.0 with total=held.1 %}This holds up {{ "
    "counter }} of {{ total }} activities.{% plural %}This holds up {{ counter }} of "
    "{{ total }} activities.{% endblocktranslate %}</p>{% endif %}{% endwith %}{% if "
    'challenge.cause %}<p><span class="label">{% translate "Cause:" %}</span> {{ '
    "challenge.cause|linebreaksbr }}</p>{% endif %}{% if challenge.learning "
    '%}<p><span class="label">{% translate "Learning:" %}</span> {{ '
    "challenge.learning|linebreaksbr }}</p>{% endif %}</div>\n"
    "              {% endif %}\n"
    "            {% endfor %}\n"
    "            {% if editable %}{% partialdef challenge_new inline %}{% "
    "challenge_form None new_key|default:row.goal.key %}{% endpartialdef %}{% endif "
    "%}\n"
    "            </div>\n"
    '            {% if editable %}{% add_another "kendala" row %}{% endif %}\n'
    "          </td>\n"
    '          <td class="followup-cell" data-label="{% translate \'Solution ideas '
    "and follow-up (from the discussion)' %}\">\n"
    '            <div class="entries" id="followups-{{ row.goal.id }}">\n'
    "            {% for followup in row.followups %}\n"
    "              {% if editable %}{% followup_form followup followup.key %}\n"
    '              {% else %}<div class="entry"><p>{{ followup.text|linebreaksbr '
    '}}</p><p class="meta small">{{ followup.kind_label }} · {{ followup.owner_label '
    "}}{% if followup.due_date %} · {% blocktranslate with "
    'date=followup.due_date|date:"j M Y" %}by {{ date }}{% endblocktranslate %}{% '
    "endif %}</p></div>\n"
    "              {% endif %}\n"
    "            {% endfor %}\n"
    "            {% if editable %}{% partialdef followup_new inline %}{% "
    "followup_form None new_key|default:row.goal.key %}{% endpartialdef %}{% endif "
    "%}\n"
    "            </div>\n"
    '            {% if editable %}{% add_another "tindak-lanjut" row %}{% endif %}\n'
    "          </td>\n"
    "        </tr>\n"
    "      </tbody>\n"
    "      {% endfor %}\n"
)


# The loop called a tag per cell; each is put back as its own reference above.
ROWS_REFERENCE = (
    ROWS_REFERENCE.replace("{% goal_statement row %}", REFERENCE["goal"])
    .replace("{% activity_list row %}", REFERENCE["activities"])
    .replace(
        "{% project_row_form forloop.counter0 %}",
        "{% with number=forloop.counter0 %}" + REFERENCE["project"] + "{% endwith %}",
    )
    .replace("{% goal_review row %}", REFERENCE["review"])
    .replace('{% add_another "kendala" row %}', REFERENCE["add_kendala"])
    .replace('{% add_another "tindak-lanjut" row %}', REFERENCE["add_followup"])
)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("editable", "can_manage", "projected"),
    [(True, True, 1), (False, True, None), (False, False, 0), (True, True, None)],
)
def test_the_sheets_rows_print_what_the_row_loop_printed(
    page, language, editable, can_manage, projected
):
    """Editor, a manager of a closed meeting, a reader; a row on the projector or none; the
    reader's entries with hostile text, a challenge that holds up activities, a due date."""
    from types import SimpleNamespace

    rows = page["view"].rows
    held = [
        dataclasses.replace(
            row, challenges=[dataclasses.replace(item, holds_up=(2, 3)) for item in row.challenges]
        )
        for row in rows
    ]
    state = SimpleNamespace(sheet_id=page["current"].id, row=projected)
    with translation.override(language):
        for shown in (rows, held):
            view = dataclasses.replace(page["view"], rows=shown)
            with page.push(view=view, editable=editable, can_manage=can_manage, state=state):
                mine = rendered("      {% sheet_rows view.rows %}\n", page)
                assert mine == rendered(ROWS_REFERENCE, page)
            assert "<script>" not in mine
            assert ("<form" in mine) == can_manage
            assert ("is-projected" in mine) == (projected is not None)
            if shown is held and rows[1].challenges:
                assert ('class="blocked"' in mine) == (not editable)
