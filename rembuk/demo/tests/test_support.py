"""The support demo puts the requests of 28 March 2024 at different stages; runs twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from rembuk.demo.support import ASSISTANCE_RESPONSE, seed_support_demo
from rembuk.people.models import User
from rembuk.support.models import SupportRequest

pytestmark = pytest.mark.django_db
Status = SupportRequest.Status


def test_one_request_answered_by_dpmd_one_overdue_at_distan_and_the_rest_in_between() -> None:
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    users = {user.username: user for user in User.objects.all()}
    seed_support_demo(users)
    events = SupportRequest.objects.values_list("events__id", flat=True).count()
    assert "0 diproses sekarang" in seed_support_demo(users)
    assert SupportRequest.objects.values_list("events__id", flat=True).count() == events

    requests = list(SupportRequest.objects.select_related("agency"))
    by_agency = {(r.agency.short_name, r.status) for r in requests}
    assert ("DPMD", Status.DONE) in by_agency
    done = next(r for r in requests if r.status == Status.DONE)
    assert done.response == ASSISTANCE_RESPONSE
    assert done.closed_on is not None and done.closed_on.year == 2024
    assert done.events.filter(changed_by__username="opd.dpmd.sbd").count() == 3
    distan = next(r for r in requests if r.agency.short_name == "Distan")
    assert distan.status in (Status.ACCEPTED, Status.SCHEDULED)
    assert distan.due_state == SupportRequest.Due.OVERDUE
    assert distan.events.filter(changed_by__username="opd.distan.sbd").exists()
    statuses = {r.status for r in requests}
    assert {Status.SUBMITTED, Status.SCHEDULED, Status.IN_PROGRESS} <= statuses
    assert all(e.date.year == 2024 for r in requests for e in r.events.all())
