"""Every page and action that names a record of one kabupaten, asked for by the people of
another, is refused as if the record did not exist (docs/decisions/0011).

The demo has two worlds with every role in each: Sumba Barat Daya (53.18) and Seram Bagian
Timur (81.05). Sumba Barat Daya's people walk their pages as a person would, following links,
and every request the pages offer — links, forms with their fields, htmx requests — is kept
(rembuk.demo.tests.walking, which the form fuzz walks too).
Seram Bagian Timur's people then send each request that names a record (its route holds an id
or a region code). The answer must be a refusal — 404, or 403 for what the role may never do,
405 for the wrong method — and for an id, the same answer as for an id that does not exist, so
nobody learns that a record exists elsewhere; and nothing may be written. Routes that name a
record but that no page offered are listed with the reason, so a new route is either reached by
the walk or explained here. The REST API and the sync API have their own scope tests
(rembuk/api/tests/test_scope.py, test_fuzz.py; rembuk/sync/tests/).
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse

from rembuk.core.models import ChangeLog
from rembuk.core.tests.test_url_rules import FRAMEWORK_PUBLIC, _all_urls
from rembuk.demo.tests.conftest import seeded_on
from rembuk.demo.tests.walking import (
    NOT_WALKED_NAMESPACES,
    OWNERS,
    Offered,
    Walked,
    client_of,
    respond,
    route_of,
    send,
    walk,
)
from rembuk.learning.models import Lesson
from rembuk.meetings.models import Challenge, FollowUp
from rembuk.people.models import Membership, User
from rembuk.plans.models import LivelihoodPlan
from rembuk.reports.models import KecamatanReport
from rembuk.support.models import SupportRequest
from rembuk.support.permissions import can_read_request
from rembuk.support.selectors import requests_visible_to

TODAY = datetime.date(2027, 6, 15)  # mid-year: meetings held, reports sent, requests followed up
seeded = seeded_on(TODAY, twice=False)
pytestmark = pytest.mark.django_db

OWN_KABUPATEN = "53.18."  # Sumba Barat Daya: whose pages are walked (walking.OWNERS)
STRANGERS = (  # Seram Bagian Timur: who asks for what those pages offered
    "kabupaten.sbt",
    "faskab.sbt",
    "opd.diskan.sbt",
    "kecamatan.telukwaru",
    "desa.waru",
    "fasdesa.waru",
)
REFUSALS = {403, 404, 405}
LOGIN_PATH = "/akun/masuk/"

# Routes with a parameter that is not a record of a region.
NOT_A_RECORD = {
    "meetings:shared_sheet": "a share link is a capability: whoever holds its token may read it",
    "programme:dashboard_xlsx": "a section of the person's own dashboard (the key names it)",
    "api:docs_part": "the API's documentation",
}
# Pages of one region that every signed-in person may read, by design.
OPEN_REGION_PAGES = {
    "regions:region_detail": "the list of official regions is public reference data",
    "people:agency_list": "a kabupaten's agencies (OPD) are public; linked from its region page",
}
# Routes that name a record but that no page of the walk offers (or none the demo makes), and
# where their scope is tested instead.
UNREACHED = {
    "meetings:share_link_revoke": "no share link in the demo: meetings/tests/test_permissions.py",
    "people:access_token_revoke": "the demo makes no API token: people/tests/test_access_tokens.py",
    "reports:export_status": "exports are made on request: reports/tests/test_background.py",
    "reports:export_file": "exports are made on request: reports/tests/test_background.py",
    "reports:export_retry": "exports are made on request: reports/tests/test_background.py",
    "sync:token_revoke": "a hub's node tokens: sync/tests/test_permissions.py",
    "sync:token_revoke_lost": "a hub's node tokens: sync/tests/test_permissions.py",
    "sync:token_bundle": "a hub's node tokens: sync/tests/test_permissions.py",
    "sync:quarantine_retry": "a hub's quarantine: sync/tests/test_permissions.py, test_trust.py",
    "sync:conflict_resolve": "the demo holds no conflict: sync/tests/test_views.py",
}
TARGETS_PER_ROUTE = 2  # requests of one route and method sent by each stranger
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
INT_SEGMENT = re.compile(r"/(\d+)(?=/)")


def names_a_record(view_name: str) -> bool:
    """Whether a route's parameters name a record this test attacks (its own parameters are
    checked by the caller)."""
    return view_name not in NOT_A_RECORD and not view_name.startswith(NOT_WALKED_NAMESPACES)


def nonexistent_twin(path: str) -> str | None:
    """The same request with every id replaced by one that exists nowhere (None: no id)."""
    twin = UUID.sub(lambda _: str(uuid.uuid4()), path)
    twin = INT_SEGMENT.sub("/2147483000", twin)
    return twin if twin != path else None


def made(view_name: str, method: str, *args: object, **data: str) -> tuple[str, Offered]:
    return view_name, Offered(method, reverse(view_name, args=args), tuple(data.items()))


def made_targets() -> list[tuple[str, Offered]]:
    """Requests no page of the walk offers (a role's page it did not reach, an action shown only
    in some states), built from Sumba Barat Daya's records."""
    lesson = Lesson.objects.filter(desa__code__startswith=OWN_KABUPATEN).first()
    person = User.objects.get(username="desa.wainyapu")
    membership = Membership.objects.filter(user=person).first()
    challenge = Challenge.objects.filter(sheet__desa__code__startswith=OWN_KABUPATEN).first()
    followup = FollowUp.objects.filter(sheet__desa__code__startswith=OWN_KABUPATEN).first()
    report = KecamatanReport.objects.filter(kecamatan__code__startswith=OWN_KABUPATEN).first()
    plan = LivelihoodPlan.objects.filter(desa__code__startswith=OWN_KABUPATEN).first()
    assert lesson and membership and challenge and followup and report and plan
    row = report.rows.first()
    assert row is not None
    kecamatan, meeting = plan.desa.code.rsplit(".", 1)[0], challenge.sheet.meeting_id
    years = (plan.period_start, plan.period_end)
    return [
        made("learning:lesson_detail", "GET", lesson.pk),
        made("learning:lesson_edit", "GET", lesson.pk),
        made("learning:lesson_edit", "POST", lesson.pk, title="x"),
        made("learning:suggestion_add", "POST", lesson.pk, challenge=str(challenge.pk)),
        made("learning:suggestion_dismiss", "POST", lesson.pk, challenge=str(challenge.pk)),
        made("learning:capture_dismiss", "POST", meeting),
        made("people:user_detail", "GET", person.pk),
        made("people:user_invite_done", "GET", person.pk),
        made("people:membership_grant", "POST", person.pk, role="tim_desa"),
        made("people:user_password_reset", "POST", person.pk),
        made("people:user_unlock", "POST", person.pk),
        made("people:membership_revoke", "POST", membership.pk),
        made("meetings:item_delete", "POST", meeting, challenge.sheet_id, "kendala", challenge.pk),
        made(
            "meetings:item_delete", "POST", meeting, followup.sheet_id, "tindak-lanjut", followup.pk
        ),
        made("reports:invitation", "GET", meeting, "pdf"),
        made("reports:meeting_export", "GET", meeting, "pdf"),
        made(
            "reports:kecamatan_report_cell_save",
            "POST",
            report.pk,
            row.pk,
            "challenges",
            challenges="x",
        ),
        made("reports:kecamatan_report_note_save", "POST", report.pk, note="x"),
        made("reports:kecamatan_report_row_move", "POST", report.pk, row.pk, "naik"),
        made("reports:kecamatan_report_send", "POST", report.pk),
        made("evaluation:kecamatan_pdf", "GET", kecamatan, *years),
        made("evaluation:kecamatan_docx", "GET", kecamatan, *years),
        made("evaluation:next_plan", "POST", plan.pk),
    ]


