"""Login throttling (django-axes) for sign-ins over the web (docs/decisions/0011), and the
person of each signed-in request read cheaply (docs/decisions/0025)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from rembuk.core.prepared import PreparedRecords
from rembuk.people.models import User


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


# Every signed-in request reads its person: compiled once per thread (rembuk.core.prepared),
# read on every request, so a deactivated person is refused on the next one.
_USER_BY_ID = PreparedRecords(
    User, lambda user_id: User._default_manager.filter(pk=user_id), User._meta.pk
)


class AccountBackend(ModelBackend):
    """Django's ModelBackend, with the person of a session read through a compiled query.

    Django's ModelBackend stays listed after this one only so that sessions it signed in keep
    working. A wrong password stops here (PermissionDenied ends Django's round of backends), so
    it is not checked, slowly, a second time by ModelBackend."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> Any:
        found = _USER_BY_ID.records(user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None
