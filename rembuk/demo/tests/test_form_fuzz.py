"""Bad input on any web form is refused clearly, never a server error, and nothing is
half-written.

The demo's people of one kabupaten, one of each role, and the programme team walk their pages
(rembuk.demo.tests.walking) and keep every form the pages offer. Some forms are offered only
in a state the mid-year demo is not in (a draft Matriks 4, a share link, an API token, a
travelled lesson, an evaluation): the module first does, through the services, what a person
would do to be in it (prepared()), and the walk then finds those forms on their pages.

Each distinct form — one route with one set of fields, however many pages or records offer it, a
form's rows counted once — is sent by the person whose page offered it: once as the page filled
it, then with one field at a time replaced by a hostile value: a 100,000-character text, a NUL,
an impossible date, a negative, overflowing or non-numeric number, a malformed UUID, the id of a
record that does not exist, an empty value, two values for one field, HTML with a script,
right-to-left and emoji text. Each field gets two values, chosen deterministically by rotation
(Rotation): one that fits what the field held (a number for a number, a date for a date, an id
for an id) and one from the whole list — or, for a field the app fills rather than the person
(HOUSEKEEPING: a version, a `was_` value), a second that fits, sent with an edit of the form's
first text, since without an edit nothing is written and the version is never read. Django's
`initial-` fields get one. The REST API has its own fuzz test (rembuk/api/tests/test_fuzz.py).

A form whose page left a field to type in empty (a new entry's text, a date to pick) is refused
as the page filled it, and so would be every hostile value in its other fields: they would
never reach the form's service. Such a form is sent with its empty typed fields filled as a
person would (filler()), and when that is accepted its hostile requests start from there.

A form offered to htmx (an autosaving cell) is sent with htmx's header for half of the hostile
values and without it (as without JavaScript) for the other half: both answers are tried.

Each request runs in a savepoint rolled back after it, so every form meets the demo as seeded
(a deleted record or a sent report does not hide the next form), and the ChangeLog rows a
request wrote are its own. What is checked, for every request:

- the answer is not a server error (status < 500, no exception);
- a refused request wrote no ChangeLog row. "Refused" is what the person is shown:
  - a 4xx;
  - a page or an htmx fragment that shows an error: a form's error list or error notice, or an
    autosaving cell's save state with its error (`status-error`, rembuk.core.autosave), which
    htmx gets with status 200 so that the cell keeps the person's text;
  - a redirect (a form posted without JavaScript, an autosaving cell's Save button included)
    with an error message for the next page;
  an answer that shows no error accepted the input (or ignored a field the form does not
  read), and may write;
- a refusal is worded for the person: none of Django's English defaults ("This field is
  required", "Bad Request") shows through;
- what an accepted request wrote fits its column on either database: no NUL, no text longer
  than its column, no integer outside its column's range (SQLite stores all three; PostgreSQL
  refuses them with a server error);
- the script sent as text never comes back unescaped: not in the answer, not in the next page
  (the redirect's target, or the page that offered an htmx form).

Its cost, about half a minute on SQLite: the demo seeded once (about 10 s), each person's walk
with one page per route (about 7 s) and some five hundred requests. Not reached: the lesson
suggestions' forms (suggestion_add, suggestion_dismiss, capture_dismiss), which only an htmx
request carrying the text being typed brings onto a page; the walk sends neither.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.test import Client

from rembuk.core.models import ChangeLog
from rembuk.demo.tests.conftest import seeded_on
from rembuk.demo.tests.walking import OWNERS, Offered, client_of, route_of, walk
from rembuk.evaluation.services import evaluation_save
from rembuk.learning.models import Lesson
from rembuk.learning.services import lesson_adopt
from rembuk.meetings.models import CoordinationMeeting
from rembuk.meetings.services import share_link_create
from rembuk.people.models import User
from rembuk.people.services import access_token_create
from rembuk.plans.models import LivelihoodPlan
from rembuk.reports.models import KecamatanReport
from rembuk.reports.services import kecamatan_report_correct

# Sumba Barat Daya's people of each role, and the programme team, whose pages alone offer the
# forms that invite people and grant roles.
PEOPLE = (*OWNERS, "program")

TODAY = datetime.date(2027, 6, 15)  # mid-year: every kind of record the demo makes exists
seeded = seeded_on(TODAY, twice=False)
pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE: dict[str, str | list[str]] = {
    "long text": "panjang " * 12_500,  # 100,000 characters
    "NUL": "sebelum\x00sesudah",
    "script": SCRIPT,
    "right-to-left and emoji": "\u202ebalik\u202c سلام 🌾👩🏽‍🌾",
    "empty": "",
    "impossible date": "2024-13-45",
    "negative": "-1",
    "overflowing float": "1e309",
    "huge integer": "99999999999999999999",
    "not a number": "dua belas",
    "malformed uuid": "1234-not-a-uuid",
    "nonexistent uuid": "00000000-0000-4000-8000-00000000dead",
    "nonexistent integer id": "2147483000",
    "two values": ["pertama", SCRIPT],  # the first is the field's own value (Probe.data)
}
# The values that fit a field, by what the page filled it with (kind_of()).
FITTING = {
    "uuid": ("malformed uuid", "nonexistent uuid", "empty"),
    "integer": (
        "negative",
        "huge integer",
        "overflowing float",
        "not a number",
        "nonexistent integer id",
    ),
    "date": ("impossible date", "not a number", "empty"),
    "text": ("long text", "NUL", "script", "right-to-left and emoji", "two values"),
}
SHOWS_SCRIPT = {"script", "two values"}
EDITABLE = {"text", "textarea"}  # the input types a probe of a housekeeping field edits
# htmx sends these hostile values to a form offered to htmx; the others go without JavaScript.
AS_HTMX = set(list(HOSTILE)[::2])

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DAY = re.compile(r"\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2}")
# An id in a route or a field name: a UUID (with or without dashes), a number, a region code.
IDS = re.compile(rf"{UUID.pattern}|[0-9a-f]{{32}}|\d+(?:\.\d+)*")
# The fields a form carries for the app, not for the person: what the page showed (autosave's
# `was_`, Django's `initial-`), the version the page was built from, which entry a cell is.
HOUSEKEEPING = re.compile(r"^(?:was_|initial-)|(?:^|[-_])(?:base_version|version|key|id)(?:_|$)")
NOT_FUZZED = {"csrfmiddlewaretoken"}  # the test client does not check it
NOT_SENT = {"people:logout"}  # ends the session every other form is sent in
# How a page shows a refusal: a form's error list or notice, a message, an autosaving cell's state.
ERROR_SHOWN = re.compile(r'class="[^"]*\b(?:error|errorlist)\b[^"]*"')
# Django's own wording, in English: a refusal that reads so was not written for the person.
DJANGO_ENGLISH = (
    "This field is required",
    "Enter a valid",
    "Enter a whole number",
    "Select a valid choice",
    "is not a valid UUID",
    "Ensure this value",
    "Bad Request",
)


def kind_of(value: str) -> str:
    if UUID.fullmatch(value):
        return "uuid"
    if value.isdigit():
        return "integer"
    if DAY.fullmatch(value):
        return "date"
    return "text"


def shape_of(text: str) -> str:
    """A field name or route parameter with the ids in it masked: the rows of one form (a
    goal's fields named by the goal's id) and the forms of one route are alike."""
    return IDS.sub("*", text)


def filler(name: str, kind: str) -> str:
    """What a person types in a field the page left empty (its input type: `kind`). Dates are
    typed day first in text inputs (rembuk.core.dates); a later day suits every date field of
    the demo (a next meeting, a due date)."""
    if kind == "password":
        return ""
    if kind == "number":
        return str(TODAY.year)
    if "date" in name or name.endswith("_for"):
        return (TODAY + datetime.timedelta(days=90)).strftime("%d-%m-%Y")
    if "time" in name:
        return "09:00"
    return "Uji isian"


@dataclass
class Form:
    owner: str
    page: str  # the page that offered it
    offer: Offered
    view_name: str
    filled: bool = False  # its hostile requests start from filled_data(), not the page's values

    def page_data(self) -> dict[str, str | list[str]]:
        """The fields as the page filled them (checkboxes of one name: a list)."""
        data: dict[str, str | list[str]] = {}
        for name, value in self.offer.data:
            if name in data:
                previous = data[name]
                data[name] = [*(previous if isinstance(previous, list) else [previous]), value]
            else:
                data[name] = value
        return data

    def filled_data(self) -> dict[str, str | list[str]]:
        data = self.page_data()
        for name, kind in self.offer.typed:
            value = data.get(name)
            if isinstance(value, str) and not value.strip():
                data[name] = filler(name, kind)
        return data

    def base(self) -> dict[str, str | list[str]]:
        return self.filled_data() if self.filled else self.page_data()

    def label(self) -> str:
        return f"{self.owner}: POST {self.offer.path} ({self.view_name})"


def form_key(offer: Offered) -> tuple[object, ...] | None:
    """What makes two offered forms the same form: the route, its parameters that are not ids
    (a sheet's kind of entry), and the names of its fields."""
    route = route_of(offer.path)
    if route is None:
        return None
    view_name, kwargs = route
    parameters = tuple(sorted((name, shape_of(str(value))) for name, value in kwargs.items()))
    return view_name, parameters, tuple(sorted({shape_of(name) for name, _ in offer.data}))


def distinct_forms() -> list[Form]:
    forms: dict[tuple[object, ...], Form] = {}
    for owner in PEOPLE:
        walked = walk(owner, pages_per_route=1)
        for offer in sorted(walked.offered, key=lambda o: (o.path, o.data)):
            if offer.method != "POST" or not offer.data:
                continue
            key = form_key(offer)
            if key is None or key in forms or key[0] in NOT_SENT:
                continue
            forms[key] = Form(owner, walked.offered_on[offer], offer, str(key[0]))
    return list(forms.values())


@dataclass(frozen=True)
class Probe:
    """One request: a form with one field (none: `field` empty) given a hostile value."""

    form: Form
    field: str = ""
    hostile: str = ""  # a name in HOSTILE
    filled: bool = False  # the base: the form's filled_data() (else Form.base())

    def data(self) -> dict[str, str | list[str]]:
        data = self.form.filled_data() if self.filled else self.form.base()
        if not self.field:
            return data
        if HOUSEKEEPING.search(shape_of(self.field)):
            # A version or a was_ value matters with an edit: without one, nothing is written.
            for name, kind in self.form.offer.typed:
                own = data.get(name)
                if kind in EDITABLE and isinstance(own, str) and own.strip():
                    data[name] = f"{own} (diubah)"
                    break
        value = HOSTILE[self.hostile]
        if self.hostile == "two values":
            own = data[self.field]
            value = [own[0] if isinstance(own, list) else own, SCRIPT]
        data[self.field] = value
        return data

    def headers(self) -> dict[str, str]:
        return {"HX-Request": "true"} if self.form.offer.htmx and self.hostile in AS_HTMX else {}

    def label(self) -> str:
        if not self.field:
            return f"{self.form.label()}, {'filled in' if self.filled else 'as the page filled it'}"
        return f"{self.form.label()}, {self.field} = {self.hostile}"


@dataclass
class Rotation:
    """Which hostile values each field gets. The values that fit turn per field name, across
    forms (the `base_version` or `date` of one form gets the next ones after another's), so
    that a field found in many forms meets each of them; the others turn across all fields."""

    fitting_turns: dict[tuple[str, str], int] = field(default_factory=dict)
    turn: int = 0

    def fitting(self, kind: str, shape: str) -> str:
        values, turn = FITTING[kind], self.fitting_turns.get((kind, shape), 0)
        self.fitting_turns[(kind, shape)] = turn + 1
        return values[turn % len(values)]

    def any(self) -> str:
        self.turn += 1
        return list(HOSTILE)[(self.turn - 1) % len(HOSTILE)]

    def probes(self, form: Form) -> Iterator[Probe]:
        base = form.base()
        shapes = {shape_of(name): name for name in reversed(base)}  # each shape's first field
        for shape in sorted(shapes):
            name = shapes[shape]
            if name in NOT_FUZZED:
                continue
            own = base[name]
            kind = kind_of(own if isinstance(own, str) else own[0])
            first = self.fitting(kind, shape)
            yield Probe(form, name, first)
            if shape.startswith("initial-"):
                continue  # Django reads it only to tell whether the field changed: one is enough
            second = self.fitting(kind, shape) if HOUSEKEEPING.search(shape) else self.any()
            if second != first:
                yield Probe(form, name, second)


@dataclass
class Outcome:
    status: int
    refused: bool
    written: list[ChangeLog]
    pages: list[str]  # the answer and, after a script was accepted, the next page (HTML)
    said: list[str]  # the messages a redirect left for the next page (text)


def shows_error(html: str) -> bool:
    return bool(ERROR_SHOWN.search(html))


def answer(client: Client, probe: Probe) -> Outcome:
    """Send one probe and read its outcome (inside the caller's savepoint)."""
    before = ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    client.cookies.pop("messages", None)  # so that the messages read below are this request's
    response = client.post(probe.form.offer.path, probe.data(), headers=probe.headers())
    status = response.status_code
    pages = [response.content.decode(errors="replace")]
    redirected = status in {301, 302, 303} and response["Location"].startswith("/")
    said = list(get_messages(response.wsgi_request)) if redirected else []
    if status >= 400:
        refused = True
    elif redirected:
        refused = any(message.level >= messages.ERROR for message in said)
    else:
        refused = shows_error(pages[0])
    written = list(ChangeLog.objects.filter(seq__gt=before))
    if not refused and probe.hostile in SHOWS_SCRIPT:
        following = client.get(response["Location"] if redirected else probe.form.page)
        pages.append(following.content.decode(errors="replace"))
    return Outcome(status, refused, written, pages, [str(message) for message in said])


def beyond_its_column(entry: ChangeLog) -> list[str]:
    """What a ChangeLog row says was written that one of the two databases cannot hold."""
    model = apps.get_model(entry.model_label)
    problems = []
    for name, change in entry.changes.items():
        new = change[1] if isinstance(change, list) and len(change) == 2 else change
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        where = f"{entry.model_label}.{name}"
        if isinstance(new, str) and "\x00" in new:
            problems.append(f"{where} holds a NUL")
        limit = getattr(column, "max_length", None)
        if isinstance(new, str) and limit is not None and len(new) > limit:
            problems.append(f"{where}: {len(new)} characters in a column of {limit}")
        if isinstance(new, int) and isinstance(column, models.IntegerField):
            low, high = connection.ops.integer_field_range(column.get_internal_type())
            if (low is not None and new < low) or (high is not None and new > high):
                problems.append(f"{where} = {new}, outside its column's range")
    return problems


def judged(probe: Probe, outcome: Outcome) -> list[str]:
    """What is wrong with one outcome (the module docstring's rules)."""
    label, faults = probe.label(), []
    if outcome.status >= 500:
        faults.append(f"{label}: {outcome.status}")
    if outcome.refused and outcome.written:
        changed = sorted({entry.model_label for entry in outcome.written})
        faults.append(f"{label}: refused ({outcome.status}) but wrote {changed}")
    if outcome.refused:
        shown = [*outcome.pages, *outcome.said]
        english = [words for words in DJANGO_ENGLISH if any(words in text for text in shown)]
        if english:
            faults.append(f"{label}: refused in Django's English ({english})")
    else:
        for entry in outcome.written:
            faults.extend(f"{label}: {problem}" for problem in beyond_its_column(entry))
    if any(SCRIPT in page for page in outcome.pages):
        faults.append(f"{label}: the script came back unescaped")
    return faults


@dataclass
class Fuzzer:
    clients: dict[str, Client]
    sessions: dict[str, str]  # each person's session cookie
    faults: list[str] = field(default_factory=list)
    sent: int = 0

    @classmethod
    def of(cls, owners: tuple[str, ...]) -> Fuzzer:
        clients = {owner: client_of(owner) for owner in owners}
        cookie = settings.SESSION_COOKIE_NAME
        return cls(clients, {owner: c.cookies[cookie].value for owner, c in clients.items()})

    def send(self, probe: Probe) -> Outcome | None:
        """One probe in a savepoint rolled back after it; None after a server error."""
        owner = probe.form.owner
        client = self.clients[owner]
        self.sent += 1
        outcome = None
        with transaction.atomic():
            try:
                outcome = answer(client, probe)
            except Exception as error:  # the test client raises what the view raised
                self.faults.append(f"{probe.label()}: server error {type(error).__name__}: {error}")
            finally:
                transaction.set_rollback(True)
        # The rollback restored the person's session as it was: keep using it, whatever the
        # answer set (a form that signs in again, or out, moves the cookie).
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[owner]
        if outcome is not None:
            self.faults.extend(judged(probe, outcome))
        return outcome


@pytest.fixture(scope="module")
def prepared(seeded, django_db_blocker):  # type: ignore[no-untyped-def]
    """The demo as seeded, and what a person does in the states whose pages offer the forms the
    seeded pages do not: Kodi Balaghar's kecamatan starts correcting its sent Matriks 4 (a
    draft's cells, note, row order and Send), shares its next meeting's sheet with the village
    and makes itself an API token; it takes up another village's lesson for that meeting (the
    lesson travels: its page, and its edit page, are linked for the facilitator); the
    facilitator records Wailangira's evaluation (its page offers the next period's plan).
    Done through the services, as the pages would, inside the module's seeded transaction."""
    with django_db_blocker.unblock():
        kecamatan = User.objects.get(username="kecamatan.kodibalaghar")
        facilitator = User.objects.get(username="faskab.sbd")
        sent = KecamatanReport.objects.get(
            kecamatan__code="53.18.11", status=KecamatanReport.Status.SENT
        )
        kecamatan_report_correct(report=sent, actor=kecamatan)
        meeting = CoordinationMeeting.objects.filter(
            kecamatan__code="53.18.11", status=CoordinationMeeting.Status.PLANNED
        ).get()
        sheet = meeting.sheets.order_by("position").first()
        assert sheet is not None
        share_link_create(sheet=sheet, actor=kecamatan)
        access_token_create(user=kecamatan, name="Uji", expires_at=None, actor=kecamatan)
        lesson = Lesson.objects.exclude(desa=sheet.desa).filter(desa__parent=sheet.desa.parent)
        goal = sheet.plan.goals.order_by("position").first() if sheet.plan else None
        lesson_adopt(lesson=lesson.first(), sheet=sheet, goal=goal, actor=kecamatan)
        plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2001")
        evaluation_save(plan=plan, actor=facilitator, date=TODAY, notes="Evaluasi uji")
    return seeded


def test_no_form_answers_hostile_input_with_a_server_error_or_a_half_write(prepared):
    forms = distinct_forms()
    fuzzer = Fuzzer.of(PEOPLE)
    rotation = Rotation()
    accepted = 0
    for form in forms:
        as_offered = fuzzer.send(Probe(form))
        if as_offered is not None and as_offered.refused:
            filled = fuzzer.send(Probe(form, filled=True))
            form.filled = filled is not None and not filled.refused
        accepted += as_offered is not None and (not as_offered.refused or form.filled)
        for probe in rotation.probes(form):
            fuzzer.send(probe)
    assert not fuzzer.faults, f"{len(fuzzer.faults)} faults in {fuzzer.sent} requests:\n" + (
        "\n".join(fuzzer.faults)
    )
    assert len(forms) >= 50, f"the walk offered only {len(forms)} forms"
    assert accepted >= 30, f"only {accepted} of {len(forms)} forms accept their page's values"
