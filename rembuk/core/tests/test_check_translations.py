"""scripts/check_translations.py, run on a tiny project with a small catalogue of its own."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "check_translations.py"

SETTINGS = """
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "test"
INSTALLED_APPS = []
USE_I18N = True
LANGUAGE_CODE = "id"
LOCALE_PATHS = [BASE_DIR / "locale"]
"""

MANAGE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mini_settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
"""

CODE = """
from django.utils.translation import gettext as _
GREETINGS = [_("Good morning"), _("Good night")]
"""

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: id\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

"""


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mini_settings.py").write_text(SETTINGS)
    (tmp_path / "manage.py").write_text(MANAGE)
    (tmp_path / "greetings.py").write_text(CODE)
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    return tmp_path


def write_catalogue(root: Path, body: str, compile_mo: bool = True) -> Path:
    po = root / "locale" / "id" / "LC_MESSAGES" / "django.po"
    po.write_text(HEADER + body, encoding="utf-8")
    if compile_mo:
        subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)  # noqa: S603, S607
    return po


COMPLETE = """#: greetings.py
msgid "Good morning"
msgstr "Selamat pagi"

#: greetings.py
msgid "Good night"
msgstr "Selamat malam"
"""


def test_a_complete_compiled_catalogue_passes_and_is_left_untouched(project: Path) -> None:
    po = write_catalogue(project, COMPLETE)
    before = po.read_bytes()
    assert load_script().check(project) == []
    assert po.read_bytes() == before


def test_an_untranslated_message_is_listed(project: Path) -> None:
    write_catalogue(project, COMPLETE.replace('"Selamat malam"', '""'))
    problems = "\n".join(load_script().check(project))
    assert "without an Indonesian translation" in problems
    assert "'Good night'" in problems
    assert "'Good morning'" not in problems


def test_a_fuzzy_message_is_listed(project: Path) -> None:
    write_catalogue(
        project,
        COMPLETE.replace(
            '#: greetings.py\nmsgid "Good night"', '#: greetings.py\n#, fuzzy\nmsgid "Good night"'
        ),
    )
    problems = "\n".join(load_script().check(project))
    assert "fuzzy" in problems
    assert "'Good night'" in problems


def test_a_message_missing_from_the_catalogue_is_listed(project: Path) -> None:
    write_catalogue(project, COMPLETE.split("\n\n")[0] + "\n")
    problems = "\n".join(load_script().check(project))
    assert "not in" in problems
    assert "'Good night'" in problems


def test_a_message_no_code_uses_is_listed(project: Path) -> None:
    write_catalogue(
        project, COMPLETE + '\n#: gone.py\nmsgid "Good evening"\nmsgstr "Selamat sore"\n'
    )
    problems = "\n".join(load_script().check(project))
    assert "no code uses" in problems
    assert "'Good evening'" in problems
    assert "'Good night'" not in problems


def test_a_mo_older_than_its_po_fails(project: Path) -> None:
    write_catalogue(project, COMPLETE.replace("Selamat malam", "Selamat tidur"))
    write_catalogue(project, COMPLETE, compile_mo=False)
    problems = "\n".join(load_script().check(project))
    assert "differs from django.po" in problems


def test_a_missing_mo_fails(project: Path) -> None:
    write_catalogue(project, COMPLETE, compile_mo=False)
    problems = "\n".join(load_script().check(project))
    assert "django.mo is missing" in problems


def test_the_reader_understands_plurals_context_and_obsolete_entries() -> None:
    entries = load_script().parse_po(
        HEADER
        + 'msgctxt "month"\nmsgid "May"\nmsgstr "Mei"\n\n'
        + 'msgid "%(n)s desa"\nmsgid_plural "%(n)s desa"\nmsgstr[0] ""\n\n'
        + '#~ msgid "Old"\n#~ msgstr "Lama"\n'
    )
    assert [(e.msgctxt, e.msgid, e.translated, e.obsolete) for e in entries] == [
        ("month", "May", True, False),
        (None, "%(n)s desa", False, False),
        (None, "Old", True, True),
    ]
