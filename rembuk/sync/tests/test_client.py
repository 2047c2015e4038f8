"""The node's side of the wire: finding the hub's API from the address a person types (against
a real hub, the live test server) and the lock that keeps two syncs apart wherever the
database lives."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from filelock import FileLock

from rembuk.sync import services, tokens
from rembuk.sync.client import (
    api_candidates,
    discover_hub,
    may_follow,
    sync_lock_path,
    sync_with_hub,
)
from rembuk.sync.models import HubLink

KODI = "53.18.11"


def test_the_api_is_looked_for_under_the_address_then_each_shorter_path():
    assert api_candidates("http://hub.example/") == ["http://hub.example/api/sync/"]
    assert api_candidates("https://hub.example") == ["https://hub.example/api/sync/"]
    assert api_candidates("hub.example:8443") == ["https://hub.example:8443/api/sync/"]
    assert api_candidates("http://hub.example/api/sync") == ["http://hub.example/api/sync/"]
    assert api_candidates("https://hub.example/rembuk/rapat/?x=1") == [
        "https://hub.example/rembuk/rapat/api/sync/",
        "https://hub.example/rembuk/api/sync/",
        "https://hub.example/api/sync/",
    ]


def test_a_redirect_never_takes_the_token_from_https_down_to_http():
    assert may_follow("http://hub.example/api/sync/", "https://hub.example/api/sync/hello/")
    assert may_follow("https://a.example/api/sync/", "https://b.example/api/sync/hello/")
    assert not may_follow("https://hub.example/api/sync/", "http://hub.example/api/sync/hello/")


@pytest.fixture
def hub_token(transactional_db) -> str:  # type: ignore[no-untyped-def]
    from rembuk.regions.models import Region
    from rembuk.regions.services import regions_import

    if not Region.all_objects.exists():
        regions_import()
    return tokens.token_issue(region_code=KODI, label="laptop", actor=None)[1]


@pytest.mark.parametrize("typed", ["/", "/api/sync", "/rapat/2024/"])
def test_the_hub_is_found_from_what_a_person_types(live_server, hub_token, typed):
    api_url, hello = discover_hub(live_server.url + typed, hub_token, "n-laptop")
    assert api_url == live_server.url + "/api/sync/"
    assert hello["region_code"] == KODI


def test_node_init_with_the_site_address_stores_the_api_address(live_server, hub_token):
    call_command("node_init", hub=live_server.url + "/", token=hub_token)
    assert HubLink.objects.get().hub_url == live_server.url + "/api/sync/"


def test_a_wrong_token_gets_the_hub_s_own_reason_not_no_hub_here(live_server, hub_token):
    with pytest.raises(services.SyncRefused) as refused:
        discover_hub(live_server.url + "/", "rbk_not-a-token", "n-laptop")
    assert refused.value.status in (401, 403)


@pytest.fixture
def redirecting_site(live_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A web server that moved: every request is redirected to the live hub (301)."""

    class Moved(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            # Read the request before answering: a socket closed with unread data is reset,
            # and the node may see the reset instead of the answer.
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(301)
            self.send_header("Location", live_server.url + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_moved_site_is_followed_to_the_hub(redirecting_site, live_server, hub_token):
    api_url, _hello = discover_hub(redirecting_site, hub_token, "n-laptop")
    assert api_url == live_server.url + "/api/sync/"


@pytest.fixture
def not_a_hub() -> Iterator[str]:
    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))  # as Moved does
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kantor/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_site_without_a_hub_is_named_with_every_address_tried(not_a_hub):
    with pytest.raises(services.SyncUnavailable, match="No Rembuk hub answers") as error:
        discover_hub(not_a_hub, "rbk_x", "n-laptop")
    assert "/kantor/api/sync/" in str(error.value) and "/api/sync/" in str(error.value)


def test_the_sync_lock_lives_next_to_an_sqlite_database_wherever_it_is(settings, tmp_path):
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "d" / "node.db")}
    assert sync_lock_path(database) == tmp_path / "d" / "node.db.sync.lock"
    settings.DATA_DIR = tmp_path
    postgresql = {"ENGINE": "django.db.backends.postgresql", "NAME": "rembuk"}
    assert sync_lock_path(postgresql) == tmp_path / "sync.lock"


@pytest.mark.django_db
def test_a_second_sync_while_one_runs_is_refused(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    HubLink.objects.create(hub_url="http://127.0.0.1:9/api/sync/", token="t", region_code=KODI)
    path = sync_lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path), pytest.raises(services.SyncRefused, match="already running"):
        sync_with_hub()
    assert Path(path).exists()
