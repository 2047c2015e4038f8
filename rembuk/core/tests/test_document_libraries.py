"""The fonts the printouts are laid out in, and HarfBuzz's subsetting library, are installed where
Rembuk runs, and a machine that lacks them says so (rembuk.core.print_setup).

`scripts/ensure_document_libraries.sh` holds the one list of the Debian packages WeasyPrint
prints with; the hub's installer reads it and the laptop guide names it. A face a print
stylesheet names but a machine lacks is replaced by another, wider here (other line breaks, more
pages than these tests saw): the Matriks 3's DejaVu Sans Condensed is in fonts-dejavu-extra,
which no installer named until 7 December 2026.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pytest
from django.conf import settings

from rembuk.core import print_setup
from rembuk.core.print_setup import PrintSetup

ROOT = settings.BASE_DIR
on_debian = pytest.mark.skipif(
    not (shutil.which("fc-list") and shutil.which("dpkg-query")),
    reason="which package a font file comes from is asked of fontconfig and dpkg (Debian)",
)


def output(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - no shell


@cache
def listed_packages() -> frozenset[str]:
    listed = output(str(ROOT / "scripts" / "ensure_document_libraries.sh"), "--list")
    assert listed.returncode == 0, listed.stderr
    return frozenset(listed.stdout.split())


def font_files(family: str) -> list[str]:
    """This machine's font files of `family` (exactly that family, no fallback)."""
    found = output("fc-list", f":family={family}", "file")
    return sorted(line.split(":")[0] for line in found.stdout.splitlines() if line.strip())


def package_of(path: str) -> str:
    owner = output("dpkg-query", "-S", path)
    return owner.stdout.split(":")[0] if owner.returncode == 0 else f"no package ({path})"


def test_the_print_stylesheets_faces_are_read() -> None:
    """What the tests below rest on: the Matriks 3 and 4 and the letters name their faces, and
    Arial Narrow (a Windows office suite's) gives way to the face a Debian machine has."""
    named = {(sheet, stack[0]) for sheet, stack in print_setup.font_stacks()}
    assert ("print-matrix.css", "DejaVu Sans Condensed") in named
    assert ("print-matrix4.css", "Arial Narrow") in named
    assert ("print-letter.css", "Liberation Sans") in named
    assert ("print-minutes.css", "Liberation Sans") in named  # `font: 9.5pt/1.35 "Liberation…`
    assert ("print-plan.css", "DejaVu Sans") in named
    assert print_setup.intended_faces() == [
        "DejaVu Sans",
        "Liberation Sans",
        "DejaVu Sans Condensed",
        "Liberation Sans Narrow",
    ]


@on_debian
def test_every_face_a_printout_is_laid_out_in_comes_from_a_listed_package() -> None:
    packages = listed_packages()
    for face in print_setup.intended_faces():
        files = font_files(face)
        assert files, f"{face!r} is not installed here: the printouts would use another face"
        owners = {package_of(path) for path in files}
        assert owners <= packages, (
            f"{face!r} comes from {sorted(owners - packages)}, which "
            "scripts/ensure_document_libraries.sh does not install"
        )


def test_the_laptop_guide_installs_every_listed_package() -> None:
    guide = (ROOT / "docs" / "install-laptop.md").read_text()
    command = re.search(r"sudo apt install ((?:[^\n\\]|\\\n)+)", guide)
    assert command, "docs/install-laptop.md has no apt command"
    named = set(command.group(1).replace("\\\n", " ").split())
    assert listed_packages() - named == set()


def test_this_machine_prints_as_intended() -> None:
    """Fontconfig, asked without WeasyPrint, finds the faces; the subsetting library is there
    (scripts/bootstrap.sh installs both before the tests run)."""
    families = print_setup.installed_families()
    assert families is not None
    assert set(print_setup.intended_faces()) <= families
    assert print_setup.has_subsetting_library()
    assert print_setup.print_setup() == PrintSetup(fonts_known=True)


def test_a_face_this_machine_lacks_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    faces = ["DejaVu Sans Condensed", "Sans Yang Tidak Ada"]
    monkeypatch.setattr(print_setup, "intended_faces", lambda: faces)
    found = print_setup.print_setup()
    assert found.missing_faces == ["Sans Yang Tidak Ada"]
    assert not found.ready


def test_what_is_missing_is_said_with_what_to_install() -> None:
    """In the installer's language (Indonesian by default), with the way to install it."""
    (ready,) = PrintSetup(fonts_known=True).sentences()
    assert ready == "Huruf dan pustaka yang dipakai cetakan sudah terpasang."
    fonts, subsetting = PrintSetup(True, ["Liberation Sans Narrow"], False).sentences()
    assert fonts.startswith("Huruf Liberation Sans Narrow belum terpasang")
    assert "docs/install-laptop.md" in fonts and "deploy/install-hub.sh" in fonts
    assert "libharfbuzz-subset0" in subsetting
    (unknown,) = PrintSetup(fonts_known=False).sentences()
    assert "fontconfig" in unknown
