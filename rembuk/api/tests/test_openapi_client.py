"""A client that knows the API only from its OpenAPI document, as a kabupaten's tool would: it
reads /api/v1/openapi.json from the running server, finds operations by their operationId,
sends only parameters the document declares, and talks HTTP with the standard library. It pulls
a kabupaten's support requests incrementally, changes a village review from a stale version
(409) and then from the current one (200), and finds the change in the review's Riwayat.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from rembuk.api.testing import SBD, WAINYAPU, build_world
from rembuk.people.models import Role


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


class DocumentClient:
    """Everything it knows comes from the OpenAPI document."""

    def __init__(self, server: str, token: str, document_path: str = "/api/v1/openapi.json"):
        self.server = server.rstrip("/")
        self.token = token
        self.document = self._send("GET", self.server + document_path).body
        self.operations: dict[str, tuple[str, str, dict[str, str]]] = {}
        for path, item in self.document["paths"].items():
            for method, operation in item.items():
                declared = {p["name"]: p["in"] for p in operation.get("parameters", [])}
                self.operations[operation["operationId"]] = (method.upper(), path, declared)

    def _send(
        self, method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (test server)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                raw, status, answer_headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            raw, status, answer_headers = error.read(), error.code, error.headers
        return Answer(status, dict(answer_headers), json.loads(raw) if raw else None)

    def call(
        self,
        operation_id: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> Answer:
        method, template, declared = self.operations[operation_id]
        path, query = template, {}
        for name, value in params.items():
            where = declared.get(name)
            if where == "path":
                path = path.replace("{" + name + "}", urllib.parse.quote(str(value)))
            elif where == "query":
                query[name] = value
            else:
                raise KeyError(f"{operation_id} declares no parameter {name!r}")
        for name in headers or {}:
            if declared.get(name) != "header":
                raise KeyError(f"{operation_id} declares no header {name!r}")
        url = self.server + path + ("?" + urllib.parse.urlencode(query) if query else "")
        return self._send(
            method, url, body, {"Authorization": f"Bearer {self.token}", **(headers or {})}
        )

    def follow(self, link: str) -> Answer:
        return self._send("GET", link, headers={"Authorization": f"Bearer {self.token}"})


@pytest.mark.django_db(transaction=True)
def test_a_client_from_the_document_alone_pulls_changes_and_edits_a_review(live_server) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    # HTTP dates count whole seconds: start the pulls in a second after the set-up's writes.
    time.sleep(1 - time.time() % 1)
    kabupaten = DocumentClient(live_server.url, world.tokens[Role.TIM_KABUPATEN])
    assert kabupaten.document["openapi"] == "3.1.0"

    # 1. A first pull of the kabupaten's requests, page by page, then only what changed since.
    first = kabupaten.call("support_request_list", region=SBD, limit=2)
    assert first.status == 200
    pulled = list(first.body["items"])
    link = first.body["next"]
    while link:
        page = kabupaten.follow(link)
        pulled.extend(page.body["items"])
        link = page.body["next"]
    assert len(pulled) == 5 and {r["kabupaten"]["code"] for r in pulled} == {SBD}
    since = _iso(first.headers["Date"])  # the server's clock at the first pull, as HTTP gives it
    assert (
        kabupaten.call("support_request_list", region=SBD, updated_since=since).body["items"] == []
    )
    chosen = next(r for r in pulled if r["desa"]["code"] == WAINYAPU)
    accepted = kabupaten.call(
        "support_request_step",
        body={"step": "accept", "note": "Diteruskan ke Distan.", "version": chosen["version"]},
        request_id=chosen["id"],
    )
    assert accepted.status == 200, accepted.body
    changed = kabupaten.call("support_request_list", region=SBD, updated_since=since).body
    assert [r["id"] for r in changed["items"]] == [chosen["id"]]
    assert changed["items"][0]["status"] == "diterima"

    # 2. A village review changed from a stale version, then from the current one.
    village = DocumentClient(live_server.url, world.tokens[Role.TIM_DESA])
    [review] = village.call("review_list", region=WAINYAPU).body["items"]
    read = village.call("review_detail", review_id=review["id"])
    line = read.body["activities"][0]
    change = {"activity_id": line["activity_id"], "status": "selesai", "note": "Sudah selesai"}
    meanwhile = DocumentClient(live_server.url, world.tokens[Role.KECAMATAN]).call(
        "review_edit",
        body={"progress": [{**change, "status": "terlambat", "version": line["version"]}]},
        headers={"If-Match": read.headers["ETag"]},
        review_id=review["id"],
    )
    assert meanwhile.status == 200
    stale = village.call(
        "review_edit",
        body={"progress": [{**change, "version": line["version"]}]},
        headers={"If-Match": read.headers["ETag"]},
        review_id=review["id"],
    )
    assert stale.status == 409
    assert stale.headers["Content-Type"] == "application/problem+json"
    assert stale.body["type"] == "urn:rembuk:problem:edit-conflict"
    [current] = stale.body["current"]["progress"]
    assert current["status"] == "terlambat"
    done = village.call(
        "review_edit",
        body={
            "version": stale.body["current_version"],
            "progress": [{**change, "version": current["version"]}],
        },
        review_id=review["id"],
    )
    assert done.status == 200
    assert (
        next(a for a in done.body["activities"] if a["activity_id"] == line["activity_id"])[
            "status"
        ]
        == "selesai"
    )

    # 3. The change is in the review's Riwayat, under the village's own name.
    riwayat = village.call("review_history", review_id=review["id"], limit=5).body["items"]
    newest = riwayat[0]
    assert newest["actor_username"] == world.users[Role.TIM_DESA].username
    assert newest["changes"]["status"] == ["terlambat", "selesai"]
    assert newest["model"] == "monitoring.activityprogress"


def _iso(http_date: str) -> str:
    """An HTTP Date header as ISO 8601 with its zone (what updated_since takes)."""
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(http_date).isoformat()
