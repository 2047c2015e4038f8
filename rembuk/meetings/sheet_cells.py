"""The meeting page's repeated cells written in Python (docs/decisions/0025).

The meeting page repeats the same markup for every village of the order list (two move buttons),
every challenge and follow-up of the shown sheet (an autosaving form of a dozen fields, three
`<select>`s, a date field) and every goal's end-of-period review; the template engine paid
every node of it again on each (about 1,100 Python calls a form, 550 a village). Here each is
one format string, filled with the row's values escaped with `html.escape` (what Django's
escaping runs), and what every row prints the same — translated labels, the URLs with the
row's id as a slot, the CSRF input — is built once per page (`SheetCells.of`). The whitespace
is the template's, so the page is the same byte for byte; the template keeps the page's
structure and calls these through `meeting_sheets` tags. The open sheet's goal rows are
written whole here too (`SheetCells.rows`: the loop over rows and entries was half the rows'
time), for an editor and for a reader; a test holds them equal to the row loop they replace.
The save state and the choice lists are written by the core tags' own functions, which stay
their one home.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from django.template.context import Context
from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.safestring import SafeString  # mark_safe less its lazy-text check: str here
from django.utils.translation import gettext, gettext_noop, ngettext

from rembuk.core.autosave import values_shown
from rembuk.core.dates import shown as date_shown
from rembuk.core.page_context import once_per_page
from rembuk.core.slotted_urls import SlottedURL, uuid_slot
from rembuk.core.templatetags.autosave import save_state
from rembuk.core.templatetags.choices import checkboxes, options
from rembuk.core.templatetags.page_csrf import PageCsrfTokenNode
from rembuk.core.templatetags.site_urls import page_table
from rembuk.core.translated import localized_int, per_language
from rembuk.meetings.sheet_page import (
    CHALLENGE_FIELDS,
    FOLLOWUP_FIELDS,
    REVIEW_FIELDS,
    ChallengeCell,
    FollowUpCell,
    PageRow,
)

# Stand for the meeting's, the sheet's and a row's id in the URLs the cells repeat, reversed
# once per process (kept beside {% page_url %}'s, by URL configuration, prefix and language).
MEETING, SHEET, ROW = uuid_slot(1), uuid_slot(2), uuid_slot(3)
_ROW_URLS = (
    ("challenge_delete", "meetings:item_delete", (MEETING, SHEET, "kendala", ROW)),
    ("followup_delete", "meetings:item_delete", (MEETING, SHEET, "tindak-lanjut", ROW)),
    ("review_save", "meetings:goal_review_save", (MEETING, SHEET, ROW)),
    ("blank_kendala", "meetings:blank_item", (MEETING, SHEET, "kendala", ROW)),
    ("blank_tindak-lanjut", "meetings:blank_item", (MEETING, SHEET, "tindak-lanjut", ROW)),
)

AUTOSAVE = (
    'hx-trigger="input changed delay:800ms, change" hx-target="find .save-state" '
    'hx-swap="outerHTML" hx-sync="this:queue last"'
)

VILLAGE_LINE = (
    '\n        <li class="{css}">\n'
    '          <span class="village-line">\n'
    '          <a href="?desa={code}#sheet">{name}</a>\n'
    "          {badge}\n"
    "          {tools}\n"
    "          </span>\n"
    "          {representatives}\n"
    "        </li>\n      "
)
MOVE_FORM = (
    '            <form method="post" action="{url}" class="inline" hx-post="{url}" '
    'hx-target="#villages" hx-swap="outerHTML">{csrf}\n'
    '              <input type="hidden" name="direction" value="{direction}">\n'
    '              <button type="submit" class="small secondary" {disabled} '
    'aria-label="{label}">{arrow}</button>\n'
    "            </form>\n"
)


def _cut(template: str, *fields: str) -> list[str]:
    """The fixed texts between `template`'s fields, in order: `{a}x{b}y` gives ["", "x", "y"]
    for ("a", "b"). Each field must stand where it is named, and the template hold no other
    brace."""
    pieces, rest = [], template
    for name in fields:
        before, found, rest = rest.partition("{" + name + "}")
        if not found:
            raise ValueError(f"{{{name}}} is not where it is expected in {template!r}")
        pieces.append(before)
    pieces.append(rest)
    if any("{" in piece or "}" in piece for piece in pieces):
        raise ValueError(f"{template!r} has fields other than {fields}")
    return pieces


# The village list's two templates cut once at their fields: a village of the order list costs
# one join, not three format() calls (a meeting lists up to forty villages).
_LINE = _cut(VILLAGE_LINE, "css", "code", "name", "badge", "tools", "representatives")
_MOVE = _cut(MOVE_FORM, "url", "url", "csrf", "direction", "disabled", "label", "arrow")

CHALLENGE_FORM = (
    '\n<form method="post" action="{save}" class="cell autosave entry" hx-post="{save}" '
    + AUTOSAVE
    + ">{csrf}\n"
    '  <input type="hidden" name="goal" value="{goal}">\n'
    "  {state}\n"
    '  <label for="c-text-{key}">{l_text}</label>\n'
    '  <textarea id="c-text-{key}" name="text" rows="3" maxlength="5000" '
    'hx-get="{suggest}?meeting={meeting}&amp;sheet={sheet}&amp;goal={goal}" '
    'hx-trigger="input changed delay:600ms" hx-target="#suggest-{key}" hx-swap="innerHTML" '
    'hx-sync="this:replace">{text}</textarea>\n'
    '  <label for="c-cause-{key}">{l_cause}</label>\n'
    '  <textarea id="c-cause-{key}" name="cause" rows="2" maxlength="5000">{cause}</textarea>\n'
    '  <label for="c-learning-{key}">{l_learning}</label>\n'
    '  <textarea id="c-learning-{key}" name="learning" rows="2" maxlength="5000">'
    "{learning}</textarea>\n"
    "  {blocked}\n"
    '  <div class="cell-tools">\n'
    '    <button type="submit" class="small secondary save-button">{l_save}</button>\n'
    "    {delete}\n"
    "  </div>\n"
    "</form>\n"
    "\n"
    '<div class="lesson-suggestions" id="suggest-{key}" aria-live="polite"></div>\n'
    '<p class="small"><a href="{search}?meeting={meeting}&amp;sheet={sheet}&amp;goal={goal}'
    '&amp;q={query}">{l_similar}</a></p>\n'
)
BLOCKED = (
    "\n"
    '  <details class="blocked-activities">\n'
    "    <summary>{summary}</summary>\n"
    '    <div class="checks">\n'
    "      {checks}\n"
    "    </div>\n"
    "  </details>\n"
    "  "
)
DELETE = (
    '<button type="submit" class="small danger" formaction="{url}" data-confirm="{confirm}">'
    "{label}</button>"
)

FOLLOWUP_FORM = (
    '\n<form method="post" action="{save}" class="cell autosave entry" hx-post="{save}" '
    + AUTOSAVE
    + ">{csrf}\n"
    '  <input type="hidden" name="goal" value="{goal}">\n'
    "  {state}\n"
    '  <label for="f-text-{key}">{l_text}</label>\n'
    '  <textarea id="f-text-{key}" name="text" rows="3" maxlength="5000">{text}</textarea>\n'
    '  <div class="followup-meta">\n'
    "    <div>\n"
    '      <label for="f-kind-{key}">{l_kind}</label>\n'
    '      <select id="f-kind-{key}" name="kind">{kinds}</select>\n'
    "    </div>\n"
    "    <div>\n"
    '      <label for="f-owner-{key}">{l_owner}</label>\n'
    '      <select id="f-owner-{key}" name="owner">{owners}</select>\n'
    "    </div>\n"
    "    <div>\n"
    '      <label for="f-agency-{key}">{l_agency}</label>\n'
    '      <select id="f-agency-{key}" name="owner_agency"><option value="">—</option>'
    "{agencies}</select>\n"
    "    </div>\n"
    "    <div>\n"
    '      <label for="f-due-{key}">{l_due}</label>\n'
    # templates/includes/date_field.html, with its closing newline.
    '      <input type="text" id="f-due-{key}" name="due_date" value="{due}" '
    'inputmode="numeric" placeholder="{l_date}" autocomplete="off" size="10" '
    'class="date-input">\n'
    "\n"
    "    </div>\n"
    "  </div>\n"
    '  <div class="cell-tools">\n'
    '    <button type="submit" class="small secondary save-button">{l_save}</button>\n'
    "    {delete}\n"
    "  </div>\n"
    "</form>\n"
)

REVIEW_FORM = (
    '<form method="post" action="{save}" class="cell autosave" hx-post="{save}" '
    + AUTOSAVE
    + ">{csrf}\n"
    "    {state}\n"
    '    <fieldset class="checks">\n'
    "      <legend>{l_achieved}</legend>\n"
    "      {results}\n"
    "    </fieldset>\n"
    '    <label for="factors-{goal}">{l_factors}</label>\n'
    '    <textarea id="factors-{goal}" name="factors" rows="2" maxlength="5000">'
    "{factors}</textarea>\n"
    '    <button type="submit" class="small secondary save-button">{l_save}</button>\n'
    "  </form>"
)
PERIOD_ENDED = gettext_noop("The plan's period has ended: review whether this goal was achieved.")
RESULT = '<label><input type="radio" name="result" value="{value}" {checked}> {label}</label>'

# A goal row of the open sheet (its <tbody>), as the page's row loop wrote it.
GOAL_ROW = (
    '\n      <tbody id="goal-{goal}">\n'
    '        <tr id="row-{number}" class="goal-row{projected}">\n'
    '          <td class="goal-cell" data-label="{l_goal}">\n'
    "            {statement}\n"
    "            {project}\n"
    "            {review}\n"
    "          </td>\n"
    '          <td class="activities-cell" data-label="{l_activities}">\n'
    "            {activities}\n"
    "          </td>\n"
    '          <td class="challenge-cell" data-label="{l_challenges}">\n'
    '            <div class="entries" id="challenges-{goal}">\n'
    "            {challenges}\n"
    "            {new_challenge}\n"
    "            </div>\n"
    "            {another_challenge}\n"
    "          </td>\n"
    '          <td class="followup-cell" data-label="{l_followups}">\n'
    '            <div class="entries" id="followups-{goal}">\n'
    "            {followups}\n"
    "            {new_followup}\n"
    "            </div>\n"
    "            {another_followup}\n"
    "          </td>\n"
    "        </tr>\n"
    "      </tbody>\n"
    "      "
)
HOLDS_UP = gettext_noop("This holds up %(counter)s of %(total)s activities.")


@dataclass(frozen=True)
class Options:
    """A `<select>`'s options as `{% options %}` writes them, written once per page: each form
    marks its own value (a follow-up form has three lists, and the page a form per follow-up)."""

    plain: tuple[str, ...]
    marked: dict[str, tuple[int, str]]  # value as text → (its place, its option marked)

    @classmethod
    def of(cls, choices: Iterable[tuple[Any, ...]]) -> Options:
        listed = list(choices)
        return cls(
            plain=tuple(options([choice]) for choice in listed),
            marked={
                str(choice[0]): (place, options([choice], choice[0]))
                for place, choice in enumerate(listed)
            },
        )

    def html(self, selected: Any) -> str:
        """options(choices, selected)."""
        found = self.marked.get(str(selected)) if selected is not None else None
        if found is None:
            return "".join(self.plain)
        place, option = found
        return "".join((*self.plain[:place], option, *self.plain[place + 1 :]))


@per_language
def _fixed_options(choices: tuple[tuple[str, str], ...]) -> Options:
    """Options.of choices that come from the code (a model's kinds), once per process and
    language; the agencies come from the database and are written per page."""
    return Options.of(choices)


def _labels(*messages: str) -> dict[str, str]:
    """Fixed texts (marked with gettext_noop, so makemessages finds them) translated and
    escaped, as `{% translate %}` prints them."""
    return {message: escape(gettext(message)) for message in messages}


@per_language
def _column_labels() -> dict[str, str]:
    """The row cells' data-label headings (the phone shows them), as `{% translate %}` prints
    a literal in an attribute: a literal is safe text, so its translation is not escaped
    ("Tujuan & Target Capaian")."""
    return {
        message: gettext(message)
        for message in (
            gettext_noop("Goal and target"),
            gettext_noop("Activities"),
            gettext_noop("Challenges faced and learning"),
            gettext_noop("Solution ideas and follow-up (from the discussion)"),
        )
    }


@per_language
def _sheet_labels() -> dict[str, str]:
    """The cells' fixed labels, once per process and language (shared: not to be changed)."""
    return _labels(
        gettext_noop("What is not going as planned"),
        gettext_noop("Cause"),
        gettext_noop("Learning"),
        gettext_noop("Save"),
        gettext_noop("Delete"),
        gettext_noop("Delete this challenge?"),
        gettext_noop("Delete this follow-up?"),
        gettext_noop("Find similar lessons"),
        gettext_noop("Idea, support or action agreed"),
        gettext_noop("Kind"),
        gettext_noop("Who does it"),
        gettext_noop("Agency (OPD)"),
        gettext_noop("Due date"),
        gettext_noop("dd-mm-yyyy"),
        gettext_noop("Was the goal achieved?"),
        gettext_noop("Factors the village names"),
        gettext_noop("Another challenge"),
        gettext_noop("Another follow-up"),
        gettext_noop("Show this row"),
        gettext_noop("Record the end-of-period review"),
        gettext_noop("Cause:"),
        gettext_noop("Learning:"),
        PERIOD_ENDED,
    )


@dataclass
class SheetCells:
    """What every cell form of the shown sheet prints the same, built once per page."""

    context: Context
    csrf: str
    meeting: str
    sheet: str
    urls: dict[str, str]  # escaped
    row_urls: dict[str, SlottedURL]  # escaped, filled with the meeting's, sheet's and row's id
    labels: dict[str, str]
    kinds: Options
    owners: Options
    agencies: Options
    results: Sequence[tuple[str, str]]

    @classmethod
    def of(cls, context: Context) -> SheetCells:
        """The page's writer, made on its first cell (a Context and its copies share it)."""
        return once_per_page(context, "_meeting_sheet_cells", lambda: cls._for(context))

    @classmethod
    def _for(cls, context: Context) -> SheetCells:
        meeting = context["meeting"].id
        sheet = context["current"].id
        urls = {name: escape(url) for name, url in context["sheet_urls"].items()}
        table = page_table(context)
        row_urls = {
            name: table.slotted(view, *args, escaped=True) for name, view, args in _ROW_URLS
        }
        urls["suggest"] = escape(table["learning:suggestions"])
        urls["search"] = escape(table["learning:lesson_search"])
        return cls(
            context=context,
            csrf=PageCsrfTokenNode().render(context),
            meeting=str(meeting),
            sheet=str(sheet),
            urls=urls,
            row_urls=row_urls,
            labels=_sheet_labels(),
            kinds=_fixed_options(context.get("kinds") or ()),
            owners=_fixed_options(context.get("owners") or ()),
            agencies=Options.of(context.get("agency_choices") or ()),
            results=context.get("results") or (),
        )

    def _state(self, item: Any, key: str, fields: dict[str, str]) -> str:
        return save_state(self.context, item, key, fields)

    def _row_url(self, name: str, row_id: uuid.UUID | str) -> str:
        return self.row_urls[name].fill(self.meeting, self.sheet, row_id)

    def _delete(self, kind: str, item_id: uuid.UUID, confirm: str) -> str:
        return DELETE.format(
            url=self._row_url(f"{kind}_delete", item_id),
            confirm=self.labels[confirm],
            label=self.labels["Delete"],
        )

    def challenge(self, row: PageRow, item: ChallengeCell | None, key: str) -> SafeString:
        """A challenge's form (a new one when `item` is None) on the goal row `row`."""
        labels = self.labels
        goal = str(row.goal.id)
        if item is None:
            state = self._state(None, key, values_shown({}, CHALLENGE_FIELDS))
            checks, count, text, cause, learning = row.blank_checks, 0, "", "", ""
        else:
            state = self._state(item, key, item.fields)
            checks, count = item.checks, item.blocked_count
            text, cause, learning = item.text, item.cause, item.learning
        blocked = ""
        if row.activities:
            total = len(row.activities)
            summary = ngettext(
                "Holds up %(counter)s of %(total)s activities",
                "Holds up %(counter)s of %(total)s activities",
                count,
            ) % {"counter": self._number(count), "total": self._number(total)}
            blocked = BLOCKED.format(
                summary=summary, checks=checkboxes("blocked_activity_ids", checks)
            )
        return SafeString(  # every value escaped
            CHALLENGE_FORM.format(
                save=self.urls["challenge_save"],
                csrf=self.csrf,
                goal=goal,
                state=state,
                key=escape(key),
                suggest=self.urls["suggest"],
                search=self.urls["search"],
                meeting=self.meeting,
                sheet=self.sheet,
                text=escape(text),
                cause=escape(cause),
                learning=escape(learning),
                blocked=blocked,
                delete=""
                if item is None
                else self._delete("challenge", item.id, "Delete this challenge?"),
                query=escape(quote(text)),
                l_text=labels["What is not going as planned"],
                l_cause=labels["Cause"],
                l_learning=labels["Learning"],
                l_save=labels["Save"],
                l_similar=labels["Find similar lessons"],
            )
        )

    def followup(self, row: PageRow, item: FollowUpCell | None, key: str) -> SafeString:
        """A follow-up's form (a new one when `item` is None) on the goal row `row`."""
        labels = self.labels
        if item is None:
            state = self._state(None, key, values_shown({}, FOLLOWUP_FIELDS))
            text, kind, owner, agency, due = "", "aksi_desa", "desa", None, None
        else:
            state = self._state(item, key, item.fields)
            text, kind, owner = item.text, item.kind, item.owner
            agency, due = item.owner_agency_id, item.due_date
        return SafeString(  # every value escaped
            FOLLOWUP_FORM.format(
                save=self.urls["followup_save"],
                csrf=self.csrf,
                goal=str(row.goal.id),
                state=state,
                key=escape(key),
                text=escape(text),
                kinds=self.kinds.html(kind),
                owners=self.owners.html(owner),
                agencies=self.agencies.html(agency),
                due=date_shown(due),
                delete=""
                if item is None
                else self._delete("followup", item.id, "Delete this follow-up?"),
                l_text=labels["Idea, support or action agreed"],
                l_kind=labels["Kind"],
                l_owner=labels["Who does it"],
                l_agency=labels["Agency (OPD)"],
                l_due=labels["Due date"],
                l_date=labels["dd-mm-yyyy"],
                l_save=labels["Save"],
            )
        )

    def review_fold(self, row: PageRow, *, editable: bool, period_ended: bool) -> SafeString:
        """The goal row's end-of-period review, folded: open once the plan's period has ended or
        a review is recorded; its form for an editor, else the factors recorded. Nothing for a
        reader of a goal without a review: "Record the end-of-period review" would open on
        nothing they can do."""
        review = row.review
        if review is None and not editable:
            return SafeString("")
        if review is not None:
            summary = gettext("End-of-period review: %(result)s") % {
                "result": escape(review.result_label)
            }
        else:
            summary = self.labels["Record the end-of-period review"]
        help_line = ""
        if period_ended and review is None:
            help_line = f'<p class="help">{self.labels[PERIOD_ENDED]}</p>'
        body = ""
        if editable:
            body = f"\n  {self.review(row)}\n  "
        elif review is not None:
            body = f"\n    <p>{linebreaksbr(review.factors, autoescape=True)}</p>\n  "
        return SafeString(  # every value escaped
            f'\n<details class="goal-review-form" {"open" if period_ended or review else ""}>\n'
            f"  <summary>{summary}</summary>\n"
            f"  {help_line}\n"
            f"  {body}\n"
            "</details>\n"
        )

    def review(self, row: PageRow) -> SafeString:
        """The end-of-period review form of the goal row `row`."""
        review = row.review
        if review is None:
            state = self._state(None, "", values_shown({}, REVIEW_FIELDS))
            chosen, factors = None, ""
        else:
            state = self._state(review, "", review.fields)
            chosen, factors = review.result, review.factors
        results = "".join(
            RESULT.format(
                value=escape(value),
                checked="checked" if value == chosen else "",
                label=escape(label),
            )
            for value, label in self.results
        )
        labels = self.labels
        return SafeString(  # every value escaped
            REVIEW_FORM.format(
                save=self._row_url("review_save", row.goal.id),
                csrf=self.csrf,
                state=state,
                results=results,
                goal=str(row.goal.id),
                factors=escape(factors),
                l_achieved=labels["Was the goal achieved?"],
                l_factors=labels["Factors the village names"],
                l_save=labels["Save"],
            )
        )

    def goal_statement(self, row: PageRow) -> SafeString:
        """The goal's statement, with its target and target year in brackets."""
        goal = row.goal
        target, year = goal.target, goal.shown_target_year
        bracket = ""
        if target or year:
            inside = escape(target) + (", " if target and year else "")
            inside += self._in_year(year) if year else ""
            bracket = f' <span class="goal-target">({inside})</span>'
        return SafeString(f'<p class="goal-statement">{escape(goal.statement)}{bracket}</p>')

    def activities(self, row: PageRow) -> SafeString:
        """The goal's milestones, each with its activities (the activities cell)."""
        parts = []
        for block in row.milestones:
            milestone = block.milestone
            line = ""
            if milestone is not None:
                line = escape(milestone.statement)
                if milestone.target_value:
                    year = milestone.shown_target_year
                    after = f", {self._in_year(year)}" if year else ""
                    line += f" ({escape(milestone.target_value)}{after})"
                line = f'<p class="milestone">{line}</p>'
            names = "".join(f"<li>{escape(activity.name)}</li>" for activity in block.activities)
            listed = f"<ul>{names}</ul>" if block.activities else ""
            parts.append(f"\n              {line}\n              {listed}\n            ")
        return SafeString("".join(parts))  # every value escaped

    def add_another(self, kind: str, row: PageRow) -> SafeString:
        """The "+ Another challenge" (kind "kendala") or "+ Another follow-up" link of a row,
        which brings a blank form by htmx."""
        goal = str(row.goal.id)
        url = self._row_url(f"blank_{kind}", goal)
        target = "challenges" if kind == "kendala" else "followups"
        label = self.labels["Another challenge" if kind == "kendala" else "Another follow-up"]
        return SafeString(
            f'<a class="button small secondary add-another" href="{url}" hx-get="{url}" '
            f'hx-target="#{target}-{goal}" hx-swap="beforeend">+ {label}</a>'
        )

    def rows(self, rows: Iterable[PageRow]) -> SafeString:
        """The open sheet's goal rows (Matriks 3): each row's cells, with an editor's forms and
        the blank challenge and follow-up at the end of each, or the entries as text."""
        context = self.context
        editable = bool(context.get("editable"))
        can_manage = bool(context.get("can_manage"))
        period_ended = bool(context.get("period_ended"))
        state, current = context.get("state"), context.get("current")
        projected = (
            state.row if state and current is not None and state.sheet_id == current.id else None
        )
        headings = _column_labels()
        parts = []
        for number, row in enumerate(rows):
            goal = str(row.goal.id)
            if editable:
                challenges = _entries(self.challenge(row, c, c.key) for c in row.challenges)
                followups = _entries(self.followup(row, f, f.key) for f in row.followups)
            else:
                challenges = _entries(map(self._challenge_text, row.challenges))
                followups = _entries(map(self._followup_text, row.followups))
            parts.append(
                GOAL_ROW.format(
                    goal=goal,
                    number=number,
                    projected=" is-projected"
                    if projected is not None and projected == number
                    else "",
                    l_goal=headings["Goal and target"],
                    statement=self.goal_statement(row),
                    project=f"\n            {self.project_row(number)}\n            "
                    if can_manage
                    else "",
                    review=self.review_fold(row, editable=editable, period_ended=period_ended),
                    l_activities=headings["Activities"],
                    activities=self.activities(row),
                    l_challenges=headings["Challenges faced and learning"],
                    challenges=challenges,
                    new_challenge=self.challenge(row, None, row.goal.key) if editable else "",
                    another_challenge=self.add_another("kendala", row) if editable else "",
                    l_followups=headings["Solution ideas and follow-up (from the discussion)"],
                    followups=followups,
                    new_followup=self.followup(row, None, row.goal.key) if editable else "",
                    another_followup=self.add_another("tindak-lanjut", row) if editable else "",
                )
            )
        return SafeString("".join(parts))  # every value escaped by the cells

    def _challenge_text(self, item: ChallengeCell) -> str:
        """A challenge as a reader sees it (no form)."""
        labels = self.labels
        held = item.holds_up
        blocked = ""
        if held:
            counter, total = held
            blocked = '<p class="blocked">{}</p>'.format(
                ngettext(HOLDS_UP, HOLDS_UP, counter)
                % {"counter": self._number(counter), "total": self._number(total)}
            )
        cause = (
            f'<p><span class="label">{labels["Cause:"]}</span> '
            f"{linebreaksbr(item.cause, autoescape=True)}</p>"
            if item.cause
            else ""
        )
        learning = (
            f'<p><span class="label">{labels["Learning:"]}</span> '
            f"{linebreaksbr(item.learning, autoescape=True)}</p>"
            if item.learning
            else ""
        )
        return (
            f'<div class="entry"><p>{linebreaksbr(item.text, autoescape=True)}</p>'
            f"{blocked}{cause}{learning}</div>"
        )

    def _followup_text(self, item: FollowUpCell) -> str:
        """A follow-up as a reader sees it (no form)."""
        due = ""
        if item.due_date:
            day = escape(date_format(item.due_date, "j M Y"))
            due = " · " + gettext("by %(date)s") % {"date": day}
        return (
            f'<div class="entry"><p>{linebreaksbr(item.text, autoescape=True)}</p>'
            f'<p class="meta small">{escape(item.kind_label)} · {escape(item.owner_label)}'
            f"{due}</p></div>"
        )

    def project_row(self, number: int) -> SafeString:
        """The form that shows goal row `number` on the projector."""
        url = self.urls["presenter_move"]
        return SafeString(
            f'<form method="post" action="{url}" class="inline" hx-post="{url}" '
            f'hx-target="#villages" hx-swap="outerHTML">{self.csrf}\n'
            f'              <input type="hidden" name="sheet" value="{self.sheet}">'
            f'<input type="hidden" name="row" value="{self._number(number)}">'
            '<input type="hidden" name="back" value="page">\n'
            '              <button type="submit" class="small secondary project-row">'
            f"{self.labels['Show this row']}</button>\n"
            "            </form>"
        )

    def _in_year(self, year: int) -> str:
        """ "in 2025", as `{% blocktranslate %}in {{ year }}{% endblocktranslate %}` prints it."""
        return gettext("in %(year)s") % {"year": self._number(year)}

    def _number(self, value: int) -> str:
        """A count as `{% blocktranslate %}` prints it (localize: without thousands separators,
        an int's digits)."""
        return escape(localized_int(value, self.context.use_l10n))


def _entries(entries: Iterable[str]) -> str:
    """A goal row's challenges or follow-ups, each with the whitespace of the row loop."""
    return "".join(f"\n              {entry}\n              \n            " for entry in entries)


def warning_lines(warnings: Iterable[Any]) -> SafeString:
    """The review warnings' list items (selectors.ReviewWarning): one per village without its
    own monitoring session, up to every village of the meeting."""
    return SafeString("".join(f"<li>{escape(warning.message)}</li>" for warning in warnings))


def village_lines(context: Context, villages: Iterable[Any], editable: bool) -> SafeString:
    """The order list's lines (the page's `villages`, VillageLine), with the two move buttons
    of each for a person who may change the order."""
    csrf = PageCsrfTokenNode().render(context) if editable else ""
    up, down = gettext("Move %(name)s up"), gettext("Move %(name)s down")
    badge = '<span class="badge projected" title="{}">{}</span>'.format(
        escape(gettext("Shown on the projector")), escape(gettext("on screen"))
    )
    m = _MOVE
    lines = list(villages)
    last = len(lines) - 1
    parts = []
    for number, line in enumerate(lines):
        name = escape(line.name)
        tools = ""
        if editable:
            url = escape(line.move_url)
            moves = "".join(
                f"{m[0]}{url}{m[1]}{url}{m[2]}{csrf}{m[3]}{direction}{m[4]}"
                f"{'disabled' if disabled else ''}{m[5]}{label % {'name': name}}{m[6]}{arrow}{m[7]}"
                for direction, arrow, label, disabled in (
                    ("up", "↑", up, number == 0),
                    ("down", "↓", down, number == last),
                )
            )
            tools = f'\n          <span class="order-tools">\n{moves}          </span>\n          '
        css = ("is-selected" if line.selected else "") + (" is-projected" if line.projected else "")
        representatives = line.representatives
        shown = (
            f'<span class="small muted representatives">{escape(representatives)}</span>'
            if representatives
            else ""
        )
        parts.append(
            f"{_LINE[0]}{css}{_LINE[1]}{escape(line.code)}{_LINE[2]}{name}{_LINE[3]}"
            f"{badge if line.projected else ''}{_LINE[4]}{tools}{_LINE[5]}{shown}{_LINE[6]}"
        )
    return SafeString("".join(parts))  # every value escaped