@pytest.fixture(scope="module")
def walks(seeded) -> dict[str, Walked]:  # type: ignore[no-untyped-def]
    return {owner: walk(owner) for owner in OWNERS}


@pytest.fixture(scope="module")
def targets(walks) -> dict[tuple[str, str], list[Offered]]:  # type: ignore[no-untyped-def]
    """(route, method) → up to TARGETS_PER_ROUTE requests the owners' pages offered."""
    chosen: dict[tuple[str, str], list[Offered]] = defaultdict(list)
    for owner in OWNERS:
        for offer in sorted(walks[owner].offered, key=lambda o: (o.method, o.path, o.data)):
            route = route_of(offer.path)
            if route is None or not route[1] or not names_a_record(route[0]):
                continue
            kept = chosen[(route[0], offer.method)]
            if len(kept) < TARGETS_PER_ROUTE and offer not in kept:
                kept.append(offer)
    for view_name, offer in made_targets():
        chosen[(view_name, offer.method)].append(offer)
    return chosen


def test_no_page_offers_a_link_that_fails_the_person_it_is_shown_to(walks):
    dead = [f"{owner}: {link}" for owner, walked in walks.items() for link in walked.dead_links]
    assert not dead, "\n".join(dead)


def test_every_route_naming_a_record_is_reached_by_the_walk_or_explained(targets):
    routes = {
        name
        for route, name, view in _all_urls()
        if "<" in route
        and names_a_record(name)
        and name not in OPEN_REGION_PAGES
        and not view.__module__.startswith(FRAMEWORK_PUBLIC)  # static files (DEBUG on)
    }
    reached = {name for name, _ in targets}
    unexplained = sorted(routes - reached - set(UNREACHED))
    assert not unexplained, "No page offers these routes; reach them or explain:\n" + "\n".join(
        unexplained
    )
    assert len(reached) >= 60, f"the walk reached only {len(reached)} routes naming a record"


