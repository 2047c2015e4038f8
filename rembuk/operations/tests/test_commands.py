"""The `rembuk` command as a person runs it, in its own process and data directory: serving
(the laptop with waitress on SQLite; the hub with gunicorn on a fresh PostgreSQL database when
the suite runs on PostgreSQL), and one clear sentence for each kind of bad input."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from rembuk.operations.tests.processes import (
    Served,
    environment,
    free_port,
    get,
    hub_database,
    laptop_home,
    rembuk,
)
from rembuk.sync.tests.simnodes import template_db


def _contents(database_file: Path) -> list[str]:
    """Everything an SQLite database holds, as SQL (its bytes move with WAL checkpoints)."""
    with closing(sqlite3.connect(database_file)) as database:
        return list(database.iterdump())


@pytest.fixture(scope="module", autouse=True)
def _template_database(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    """The migrated SQLite file every laptop here starts from, made once."""
    with django_db_blocker.unblock():
        template_db()


@pytest.fixture(scope="module")
def served(tmp_path_factory, django_db_blocker) -> Iterator[tuple[Served, dict[str, str]]]:  # type: ignore[no-untyped-def]
    directory = tmp_path_factory.mktemp("served")
    with django_db_blocker.unblock(), hub_database() as database_url:
        if database_url:  # the hub: gunicorn with two workers on PostgreSQL
            home = directory / "hub"
            home.mkdir()
            env = environment(home, DATABASE_URL=database_url)
        else:  # the laptop: waitress on SQLite
            env = environment(laptop_home(directory / "laptop"))
        server = Served(env)
        try:
            server.wait_healthy()
            yield server, env
        finally:
            server.stop()


def test_serve_answers_healthz_with_production_settings_and_its_own_secret_key(served):
    server, env = served
    home = Path(env["REMBUK_HOME"])
    status, _headers, body = get(f"{server.url}/healthz")
    assert (status, body) == (200, b'{"status": "ok"}')
    status, _headers, body = get(f"{server.url}/tidak-ada/")
    assert status == 404
    assert b"Traceback" not in body and b"DEBUG = True" not in body  # DEBUG is off
    key = home / "secret_key"
    assert len(key.read_text().strip()) >= 50
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "rembuk-development-only" not in key.read_text()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(served):
    server, _env = served
    _status, _headers, page = get(f"{server.url}/akun/masuk/")
    stylesheet = re.search(rb'href="(/static/css/rembuk\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, page[:500]
    for encoding in ("br", "gzip"):
        status, headers, body = get(
            server.url + stylesheet.group(1).decode(), headers={"Accept-Encoding": encoding}
        )
        assert status == 200
        assert headers["Content-Encoding"] == encoding
        assert "immutable" in headers["Cache-Control"]
        assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 31536000
        assert len(body) < 15_000


def test_the_favicon_answers_with_debug_off_and_the_pages_icon_links_resolve(served):
    server, _env = served
    status, headers, body = get(f"{server.url}/favicon.ico")  # follows the redirect
    assert status == 200 and body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    _status, _headers, page = get(f"{server.url}/akun/masuk/")
    icons = re.findall(rb'<link rel="icon" href="(/static/img/favicon\.[0-9a-f]{12}\.\w+)"', page)
    assert len(icons) == 2, page[:800]
    for icon in icons:
        status, headers, body = get(server.url + icon.decode())
        assert status == 200 and headers["Content-Type"].startswith("image/")
    assert b"<svg" in get(server.url + icons[0].decode())[2]


def test_a_second_serve_on_the_same_data_directory_is_refused_in_one_sentence(served):
    server, env = served
    result = rembuk("serve", f"--port={free_port()}", env=env, timeout=60)
    assert result.returncode != 0
    assert "Rembuk sudah berjalan dengan direktori data" in result.stderr
    assert "Traceback" not in result.stderr
    assert get(f"{server.url}/healthz")[0] == 200  # the first one is untouched


def test_a_second_serve_on_a_port_in_use_is_refused_and_touches_nothing(served, tmp_path):
    server, _env = served
    other = laptop_home(tmp_path / "other")
    before = _contents(other / "rembuk.sqlite3")
    result = rembuk("serve", f"--port={server.port}", env=environment(other), timeout=60)
    assert result.returncode != 0
    assert f"Port {server.port} di 127.0.0.1 sudah dipakai" in result.stderr
    assert _contents(other / "rembuk.sqlite3") == before


def test_status_tells_the_server_runs_and_where_the_data_is(served):
    server, env = served
    result = rembuk("status", env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"Direktori data: {env['REMBUK_HOME']}" in result.stdout
    assert f"Server: berjalan (proses {server.process.pid}" in result.stdout
    assert "Pencetakan PDF: Huruf dan pustaka yang dipakai cetakan sudah" in result.stdout


def test_serve_logs_to_the_data_directory_and_stops_cleanly_with_its_children(served):
    """Last of the served tests: it stops the server."""
    server, env = served
    logs = Path(env["REMBUK_HOME"]) / "logs"
    assert "[rembuk] start" in (logs / "server.log").read_text()
    assert "Starting worker" in (logs / "worker.log").read_text()
    assert server.stop() == 0
    assert "[rembuk] server stopped" in (logs / "server.log").read_text()
    assert "[rembuk] worker stopped" in (logs / "worker.log").read_text()
    with pytest.raises(OSError):
        get(f"{server.url}/healthz")


def test_a_missing_data_directory_is_reported_and_not_created(tmp_path):
    missing = tmp_path / "usb" / "rembuk"
    result = rembuk("status", env=environment(missing))
    assert result.returncode == 2
    assert f"Direktori data {missing} tidak ada" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()


def test_an_unwritable_data_directory_is_reported(tmp_path):
    if os.geteuid() == 0:
        unwritable = Path("/sys/kernel")  # read-only even for root
    else:
        unwritable = tmp_path / "locked"
        unwritable.mkdir(mode=0o500)
    result = rembuk("status", env=environment(unwritable))
    assert result.returncode == 2
    assert f"Direktori data {unwritable} tidak dapat ditulisi" in result.stderr


def test_a_database_from_a_newer_rembuk_is_refused_and_left_as_it_is(tmp_path):
    home = laptop_home(tmp_path / "laptop")
    with closing(sqlite3.connect(home / "rembuk.sqlite3")) as database, database:
        database.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('plans', '9999_from_a_later_rembuk', '2030-01-01')"
        )
    before = _contents(home / "rembuk.sqlite3")
    result = rembuk("upgrade", env=environment(home))
    assert result.returncode == 1
    assert "dibuat oleh Rembuk yang lebih baru" in result.stderr
    assert "plans.9999_from_a_later_rembuk" in result.stderr
    assert _contents(home / "rembuk.sqlite3") == before
    assert list((home / "backups").iterdir()) == []


def test_a_database_url_that_cannot_be_reached_gets_one_sentence(tmp_path):
    home = tmp_path / "hub"
    home.mkdir()
    unreachable = f"postgres://rembuk:rahasia@127.0.0.1:{free_port()}/rembuk"
    result = rembuk(
        "serve", f"--port={free_port()}", env=environment(home, DATABASE_URL=unreachable)
    )
    assert result.returncode == 1
    assert "tidak dapat dihubungi" in result.stderr
    assert "rahasia" not in result.stderr  # never the password
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "setting",
    [
        {},  # a laptop serving plain HTTP to its office
        {"REMBUK_BASE_URL": "https://rembuk.sbd.example.go.id", "REMBUK_BEHIND_PROXY": "1"},
    ],
    ids=["laptop", "hub behind TLS"],
)
def test_check_deploy_is_clean_in_production(tmp_path, setting):
    result = rembuk(
        "check", "--deploy", "--fail-level=WARNING", env=environment(tmp_path, **setting)
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
