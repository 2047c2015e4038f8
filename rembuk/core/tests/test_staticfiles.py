"""collectstatic's copies (what an installation serves) are the sources without their comments,
line for line; minified files and everything else are copied as they are (rembuk.core
.staticfiles). e2e/test_small_things.py checks in Chromium that they still mean the same."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from django.core.management import call_command

SCRIPTS = ("js/rembuk.js", "js/meeting-mode.js", "js/meeting.js", "js/api-docs.js")
STYLESHEETS = ("css/rembuk.css", "css/print-matrix.css")


def _collected(root: Path, settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    settings.STATIC_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "rembuk.core.staticfiles.ServedStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths: dict[str, str] = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths


def _copies(root: Path, paths: dict[str, str], name: str) -> list[bytes]:
    """The file under its own name, its hashed name, and what whitenoise sends gzipped."""
    hashed = root / paths[name]
    return [
        (root / name).read_bytes(),
        hashed.read_bytes(),
        gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()),
    ]


def test_scripts_and_stylesheets_are_served_without_their_comments_line_for_line(
    tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    paths = _collected(tmp_path, settings)
    for name in SCRIPTS:
        source = (settings.STATIC_SOURCE_DIR / name).read_bytes().split(b"\n")
        comments = [line for line in source if line.lstrip().startswith(b"//")]
        assert comments, name  # each has some: the check below checks something
        expected = [b"" if line in comments else line for line in source]
        for copy in _copies(tmp_path, paths, name):
            assert copy.split(b"\n") == expected, name
    for name in STYLESHEETS:
        source = (settings.STATIC_SOURCE_DIR / name).read_bytes()
        assert b"/*" in source, name
        for copy in _copies(tmp_path, paths, name):
            assert b"/*" not in copy and b"*/" not in copy, name
            assert copy.count(b"\n") == source.count(b"\n"), name
            assert len(copy) < len(source) * 0.9, name


def test_minified_and_other_files_are_copied_as_they_are(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    paths = _collected(tmp_path, settings)
    for name in ("js/htmx.min.js", "img/favicon.svg"):
        source = (settings.STATIC_SOURCE_DIR / name).read_bytes()
        assert (tmp_path / name).read_bytes() == source
        assert (tmp_path / paths[name]).read_bytes() == source