@pytest.mark.parametrize("stranger", STRANGERS)
def test_a_record_of_another_kabupaten_is_refused_as_if_it_did_not_exist(targets, stranger):
    client = client_of(stranger)
    changes_before = ChangeLog.objects.count()
    answered: list[str] = []
    refused = 0
    for (view_name, method), offers in sorted(targets.items()):
        for offer in offers:
            status = send(client, offer)
            if view_name in OPEN_REGION_PAGES and method == "GET" and status == 200:
                continue
            twin = nonexistent_twin(offer.path)
            twin_status = send(client, offer, twin) if twin else status
            if status not in REFUSALS or status != twin_status:
                answered.append(
                    f"{method} {offer.path} ({view_name}): {status}, nonexistent id: {twin_status}"
                )
            else:
                refused += 1
    assert not answered, f"{stranger} was answered:\n" + "\n".join(answered)
    assert ChangeLog.objects.count() == changes_before, "a refused request wrote a change"
    assert refused >= 100, f"only {refused} requests were sent"


def test_nobody_signed_out_reaches_what_the_pages_offer(targets):
    """The same requests without signing in: each is sent to the login page or refused; none
    is answered, none writes."""
    client, changes_before = Client(), ChangeLog.objects.count()
    answered = []
    for (view_name, method), offers in sorted(targets.items()):
        for offer in offers:
            response = respond(client, offer)
            status, location = response.status_code, response.get("Location", "")
            if status in REFUSALS or (status == 302 and location.startswith(LOGIN_PATH)):
                continue
            answered.append(f"{method} {offer.path} ({view_name}): {status} {location}")
    assert not answered, "Signed out, these were answered:\n" + "\n".join(answered)
    assert ChangeLog.objects.count() == changes_before


def test_a_support_request_is_linked_for_exactly_those_who_may_open_it(seeded):
    """The pages' link rule (one request) and the selectors' read rule (a query) agree for every
    person and request of the demo, agency staff included."""
    requests = list(SupportRequest.objects.select_related("desa"))
    assert requests
    for person in User.objects.filter(is_active=True):
        visible = set(requests_visible_to(person).values_list("pk", flat=True))
        for request in requests:
            assert can_read_request(person, request) == (request.pk in visible), (
                person.username,
                request.pk,
            )
