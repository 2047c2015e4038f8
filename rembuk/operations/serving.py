"""`rembuk serve` and `rembuk worker`: a small supervisor of child processes.

The children are plain commands — the WSGI server (waitress, or gunicorn with several workers
on a Linux hub), Django's task worker (`db_worker`), on a node the background sync (`sync
--watch`), and once a day a backup. The supervisor holds the data directory's locks, writes
each child's output to its own rotated file in DATA_DIR/logs (one writer per file, so rotation
is safe on Windows too), restarts a helper that stops, and stops everything on Ctrl-C or
SIGTERM. No shell and no POSIX-only module: the same code runs on a Windows laptop.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

LOG_BYTES = 5 * 1024 * 1024
LOG_KEEP = 5
HELPER_RESTART_SECONDS = 10.0
STOP_GRACE_SECONDS = 15.0
BACKUP_EVERY = 24 * 3600.0
BACKUP_CHECK_EVERY = 600.0


class PortBusy(Exception):
    pass


def rembuk_command(*arguments: str) -> list[str]:
    """The `rembuk` command as a child process: this interpreter, `-m rembuk`."""
    return [sys.executable, "-m", "rembuk", *arguments]


def web_command(*, host: str, port: int, server: str, workers: int, threads: int) -> list[str]:
    if server == "gunicorn":
        return [
            sys.executable,
            "-m",
            "gunicorn",
            f"--bind={host}:{port}",
            f"--workers={workers}",
            "--graceful-timeout=20",
            "--timeout=120",
            "config.wsgi:application",
        ]
    return [
        sys.executable,
        "-m",
        "waitress",
        f"--listen={host}:{port}",
        f"--threads={threads}",
        "--ident=Rembuk",
        "config.wsgi:application",
    ]


def choose_server(requested: str, *, workers: int) -> str:
    """waitress runs everywhere; gunicorn (POSIX only) when several worker processes help:
    a hub on PostgreSQL, or more than one worker asked for."""
    if requested != "auto":
        return requested
    if os.name != "posix":
        return "waitress"
    if workers > 1 or settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return "gunicorn"
    return "waitress"


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":
            # As the servers do: a port left in TIME_WAIT by a stopped server is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortBusy(str(error)) from error


def file_logger(name: str) -> logging.Logger:
    """A logger writing DATA_DIR/logs/<name>.log, rotated at 5 MB, five old files kept."""
    logger = logging.getLogger(f"rembuk.serve.{name}")
    if not logger.handlers:
        handler = RotatingFileHandler(
            Path(settings.DATA_DIR) / "logs" / f"{name}.log",
            maxBytes=LOG_BYTES,
            backupCount=LOG_KEEP,
            encoding="utf-8",
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


@dataclass
class Child:
    name: str
    command: list[str]
    essential: bool  # the web server: when it stops, everything stops
    process: subprocess.Popen[str] | None = None
    restarts: int = 0
    next_start: float = 0.0
    pump: threading.Thread | None = field(default=None, repr=False)


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        *,
        say: Callable[[str], None],
        daily_backup: bool = False,
    ) -> None:
        self.children = children
        self.say = say
        self.daily_backup = daily_backup
        self.stopping = threading.Event()
        self.failed_child: Child | None = None
        self.environment = dict(os.environ)
        # Children inherit the data directory and production settings of this process.
        self.environment.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        self.environment["REMBUK_HOME"] = str(settings.DATA_DIR)
        self.environment["REMBUK_ENV"] = settings.ENVIRONMENT
        self.environment["PYTHONUNBUFFERED"] = "1"

    def start(self, child: Child) -> None:
        log = file_logger(child.name)
        log.info("[rembuk] start: %s", " ".join(child.command[1:]))
        child.process = subprocess.Popen(  # noqa: S603 - our own interpreter, no shell
            child.command,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert child.process.stdout is not None
        child.pump = threading.Thread(
            target=_pump, args=(child.process.stdout, log), daemon=True, name=f"log-{child.name}"
        )
        child.pump.start()

    def run(self) -> int:
        """Run until Ctrl-C, SIGTERM or the web server stopping; returns the exit status."""
        previous = signal.signal(signal.SIGTERM, self._on_signal)
        for child in self.children:
            self.start(child)
        backups = None
        if self.daily_backup:
            backups = threading.Thread(target=self._backup_loop, daemon=True, name="backups")
            backups.start()
        try:
            while not self.stopping.is_set():
                self._watch()
                self.stopping.wait(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stopping.set()
            self._stop_all()
            signal.signal(signal.SIGTERM, previous)
        if self.failed_child is not None:
            self.say(
                _("%(name)s stopped unexpectedly; see %(log)s.")
                % {
                    "name": self.failed_child.name,
                    "log": Path(settings.DATA_DIR) / "logs" / f"{self.failed_child.name}.log",
                }
            )
            return 1
        return 0

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.stopping.set()

    def _watch(self) -> None:
        now = time.monotonic()
        for child in self.children:
            process = child.process
            if process is None:
                if now >= child.next_start:
                    self.start(child)
                continue
            code = process.poll()
            if code is None:
                continue
            file_logger(child.name).info("[rembuk] %s exited with status %s", child.name, code)
            child.process = None
            if child.essential:
                self.failed_child = child
                self.stopping.set()
                return
            child.restarts += 1
            child.next_start = now + HELPER_RESTART_SECONDS

    def _stop_all(self) -> None:
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            assert child.process is not None
            child.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            file_logger(child.name).info("[rembuk] %s stopped", child.name)
        for child in self.children:
            if child.pump is not None:
                child.pump.join(timeout=5)

    def _backup_loop(self) -> None:
        from rembuk.operations.services import backups_list

        while not self.stopping.wait(timeout=5):
            newest = backups_list()
            age = time.time() - newest[0].stat().st_mtime if newest else BACKUP_EVERY
            if age >= BACKUP_EVERY:
                log = file_logger("backup")
                backup = subprocess.Popen(  # noqa: S603 - our own interpreter, no shell
                    rembuk_command("backup", "--scheduled"),
                    env=self.environment,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
                assert backup.stdout is not None
                _pump(backup.stdout, log)
                log.info("[rembuk] scheduled backup finished with status %s", backup.wait())
            if self.stopping.wait(timeout=BACKUP_CHECK_EVERY):
                return


def _pump(stream: IO[str], log: logging.Logger) -> None:
    for line in stream:
        log.info("%s", line.rstrip("\n"))
