"""CI's end-to-end check of a real installation (`make check-install`), run as root on Debian.

1. deploy/install-hub.sh installs a hub from a wheel built from this checkout, on a fresh
   PostgreSQL database, with every directory under one temporary folder (a CI machine has no
   systemd running: the units are written and verified with systemd-analyze, then their
   ExecStart commands are started directly, with the same environment file).
2. In front of it, a TLS-terminating proxy on loopback (what Caddy or nginx does on a real hub,
   with a certificate made here) — the hub's public address is https.
3. Through it: the site logs in, serves compressed static files with far-future caching and
   answers /healthz; a person creates a plan and downloads its PDF. `rembuk backup`, a change,
   the services stopped, `rembuk restore`, started again: the data is as at the backup.
4. A kecamatan node with its database outside the checkout, made with
   `node_init --hub <the site address>`, syncs and receives the plan.

Exits non-zero at the first thing that is wrong. Every process it starts is stopped.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import io
import os
import re
import select
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "localhost"
DESA = "53.18.11.2006"  # Desa Wainyapu, Kecamatan Kodi Balaghar
OTHER_DESA = "53.18.11.2007"
PASSWORD = "kata-sandi-ci-" + uuid.uuid4().hex[:8]
started: list[subprocess.Popen[bytes]] = []


BEGAN = time.monotonic()


def step(message: str) -> None:
    print(f"\n== [{time.monotonic() - BEGAN:.0f} s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(*command: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(  # noqa: S603 - fixed commands of this check
        [str(part) for part in command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"failed: {shlex.join(str(p) for p in command)}")
    return result.stdout


# --- a TLS-terminating reverse proxy, as Caddy or nginx is on a real hub ---------------------


def certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "hub.crt", directory / "hub.key"
    run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1",
        "-keyout", key, "-out", cert,
    )  # fmt: skip
    return cert, key


class TlsProxy:
    """HTTPS on `port`, forwarded to the hub's loopback port with X-Forwarded-Proto: https."""

    def __init__(self, port: int, upstream: int, cert: Path, key: Path) -> None:
        self.upstream = upstream
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", port))
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, raw: socket.socket) -> None:
        try:
            client = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        with client, socket.create_connection(("127.0.0.1", self.upstream)) as upstream:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            first, _, rest = head.partition(b"\r\n")
            # One request per connection (as urllib sends them): the proxy closes after it.
            lines = [
                line
                for line in rest.split(b"\r\n")
                if not line.lower().startswith((b"x-forwarded-proto:", b"connection:"))
            ]
            upstream.sendall(
                first + b"\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n"
                + b"\r\n".join(lines)
            )  # fmt: skip
            sockets = [client, upstream]
            while True:
                readable, _, _ = select.select(sockets, [], [], 60)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is client else client).sendall(data)

    def close(self) -> None:
        self.stopped = True
        self.listener.close()


# --- a person's browser, reduced to what this check needs -------------------------------------


class Browser:
    def __init__(self, base_url: str, cafile: Path) -> None:
        self.base = base_url
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []  # the last response's Set-Cookie headers

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(self.base)
        connection = http.client.HTTPSConnection(
            parts.hostname or HOST, parts.port, context=self.context, timeout=60
        )
        headers = {"Accept-Language": "id", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.base + path
            headers["Origin"] = self.base
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        self.set_cookies = response.headers.get_all("Set-Cookie") or []
        for value in self.set_cookies:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, {k.lower(): v for k, v in response.headers.items()}, content

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return self.request("POST", path, form)


def expect(condition: object, message: str) -> None:
    if not condition:
        raise SystemExit(f"check failed: {message}")
    print(f"   ok: {message}", flush=True)


# --- the hub's services, started as systemd would --------------------------------------------


def environment_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key] = value
    return values


def exec_start(unit: Path) -> list[str]:
    line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


