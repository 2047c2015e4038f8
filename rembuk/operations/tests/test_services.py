"""Backups and restores of the test database itself, on SQLite and on PostgreSQL (pg_dump,
pg_restore and psql for real), and every refusal a restore makes before it touches anything."""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from rembuk.core import history, nodes
from rembuk.core.models import LocalNode
from rembuk.core.testing import PlanFactory, region
from rembuk.operations import archive, locks, services
from rembuk.operations.database import DatabaseTooNew
from rembuk.plans.models import LivelihoodPlan

pytestmark = pytest.mark.usefixtures("regions", "data_dir", "english")


def _rewrite_manifest(path: Path, **changes: object) -> Path:
    """The same backup with some manifest fields changed (as another installation or a newer
    Rembuk would have written it)."""
    altered = path.with_name("altered-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == archive.MANIFEST_NAME:
                manifest = json.loads(data)
                manifest.update(changes)
                data = json.dumps(manifest).encode()
            target.writestr(item, data)
    return altered


def test_a_restore_brings_back_the_data_and_uploads_as_they_were_at_the_backup(data_dir):
    plan = PlanFactory(desa=region("53.18.11.2006"), notes="Rencana sebelum cadangan")
    (data_dir / "media" / "lampiran").mkdir()
    (data_dir / "media" / "lampiran" / "foto.jpg").write_bytes(b"jpeg" * 100)
    (data_dir / "media" / "exports").mkdir()
    (data_dir / "media" / "exports" / "cache.pdf").write_bytes(b"%PDF cache")

    made = services.backup_create()

    assert made.path.parent == data_dir / "backups"
    with zipfile.ZipFile(made.path) as backup:
        names = backup.namelist()
    assert "media/lampiran/foto.jpg" in names
    assert not any(name.startswith("media/exports/") for name in names)  # a cache, rebuilt
    history.update(plan, actor=None, notes="Diubah sesudah cadangan")
    PlanFactory(desa=region("53.18.11.2007"))
    (data_dir / "media" / "lampiran" / "foto.jpg").write_bytes(b"changed")
    (data_dir / "media" / "baru.txt").write_text("sesudah")

    restored = services.backup_restore(path=made.path)

    assert LivelihoodPlan.objects.get().notes == "Rencana sebelum cadangan"
    assert (data_dir / "media" / "lampiran" / "foto.jpg").read_bytes() == b"jpeg" * 100
    assert not (data_dir / "media" / "baru.txt").exists()
    assert (data_dir / "media" / "exports" / "cache.pdf").exists()
    # What the restore replaced was backed up first, and can itself be restored.
    assert restored.safety_backup.exists()
    services.backup_restore(path=restored.safety_backup)
    assert sorted(LivelihoodPlan.objects.values_list("notes", flat=True)) == [
        "",
        "Diubah sesudah cadangan",
    ]


def test_the_backup_command_prints_the_file_it_wrote_as_its_last_line(data_dir, capsys):
    call_command("backup")
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert Path(last_line).is_file()
    assert Path(last_line).parent == data_dir / "backups"
    assert archive.read_manifest(Path(last_line)).engine in ("sqlite", "postgresql")


def test_a_scheduled_backup_first_deletes_expired_sessions_and_old_form_keys(data_dir, capsys):
    """Django never deletes an expired session, and every login leaves one; the nightly backup
    clears them, and forms' keys older than a day (rembuk.core.sent_once), before it copies."""
    import datetime

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from rembuk.core.models import SentForm

    live = SessionStore()
    live["person"] = "still logged in"
    live.create()
    a_day_ago = timezone.now() - datetime.timedelta(days=1, minutes=1)
    Session.objects.create(session_key="ended", session_data="", expire_date=a_day_ago)
    SentForm.objects.create(key="yesterday", answer="/", sent_at=a_day_ago)
    SentForm.objects.create(key="today", answer="/")

    call_command("backup", "--scheduled")

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert list(SentForm.objects.values_list("key", flat=True)) == ["today"]
    assert "Deleted 2 expired sessions and form keys." in capsys.readouterr().out


def test_a_truncated_backup_is_refused_and_nothing_changes(data_dir):
    PlanFactory(desa=region("53.18.11.2006"), notes="Tetap")
    made = services.backup_create()
    data = made.path.read_bytes()
    truncated = data_dir / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])

    with pytest.raises(services.OperationRefused, match="not a complete Rembuk backup"):
        services.backup_restore(path=truncated)
    assert LivelihoodPlan.objects.get().notes == "Tetap"
    assert services.backups_list() == [made.path]  # not even a safety backup was needed


def test_a_backup_whose_database_was_altered_is_refused(data_dir):
    made = services.backup_create()
    altered = _rewrite_manifest(made.path, database_sha256="0" * 64)
    with pytest.raises(services.OperationRefused, match="does not match its checksum"):
        services.backup_inspect(altered)


