"""Binding a node token to the node that first presents it (rembuk.sync.tokens.token_bind)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rembuk.sync import tokens
from rembuk.sync.models import NodeToken
from rembuk.sync.wire import SyncRefused

pytestmark = pytest.mark.django_db

KODI = "53.18.11"


def _unused_token(label: str) -> NodeToken:
    return tokens.token_issue(region_code=KODI, label=label, actor=None)[0]


def test_a_token_bound_meanwhile_by_another_request_is_not_bound_again():
    """Two first requests with one token, from two computers: each read the token unbound
    before either bound it. The later one is judged on the token as it is now."""
    token = _unused_token("laptop")
    read_by_first = NodeToken.objects.get(pk=token.pk)
    read_by_second = NodeToken.objects.get(pk=token.pk)
    tokens.token_bind(read_by_first, "laptop-a")
    with pytest.raises(SyncRefused) as refused:
        tokens.token_bind(read_by_second, "laptop-b")
    assert (refused.value.status, refused.value.code) == (403, "token_other_node")
    assert NodeToken.objects.get(pk=token.pk).node_id == "laptop-a"


def test_a_token_revoked_meanwhile_is_not_bound():
    token = _unused_token("laptop")
    read_before = NodeToken.objects.get(pk=token.pk)
    tokens.token_revoke(token=token, actor=None)
    with pytest.raises(SyncRefused) as refused:
        tokens.token_bind(read_before, "laptop-a")
    assert (refused.value.status, refused.value.code) == (403, "token_revoked")
    assert NodeToken.objects.get(pk=token.pk).node_id == ""


def test_a_second_unused_token_cannot_take_a_node_id_already_bound():
    tokens.token_bind(_unused_token("laptop"), "laptop-a")
    copy = _unused_token("copied laptop")
    with pytest.raises(SyncRefused):
        tokens.token_bind(copy, "laptop-a")
    assert NodeToken.objects.get(pk=copy.pk).node_id == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_binding_checks_and_binds_under_locks_on_postgresql():
    """Two unused tokens presenting one node id at once: each checks that no live token holds
    that id, then takes it. The first bind of a node id is serialised by a lock on that id
    (no row exists yet to lock), and the token's own row is read again locked. SQLite needs
    neither: its IMMEDIATE transaction holds the database's one write lock."""
    token = _unused_token("laptop")
    with CaptureQueriesContext(connection) as queries:
        bound = tokens.token_bind(token, "laptop-a")
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(i for i, s in enumerate(sql) if "pg_advisory_xact_lock" in s)
    row = next(i for i, s in enumerate(sql) if "FOR UPDATE" in s and "sync_nodetoken" in s)
    assert lock < row
    with CaptureQueriesContext(connection) as queries:
        tokens.token_bind(bound, "laptop-a")  # already bound: the row lock only
    assert not any("pg_advisory_xact_lock" in query["sql"] for query in queries.captured_queries)
