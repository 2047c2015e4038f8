"""Each session shows Rembuk in the language chosen in it, else in the person's default
(Bahasa Indonesia unless they chose another on their account page); and times on the person's
clock (LocalTimeMiddleware).

The choice belongs to the session, not to the person: switching to English on the projector
laptop does not turn a colleague's phone, signed in as the same person, to English, nor the
documents that phone downloads. A browser set to English (common on office laptops) is not a
choice made by the person, so it is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from rembuk.people.permissions import memberships
from rembuk.regions.time_zones import chosen_zone, common_zone

# Where a session keeps the language chosen with the EN/ID buttons.
SESSION_LANGUAGE = "rembuk_language"


def session_language(request: HttpRequest) -> str:
    """The language this request is shown in."""
    languages = dict(settings.LANGUAGES)
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_LANGUAGE) if session is not None else None
    if chosen in languages:
        return str(chosen)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in languages:
        return str(user.language)
    return str(settings.LANGUAGE_CODE)


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = session_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The API answers each request in the language it asks for, and says so itself.
        response.headers.setdefault("Content-Language", language)
        return response


class LocalTimeMiddleware:
    """Times are shown on the person's clock: the zone they chose on their account page; else
    the zone of the regions their roles cover, when they all lie in one (a village in Papua
    reads WIT on a national hub); else the hub's own (settings.TIME_ZONE). Read from their
    memberships, which the permission rule has just read (rembuk.people.permissions caches
    them on the person), so after PermissionRuleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # the next request on this thread starts from the hub's

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        zone = person_zone(request.user)
        if zone is not None:
            timezone.activate(zone)


def person_zone(user: Any) -> ZoneInfo | None:
    """The zone a person's times are shown in, or None for the hub's own."""
    if not user.is_authenticated:
        return None
    return chosen_zone(user.time_zone) or roles_zone(user)


def roles_zone(user: Any) -> ZoneInfo | None:
    """The one zone of the regions a signed-in person's roles cover, or None when they span
    several (or the person has none)."""
    return common_zone(m.region.code for m in memberships(user))
