"""The backup file: one ZIP holding manifest.json, the database (an SQLite file or a pg_dump
archive) and the uploaded files. docs/decisions/0014 describes it.

Reading a backup checks everything before anything is touched: that it is a complete ZIP (a
truncated file has no central directory), that every member's CRC holds, that the manifest is
one Rembuk wrote, and that the database inside has the size and SHA-256 the manifest recorded.
A backup is written under a temporary name and renamed when complete, so a crash mid-way never
leaves a file that looks like a backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupUnreadable(Exception):
    """Not a complete Rembuk backup; the message says what is wrong with the file."""


@dataclass
class Manifest:
    engine: str
    node_id: str | None
    migrations: list[list[str]]
    rembuk_version: str
    created_at: str
    reason: str
    database_sha256: str = ""
    database_bytes: int = 0
    media_files: int = 0
    format: int = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    def migration_keys(self) -> set[tuple[str, str]]:
        return {(app, name) for app, name in self.migrations}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(media_root: Path, *, skip: tuple[str, ...]) -> list[Path]:
    """Every file under media_root except the top-level folders named in `skip` (caches)."""
    if not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root)
        if path.is_file() and relative.parts[0] not in skip:
            found.append(path)
    return found


def write(
    destination: Path,
    manifest: Manifest,
    *,
    database_file: Path,
    media_root: Path,
    media: list[Path],
) -> None:
    manifest.database_sha256 = sha256_of(database_file)
    manifest.database_bytes = database_file.stat().st_size
    manifest.media_files = len(media)
    partial = destination.with_name(destination.name + ".part")
    # A pg_dump archive is compressed already; an SQLite file shrinks a lot.
    database_compression = (
        zipfile.ZIP_STORED if manifest.engine == "postgresql" else zipfile.ZIP_DEFLATED
    )
    # Every password hash and a node's sync token in clear: for this account only, like the
    # secret key, wherever the file is written (it may be copied to a shared drive as it is).
    output = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
    try:
        with (
            output,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            os.chmod(partial, 0o600)  # a .part a crash left keeps its old mode through O_CREAT
            archive.writestr(MANIFEST_NAME, json.dumps(asdict(manifest), indent=2))
            archive.write(
                database_file, manifest.database_member, compress_type=database_compression
            )
            for path in media:
                member = MEDIA_PREFIX + path.relative_to(media_root).as_posix()
                archive.write(path, member)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def _unreadable(path: Path, reason: str) -> BackupUnreadable:
    return BackupUnreadable(
        _("%(file)s is not a complete Rembuk backup (%(reason)s); nothing was changed.")
        % {"file": path.name, "reason": reason}
    )


def read_manifest(path: Path) -> Manifest:
    """The manifest of a backup whose every byte has been checked."""
    if not path.is_file():
        raise BackupUnreadable(_("There is no file %(file)s.") % {"file": path})
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            if broken is not None:
                raise _unreadable(path, _("%(member)s is damaged") % {"member": broken})
            try:
                raw = json.loads(archive.read(MANIFEST_NAME))
                manifest = Manifest(**raw)
            except (KeyError, ValueError, TypeError) as error:
                raise _unreadable(path, _("it has no Rembuk manifest")) from error
            if manifest.format > FORMAT:
                raise _unreadable(path, _("it was written by a newer Rembuk"))
            if manifest.engine not in DATABASE_MEMBERS:
                raise _unreadable(path, _("unknown database engine"))
            digest = hashlib.sha256()
            size = 0
            try:
                with archive.open(manifest.database_member) as member:
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
            except KeyError as error:
                raise _unreadable(path, _("the database is missing")) from error
            if size != manifest.database_bytes or digest.hexdigest() != manifest.database_sha256:
                raise _unreadable(path, _("the database does not match its checksum"))
            for name in archive.namelist():
                _check_member_name(path, name)
    except zipfile.BadZipFile as error:
        raise _unreadable(path, _("the file is truncated or damaged")) from error
    except (OSError, EOFError) as error:
        raise _unreadable(path, str(error)) from error
    return manifest


def _check_member_name(path: Path, name: str) -> None:
    """A member may only land inside the folder it is extracted to."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or "\\" in name or ":" in name:
        raise _unreadable(path, _("it holds a file outside its folders: %(name)s") % {"name": name})


def extract_database(path: Path, manifest: Manifest, destination: Path) -> None:
    with (
        zipfile.ZipFile(path) as archive,
        archive.open(manifest.database_member) as member,
        open(destination, "wb") as out,
    ):
        shutil.copyfileobj(member, out, CHUNK)


def extract_media(path: Path, destination: Path) -> int:
    count = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith(MEDIA_PREFIX) or name.endswith("/"):
                continue
            target = destination.joinpath(*PurePosixPath(name[len(MEDIA_PREFIX) :]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as member, open(target, "wb") as out:
                shutil.copyfileobj(member, out, CHUNK)
            count += 1
    return count
