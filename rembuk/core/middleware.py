"""Enforces the rule attached to every view (see rembuk.core.permissions), keeps pages out of
shared caches, refuses a change sent from a page shown to another person, and carries out a form
sent twice once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from rembuk.core import sent_once
from rembuk.core.addresses import page_sent_from
from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import PUBLIC

# What a page sends with every change it makes by script (static/js/rembuk.js): the person it
# was shown to. The answer when that is no longer who is logged in says why in its header.
PERSON_HEADER = "Rembuk-Person"
SIGNED_IN_HEADER = "Rembuk-Signed-In"
_PERSON_META = "HTTP_" + PERSON_HEADER.upper().replace("-", "_")
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# A page that says a form did not arrive carries this class (a message's, or its heading's):
# rembuk.js then keeps what the form held for its page (templates/403_csrf.html too).
NOT_SENT_MARK = "form-not-sent"
NOT_SENT_MESSAGE = _(
    "Your form was not sent: your session had ended. Log in again, then send it again."
)

# Views Django itself ships that we expose as they are.
_FRAMEWORK_PUBLIC = ("django.views.static", "django.contrib.staticfiles", "django.views.i18n")


class PrivateCacheMiddleware:
    """Every page Rembuk renders is about someone's villages or account, so no proxy or shared
    browser may keep it: `Cache-Control: private, no-store` unless the view chose otherwise
    (static files, served apart from Django in production, keep their own caching)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and not request.path.startswith(
            "/" + settings.STATIC_URL.lstrip("/")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SamePersonMiddleware:
    """A change sent by a page in the name of the person it was shown to, while someone else is
    logged in on the browser, is refused (401), not written in the other person's name: a
    kecamatan laptop is shared, and a page left open by one person keeps saving its cells after
    the next one has logged in in another tab (rembuk.js sends the CSRF token of the cookie, so
    the new session's token no longer stops it). The page keeps the text and says so.

    Placed after AuthenticationMiddleware and before any view runs; reads the person only for a
    change that names one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The header as WSGI names it: `request.headers` would build a table of every header.
        shown_to = None if request.method in _SAFE_METHODS else request.META.get(_PERSON_META)
        if shown_to is not None:
            user = request.user
            if not user.is_authenticated:
                return HttpResponse(status=401)
            if str(user.pk) != shown_to:
                refused = HttpResponse(status=401)
                refused[SIGNED_IN_HEADER] = "other"
                return refused
        return self.get_response(request)


def _read(user: Any) -> Any:
    """The person behind AuthenticationMiddleware's lazy `request.user`, once it is read."""
    if isinstance(user, LazyObject):
        wrapped = user._wrapped
        if wrapped is not empty:
            return wrapped
    return user


def _form_after_the_session(request: HttpRequest) -> HttpResponse:
    """A form sent after its session ended reaches no view. The login page says it was not
    sent, and logging in leads back to the page the form was on, where rembuk.js puts back what
    was filled in — not to the form's action, which a POST-only view answers with 405."""
    messages.warning(request, NOT_SENT_MESSAGE, extra_tags=NOT_SENT_MARK)
    return redirect_to_login(page_sent_from(request) or request.get_full_path(), settings.LOGIN_URL)


class PermissionRuleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        predicate = getattr(view_func, "permission_rule", None)
        if predicate is None:
            if view_func.__module__.startswith(_FRAMEWORK_PUBLIC):
                return None
            # Deny by default: a view nobody gave a rule to is not reachable.
            raise PermissionDenied(
                f"No permission rule for {view_func.__module__}.{view_func.__name__}"
            )
        if predicate == PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated:
            if is_htmx(request):
                # A cell saved or a screen polled after the session ended: the login page would
                # be swapped into the cell. The page says so and keeps the text (rembuk.js).
                return HttpResponse(status=401)
            if request.method in _SAFE_METHODS:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            return _form_after_the_session(request)
        # The person has been read now (above): the view, the menu and the templates get the
        # record itself, not Django's lazy wrapper, whose every attribute costs a few calls.
        request.user = user = _read(user)
        if getattr(user, "must_change_password", False) and not getattr(
            view_func, "allowed_before_password_change", False
        ):
            from django.shortcuts import redirect

            return redirect("people:password_change")
        if not predicate(user):
            raise PermissionDenied
        return None


class SentOnceMiddleware:
    """A plain form sent again from the same page, holding the same, is answered with where the
    first send led and not carried out twice (rembuk.core.sent_once, ADR 0032). After
    PermissionRuleMiddleware: only a send the person may make is claimed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST":
            sent_once.settle(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # Not the API's and sync's views (CSRF-exempt, no page, no token): they read the body
        # themselves, and a multipart body read here as a form could not be read again.
        if request.method != "POST" or is_htmx(request) or getattr(view_func, "csrf_exempt", False):
            return None
        return sent_once.claim(request)