def test_a_backup_from_a_newer_schema_is_refused(data_dir):
    made = services.backup_create()
    manifest = archive.read_manifest(made.path)
    future = [*manifest.migrations, ["plans", "9999_from_a_later_rembuk"]]
    altered = _rewrite_manifest(made.path, migrations=future)
    with pytest.raises(services.OperationRefused, match=r"newer Rembuk.*plans\.9999"):
        services.backup_restore(path=altered)


def test_a_backup_of_the_other_database_engine_is_refused(data_dir):
    made = services.backup_create()
    manifest = archive.read_manifest(made.path)
    other = "postgresql" if manifest.engine == "sqlite" else "sqlite"
    member = archive.DATABASE_MEMBERS
    altered = made.path.with_name("other-engine.zip")
    with zipfile.ZipFile(made.path) as source, zipfile.ZipFile(altered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == archive.MANIFEST_NAME:
                data = json.dumps({**json.loads(data), "engine": other}).encode()
            name = member[other] if item.filename == member[manifest.engine] else item.filename
            target.writestr(name, data)
    with pytest.raises(services.OperationRefused, match=f"backup of a {other} database"):
        services.backup_inspect(altered)


def test_a_backup_of_another_installation_is_refused_where_there_is_work_of_its_own(data_dir):
    nodes.local_node_id()
    PlanFactory(desa=region("53.18.11.2006"))
    made = services.backup_create()
    theirs = _rewrite_manifest(made.path, node_id="n-kecamatan-lain")
    with pytest.raises(services.OperationRefused, match=r"another installation.*n-kecamatan-lain"):
        services.backup_restore(path=theirs)
    assert LivelihoodPlan.objects.count() == 1


def test_an_installation_with_no_work_of_its_own_takes_another_installation_s_backup(data_dir):
    """Moving to a new laptop or server: the new installation has only the region list."""
    assert LocalNode.objects.exists()  # loading the regions gave it an identity
    made = services.backup_create()
    theirs = _rewrite_manifest(made.path, node_id="n-laptop-lama")
    assert services.backup_inspect(theirs).node_id == "n-laptop-lama"


def test_a_restore_is_refused_while_the_server_runs_on_the_data_directory(data_dir):
    made = services.backup_create()
    with (
        locks.holding(locks.SERVER, address="http://127.0.0.1:8000/"),
        pytest.raises(services.OperationRefused, match="Rembuk is running"),
    ):
        services.backup_restore(path=made.path)


@pytest.mark.usefixtures("migration_from_a_later_rembuk")
def test_a_database_migrated_by_a_newer_rembuk_is_refused_by_the_upgrade(data_dir):
    with pytest.raises(DatabaseTooNew, match=r"newer Rembuk.*plans\.9999"):
        services.database_upgrade(collect_static=False)


def test_pruning_deletes_old_backups_but_always_keeps_the_newest_three(data_dir):
    now = time.time()
    ages_in_days = [0, 1, 20, 30, 40, 50]  # the third newest is old but kept: one of three
    for number, age in enumerate(ages_in_days):
        path = data_dir / "backups" / f"{services.BACKUP_PREFIX}{number}{services.BACKUP_SUFFIX}"
        path.write_bytes(b"x")
        os.utime(path, (now - age * 86400, now - age * 86400))
    other = data_dir / "backups" / "notes.txt"
    other.write_text("not a backup")

    removed = services.backups_prune(days=14)

    assert sorted(p.name for p in removed) == [f"rembuk-backup-{n}.zip" for n in (3, 4, 5)]
    kept = sorted(p.name for p in services.backups_list())
    assert kept == [f"rembuk-backup-{n}.zip" for n in (0, 1, 2)]
    assert other.exists()


def test_an_upgrade_asks_the_worker_for_lesson_vectors_made_by_other_models(data_dir, settings):
    from django_tasks_db.models import DBTaskResult

    from rembuk.learning.models import LessonVector
    from rembuk.learning.tests.conftest import make_lesson

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert not services.database_upgrade(collect_static=False).vectors_queued  # no lesson yet
    lesson = make_lesson("53.18.11.2006", "Harga kopra jatuh karena tengkulak")
    assert not services.database_upgrade(collect_static=False).vectors_queued  # it has its own
    LessonVector.objects.filter(lesson=lesson).update(model="an-older-model")

    assert services.database_upgrade(collect_static=False).vectors_queued
    # The upgrade itself does not wait for the models: the worker makes them.
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "rembuk.learning.tasks.make_lesson_vectors"
    assert LessonVector.objects.get(lesson=lesson).model == "an-older-model"


def test_a_backup_is_readable_by_its_owner_only(data_dir, tmp_path):
    """A backup holds every password hash and a node's sync token in clear (docs/decisions/
    0014): like the secret key, it is not for the other accounts of the computer, wherever it
    is written."""
    import stat

    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    for made in (services.backup_create(), services.backup_create(output=elsewhere)):
        assert stat.S_IMODE(made.path.stat().st_mode) & 0o077 == 0
