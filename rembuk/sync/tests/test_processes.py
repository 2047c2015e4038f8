"""Proof with real processes: a hub (`manage.py runserver`, PostgreSQL when DATABASE_URL points
to it, else SQLite) and two SQLite nodes as separate processes on loopback, with faults injected
by a TCP proxy in front of the hub: a request cut half-way, an answer lost, the same batch twice,
a batch out of order, the hub killed and restarted in the middle of a sync, clocks three hours
apart, the same cell edited on both nodes while apart, an edit to a record the hub deleted.

Every wait is bounded, ports are chosen free, and every process is killed at the end."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rembuk.sync.tests.simnodes import template_db

BASE_DIR = Path(__file__).resolve().parents[3]
KODI = "53.18.11"
DESA = "53.18.11.2006"
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
        import json

        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty as error:
            raise TimeoutError(f"agent {self.name} did not answer in {timeout}s") from error
        answer = json.loads(line)
        if not answer["ok"]:
            raise AgentError(answer["kind"], answer["error"])
        return answer.get("result")

    def __call__(self, op: str, timeout: float = 120, **arguments: Any) -> Any:
        import json

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
    """`manage.py runserver --noreload` on a fixed port (so it can be restarted in place)."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.port = _free_port()
        self.log_dir = log_dir
        self.proc: subprocess.Popen[Any] | None = None
        self.starts = 0

    def start(self, timeout: float = 90) -> None:
        self.starts += 1
        log = open(self.log_dir / f"hub-{self.starts}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the hub server exited; see its log")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            time.sleep(0.2)
        raise TimeoutError("the hub server did not start listening")

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
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


def _base_env(directory: Path) -> dict[str, str]:
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
def _postgres_database() -> Iterator[str | None]:
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
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Cluster:
    def __init__(self, directory: Path, hub_url: str | None) -> None:
        self.directory = directory
        hub_env = _base_env(directory)
        hub_env["REMBUK_NODE_ID"] = "hub"
        template = template_db()
        if hub_url:
            hub_env["DATABASE_URL"] = hub_url
        else:
            shutil.copyfile(template, directory / "hub.sqlite3")
            hub_env["SQLITE_PATH"] = str(directory / "hub.sqlite3")
        self.engine = "postgresql" if hub_url else "sqlite"
        self.hub = HubServer(hub_env, directory)
        self.hub_agent = Agent("hub-agent", hub_env, directory)
        self.nodes: dict[str, Agent] = {}
        for name, offset in (("node-a", 0), ("node-b", -THREE_HOURS_MS)):
            env = _base_env(directory)
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
        # Node a talks to the hub through the fault-injecting proxy, node b directly.
        for name, port in (("node-a", self.proxy.port), ("node-b", self.hub.port)):
            token = self.hub_agent("issue_token", region=KODI, label=name)
            self.nodes[name]("init", hub=f"http://127.0.0.1:{port}/api/sync/", token=token)

    @property
    def a(self) -> Agent:
        return self.nodes["node-a"]

    @property
    def b(self) -> Agent:
        return self.nodes["node-b"]

    def close(self) -> None:
        for agent in [self.hub_agent, *self.nodes.values()]:
            agent.stop()
        self.hub.stop()
        self.proxy.close()


@pytest.fixture(scope="module")
def cluster(django_db_blocker) -> Iterator[Cluster]:  # type: ignore[no-untyped-def]
    directory = Path(tempfile.mkdtemp(prefix="rembuk-sync-procs-"))
    with django_db_blocker.unblock(), _postgres_database() as hub_url:
        net = None
        try:
            net = Cluster(directory, hub_url)
            yield net
        finally:
            if net is not None:
                net.close()
            shutil.rmtree(directory, ignore_errors=True)


def _goal(cluster: Cluster, statement: str = "awal") -> str:
    """A new plan made on the hub and synced to both nodes; returns its goal's id."""
    made = cluster.hub_agent("create_plan", desa=DESA, goals=1, activities=1)
    goal = made["goals"][0]
    cluster.hub_agent("edit", model="plans.goal", id=goal, fields={"statement": statement})
    cluster.a("sync")
    cluster.b("sync")
    return str(goal)


def test_a_plan_made_on_the_hub_reaches_both_nodes(cluster):
    goal = _goal(cluster, "dari kabupaten")
    for node in (cluster.a, cluster.b):
        assert node("get", model="plans.goal", id=goal)["statement"] == "dari kabupaten"


