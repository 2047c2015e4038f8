"""Locks in the data directory, through `filelock` (fcntl on Linux, msvcrt on Windows): one
server per data directory, one task worker, and no restore or upgrade under a running server.

A lock file is only a name to lock; the operating system releases the lock when its process
ends, however it ends, so a crash never leaves an installation locked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from filelock import FileLock, Timeout

SERVER = "server"
WORKER = "worker"
MAINTENANCE = "maintenance"  # upgrade and restore


class Busy(Exception):
    """Another process holds the lock."""


def lock_file(name: str) -> Path:
    return Path(settings.DATA_DIR) / f"{name}.lock"


def info_file(name: str) -> Path:
    return Path(settings.DATA_DIR) / f"{name}.json"


@contextmanager
def holding(name: str, **info: Any) -> Iterator[None]:
    """Hold the named lock for the block, or raise Busy at once. `info` (pid, address…) is
    written beside it for the messages other processes show while it is held."""
    lock = FileLock(lock_file(name), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise Busy(name) from error
    try:
        if info:
            info_file(name).write_text(json.dumps({"pid": os.getpid(), **info}))
        yield
    finally:
        info_file(name).unlink(missing_ok=True)
        lock.release()


def is_held(name: str) -> bool:
    lock = FileLock(lock_file(name), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def holder_info(name: str) -> dict[str, Any]:
    try:
        data = json.loads(info_file(name).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
