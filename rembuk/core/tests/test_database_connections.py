"""A server keeps its database connection between requests (settings: CONN_MAX_AGE), on SQLite
as on PostgreSQL. Asked through Django's WSGI handler, as waitress and gunicorn call it: the
test client keeps the connection whatever the setting says, so it cannot show this."""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _served(handler: WSGIHandler, path: str) -> int:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses: list[str] = []
    response = handler(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished: where Django closes a connection it does not keep
    return int(statuses[0].split()[0])


def test_a_served_request_keeps_the_connection_for_the_next() -> None:
    handler = WSGIHandler()
    connection.close()  # a connection's lifetime is set as it opens
    assert _served(handler, "/healthz") == 200  # it read the database
    kept = connection.connection
    assert kept is not None
    assert _served(handler, "/healthz") == 200
    assert connection.connection is kept


def test_without_the_setting_each_request_would_open_its_own(settings) -> None:
    """The check above can fail: with Django's default the connection is closed after each
    request and a new one opened for the next."""
    handler = WSGIHandler()
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        assert _served(handler, "/healthz") == 200
        assert connection.connection is None
        assert _served(handler, "/healthz") == 200
    finally:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = settings.DATABASES["default"]["CONN_MAX_AGE"]
