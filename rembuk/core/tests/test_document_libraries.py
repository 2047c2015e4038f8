"""The fonts the printouts are laid out in come from the Debian packages Rembuk's set-up installs.

`scripts/ensure_document_libraries.sh` holds the one list of the libraries and fonts WeasyPrint
prints with; the hub's installer reads it and the laptop guide names it. A font a print
stylesheet names but a machine lacks is replaced by another face, wider here (other line
breaks, more pages than these tests saw): the Matriks 3's DejaVu Sans Condensed is in
fonts-dejavu-extra, which no installer named until 7 December 2026.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
# Named first for where a kecamatan's office suite brought it (Windows); Debian has no package.
USED_WHERE_PRESENT = {"Arial Narrow"}
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


def font_stacks() -> list[tuple[str, list[str]]]:
    """(stylesheet, families in the order given) of every font-family the print CSS declares."""
    stacks = []
    for sheet in sorted((ROOT / "static" / "css").glob("print-*.css")):
        for value in re.findall(r"font-family:\s*([^;}]+)", sheet.read_text()):
            stacks.append((sheet.name, [name.strip().strip("\"'") for name in value.split(",")]))
    return stacks


def font_files(family: str) -> list[str]:
    """This machine's font files of `family` (exactly that family, no fallback)."""
    found = output("fc-list", f":family={family}", "file")
    return sorted(line.split(":")[0] for line in found.stdout.splitlines() if line.strip())


def package_of(path: str) -> str:
    owner = output("dpkg-query", "-S", path)
    return owner.stdout.split(":")[0] if owner.returncode == 0 else f"no package ({path})"


def test_the_print_stylesheets_name_fonts() -> None:
    """What the next test reads is there: the Matriks 3 and 4 and the letters name their faces."""
    named = {(sheet, stack[0]) for sheet, stack in font_stacks()}
    assert ("print-matrix.css", "DejaVu Sans Condensed") in named
    assert ("print-matrix4.css", "Arial Narrow") in named
    assert ("print-letter.css", "Liberation Sans") in named


@on_debian
def test_every_face_a_printout_is_laid_out_in_comes_from_a_listed_package() -> None:
    packages = listed_packages()
    for sheet, stack in font_stacks():
        skipped = GENERIC_FAMILIES | USED_WHERE_PRESENT
        installed = [name for name in stack if name not in skipped and font_files(name)]
        assert installed, f"{sheet}: none of {stack} is installed; it would print in a generic face"
        face = installed[0]  # the first of the stack this machine has: the one the PDF uses
        owners = {package_of(path) for path in font_files(face)}
        assert owners <= packages, (
            f"{sheet} prints in {face!r}, from {sorted(owners - packages)}, which "
            "scripts/ensure_document_libraries.sh does not install"
        )


def test_the_laptop_guide_installs_every_listed_package() -> None:
    guide = (ROOT / "docs" / "install-laptop.md").read_text()
    command = re.search(r"sudo apt install ((?:[^\n\\]|\\\n)+)", guide)
    assert command, "docs/install-laptop.md has no apt command"
    named = set(command.group(1).replace("\\\n", " ").split())
    assert listed_packages() - named == set()
