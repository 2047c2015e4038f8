"""Test set-up shared by every app: no network, the pilot regions loaded once per test database."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator

import pytest

from rembuk.core import nodes

_real_connect = socket.socket.connect


# What gives a test the database: pytest-django refuses every query to a test that has none of
# these (its marker, one of its database fixtures, or a fixture of ours that unblocks it).
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
_UNBLOCKING_FIXTURES = {"django_db_blocker", "django_db_setup"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (the second database's run: the others "
        "cannot see which database it is, so they already ran on the first; "
        "docs/decisions/0020)",
    )


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    if _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    info = getattr(item, "_fixtureinfo", None)
    for definitions in info.name2fixturedefs.values() if info else ():
        for definition in definitions:
            # pytest-django's own autouse fixtures take the blocker to keep it shut.
            if getattr(definition.func, "__module__", "").startswith("pytest_django"):
                continue
            if _UNBLOCKING_FIXTURES & set(definition.argnames):
                return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        (kept if uses_database(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    # Tests create hundreds of users; the production hasher (PBKDF2, about a million rounds per
    # password) tripled the suite's time. Hashing strength is not what these tests check.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str)
        and host not in ("127.0.0.1", "::1", "localhost")
        and not host.startswith("/")
    ):
        raise OSError(f"Network blocked in tests: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> None:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from rembuk.regions.services import regions_import

    with django_db_blocker.unblock():
        nodes.reset_caches()
        regions_import()


@pytest.fixture(autouse=True)
def _fresh_node_caches() -> None:
    nodes.reset_caches()


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the default language (Indonesian): the language middleware leaves
    the language of an earlier test's request active in the thread."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _pilot_regions(request: pytest.FixtureRequest) -> None:
    """Tests on transactional_db (the browser tests, the API's fuzzing and document client,
    the tests of concurrent writers) see the database flushed after each such test, regions
    included, although django_db_setup loaded them once: load them again when they are gone."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(marker.kwargs.get("transaction"))
    if not transactional and "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from rembuk.regions.models import Region
    from rembuk.regions.services import regions_import

    if not Region.all_objects.exists():
        regions_import()


# pytest-timeout ends a hung test's whole run with every thread's stack, where a test's own
# frames may be missing (a browser test's run in a greenlet; its phases now have limits of their
# own, e2e/conftest.py): a test still running after half that time names itself first, where the
# run's log shows it.
_NAMED_AFTER_S = 120


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    watchdog = threading.Timer(_NAMED_AFTER_S, _name_a_long_test, args=(item,))
    watchdog.daemon = True
    watchdog.start()
    try:
        return (yield)
    finally:
        watchdog.cancel()


def _name_a_long_test(item: pytest.Item) -> None:
    # Around the capture, as pytest-timeout writes its stacks: what a test writes is captured.
    capture = item.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        capture.suspend_global_capture(in_=False)
    try:
        print(f"\nstill running after {_NAMED_AFTER_S} s: {item.nodeid}", file=sys.stderr)
    finally:
        if capture is not None:
            capture.resume_global_capture()
