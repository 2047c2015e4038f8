"""Each session shows Rembuk in the language chosen in it, else in the person's default
(Bahasa Indonesia unless they chose another on their account page).

The choice belongs to the session, not to the person: switching to English on the projector
laptop does not turn a colleague's phone, signed in as the same person, to English, nor the
documents that phone downloads. A browser set to English (common on office laptops) is not a
choice made by the person, so it is ignored.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
