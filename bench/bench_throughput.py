"""Throughput of the meeting page under `rembuk serve` in the hub configuration: gunicorn with
2 workers on loopback, production settings (whitenoise, DEBUG off), a bounded load at
concurrency 8 for 30 s per URL, taken in six turns of 5 s each, the URLs in turn (A B C D A B
C D …), so that the machine's drift during the run weighs on each alike. In the same run and
under the same server:

- a minimal Django view (signed in: session and user lookup, every middleware, no work);
- a view that runs only the meeting page's own queries (recorded from the page) and answers
  their row count as JSON;
- the meeting page asked for as a browser asks for it, gzip accepted: the server compresses
  every page a person opens (rembuk.core.compression), the JSON answer is too short to be.

Prints requests per second for each, with the machine's load average beside it, and the
throughput ratio the budget is set on: the page's rate ÷ the rate of the view that runs only its
queries (goal ≥ 0.3), plain and gzipped, with the page ÷ the minimal view beside it. A
benchmark: it prints, it does not pass or fail.

The meeting is Kecamatan Wewewa Barat's (20 desa, full plans), as in bench_meeting.py. The
database is a fresh SQLite file, or a fresh PostgreSQL database when DATABASE_URL is set.
The load generator is Python threads on the same two cores as the server, and takes more of
the CPU the faster a view answers (its share is printed beside each rate): the cheaper views'
rates are understated most, so the page's ratio to them is if anything overstated.

    uv run python bench/bench_throughput.py [--duration 30] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.3  # the page's rate ÷ the rate of its own queries
ROUNDS = 6  # turns each URL takes (its seconds split between them)
USERNAME = "kecamatan.wewewabarat"
QUERIES = "the page's queries (JSON)"
PAGE = "meeting page"
# What Chromium and Firefox send over plain HTTP: every page a person opens is compressed.
AS_A_BROWSER_ASKS = "meeting page, gzip"
BROWSER_ENCODINGS = "gzip, deflate"


@dataclass(frozen=True)
class Url:
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def fresh_database() -> Iterator[str | None]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    name = f"rembuk_bench_throughput_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Session:
    """One signed-in browser: keeps its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content

    def log_in(self, password: str) -> None:
        self.request("GET", "/akun/masuk/")
        form = {
            "username": USERNAME,
            "password": password,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        status, _ = self.request("POST", "/akun/masuk/", urlencode(form))
        if status != 302:
            raise SystemExit(f"log in failed ({status})")


@dataclass
class Measured:
    """What the clients saw of one URL, added up over the rounds."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0
    loads: list[float] = field(default_factory=list)

    def add(self, turn: Measured) -> None:
        self.latencies += turn.latencies
        self.errors += turn.errors
        self.seconds += turn.seconds
        self.client_cpu_seconds += turn.client_cpu_seconds
        self.loads += turn.loads

    def figures(self) -> dict[str, float]:
        latencies = sorted(self.latencies)
        return {
            "rps": len(latencies) / self.seconds,
            "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
            "p95_ms": (
                statistics.quantiles(latencies, n=20)[-1] * 1000
                if len(latencies) > 20
                else float("nan")
            ),
            "errors": self.errors,
            "client_cpu": self.client_cpu_seconds / self.seconds,
            "load": statistics.mean(self.loads) if self.loads else float("nan"),
        }


def load(port: int, url: Url, cookie: str, *, seconds: float, concurrency: int) -> Measured:
    """Keep `concurrency` keep-alive connections busy with GET `url` for `seconds`."""
    headers = {"Cookie": cookie, **url.headers}
    deadline = time.monotonic() + seconds
    measured = Measured()
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", url.path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                with lock:
                    measured.errors += 1
        connection.close()
        with lock:
            measured.latencies.extend(mine)

    began = time.monotonic()
    cpu_before = time.process_time()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measured.seconds = time.monotonic() - began
    measured.client_cpu_seconds = time.process_time() - cpu_before
    measured.loads.append(harness.load())
    return measured


def load_in_turns(
    port: int, urls: dict[str, Url], cookie: str, *, seconds: float, concurrency: int
) -> dict[str, dict[str, float]]:
    """Each path loaded for `seconds` in all, in ROUNDS turns taken in order (A B C A B C …),
    so that a machine that speeds up or slows down during the run (a shared virtual machine
    does) weighs on every path alike, and their ratio is not the drift between two windows."""
    for url in urls.values():
        load(port, url, cookie, seconds=3, concurrency=concurrency)  # warm-up
    totals = {label: Measured() for label in urls}
    for _ in range(ROUNDS):
        for label, url in urls.items():
            totals[label].add(
                load(port, url, cookie, seconds=seconds / ROUNDS, concurrency=concurrency)
            )
    return {label: total.figures() for label, total in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="rembuk-bench-throughput-"))
    password = secrets.token_urlsafe(12)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "SQLITE_PATH", "REMBUK_VAR_DIR", "TEST_DATABASE_NAME")
    }
    env.update(
        {
            "REMBUK_HOME": str(home),
            "REMBUK_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "bench.throughput.settings",
            "PYTHONPATH": str(ROOT),
            "REMBUK_BENCH_QUERIES": str(home / "meeting-queries.pickle"),
        }
    )
    server = None
    try:
        with fresh_database() as database_url:
            if database_url:
                env["DATABASE_URL"] = database_url
            engine = "PostgreSQL" if database_url else "SQLite"
            print(f"bench_throughput on {engine}: building the meeting…", flush=True)
            setup = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "throughput" / "setup.py"),
                    USERNAME,
                    password,
                ],
                env=env,
                cwd=home,
                capture_output=True,
                text=True,
                check=False,
            )
            if setup.returncode != 0:
                raise SystemExit(setup.stderr[-3000:])
            villages, queries, size = setup.stdout.split("\n")[-3].split()
            meeting_path = setup.stdout.strip().splitlines()[-1]
            port = free_port()
            server = subprocess.Popen(
                [
                    sys.executable, "-m", "rembuk", "serve", f"--port={port}",
                    "--server=gunicorn", "--workers=2", "--no-worker", "--no-backups",
                ],
                env=env,
                cwd=home,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )  # fmt: skip
            session = Session(port)
            deadline = time.monotonic() + 120
            while True:
                with contextlib.suppress(OSError):
                    if session.request("GET", "/healthz")[0] == 200:
                        break
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("rembuk serve did not start")
                time.sleep(0.5)
            session.log_in(password)
            cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
            status, page = session.request("GET", meeting_path)
            assert status == 200 and re.search(rb"<h1", page), status
            print(
                f"meeting page: {villages} villages, {queries} queries of its own, "
                f"{int(size) // 1024} KB; gunicorn 2 workers; {args.concurrency} clients, "
                f"{args.duration:.0f} s each",
                flush=True,
            )
            urls = {
                "minimal view": Url("/bench/minimal/"),
                QUERIES: Url("/bench/meeting-queries/"),
                PAGE: Url(meeting_path),
                AS_A_BROWSER_ASKS: Url(meeting_path, {"Accept-Encoding": BROWSER_ENCODINGS}),
            }
            results = load_in_turns(
                port, urls, cookie, seconds=args.duration, concurrency=args.concurrency
            )
            for label, figures in results.items():
                print(
                    f"{label:28} {figures['rps']:8.1f} req/s  median {figures['median_ms']:7.1f} ms"
                    f"  p95 {figures['p95_ms']:7.1f} ms  errors {figures['errors']:.0f}"
                    f"  load {figures['load']:.1f}"
                    f"  (load generator {figures['client_cpu']:.0%} of a core)",
                    flush=True,
                )
            queries_rps = results[QUERIES]["rps"]
            for label, figure in ((PAGE, "(rate)"), (AS_A_BROWSER_ASKS, "(rate, gzip)")):
                page_rps = results[label]["rps"]
                ratio = page_rps / queries_rps
                print(
                    f"throughput: {label} ÷ its own queries {ratio:.2f} of their rate "
                    f"(goal ≥ {GOAL:g}; the page takes {1 / ratio:.1f}× their server time), "
                    f"load {harness.load():.1f}"
                )
                harness.record(
                    "throughput",
                    f"meeting page ÷ its own queries {figure}",
                    ratio,
                    unit="×",
                    page_rps=page_rps,
                    queries_rps=queries_rps,
                    load=harness.load(),
                    budget=GOAL,
                    at_least=True,
                )
            page_rps = results[PAGE]["rps"]
            print(
                f"meeting page ÷ minimal view: {page_rps / results['minimal view']['rps']:.3f} "
                f"of its rate ({results['minimal view']['rps'] / page_rps:.1f}× the server time)"
            )
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
