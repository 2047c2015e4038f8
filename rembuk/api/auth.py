"""Who is calling: a personal access token (`Authorization: Bearer rbk_…`), or the browser's
session (with Django's CSRF check on writes).

A token acts as its person, with the memberships that person holds at the moment of the
request (read afresh each time, so a revoked role is gone at once). The person's scope then
comes only from the server's own records, through the selectors, exactly as on the pages.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from rembuk.people import services as people_services
from rembuk.people.models import AccessToken


class NotAuthenticated(Exception):
    """No usable credentials; `reason` is one of: missing, unknown, revoked, expired, inactive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PasswordChangeRequired(Exception):
    """A person signed in with a temporary password must choose their own before anything."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a personal access token made on the account page."""

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken:
        try:
            found = people_services.access_token_authenticate(token.strip())
        except people_services.AccessTokenRefused as refused:
            raise NotAuthenticated(refused.code) from refused
        # The selectors and predicates read request.user: from here on it is the token's person.
        request.user = found.user
        return found


class SessionAuth(APIKeyCookie):
    """The browser's session, for the API docs page and pages that call the API. Writes need
    the CSRF token (`X-CSRFToken`), as every form on the pages does."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session cookie, nothing a forged request could borrow: no CSRF check to fail.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        if getattr(user, "must_change_password", False):
            raise PasswordChangeRequired
        return user
