"""Change-log numbers follow commit order on PostgreSQL, so a sync pull never skips an entry."""

import threading

import pytest
from django.db import connection, connections, transaction

from rembuk.core import history
from rembuk.core.models import ChangeLog
from rembuk.core.testing import GoalFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers itself"
    ),
]


def test_a_second_writer_waits_for_the_first_to_commit_before_taking_a_log_number():
    goal, other_goal = GoalFactory(statement="awal"), GoalFactory(statement="lain")
    second_done = threading.Event()
    second_seq: list[int] = []

    def second_writer() -> None:
        try:
            # A different record: no row lock to wait for, only the log's commit order.
            history.update(other_goal, actor=None, target="dari penulis kedua")
            second_seq.append(ChangeLog.objects.filter(object_id=other_goal.id).latest("seq").seq)
            second_done.set()
        finally:
            connections.close_all()

    with transaction.atomic():
        history.update(goal, actor=None, statement="dari penulis pertama")
        first_seq = ChangeLog.objects.filter(object_id=goal.id).latest("seq").seq
        thread = threading.Thread(target=second_writer)
        thread.start()
        # The second writer cannot insert into the log while this transaction is open.
        assert not second_done.wait(1.0)
    thread.join(timeout=30)
    assert second_done.is_set()
    assert second_seq[0] > first_seq
