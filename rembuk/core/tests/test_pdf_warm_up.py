"""WeasyPrint is imported by the web server's processes as they start, and by nothing else
until a document is made (rembuk.core.pdf)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
if {serve!r}:
    import threading
    import config.wsgi
    for thread in threading.enumerate():
        if thread.name == "weasyprint-warm-up":
            thread.join()
else:
    import django
    django.setup()
print("weasyprint" in sys.modules)
"""


def _imports_weasyprint(*, serve: bool, tmp_path: Path) -> bool:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REMBUK_HOME")}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE.format(serve=serve)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, "REMBUK_VAR_DIR": str(tmp_path)},
        check=True,
    )
    return result.stdout.strip().splitlines()[-1] == "True"


def test_the_web_server_imports_weasyprint_as_it_starts(tmp_path: Path) -> None:
    assert _imports_weasyprint(serve=True, tmp_path=tmp_path)


def test_other_processes_do_not_pay_for_weasyprint(tmp_path: Path) -> None:
    assert not _imports_weasyprint(serve=False, tmp_path=tmp_path)
