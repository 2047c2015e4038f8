"""The data directory (config.installation, docs/decisions/0013): it holds the database (a
node's sync token in clear, people's password hashes), the secret key and the backups, so no
other account on the computer may read it."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from config import installation

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows has access lists, not modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """The umask most computers have, which leaves new directories readable by everyone."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_new_data_directory_is_its_accounts_alone_and_its_secret_key_too(tmp_path):
    home = tmp_path / "share" / "rembuk"
    installation.prepare_data_directory(home, may_create=True)
    installation.secret_key(home)
    assert mode(home) == 0o700
    assert mode(home / installation.SECRET_KEY_FILE) == 0o600


def test_a_data_directory_made_readable_by_an_older_rembuk_is_tightened_when_it_starts(tmp_path):
    home = tmp_path / "rembuk"
    home.mkdir(mode=0o755)
    (home / "rembuk.sqlite3").write_bytes(b"")
    installation.prepare_data_directory(home, may_create=True)
    assert mode(home) == 0o700


@pytest.mark.parametrize(("made", "kept"), [(0o750, 0o750), (0o755, 0o750), (0o777, 0o770)])
def test_a_rembuk_home_keeps_the_group_its_owner_gave_and_loses_everyone_else(tmp_path, made, kept):
    """A hub's installer makes /var/lib/rembuk 0750 for the service's group (deploy/)."""
    home = tmp_path / "var-lib-rembuk"
    home.mkdir()
    home.chmod(made)
    installation.prepare_data_directory(home, may_create=False)
    assert mode(home) == kept
