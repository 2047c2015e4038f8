"""Pages of support requests: the kabupaten's queue and list, one request's logbook and its
steps, and a desa's or kecamatan's own requests (for a phone, and for printing).

Every step is a plain form POST; a refusal re-renders the request's page with the message next
to the form and what the person typed, and writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from rembuk.core.htmx import template_for
from rembuk.core.lists import CHOICES_OFFERED, page_of
from rembuk.core.permissions import rule
from rembuk.core.posted import posted_date
from rembuk.people.models import Agency, agency_choice_list
from rembuk.support import selectors, services
from rembuk.support.models import SupportRequest
from rembuk.support.permissions import (
    can_read_requests,
    can_take_step,
    can_triage,
    can_work_on,
    can_work_on_some,
)

LIST_PAGE = "support/request_list.html"
# New requests shown as cards above the list: a kabupaten's meeting brings a few dozen at most.
QUEUE_SHOWN = 20
DETAIL_PAGE = "support/request_detail.html"


def _agency(support_request: SupportRequest, value: str | None) -> Agency | None:
    if not value:
        return None
    for agency in selectors.agencies_for(support_request):
        if str(agency.pk) == value:
            return agency
    raise ValidationError(_("Choose an agency from the list."))


@rule(can_read_requests)
def request_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = selectors.Filters.from_query(request.GET)
    agencies, kecamatan = selectors.filter_choices(user, filters, at_most=CHOICES_OFFERED)
    queue = selectors.triage_queue(user)
    shown = list(queue[: QUEUE_SHOWN + 1])  # counted only when there are more than it shows
    context = {
        "filters": filters,
        "page": page_of(request, selectors.filtered_requests(user, filters)),
        # The oldest first; the rest are in the list below, filtered by their status.
        "queue": shown[:QUEUE_SHOWN],
        "queue_count": queue.count() if len(shown) > QUEUE_SHOWN else len(shown),
        "agencies": agencies,
        "kecamatan_choices": kecamatan,
        "statuses": SupportRequest.Status.choices,
        "own_regions": selectors.own_regions(user),
    }
    return render(request, template_for(request, LIST_PAGE, "results"), context)


def _detail(
    request: HttpRequest,
    support_request: SupportRequest,
    *,
    step: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    triage = can_triage(user, support_request)
    work = can_work_on(user, support_request)
    events = selectors.events_of(support_request)
    agencies = selectors.agencies_for(support_request) if triage else []
    choices = agency_choice_list((agency.id, agency.short_name, agency.name) for agency in agencies)
    context = {
        "support": support_request,
        "events": events,
        "last_step": events[-1].date if events else None,
        "can_triage": triage,
        "can_work": work,
        "agency_choices": choices,
        "reroute_choices": [choice for choice in choices if choice[0] != support_request.agency_id],
        "allowed": services.TRANSITIONS[support_request.status] if work else frozenset(),
        "today": timezone.localdate(),
        "step": step,
        "error": error,
        "posted": request.POST if error else {},
    }
    return render(request, DETAIL_PAGE, context, status=status)


@rule(can_read_requests)
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return _detail(request, selectors.request_for_user(request.user, request_id))


# Each step: the service call from the posted form, and the message once done. Who may take
# which step: rembuk.support.permissions.can_take_step.
Step = Callable[[SupportRequest, Any, Any], object]

STEPS: dict[str, tuple[Step, str]] = {
    "accept": (
        lambda item, post, actor: services.request_accept(
            request=item,
            agency=_agency(item, post.get("agency")),
            due_date=posted_date(post.get("due_date")),
            date=posted_date(post.get("date")),
            note=post.get("note", ""),
            actor=actor,
        ),
        gettext_noop("The request is accepted and sent to the agency."),
    ),
    "reroute": (
        lambda item, post, actor: services.request_reroute(
            request=item,
            agency=_agency(item, post.get("agency")),
            note=post.get("note", ""),
            date=posted_date(post.get("date")),
            actor=actor,
        ),
        gettext_noop("The request now goes to the other agency."),
    ),
    "decline": (
        lambda item, post, actor: services.request_decline(
            request=item,
            reason=post.get("reason", ""),
            date=posted_date(post.get("date")),
            actor=actor,
        ),
        gettext_noop("The request is declined; the village sees the reason."),
    ),
    "schedule": (
        lambda item, post, actor: services.request_schedule(
            request=item,
            scheduled_for=posted_date(post.get("scheduled_for")),
            date=posted_date(post.get("date")),
            note=post.get("note", ""),
            actor=actor,
        ),
        gettext_noop("The request is scheduled."),
    ),
    "start": (
        lambda item, post, actor: services.request_start(
            request=item, date=posted_date(post.get("date")), note=post.get("note", ""), actor=actor
        ),
        gettext_noop("The request is in progress."),
    ),
    "close": (
        lambda item, post, actor: services.request_close(
            request=item,
            response=post.get("response", ""),
            date=posted_date(post.get("date")),
            note=post.get("note", ""),
            actor=actor,
        ),
        gettext_noop("The request is done; the village sees the response."),
    ),
    "due_date": (
        lambda item, post, actor: services.request_due_date_set(
            request=item,
            due_date=posted_date(post.get("due_date")),
            date=posted_date(post.get("date")),
            note=post.get("note", ""),
            actor=actor,
        ),
        gettext_noop("The due date is saved."),
    ),
    "note": (
        lambda item, post, actor: services.request_note_add(
            request=item, note=post.get("note", ""), date=posted_date(post.get("date")), actor=actor
        ),
        gettext_noop("The note is added."),
    ),
}


# The step's name in the address, in Indonesian like every other path of the site. The English
# names (the steps' names in code and in the API) were the addresses until round 12 and keep
# answering the same view: a form left open in a browser, or a bookmark, still posts.
STEP_PATHS: dict[str, str] = {
    "terima": "accept",
    "alihkan": "reroute",
    "tolak": "decline",
    "jadwalkan": "schedule",
    "mulai": "start",
    "selesai": "close",
    "tenggat": "due_date",
    "catatan": "note",
}
STEP_PATH_OF: dict[str, str] = {name: slug for slug, name in STEP_PATHS.items()}


@rule(can_work_on_some)
@require_POST
def request_step(request: HttpRequest, request_id: uuid.UUID, step: str) -> HttpResponse:
    step = STEP_PATHS.get(step, step)
    if step not in STEPS:
        raise Http404
    support_request = selectors.request_for_user(request.user, request_id)
    call, done = STEPS[step]
    if not can_take_step(request.user, support_request, step):
        raise PermissionDenied
    try:
        call(support_request, request.POST, request.user)
    except ValidationError as error:
        message = " ".join(str(m) for m in error.messages)
        return _detail(request, support_request, step=step, error=message, status=400)
    messages.success(request, _(done))
    return redirect(reverse("support:request_detail", args=[support_request.pk]))


@rule(can_read_requests)
def region_requests(request: HttpRequest, code: str) -> HttpResponse:
    """A desa's or a kecamatan's own requests: status, agency, due state and the response."""
    region = selectors.region_for_reader(request.user, code)
    return render(
        request,
        "support/region_requests.html",
        {
            "region": region,
            "requests": list(selectors.requests_of_region(region)),
            "today": timezone.localdate(),
        },
    )
