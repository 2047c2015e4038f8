"""Deny by default in the API, as on the pages (ADR 0003): every operation carries a rule.

`@rule(predicate)` is the same kind of predicate the page views carry (can_read_plans…): it
answers "may this kind of person use this operation at all" (403 otherwise); the selectors
then answer "may this person see this object" (404 otherwise). rembuk.api.api refuses to start
when an operation has no rule, and the permission-matrix test names every operation.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rembuk.core.permissions import Predicate


def rule(predicate: Predicate) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.api_rule = predicate  # type: ignore[attr-defined]
        return guarded

    return decorate


def rule_of(view: Callable[..., Any]) -> Predicate | None:
    return getattr(view, "api_rule", None)
