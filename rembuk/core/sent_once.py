"""A form is carried out once, however often the browser sends it (ADR 0032).

On a slow connection a person clicks again; rembuk.js holds a form it sends (ADR 0031), but not
without JavaScript, not after a minute, not after a stopped load. So every page render draws a
token, which its plain POST forms carry (`{% sent_once %}`). The first send of a form claims
the key made of the person, the token, the address it was sent to and what it held; a send that
finds that key claimed gets the first one's answer — where it led and what it said, with a note
that the form had already been sent — and nothing is done again. A send that held something
else (the person went back and changed the form) has another key and is carried out.

Only an answer that leads elsewhere (a redirect: the action was done) is kept. A form shown
again with its errors, a file, an error page: the claim is let go, and the form can be sent
again. htmx's requests are not concerned: a cell's save carries its own version (ADR 0007).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import time

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rembuk.core.addresses import page_sent_from
from rembuk.core.models import SentForm

FIELD = "sent_once"
# Long enough for a page left open over a day's meeting; the table stays small.
KEPT = datetime.timedelta(days=1)
# How long a second send waits for the first, still being carried out, to finish: a form that
# takes longer (an import) answers the second with the page it came from and a note.
WAIT_SECONDS = 15.0
POLL_SECONDS = 0.1
_REDIRECTS = (301, 302, 303, 307, 308)
_NOT_HASHED = ("csrfmiddlewaretoken", FIELD)

ALREADY_SENT = _("This form had already been sent and was carried out once. Here is the result.")
STILL_BEING_SENT = _(
    "This form had already been sent and is still being carried out. "
    "Look at this page again in a moment before sending it again."
)


def page_token(request: HttpRequest) -> str:
    """The token of this page render, drawn once per request and shared by its forms (their
    addresses and contents tell them apart)."""
    token: str | None = getattr(request, "_sent_once_token", None)
    if token is None:
        token = request._sent_once_token = secrets.token_urlsafe(12)  # type: ignore[attr-defined]
    return token


def _key(request: HttpRequest, token: str) -> str:
    digest = hashlib.sha256()
    for part in (str(request.user.pk), token, request.path):
        digest.update(part.encode() + b"\0")
    for name, values in sorted(request.POST.lists()):
        if name not in _NOT_HASHED:
            digest.update(repr((name, values)).encode() + b"\0")
    for name, files in sorted(request.FILES.lists()):
        digest.update(repr((name, [(f.name, f.size) for f in files])).encode() + b"\0")
    return digest.hexdigest()


def claim(request: HttpRequest) -> HttpResponse | None:
    """Before the view: None when this send is to be carried out (claimed for it, or not a
    form this rule covers); else the answer to a form already sent."""
    if not request.user.is_authenticated:
        return None
    token = request.POST.get(FIELD)
    if not token:
        return None
    key = _key(request, str(token))
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():
                SentForm.objects.create(key=key)
        except IntegrityError:
            first = SentForm.objects.filter(key=key).values_list("answer", "said").first()
            if first and first[0]:
                answer, said = first
                # The first answer, which the browser dropped for this one, said these.
                for level, text, tags in said:
                    messages.add_message(request, level, text, extra_tags=tags)
                messages.info(request, ALREADY_SENT)
                return HttpResponseRedirect(answer)
            if time.monotonic() >= deadline:
                messages.info(request, STILL_BEING_SENT)
                return HttpResponseRedirect(page_sent_from(request) or request.path)
            if first:
                time.sleep(POLL_SECONDS)  # the first send is still being carried out
            continue  # else it was let go in between: claim it for this one
        request._sent_once_key = key  # type: ignore[attr-defined]
        _forget_old_now_and_then()
        return None


# A process forgets old keys at a claim at most this often: one DELETE an hour, not one per form
# sent. The scheduled backup's clean-up forgets them too.
FORGET_EVERY = 3600.0  # seconds
_forgot_at = float("-inf")  # time.monotonic() of this process's last clean-up at a claim


def _forget_old_now_and_then() -> None:
    global _forgot_at
    now = time.monotonic()
    if now - _forgot_at >= FORGET_EVERY:
        _forgot_at = now  # two threads at once may both delete: harmless
        forget_old()


def forget_old() -> int:
    """Delete the keys older than a day (at a claim now and then, and in the scheduled backup's
    clean-up)."""
    deleted, _by_model = SentForm.objects.filter(sent_at__lt=timezone.now() - KEPT).delete()
    return deleted


def _said(request: HttpRequest) -> list[list[object]]:
    """The messages the answer carries, left for it to carry (Django's documented way to read
    them without using them up: `used = False` after reading)."""
    storage = messages.get_messages(request)
    said: list[list[object]] = [
        [message.level, str(message.message), message.extra_tags] for message in storage
    ]
    if isinstance(storage, BaseStorage):  # else a request without messages: nothing read
        storage.used = False
    return said


def settle(request: HttpRequest, response: HttpResponse) -> None:
    """After the view: keep where a carried-out form led, or let the claim go."""
    key = getattr(request, "_sent_once_key", None)
    if key is None:
        return
    if response.status_code in _REDIRECTS:
        SentForm.objects.filter(key=key).update(answer=response["Location"], said=_said(request))
    else:
        SentForm.objects.filter(key=key).delete()
