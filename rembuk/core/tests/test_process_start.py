"""What a Rembuk process loads as it starts: the web server's processes import WeasyPrint (in
the background, rembuk.core.pdf); nothing else pays for WeasyPrint or for the office-file
libraries (openpyxl, python-docx, and numpy and Pillow through them: about three seconds of CPU
and 30 MB together) until it makes a document (rembuk.reports.background.kinds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIBRARIES = ("weasyprint", "openpyxl", "docx", "numpy", "PIL")

PROBE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
kinds = []
if {mode!r} == "serve":
    import threading
    import config.wsgi
    for thread in threading.enumerate():
        if thread.name == "weasyprint-warm-up":
            thread.join()
elif {mode!r} == "sync":
    # As `rembuk sync` runs: Django's command line, its system checks, then the command, which
    # stops at its first query here (this data directory has no database yet).
    from django.core.management import ManagementUtility
    from django.db import OperationalError
    try:
        ManagementUtility(["rembuk", "sync"]).execute()
    except OperationalError as error:
        assert "sync_hublink" in str(error), error
else:
    import django
    django.setup()
loaded = [name for name in {libraries!r} if name in sys.modules]
if {mode!r} == "document":
    from rembuk.reports import background
    kinds = sorted(background.kinds())
print(json.dumps({{"loaded": loaded, "kinds": kinds}}))
"""


def _start(mode: str, tmp_path: Path) -> dict[str, list[str]]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REMBUK_HOME")}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE.format(mode=mode, libraries=LIBRARIES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, "REMBUK_VAR_DIR": str(tmp_path)},
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_web_server_imports_weasyprint_as_it_starts(tmp_path: Path) -> None:
    assert "weasyprint" in _start("serve", tmp_path)["loaded"]


def test_other_processes_load_no_document_library(tmp_path: Path) -> None:
    assert _start("setup", tmp_path)["loaded"] == []


def test_a_sync_loads_no_page_and_no_document_library(tmp_path: Path) -> None:
    assert _start("sync", tmp_path)["loaded"] == []


def test_every_app_s_documents_are_there_when_the_first_is_asked_for(tmp_path: Path) -> None:
    started = _start("document", tmp_path)
    assert started["loaded"] == []
    assert started["kinds"] == sorted(
        ["meeting", "matriks4", "letters", "minutes", "evaluation", "dashboard-table"]
    )
