"""Real processes for the sync tests and the benchmark: a hub (`manage.py runserver`, or gunicorn
with several workers as on a real hub), Rembuk installs driven over stdin/stdout
(rembuk.sync.tests.agent), and a TCP proxy that injects faults.

Every wait is bounded, ports are chosen free, and stop()/close() always kill what was started.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rembuk.sync.tests.simnodes import template_db

BASE_DIR = Path(__file__).resolve().parents[3]
KODI = "53.18.11"
THREE_HOURS_MS = 3 * 3600 * 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AgentError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind


class Agent:
    """A Rembuk install in its own process (rembuk.sync.tests.agent)."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rembuk.sync.tests.agent"],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def wait_ready(self, timeout: float = 90) -> None:
        self._answer(timeout)

    def _answer(self, timeout: float) -> Any:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty as error:
            raise TimeoutError(f"agent {self.name} did not answer in {timeout}s") from error
        answer = json.loads(line)
        if not answer["ok"]:
            raise AgentError(answer["kind"], answer["error"])
        return answer.get("result")

    def __call__(self, op: str, timeout: float = 120, **arguments: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.proc.stdin.flush()
        return self._answer(timeout)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        _stop(self.proc)
        self.log.close()


def _stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class HubServer:
    """The hub's web server on a fixed port (so it can be restarted in place): `manage.py
    runserver`, or with `workers` gunicorn with that many worker processes."""

    def __init__(self, env: dict[str, str], log_dir: Path, *, workers: int = 0) -> None:
        self.env = env
        self.port = _free_port()
        self.log_dir = log_dir
        self.workers = workers
        self.proc: subprocess.Popen[Any] | None = None
        self.starts = 0

    def _command(self) -> list[str]:
        if self.workers:
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
                # Django is imported once, before the workers fork: they are ready sooner.
                "--preload",
            ]
        return [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"127.0.0.1:{self.port}",
        ]

    def start(self, timeout: float = 90) -> None:
        self.starts += 1
        log = open(self.log_dir / f"hub-{self.starts}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and the project's server
            self._command(),
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stop() ends its workers too, whatever the master does
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the hub server exited; see its log")
            if self._answers():
                return
            time.sleep(0.2)
        raise TimeoutError("the hub server did not start answering")

    def _answers(self) -> bool:
        """Whether the server answers HTTP (a listening socket alone may still have no worker)."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                connection.settimeout(30)
                connection.sendall(b"GET /api/sync/hello/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return connection.recv(16).startswith(b"HTTP/")
        except OSError:
            return False

    def memory_bytes(self) -> int:
        """Resident memory of the server and its workers (Linux /proc)."""
        if self.proc is None:
            return 0
        pids, total = [self.proc.pid], 0
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                pids += [int(p) for p in (task / "children").read_text().split()]
        for pid in pids:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        return total

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            # A master killed before its workers ended leaves them holding the port, and the
            # hub could not start again in place.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc = None


class Proxy:
    """A TCP proxy in front of the hub that can cut a request, lose an answer or run a hook."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.mode = "pass"  # pass | cut_request | drop_answer (each applies to one push)
        self.on_push: Callable[[int], None] | None = None
        self.pushes = 0
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        with client:
            client.settimeout(30)
            request = self._read_request(client)
            if request is None:
                return
            is_push = b" /api/sync/push/ " in request.split(b"\r\n", 1)[0]
            mode = "pass"
            if is_push:
                self.pushes += 1
                if self.on_push is not None:
                    self.on_push(self.pushes)
                mode, self.mode = self.mode, "pass"
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=30)
            except OSError:
                return  # hub down: the client sees the connection closed
            with upstream:
                if mode == "cut_request":
                    upstream.sendall(request[: len(request) // 2])
                    return  # both sides see the connection drop half-way through the batch
                upstream.sendall(request)
                answer = b""
                with contextlib.suppress(OSError):
                    while chunk := upstream.recv(65536):
                        answer += chunk
                if mode == "drop_answer":
                    return  # the hub applied the batch but the node never hears so
                with contextlib.suppress(OSError):
                    client.sendall(answer)

    @staticmethod
    def _read_request(client: socket.socket) -> bytes | None:
        data = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return None
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                chunk = client.recv(65536)
                if not chunk:
                    return None
                body += chunk
            return head + b"\r\n\r\n" + body
        return None

    def close(self) -> None:
        self.stopped = True
        self.listener.close()


def base_env(directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "REMBUK_VAR_DIR": str(directory),
            "PYTHONPATH": str(BASE_DIR),
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


@contextlib.contextmanager
def postgres_database() -> Iterator[str | None]:
    """A fresh PostgreSQL database for the hub when DATABASE_URL is PostgreSQL, else None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    name = f"rembuk_sync_hub_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            for attempt in range(10):
                try:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    break
                except psycopg.errors.InsufficientPrivilege:
                    # FORCE may not end a server process of another role (autovacuum, after
                    # the tests' many writes): it ends on its own in a moment.
                    if attempt == 9:
                        raise
                    time.sleep(1)


class Cluster:
    """A hub served by gunicorn with several workers (as a real hub is), with its agent, and
    three node agents of Kodi Balaghar (node-a behind the fault-injecting proxy, node-b three
    hours slow, node-c)."""

    NODES = (("node-a", 0), ("node-b", -THREE_HOURS_MS), ("node-c", 0))

    def __init__(self, directory: Path, hub_url: str | None, *, workers: int = 4) -> None:
        self.directory = directory
        hub_env = base_env(directory)
        hub_env["REMBUK_NODE_ID"] = "hub"
        template = template_db()
        if hub_url:
            hub_env["DATABASE_URL"] = hub_url
        else:
            shutil.copyfile(template, directory / "hub.sqlite3")
            hub_env["SQLITE_PATH"] = str(directory / "hub.sqlite3")
        self.engine = "postgresql" if hub_url else "sqlite"
        self.hub = HubServer(hub_env, directory, workers=workers)
        self.hub_agent = Agent("hub-agent", hub_env, directory)
        self.nodes: dict[str, Agent] = {}
        for name, offset in self.NODES:
            env = base_env(directory)
            shutil.copyfile(template, directory / f"{name}.sqlite3")
            env.update(
                {
                    "REMBUK_NODE_ID": name,
                    "SQLITE_PATH": str(directory / f"{name}.sqlite3"),
                    "REMBUK_CLOCK_OFFSET_MS": str(offset),
                }
            )
            self.nodes[name] = Agent(name, env, directory)
        self.hub_agent.wait_ready()
        if hub_url:
            self.hub_agent("migrate", timeout=300)
        self.hub.start()
        self.proxy = Proxy(self.hub.port)
        for agent in self.nodes.values():
            agent.wait_ready()
        # Node a talks to the hub through the fault-injecting proxy, the others directly.
        for name, _offset in self.NODES:
            port = self.proxy.port if name == "node-a" else self.hub.port
            token = self.hub_agent("issue_token", region=KODI, label=name)
            self.nodes[name]("init", hub=f"http://127.0.0.1:{port}/api/sync/", token=token)

    @property
    def a(self) -> Agent:
        return self.nodes["node-a"]

    @property
    def b(self) -> Agent:
        return self.nodes["node-b"]

    @property
    def c(self) -> Agent:
        return self.nodes["node-c"]

    def close(self) -> None:
        for agent in [self.hub_agent, *self.nodes.values()]:
            agent.stop()
        self.hub.stop()
        self.proxy.close()