class Hub:
    def __init__(self, root: Path, database_url: str, port: int) -> None:
        self.root, self.port = root, port
        self.units = root / "systemd"
        self.env_file = root / "etc" / "rembuk.env"
        self.command = root / "opt" / "bin" / "rembuk"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.database_url = database_url

    def install(self, wheel: Path, base_url: str) -> None:
        run(
            ROOT / "deploy" / "install-hub.sh",
            "--base-url", base_url, "--database-url", self.database_url, "--wheel", wheel,
            "--python", sys.executable if sys.version_info[:2] == (3, 12) else "python3.12",
            "--user", "root", "--port", str(self.port), "--workers", "2",
            "--prefix", self.root / "opt", "--home", self.root / "var",
            "--config", self.root / "etc", "--systemd-dir", self.units,
            "--bin-dir", self.root / "bin", "--no-start",
        )  # fmt: skip

    def start(self) -> None:
        env = {**os.environ, **environment_file(self.env_file)}
        for unit in ("rembuk-server.service", "rembuk-worker.service"):
            log = open(self.root / f"{unit}.log", "ab")  # noqa: SIM115 - the process keeps it
            process = subprocess.Popen(  # noqa: S603 - the unit's own ExecStart
                exec_start(self.units / unit),
                env=env,
                cwd=self.root / "var",
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes.append(process)
            started.append(process)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            time.sleep(0.5)
        print((self.root / "rembuk-server.service.log").read_text(), file=sys.stderr)
        raise SystemExit("the hub did not answer /healthz")

    def stop(self) -> None:
        """As `systemctl stop`: SIGTERM, then wait."""
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            expect(process.wait(timeout=60) == 0, f"{process.args!r} stopped cleanly")
        self.processes.clear()

    def rembuk(self, *arguments: str) -> str:
        """The admin command the script installed (as the service user, its settings)."""
        return run(
            self.command, *arguments, env={**os.environ, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
        )


class Laptop:
    """A kecamatan laptop as docs/install-laptop.md installs it: `uv tool install` of the
    wheel, its data directory far from any checkout."""

    def __init__(self, root: Path, wheel: Path, constraints: Path, cafile: Path) -> None:
        self.home = root / "laptop" / "Rembuk"
        self.home.mkdir(parents=True)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV")
        }
        self.env.update(
            {
                "REMBUK_HOME": str(self.home),
                "SSL_CERT_FILE": str(cafile),  # the laptop trusts the hub's certificate
                "UV_TOOL_DIR": str(root / "laptop" / "tools"),
                "UV_TOOL_BIN_DIR": str(root / "laptop" / "bin"),
            }
        )
        run(
            "uv", "tool", "install", "--quiet", "--compile-bytecode", "--python", sys.executable,
            "--constraints", constraints, wheel, env=self.env, cwd=self.home,
        )  # fmt: skip
        self.command = root / "laptop" / "bin" / "rembuk"

    def rembuk(self, *arguments: str) -> str:
        return run(self.command, *arguments, env=self.env, cwd=self.home)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    import psycopg

    admin_url = run(ROOT / "scripts" / "ensure_postgres.sh").strip().splitlines()[-1]
    name = f"rembuk_ci_hub_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="rembuk-install-"))
    proxy = None
    try:
        with fresh_database() as database_url:
            proxy = check(root, database_url)
    finally:
        for process in started:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 15)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=30)
        if proxy is not None:
            proxy.close()
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nInstallation check passed in {time.monotonic() - BEGAN:.0f} s.")


def _uncompiled(venv: Path, package: str) -> list[str]:
    """The package's modules without bytecode beside them."""
    (site,) = venv.glob("lib/python3.*/site-packages")
    return [
        str(module.relative_to(site))
        for module in (site / package).rglob("*.py")
        if not list(module.parent.glob(f"__pycache__/{module.stem}.*.pyc"))
    ]


