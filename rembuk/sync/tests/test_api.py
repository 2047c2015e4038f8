"""The hub's sync endpoints (rembuk/sync/api.py, wire.py): authenticate before inflating, inflate
with a hard cap, and answer a malformed payload with a 4xx and a reason, never a 500."""

from __future__ import annotations

import gzip
import tracemalloc
import uuid
import zlib

import pytest
from django.test import override_settings
from django.urls import reverse

from rembuk.core.testing import PlanFactory, region
from rembuk.sync import tokens, wire
from rembuk.sync.models import Quarantine

pytestmark = pytest.mark.django_db


def _bomb(inflated_mb: int) -> bytes:
    """gzip of `inflated_mb` MB of spaces: about a thousandth of that on the wire."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1024 * 1024)
    parts = [compressor.compress(b'{"node_id":"n","entries":[],"x":"')]
    parts += [compressor.compress(block) for _ in range(inflated_mb)]
    parts.append(compressor.compress(b'"}') + compressor.flush())
    return b"".join(parts)


def _post(client, name: str, body: bytes, token: str = "nope"):  # noqa: S107
    return client.post(
        reverse(f"sync_api:{name}"),
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.fixture
def token() -> str:
    _token, plain = tokens.token_issue(region_code="53.18.11", actor=None)
    return plain


def test_inflating_stops_at_the_cap_without_holding_what_lies_beyond():
    bomb = _bomb(200)
    assert len(bomb) < 300_000
    tracemalloc.start()
    with pytest.raises(wire.SyncRefused) as refused:
        wire.decode(bomb, limit=8 * 1024 * 1024)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.status == 413
    assert peak < 20 * 1024 * 1024


def test_a_small_payload_inflates_as_before():
    assert wire.decode(gzip.compress(b'{"a": 1}')) == {"a": 1}
    with pytest.raises(wire.SyncRefused):
        wire.decode(gzip.compress(b'{"a": 1}')[:-6])  # cut off


def test_an_unknown_token_is_refused_before_the_body_is_inflated(client):
    _post(client, "push", b"{}")  # the first request imports what the endpoints need
    tracemalloc.start()
    response = _post(client, "push", _bomb(200))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 401
    assert peak < 20 * 1024 * 1024


def test_a_node_with_a_token_sending_a_gzip_bomb_gets_413(client, token):
    response = _post(client, "push", _bomb(200), token)
    assert response.status_code == 413
    assert "MB" in wire.decode(response.content)["reason"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None)
def test_a_body_over_the_request_limit_is_refused_unread(client, token):
    response = _post(client, "push", b"\x1f\x8b" + b"\x00" * (wire.MAX_REQUEST_BYTES + 1), token)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("endpoint", "payload"),
    [
        ("push", {"node_id": "n", "after": "abc", "entries": []}),
        ("push", {"node_id": "n", "after": -1, "entries": []}),
        ("push", {"node_id": "n", "after": 0, "entries": "not a list"}),
        ("push", {"node_id": "n", "after": 0, "entries": [], "people": {"x": 1}}),
        ("pull", {"node_id": "n", "after": 10**30, "limit": 5}),
        ("pull", {"node_id": "n", "after": 0, "limit": [1]}),
        ("pull", {"node_id": "n", "after": 0, "users_digest": 7}),
        ("ack", {"node_id": "n", "after": None}),
        ("hello", {"node_id": ["n"]}),
        ("hello", {"node_id": "n" * 500}),
    ],
)
def test_a_malformed_authenticated_payload_is_a_400_with_a_reason(client, token, endpoint, payload):
    response = _post(client, endpoint, wire.encode(payload), token)
    assert response.status_code == 400
    assert wire.decode(response.content)["reason"]


def test_json_that_is_not_an_object_or_not_json_is_a_400(client, token):
    for body in (wire.encode([1, 2]), gzip.compress(b"{not json"), b"\x1f\x8b garbage"):
        assert _post(client, "hello", body, token).status_code == 400


def test_malformed_entries_are_quarantined_one_by_one_and_never_fail_the_batch(client, token):
    PlanFactory(desa=region("53.18.11.2006"))
    entries = [
        "a string",
        {"change_id": "not-a-uuid"},
        {"seq": 1, "hlc": "soon", "change_id": "8d7c3c4e-7f0a-4f7e-9a51-5b1f3f2a8c05"},
    ]
    response = _post(
        client, "push", wire.encode({"node_id": "n", "after": 0, "entries": entries}), token
    )
    assert response.status_code == 200
    answer = wire.decode(response.content)
    assert answer["applied"] == 0 and len(answer["refused"]) == 3
    assert Quarantine.objects.filter(code="invalid").count() == 3


def test_a_null_character_anywhere_in_a_change_is_quarantined_as_invalid(client, token):
    """In a text field, inside a JSON field, or in the change's own texts: refused on both
    databases (PostgreSQL stores none) and kept in quarantine with the NUL shown escaped."""
    plan = PlanFactory(desa=region("53.18.11.2006"))

    def change(**fields: object) -> dict[str, object]:
        return {
            "seq": 1,
            "change_id": str(uuid.uuid4()),
            "hlc": "1796421825227.00000.node-c",
            "node_id": "node-c",
            "actor_id": None,
            "actor_label": "Fasilitator",
            "model_label": "plans.livelihoodplan",
            "object_id": str(plan.pk),
            "object_repr": "Rencana",
            "action": "update",
            "changes": {"notes": ["", "Rencana"]},
            "base_version": None,
            "version": 2,
            "scope_code": "53.18.11.2006",
            "root_id": str(plan.pk),
            "recorded_at": "2026-12-04T10:00:00+00:00",
            **fields,
        }

    entries = [
        change(changes={"notes": ["", "Renc\x00ana"]}),
        change(model_label="learning.lesson", changes={"themes": [[], [{"a": "\x00"}]]}),
        change(object_repr="Ren\x00cana"),
    ]
    body = {"node_id": "n", "after": 0, "entries": entries}
    response = _post(client, "push", wire.encode(body), token)
    assert response.status_code == 200
    answer = wire.decode(response.content)
    assert answer["applied"] == 0
    assert [r["code"] for r in answer["refused"]] == ["invalid"] * 3
    assert all("null" in r["reason"] for r in answer["refused"])  # "karakter null" in Indonesian
    kept = Quarantine.objects.filter(code="invalid")
    assert kept.count() == 3
    assert all("\\u0000" in entry["raw"] for entry in kept.values_list("entry", flat=True))


def test_sync_answers_are_never_cached(client, token):
    response = _post(client, "hello", wire.encode({"node_id": "n"}), token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