def test_a_connection_cut_half_way_through_a_batch_is_resumed_by_the_next_sync(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=3)
    cluster.proxy.mode = "cut_request"
    with pytest.raises(AgentError) as error:
        cluster.a("sync")
    assert error.value.kind == "SyncUnavailable"
    assert cluster.a("waiting") > 0
    cluster.a("sync")
    assert cluster.a("waiting") == 0
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_an_answer_lost_after_the_hub_applied_the_batch_changes_nothing_when_resent(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=3)
    before = len(cluster.hub_agent("log_ids"))
    cluster.proxy.mode = "drop_answer"
    with pytest.raises(AgentError):
        cluster.a("sync")
    after_lost = len(cluster.hub_agent("log_ids"))
    assert after_lost == before + 6  # plan, goal, milestone, 3 activities: applied once
    cluster.a("sync")
    assert len(cluster.hub_agent("log_ids")) == after_lost
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_the_same_batch_delivered_twice_is_applied_once(cluster):
    cluster.a("create_plan", desa=DESA, goals=1, activities=1)
    first = cluster.a("push_raw", count=4)
    second = cluster.a("push_raw", count=4)
    assert first["applied"] == 4
    assert second["applied"] == 0
    assert first["acked"] == second["acked"]
    cluster.a("sync")
    assert cluster.a("waiting") == 0


def test_a_batch_out_of_order_is_refused_and_the_sync_resumes_in_order(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=1, activities=2)
    early = cluster.a("push_raw", skip=2, count=3)
    assert early["refused"] == 409
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is None
    cluster.a("sync")
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_the_hub_restarted_in_the_middle_of_a_sync_loses_nothing(cluster):
    made = cluster.a("create_plan", desa=DESA, goals=3, activities=400)  # 3 batches and more
    counter = {"n": 0}

    def kill_on_second_batch(_total: int) -> None:
        counter["n"] += 1
        if counter["n"] == 2:
            cluster.hub.stop()

    cluster.proxy.on_push = kill_on_second_batch
    with pytest.raises(AgentError) as error:
        cluster.a("sync")
    assert error.value.kind == "SyncUnavailable"
    cluster.proxy.on_push = None
    cluster.hub.start()
    cluster.a("sync")
    assert cluster.a("waiting") == 0
    assert cluster.hub_agent("count", model="plans.activity") == cluster.a(
        "count", model="plans.activity"
    )
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None


def test_one_cell_edited_on_two_skewed_nodes_converges_with_the_conflict_on_every_side(
    cluster,
):
    goal = _goal(cluster)
    cluster.a("edit", model="plans.goal", id=goal, fields={"statement": "versi a"})
    cluster.b("edit", model="plans.goal", id=goal, fields={"statement": "versi b"})
    for node in (cluster.a, cluster.b, cluster.a):
        node("sync")
    values = {
        agent("get", model="plans.goal", id=goal)["statement"]
        for agent in (cluster.hub_agent, cluster.a, cluster.b)
    }
    assert len(values) == 1
    winner = values.pop()
    loser = "versi b" if winner == "versi a" else "versi a"
    for agent in (cluster.hub_agent, cluster.a, cluster.b):
        conflicts = [c for c in agent("conflicts") if c["losing_value"] == loser]
        assert conflicts and conflicts[0]["winning_value"] == winner


def test_an_edit_on_a_node_to_a_record_the_hub_deleted_stays_deleted_and_is_kept_for_review(
    cluster,
):
    goal = _goal(cluster)
    cluster.hub_agent("delete", model="plans.goal", id=goal)
    cluster.b("edit", model="plans.goal", id=goal, fields={"target": "diubah di kecamatan"})
    cluster.b("sync")
    for agent in (cluster.hub_agent, cluster.b):
        assert agent("get", model="plans.goal", id=goal)["is_deleted"]
        kept = [c for c in agent("conflicts") if c["kind"] == "deleted"]
        assert any(c["losing_value"] == {"target": "diubah di kecamatan"} for c in kept)


def test_a_record_outside_the_node_region_is_quarantined_on_the_hub_and_refused_on_the_node(
    cluster,
):
    cluster.b("create_plan", desa="81.05.15.2001", goals=1, activities=1)
    cluster.b("sync")
    assert any("81.05.15.2001" in q["reason"] for q in cluster.hub_agent("quarantine"))
    assert any("outside" in reason for reason in cluster.b("rejections"))


def test_bundles_travel_without_network_and_a_tampered_one_is_refused(cluster):
    made = cluster.b("create_plan", desa=DESA, goals=1, activities=1)
    path = cluster.directory / "b-to-hub.rembuk"
    cluster.b("export", path=str(path))
    first = cluster.hub_agent("import", path=str(path))
    again = cluster.hub_agent("import", path=str(path))
    assert first["applied"] == 4 and again["applied"] == 0
    assert cluster.hub_agent("get", model="plans.livelihoodplan", id=made["plan"]) is not None
    tampered = cluster.directory / "tampered.rembuk"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    tampered.write_bytes(bytes(data))
    with pytest.raises(AgentError, match="SyncRefused"):
        cluster.hub_agent("import", path=str(tampered))


def test_after_everyone_syncs_every_write_made_anywhere_is_in_every_history(cluster):
    for node in (cluster.a, cluster.b, cluster.a, cluster.b):
        node("sync")
    hub = set(cluster.hub_agent("log_ids"))
    a, b = set(cluster.a("log_ids")), set(cluster.b("log_ids"))
    # The hub holds everything each node wrote except what it refused (kept in quarantine),
    # and both nodes of the kecamatan end with the same history.
    refused = b - hub
    assert len(refused) == len(cluster.hub_agent("quarantine"))
    assert a <= hub
    assert a == b - refused
