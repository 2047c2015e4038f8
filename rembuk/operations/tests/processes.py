"""Running the real `rembuk` command in its own process, with a data directory of its own, as
a person or a systemd unit would. Every wait is bounded; every process started is stopped."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rembuk.sync.tests.simnodes import template_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(home: Path, **extra: str) -> dict[str, str]:
    """The machine's environment for an installation at `home` (never the test settings)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SQLITE_PATH", "REMBUK_VAR_DIR", "REMBUK_ENV", "DEBUG")
        and not k.startswith(("PYTEST", "DJANGO_"))
    }
    env.update({"REMBUK_HOME": str(home), "LOG_LEVEL": "INFO", **extra})
    return env


def laptop_home(directory: Path) -> Path:
    """A data directory holding a migrated SQLite database with the pilot regions."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template_db(), directory / "rembuk.sqlite3")
    return directory


def rembuk(
    *arguments: str, env: dict[str, str], timeout: float = 180, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "rembuk", *arguments],
        env=env,
        cwd=tempfile.gettempdir(),  # anywhere but the checkout
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def get(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Served:
    """`rembuk serve` in the background until stop()."""

    def __init__(self, env: dict[str, str], *arguments: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = Path(env["REMBUK_HOME"]) / "serve-output.txt"
        self._file = open(self.output, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter
            [sys.executable, "-m", "rembuk", "serve", f"--port={self.port}", *arguments],
            env=env,
            cwd=env["REMBUK_HOME"],
            stdin=subprocess.DEVNULL,
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stop() can reach its children if it must kill
        )

    def wait_healthy(self, timeout: float = 240) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rembuk serve exited: {self.output.read_text()}")
            with contextlib.suppress(OSError, ValueError):
                status, _headers, body = get(f"{self.url}/healthz")
                if status == 200:
                    return dict(json.loads(body))
            time.sleep(0.5)
        raise TimeoutError(f"rembuk serve did not answer /healthz: {self.output.read_text()}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._file.close()
        return int(self.process.returncode)


@contextlib.contextmanager
def hub_database() -> Iterator[str | None]:
    """When the suite runs on PostgreSQL: a database of its own for a hub, a copy of the
    migrated test database (so the hub starts in seconds, not minutes). Else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield None
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    source = url.rsplit("/", 1)[0] + "/" + str(connection.settings_dict["NAME"])
    name = f"rembuk_ops_hub_{uuid.uuid4().hex[:8]}"
    target = url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # A copy by pg_dump, not CREATE DATABASE … TEMPLATE: that one needs the test database
        # to have no other session, and earlier live-server tests may still hold one.
        dump = subprocess.run(  # noqa: S603 - the PostgreSQL tools
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--dbname={source}"],
            capture_output=True,
            check=True,
            timeout=300,
        )
        subprocess.run(  # noqa: S603
            [_tool("pg_restore"), "--no-owner", f"--dbname={target}"],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=300,
        )
        yield target
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found is not None, f"{name} is needed for the PostgreSQL pass"
    return found
