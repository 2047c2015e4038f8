from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from rembuk.sync.tests.processes import Cluster, postgres_database
from rembuk.sync.tests.simnodes import Network


@pytest.fixture
def network(django_db_blocker) -> Iterator[Network]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        net = Network()
        try:
            yield net
        finally:
            net.close()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Assertions read reasons meant for people; pin the language they are written in.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def cluster(django_db_blocker) -> Iterator[Cluster]:  # type: ignore[no-untyped-def]
    """One real hub (gunicorn, four workers) with its nodes, shared by the process tests: the
    processes take a while to start, and each test leaves the others' data alone."""
    directory = Path(tempfile.mkdtemp(prefix="rembuk-sync-procs-"))
    with django_db_blocker.unblock(), postgres_database() as hub_url:
        net = None
        try:
            net = Cluster(directory, hub_url)
            yield net
        finally:
            if net is not None:
                net.close()
            shutil.rmtree(directory, ignore_errors=True)
