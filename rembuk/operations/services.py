"""Backing up, restoring and upgrading an installation. The rules this module owns:

- A backup is one file (rembuk.operations.archive) made while the server runs; the scheduled
  ones and those made before an upgrade or restore live in DATA_DIR/backups and are pruned
  after REMBUK_BACKUP_KEEP_DAYS days, always keeping the newest few.
- A restore refuses, before touching anything: a file that is not a complete backup, a backup
  from a newer schema, one from the other database engine, one from another installation
  (docs/decisions/0014: a different node id, when this installation already holds work of its
  own), and any restore while the server runs. It first backs up what it replaces.
- An upgrade is a backup, then the migrations, then the static files.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import rembuk
from rembuk.core import nodes
from rembuk.core.models import ChangeLog, LocalNode
from rembuk.learning.tasks import queue_lesson_vectors
from rembuk.operations import archive, database, engines, locks
from rembuk.operations.archive import Manifest

# The exports cache (rembuk.reports) is rebuilt on demand: it never goes into a backup.
MEDIA_CACHES = ("exports",)
BACKUP_PREFIX = "rembuk-backup-"
BACKUP_SUFFIX = ".zip"
KEEP_AT_LEAST = 3
# Reference data every installation loads the same way; it is not work of its own.
REFERENCE_MODELS = ("regions.region",)


class OperationRefused(Exception):
    """The operation would be unsafe or cannot work; the message says why in one sentence."""


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float


def backups_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def keep_days() -> int:
    return int(getattr(settings, "REMBUK_BACKUP_KEEP_DAYS", 14))


def _new_backup_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"
    counter = 1
    while path.exists():
        counter += 1
        path = directory / f"{BACKUP_PREFIX}{stamp}-{counter}{BACKUP_SUFFIX}"
    return path


def backup_create(*, reason: str = "manual", output: Path | None = None) -> BackupResult:
    """Write a backup of the database and uploads; safe while the server is running."""
    database.ensure_reachable()
    started = timezone.now()
    engine = database.engine_name()
    if output is None:
        destination = _new_backup_path(backups_dir())
    elif output.is_dir():
        destination = _new_backup_path(output)
    else:
        destination = output
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".backup-") as scratch:
        database_file = Path(scratch) / archive.DATABASE_MEMBERS[engine]
        try:
            node_id, migrations = engines.dump(engine, database_file)
        except engines.EngineError as error:
            raise OperationRefused(str(error)) from error
        manifest = Manifest(
            engine=engine,
            node_id=node_id,
            migrations=migrations,
            rembuk_version=rembuk.version(),
            created_at=started.isoformat(),
            reason=reason,
        )
        archive.write(
            destination,
            manifest,
            database_file=database_file,
            media_root=media_root,
            media=archive.media_files(media_root, skip=MEDIA_CACHES),
        )
    return BackupResult(destination, manifest, (timezone.now() - started).total_seconds())


def backups_list(directory: Path | None = None) -> list[Path]:
    """The backups in the data directory, newest first."""
    directory = directory or backups_dir()
    if not directory.is_dir():
        return []
    found = [path for path in directory.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}") if path.is_file()]
    return sorted(found, key=lambda path: path.stat().st_mtime, reverse=True)


def backups_prune(*, days: int | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the data directory's backups older than `days`, keeping the newest few."""
    days = keep_days() if days is None else days
    limit = (now or timezone.now()) - timedelta(days=days)
    removed = []
    for path in backups_list()[KEEP_AT_LEAST:]:
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=limit.tzinfo)
        if modified < limit:
            path.unlink()
            removed.append(path)
    return removed


def stale_records_clear() -> int:
    """Delete what an installation piles up and nobody reads again: sessions past their expiry
    (Django never deletes them itself, and each login leaves one) and forms' keys older than a
    day (rembuk.core.sent_once). Run by the scheduled backup, before it, so that the backup does
    not carry them."""
    from django.contrib.sessions.models import Session

    from rembuk.core import sent_once

    sessions, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return sessions + sent_once.forget_old()


def _current_node_id() -> str | None:
    """This installation's node id, without making one (restore must not invent identity)."""
    return LocalNode.objects.order_by("id").values_list("node_id", flat=True).first()


def _has_work_of_its_own() -> bool:
    return ChangeLog.objects.exclude(model_label__in=REFERENCE_MODELS).exists()


def _refuse_while_running() -> None:
    """Restoring under a running server or task worker would mix old and new data."""
    for name in (locks.SERVER, locks.WORKER):
        if locks.is_held(name):
            holder = locks.holder_info(name)
            raise OperationRefused(
                _(
                    "Rembuk is running on this data directory (process %(pid)s): stop it first "
                    "(Ctrl-C where it runs, or systemctl stop rembuk-server rembuk-worker), "
                    "then try again; nothing was changed."
                )
                % {"pid": holder.get("pid", "?")}
            )


