"""Several Rembuk nodes in one test process: each has its own SQLite file, swapped in as the
`default` connection while code "runs on" it, so the real services (and history) are used.

The hub and the nodes talk through InProcessTransport, which still encodes every payload to
gzip JSON and back, exactly as over HTTP (the multi-process tests use real HTTP).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils.connection import ConnectionDoesNotExist  # noqa: F401 - re-export for tests

from rembuk.core import nodes
from rembuk.sync import services, tokens

_TEMPLATE: dict[str, Path] = {}


def _wrapper(path: Path) -> Any:
    # Nodes are SQLite laptops even when the main test database is PostgreSQL.
    base = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;"
            ),
        },
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    backend = __import__("django.db.backends.sqlite3.base", fromlist=["DatabaseWrapper"])
    return backend.DatabaseWrapper(base, alias="default")


@contextmanager
def _swapped(wrapper: Any, node_id: str, offset_ms: int) -> Iterator[None]:
    old = connections["default"]
    connections["default"] = wrapper
    nodes.reset_caches()
    try:
        with override_settings(REMBUK_NODE_ID=node_id, REMBUK_CLOCK_OFFSET_MS=offset_ms):
            yield
    finally:
        connections["default"] = old
        nodes.reset_caches()


def template_db() -> Path:
    """A migrated SQLite file with the pilot regions, made once per test session."""
    if "path" not in _TEMPLATE:
        directory = Path(tempfile.mkdtemp(prefix="rembuk-sync-template-"))
        path = directory / "template.sqlite3"
        wrapper = _wrapper(path)
        with _swapped(wrapper, "template", 0):
            call_command("migrate", verbosity=0, interactive=False)
            from rembuk.regions.services import regions_import

            regions_import()
        wrapper.close()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


class SimNode:
    def __init__(self, name: str, directory: Path, *, offset_ms: int = 0) -> None:
        self.name = name
        self.offset_ms = offset_ms
        self.path = directory / f"{name}.sqlite3"
        shutil.copyfile(template_db(), self.path)
        self.wrapper = _wrapper(self.path)

    @contextmanager
    def active(self) -> Iterator[None]:
        with _swapped(self.wrapper, self.name, self.offset_ms):
            yield

    def close(self) -> None:
        self.wrapper.close()

    def backup(self) -> Path:
        """A copy of this node's database as it is now (what `rembuk backup` keeps)."""
        self.wrapper.close()  # the last connection closing folds the WAL into the file
        copy = self.path.with_name(f"{self.name}-backup-{len(list(self.path.parent.iterdir()))}")
        shutil.copyfile(self.path, copy)
        return copy

    def restore(self, copy: Path) -> None:
        """This node's database replaced by an earlier copy, as `rembuk restore` does."""
        self.wrapper.close()
        for leftover in (self.path.with_name(self.path.name + s) for s in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(copy, self.path)


class InProcessTransport:
    """Carries node requests to a SimNode hub, through the same encode/decode as HTTP."""

    def __init__(self, hub: SimNode, token: str) -> None:
        self.hub = hub
        self.token = token
        self.bytes_sent = 0
        self.bytes_received = 0
        self.fail_next: str | None = None  # endpoint whose answer is "lost" once

    def call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = services.encode(payload)
        self.bytes_sent += len(body)
        handler = {
            "hello": services.hub_hello,
            "push": services.hub_push,
            "pull": services.hub_pull,
            "ack": services.hub_ack,
        }[endpoint]
        with self.hub.active():
            token = tokens.token_from_header(self.token)  # before the body, as the API does
            decoded = services.decode(body)
            token = tokens.token_bind(token, str(decoded.get("node_id", "")))
            try:
                answer = services.encode(handler(token, decoded))
            except services.SyncRefused as refusal:
                refusal.by_hub = True  # as HttpTransport marks the hub's HTTP refusals
                raise
        if self.fail_next == endpoint:
            self.fail_next = None
            raise services.SyncUnavailable("connection cut after the hub answered")
        self.bytes_received += len(answer)
        return services.decode(answer)


class Network:
    """A hub and its nodes in one temporary directory."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="rembuk-sync-"))
        self.hub = SimNode("hub", self.directory)
        self.nodes: dict[str, SimNode] = {}
        self.transports: dict[str, InProcessTransport] = {}

    def add_node(self, name: str, region_code: str, *, offset_ms: int = 0) -> SimNode:
        node = SimNode(name, self.directory, offset_ms=offset_ms)
        with self.hub.active():
            _token, plain = tokens.token_issue(region_code=region_code, label=name, actor=None)
        transport = InProcessTransport(self.hub, plain)
        with node.active():
            hello = transport.call("hello", {"node_id": name})
            services.node_link(hub_url="http://hub.invalid/api/sync/", token=plain, hello=hello)
        self.nodes[name] = node
        self.transports[name] = transport
        return node

    def sync(self, name: str) -> services.SyncReport:
        with self.nodes[name].active():
            return services.node_sync(self.transports[name])

    def close(self) -> None:
        for node in [self.hub, *self.nodes.values()]:
            node.close()
        shutil.rmtree(self.directory, ignore_errors=True)


def settings_is_sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
