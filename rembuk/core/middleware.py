"""Enforces the rule attached to every view (see rembuk.core.permissions), and keeps pages out
of shared caches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, empty

from rembuk.core.htmx import is_htmx
from rembuk.core.permissions import PUBLIC

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


def _read(user: Any) -> Any:
    """The person behind AuthenticationMiddleware's lazy `request.user`, once it is read."""
    if isinstance(user, LazyObject):
        wrapped = user._wrapped
        if wrapped is not empty:
            return wrapped
    return user


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
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
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