def backup_inspect(path: Path) -> Manifest:
    """Everything a restore checks before it asks or touches anything."""
    try:
        manifest = archive.read_manifest(path)
    except archive.BackupUnreadable as error:
        raise OperationRefused(str(error)) from error
    database.ensure_reachable()
    engine = database.engine_name()
    if manifest.engine != engine:
        raise OperationRefused(
            _(
                "%(file)s is a backup of a %(theirs)s database and this installation runs on "
                "%(ours)s; nothing was changed."
            )
            % {"file": path.name, "theirs": manifest.engine, "ours": engine}
        )
    unknown = database.newer_than_code(manifest.migration_keys(), database.known_migrations())
    if unknown:
        refusal = database.refuse_newer(
            unknown, what=_("The backup %(file)s") % {"file": path.name}
        )
        raise OperationRefused(str(refusal))
    state = database.schema_state()
    if state.unknown:
        raise OperationRefused(
            str(database.refuse_newer(state.unknown, what=_("This installation's database")))
        )
    ours = None if database.is_empty() else _current_node_id()
    if manifest.node_id and ours and manifest.node_id != ours and _has_work_of_its_own():
        raise OperationRefused(
            _(
                "%(file)s is a backup of another installation (node %(theirs)s) and this one "
                "(node %(ours)s) holds work of its own that it would replace; nothing was "
                "changed. To move an installation to this computer, restore into an empty "
                "data directory (docs/install-laptop.md)."
            )
            % {"file": path.name, "theirs": manifest.node_id, "ours": ours}
        )
    return manifest


@dataclass
class RestoreResult:
    manifest: Manifest
    safety_backup: Path
    media_files: int
    seconds: float


def backup_restore(*, path: Path) -> RestoreResult:
    """Replace this installation's database and uploads with the backup's, then migrate."""
    started = timezone.now()
    with _maintenance():
        _refuse_while_running()
        manifest = backup_inspect(path)
        safety = backup_create(reason="before-restore")
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as scratch:
            scratch_path = Path(scratch)
            database_file = scratch_path / manifest.database_member
            archive.extract_database(path, manifest, database_file)
            new_media = scratch_path / "media"
            new_media.mkdir()
            count = archive.extract_media(path, new_media)
            try:
                engines.load(manifest, database_file)
            except engines.EngineError as error:
                raise OperationRefused(
                    _("The restore failed and the data was left as it was (%(reason)s).")
                    % {"reason": error}
                ) from error
            _swap_media(media_root, new_media, scratch_path / "old-media")
        nodes.reset_caches()
        call_command("migrate", interactive=False, verbosity=0)
    return RestoreResult(manifest, safety.path, count, (timezone.now() - started).total_seconds())


def _swap_media(media_root: Path, new_media: Path, old_media: Path) -> None:
    """Put the backup's uploads in place; the exports cache stays (it is rebuilt on demand)."""
    media_root.mkdir(parents=True, exist_ok=True)
    old_media.mkdir()
    for child in list(media_root.iterdir()):
        if child.name not in MEDIA_CACHES:
            shutil.move(str(child), str(old_media / child.name))
    for child in list(new_media.iterdir()):
        shutil.move(str(child), str(media_root / child.name))


@contextmanager
def _maintenance() -> Iterator[None]:
    """Only one restore or upgrade at a time on a data directory."""
    with ExitStack() as held:
        try:
            held.enter_context(locks.holding(locks.MAINTENANCE))
        except locks.Busy as error:
            raise OperationRefused(
                _("Another restore or upgrade is running on this data directory; try later.")
            ) from error
        yield


VECTORS_QUEUED = gettext_lazy(
    "The lessons' search vectors are made again by the task worker; until then suggestions "
    "find those lessons by their words."
)


@dataclass
class UpgradeResult:
    applied: list[tuple[str, str]]
    backup: Path | None
    vectors_queued: bool = False  # lessons to embed again, by the worker (a new search model)


def database_upgrade(*, collect_static: bool = True) -> UpgradeResult:
    """Bring the database up to this version: a backup first when there is anything to do."""
    with _maintenance():
        database.ensure_reachable()
        state = database.ensure_not_newer()
        backup = None
        if state.pending:
            if not database.is_empty():  # a new database has nothing to back up
                backup = backup_create(reason="before-upgrade").path
            call_command("migrate", interactive=False, verbosity=0)
            nodes.reset_caches()
        if collect_static and not settings.DEBUG:
            static_files_collect()
        vectors_queued = queue_lesson_vectors()
    return UpgradeResult(state.pending, backup, vectors_queued)


def _static_fingerprint() -> str:
    """Changes when Rembuk's version or any of its static files does."""
    source = Path(settings.STATIC_SOURCE_DIR)
    files = sorted(
        f"{path.relative_to(source).as_posix()}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for path in source.rglob("*")
        if path.is_file()
    )
    return rembuk.version() + "\n" + "\n".join(files)


def static_files_collect() -> bool:
    """Collect, hash and compress the static files when they changed; True when it did."""
    stamp = Path(settings.STATIC_ROOT) / ".rembuk-collected"
    fingerprint = _static_fingerprint()
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint, encoding="utf-8")
    return True
