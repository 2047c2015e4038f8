"""What a Rembuk process loads as it starts: the web server's processes import WeasyPrint (in
the background, rembuk.core.pdf); nothing else pays for WeasyPrint or for the office-file
libraries (openpyxl, python-docx, and numpy and Pillow through them: about three seconds of CPU
and 30 MB together) until it makes a document (rembuk.reports.background.kinds)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

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
import gc
frozen = gc.get_freeze_count()
loaded = [name for name in {libraries!r} if name in sys.modules]
if {mode!r} == "document":
    from rembuk.reports import background
    kinds = sorted(background.kinds())
print(json.dumps({{"loaded": loaded, "kinds": kinds, "frozen": frozen}}))
"""


def _probe(script: str, tmp_path: Path, **extra: str) -> Any:
    """What `script`, run by a new interpreter with an empty data directory (and the variables
    `extra`), prints last (JSON)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REMBUK_HOME")}
    environment.update(extra)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, "REMBUK_VAR_DIR": str(tmp_path)},
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _start(mode: str, tmp_path: Path) -> dict[str, Any]:
    return dict(_probe(PROBE.format(mode=mode, libraries=LIBRARIES), tmp_path))


def test_the_web_server_imports_weasyprint_as_it_starts(tmp_path: Path) -> None:
    started = _start("serve", tmp_path)
    assert "weasyprint" in started["loaded"]
    assert started["frozen"] > 100_000  # then freezes it with Django (core.pdf)


def test_other_processes_freeze_nothing_before_their_first_document(tmp_path: Path) -> None:
    assert _start("setup", tmp_path)["frozen"] < 1_000  # Python starts with a few hundred


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


FORK_PROBE = """
import os, time
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import config.wsgi  # starts WeasyPrint's import in a thread
time.sleep(0.3)  # inside the import, which takes about two seconds
child = os.fork()  # as gunicorn's master forks its workers after --preload
if child == 0:
    import weasyprint, openpyxl  # a worker's first PDF and first page
    os._exit(0)
print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))
"""


def test_a_server_that_forks_during_the_warm_up_gives_its_workers_working_imports(
    tmp_path: Path,
) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REMBUK_HOME")}
    probe = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", FORK_PROBE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**environment, "REMBUK_VAR_DIR": str(tmp_path)},
        start_new_session=True,  # a worker stuck on a lock is killed with its parent
    )
    try:
        output, _ = probe.communicate(timeout=120)  # a hang guard: stuck workers never end
    except subprocess.TimeoutExpired:
        os.killpg(probe.pid, signal.SIGKILL)
        probe.communicate()
        raise AssertionError("the forked worker hung on an import the warm-up held") from None
    assert output.strip().splitlines()[-1] == "0"


HEAP_PROBE = """
import gc, json, os
from types import SimpleNamespace
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from rembuk.core.pdf import render_pdf
report = SimpleNamespace(title="Laporan", status_line="Draf", rows=[], is_draft=False,
                         kecamatan="Kodi", context_line="", note="")
frozen = [gc.get_freeze_count()]
for _ in range(2):
    render_pdf("reports/kecamatan_report_pdf.html", {"report": report, "headings": ["No"]})
    frozen.append(gc.get_freeze_count())
print(json.dumps(frozen))
"""


def test_the_first_document_freezes_what_the_process_started_with_once(tmp_path: Path) -> None:
    """Later full collections (one per long document) skip the start-up objects (core.pdf)."""
    before, after_first, after_second = _probe(HEAP_PROBE, tmp_path)
    assert after_first - before > 100_000  # Django, the apps, WeasyPrint (Python starts with a few)
    assert after_second == after_first  # once per process: the first document's own objects are not


ZONE_PROBE = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.utils import timezone
now = timezone.localtime()
print(json.dumps([str(now.tzinfo), now.utcoffset().total_seconds()]))
"""


def test_a_machine_without_system_time_zones_still_runs_on_its_own(tmp_path: Path) -> None:
    """A minimal Debian or a container may have no /usr/share/zoneinfo: Rembuk brings the time
    zones with it (tzdata), which Python reads only where the system has none."""
    nowhere = tmp_path / "no-zoneinfo"
    nowhere.mkdir()
    zone, offset = _probe(ZONE_PROBE, tmp_path, PYTHONTZPATH=str(nowhere))
    assert (zone, offset) == ("Asia/Makassar", 8 * 3600)
