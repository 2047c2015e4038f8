"""Shared set-up for the API tests: the small programme of rembuk.api.testing, and a client
that calls the API with one role's token (or none)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client

from rembuk.api.testing import World, build_world
from rembuk.core import nodes
from rembuk.programme import rollups

BASE = "/api/v1"


class Api:
    """The API as a script sees it: a token, JSON in and out, nothing else."""

    def __init__(self, token: str | None = None, language: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        if path.startswith("http"):  # a `next` link: absolute, as a client receives it
            parts = urlsplit(path)
            path = f"{parts.path}?{parts.query}"
        url = path if path.startswith("/") else f"{BASE}/{path}"
        send = getattr(self.client, method.lower())
        merged = {**self.headers, **headers}
        if body is None:
            return send(url, headers=merged)
        return send(url, data=json.dumps(body), content_type="application/json", headers=merged)

    def get(self, path: str, **headers: str) -> Any:
        return self.call("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("POST", path, body if body is not None else {}, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("PATCH", path, body if body is not None else {}, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.call("DELETE", path, **headers)


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One programme per test module (it takes two seconds to build), inside a transaction
    that is rolled back after the module; each test runs in a savepoint within it, so what a
    test writes is gone before the next one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            nodes.reset_caches()
            world = build_world()
            # The dashboard figures as after a commit, which this transaction never makes: a
            # read that refreshes them then costs what it costs on a running hub.
            rollups.refresh()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    return shared_world


@pytest.fixture
def as_role(world: World):  # type: ignore[no-untyped-def]
    """as_role("kecamatan") → an Api calling with that role's token."""

    def make(role: str, language: str | None = None) -> Api:
        return Api(world.tokens[role], language)

    return make
