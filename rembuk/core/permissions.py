"""Permission primitives shared by every app.

Deny by default: every view carries a rule (`@rule(...)` or `@public`); PermissionRuleMiddleware
refuses a view without one, and a test fails when a URL's view has none. Rules are small yes/no
predicates over the user; object-level scope is enforced by selectors, which return 404 for an
object outside the user's region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from rembuk.regions import codes

Predicate = Callable[[Any], bool]
View = Callable[..., HttpResponse]

PUBLIC = "public"


def region_covers(scope_code: str, code: str) -> bool:
    """Kemendagri codes nest: `53.18` covers `53.18` and everything that starts `53.18.`."""
    return codes.covers(scope_code, code)


def region_q(path: str, scope_codes: Iterable[str]) -> Q:
    """A filter matching rows whose region code at `path` lies in any of the scopes, in the
    form the code index answers (rembuk.regions.codes.under)."""
    return codes.under_any(path, scope_codes)


def rule(predicate: Predicate) -> Callable[[View], View]:
    """Attach a permission rule to a view: anonymous users go to login, others must pass it."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view(request, *args, **kwargs)

        wrapper.permission_rule = predicate  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public(view: View) -> View:
    view.permission_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)
