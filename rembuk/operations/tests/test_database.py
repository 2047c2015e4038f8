"""New databases run the squashed migrations; databases migrated before them run nothing new, or
the old migrations they have not run yet (docs/decisions/0014, "One migration per app")."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from rembuk.operations import database

pytestmark = pytest.mark.django_db


def _rembuk_apps() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name.startswith("rembuk.")}


def _squashes() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each squashed migration and the old ones it replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    squashes = {key: list(m.replaces) for key, m in loader.disk_migrations.items() if m.replaces}
    migrated_apps = {app for app, _name in loader.disk_migrations} & _rembuk_apps()
    assert {app for app, _name in squashes} == migrated_apps  # every app has one
    return squashes


def _new_database_plan() -> list[tuple[str, str]]:
    """Every migration a database with none applied runs, in order."""
    loader = MigrationLoader(None, ignore_no_migrations=True)  # no connection: nothing applied
    plan: list[tuple[str, str]] = []
    for leaf in loader.graph.leaf_nodes():
        plan += [key for key in loader.graph.forwards_plan(leaf) if key not in plan]
    return [key for key in plan if key[0] in _rembuk_apps()]


def test_a_new_database_runs_the_squashed_migrations_not_the_ones_they_replace():
    plan = _new_database_plan()
    replaced = {key for replaces in _squashes().values() for key in replaces}
    assert set(_squashes()) <= set(plan)
    assert not replaced & set(plan)
    # Two old migrations stay in a new database's plan: a squash taking them in would depend on
    # itself (people <-> regions, meetings <-> learning). Later migrations come on top.
    unsquashed = [key for key in plan if key not in _squashes()]
    kept = [("people", "0001_initial"), ("meetings", "0003_followup_source_lesson")]
    assert [key for key in unsquashed if key in kept] == kept


def test_the_test_database_was_made_by_the_squashed_migrations():
    applied = MigrationRecorder(connection).applied_migrations()
    assert set(_squashes()) <= set(applied)
    # Django records the replaced names too: a later release can delete the old files.
    assert {key for replaces in _squashes().values() for key in replaces} <= set(applied)


def test_a_database_migrated_by_the_old_migrations_has_nothing_to_apply():
    recorder = MigrationRecorder(connection)
    for app, name in _squashes():
        recorder.record_unapplied(app, name)  # as the old migrations alone leave it
    assert database.schema_state().is_current
    assert (
        MigrationExecutor(connection).migration_plan(MigrationLoader(connection).graph.leaf_nodes())
        == []
    )


def test_a_database_migrated_part_way_continues_with_the_old_migrations():
    recorder = MigrationRecorder(connection)
    squash = ("sync", "0001_squashed_0005_hub_link_last_problem")
    recorder.record_unapplied(*squash)
    recorder.record_unapplied("sync", "0004_node_token_push_change")
    recorder.record_unapplied("sync", "0005_hub_link_last_problem")
    assert database.schema_state().pending == [
        ("sync", "0004_node_token_push_change"),
        ("sync", "0005_hub_link_last_problem"),
    ]
