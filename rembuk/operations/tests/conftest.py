from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A data directory of the test's own, with the sub-directories an installation has."""
    home = tmp_path / "home"
    for name in ("media", "logs", "backups", "staticfiles"):
        (home / name).mkdir(parents=True)
    settings.DATA_DIR = home
    settings.MEDIA_ROOT = home / "media"
    return home


@pytest.fixture
def regions(transactional_db) -> None:  # type: ignore[no-untyped-def]
    """Transactional tests empty the database after each test: load the pilot regions again."""
    from rembuk.regions.models import Region
    from rembuk.regions.services import regions_import

    if not Region.all_objects.exists():
        regions_import()


@pytest.fixture
def migration_from_a_later_rembuk(django_db_blocker) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The database records a migration this Rembuk does not know, as a newer one would leave it.

    The row is deleted afterwards: Django's flush between transactional tests leaves
    django_migrations alone, and a later test copying the database would inherit it."""
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    with django_db_blocker.unblock():
        recorder.record_applied("plans", "9999_from_a_later_rembuk")
    yield "plans.9999_from_a_later_rembuk"
    with django_db_blocker.unblock():
        recorder.record_unapplied("plans", "9999_from_a_later_rembuk")


@pytest.fixture
def english() -> Iterator[None]:
    # Rules are read in the language their messages are written in.
    with translation.override("en"):
        yield
