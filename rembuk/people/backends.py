"""Login throttling (django-axes) for sign-ins over the web; see docs/decisions/0011."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Refuses a web login for a username locked out after too many wrong passwords.

    A call without a request is not a login over the web (a script on the server, Django's test
    client): nobody can guess passwords through it, so it is not counted, as django-axes would
    otherwise refuse it outright."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