def check(root: Path, database_url: str) -> TlsProxy:
    hub_port, public_port = free_port(), free_port()
    base_url = f"https://{HOST}:{public_port}"

    step("Build the wheel and install the hub with deploy/install-hub.sh")
    run("uv", "build", "--wheel", "--quiet", "-o", root / "dist", cwd=ROOT)
    wheel = next((root / "dist").glob("rembuk-*.whl"))
    hub = Hub(root, database_url, hub_port)
    hub.install(wheel, base_url)
    expect(
        "REMBUK_ENV=production" in hub.env_file.read_text(), "the environment file is production"
    )
    # Every module, not just those `rembuk --version` imported (which a root shell would write).
    missing = [
        module
        for package in ("django", "rembuk")
        for module in _uncompiled(root / "opt" / "venv", package)
    ]
    expect(not missing, f"the hub's environment is compiled to bytecode (not: {missing[:5]})")
    hub.rembuk("createsuperuser", "--no-input", "--username", "admin", "--email", "a@b.id")

    step("Start the units' ExecStart commands, behind a TLS proxy")
    hub.start()
    cert, key = certificate(root)
    proxy = TlsProxy(public_port, hub_port, cert, key)
    browser = Browser(base_url, cert)

    status, headers, body = browser.get("/healthz")
    expect(status == 200 and body == b'{"status": "ok"}', "/healthz answers ok over https")
    status, headers, _ = _plain_get(hub_port, "/akun/masuk/", HOST)
    expect(status == 301 and headers["location"].startswith("https://"), "http redirects to https")

    step("Log in, static files, a plan and its PDF")
    status, _, page = browser.get("/akun/masuk/")
    stylesheet = re.search(rb'href="(/static/css/rembuk\.[0-9a-f]{12}\.css)"', page)
    expect(stylesheet, "the login page links a hashed stylesheet")
    assert stylesheet is not None
    status, headers, css = browser.request(
        "GET", stylesheet.group(1).decode(), None, **{"Accept-Encoding": "gzip"}
    )
    expect(
        status == 200 and headers.get("content-encoding") == "gzip",
        "the stylesheet comes gzip-compressed",
    )
    expect("immutable" in headers["cache-control"], f"cached for good ({headers['cache-control']})")
    expect(b"body" in gzip.decompress(css), "the stylesheet is real CSS")
    expect(b"/*" not in gzip.decompress(css), "the stylesheet is served without its comments")
    status, headers, _ = browser.post("/akun/masuk/", {"username": "admin", "password": PASSWORD})
    expect(status == 302, "admin logs in")
    session = [c for c in browser.set_cookies if c.startswith("sessionid=")]
    expect(session and "Secure" in session[0], "the session cookie is Secure (https only)")
    status, headers, _ = browser.post(
        "/rencana/baru/",
        {"desa": DESA, "period_start": "2024", "period_end": "2025", "notes": "sebelum cadangan"},
    )
    expect(status == 302 and "/rencana/" in headers["location"], "a plan is created")
    plan_path = urlsplit(headers["location"]).path
    status, headers, pdf = browser.get(plan_path + "unduh.pdf")
    expect(status == 200 and pdf.startswith(b"%PDF"), "the plan's PDF downloads")
    expect("Wainyapu" in _pdf_text(pdf), "the PDF names the desa")
    # What the installer put on the machine for printing, as the installed hub sees it (its
    # stylesheets read from the wheel, its fonts from fontconfig).
    status_lines = hub.rembuk("status")
    expect(
        "Pencetakan PDF: Huruf dan pustaka yang dipakai cetakan sudah terpasang." in status_lines,
        "rembuk status: the printouts' fonts and HarfBuzz's subsetting library are installed",
    )

    step("rembuk backup, a change, rembuk restore")
    backup = Path(hub.rembuk("backup").strip().splitlines()[-1])
    expect(backup.is_file(), f"rembuk backup wrote {backup.name}")
    status, headers, _ = browser.post(
        "/rencana/baru/", {"desa": OTHER_DESA, "period_start": "2024", "period_end": "2025"}
    )
    later_plan = urlsplit(headers["location"]).path
    expect(browser.get(later_plan)[0] == 200, "a plan made after the backup exists")
    hub.stop()
    began = time.monotonic()
    output = hub.rembuk("restore", str(backup), "--no-input")
    print(f"   restore took {time.monotonic() - began:.1f} s: {output.strip().splitlines()[-1]}")
    hub.start()
    browser.cookies.clear()
    browser.get("/akun/masuk/")
    browser.post("/akun/masuk/", {"username": "admin", "password": PASSWORD})
    expect(browser.get(plan_path)[0] == 200, "the plan from before the backup is there")
    expect(browser.get(later_plan)[0] == 404, "the plan made after the backup is gone")

    step("A kecamatan laptop (uv tool install of the wheel) linked with the site address")
    laptop = Laptop(root, wheel, root / "opt" / "constraints.txt", cert)
    token = hub.rembuk("node_token", "--region", "53.18.11", "--label", "ci").split()[-1]
    expect(token.startswith("rbk_"), "the hub issued a node token")
    laptop.rembuk("upgrade")  # the regions come from the hub with the sync
    print("   " + laptop.rembuk("node_init", "--hub", base_url + "/", "--token", token).strip())
    print("   " + laptop.rembuk("sync").strip())
    count = laptop.rembuk("shell", "-c", _plans_of(DESA)).strip().splitlines()[-1]
    if count != "1":
        print(laptop.rembuk("shell", "-c", _quarantine()), file=sys.stderr)
    expect(count == "1", "the node received the hub's plan")
    expect(list(laptop.home.glob("*.sync.lock")), "its sync lock lives beside its database")
    return proxy


def _plans_of(desa: str) -> str:
    return (
        "from rembuk.plans.models import LivelihoodPlan; "
        f"print(LivelihoodPlan.objects.filter(desa__code={desa!r}).count())"
    )


def _quarantine() -> str:
    return (
        "from rembuk.sync.models import Quarantine; from rembuk.core.models import ChangeLog; "
        "print(ChangeLog.objects.exclude(model_label='regions.region').values_list("
        "'model_label', 'scope_code')[:20]); "
        "print([(q.code, q.reason) for q in Quarantine.objects.all()[:5]])"
    )


def _plain_get(port: int, path: str, host: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    main()
