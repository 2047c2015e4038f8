"""Whether this machine prints as Rembuk's tests print: the faces the print stylesheets name, and
HarfBuzz's subsetting library (docs/decisions/0019, amendment of the twenty-seventh stop).

A face a stylesheet names but the machine lacks is replaced by the next of its stack, wider
here: other line breaks, more pages than the tests saw. Without the subsetting library
WeasyPrint embeds fonts the slow way (0.7–1.6 s more per Matriks 4). Nothing fails either way,
so nobody notices: `rembuk status` and the installation page say what is missing, and on
Debian the packages of `scripts/ensure_document_libraries.sh` install it (the development set-up
runs the script, the hub's installer reads its list, the laptop guide's apt command names it).

Fontconfig is asked directly (ctypes), not through WeasyPrint, whose import costs `rembuk
status` two seconds.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from rembuk.core.pdf import static_base_url

GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
)
# Named first in a stack for where a kecamatan's office suite brought it (a Windows laptop);
# Debian has no package of it, and elsewhere the next face of the stack is the one intended.
USED_WHERE_PRESENT = frozenset({"Arial Narrow"})
_FONT = re.compile(r"(?<![-\w])font(-family)?:\s*([^;}]+)")
# In the shorthand (`font: 8.5pt/1.3 "DejaVu Sans", sans-serif`) the families follow the size.
_AFTER_SIZE = re.compile(r"(?:[\w-]+\s+)*?[\d.]+(?:pt|px|em|rem|mm|cm|in|%)(?:/[\d.]+\w*)?\s+(.+)")


def font_stacks() -> list[tuple[str, list[str]]]:
    """(stylesheet, families in their order) of every font-family, and every font shorthand,
    the print stylesheets declare."""
    stacks = []
    # Where WeasyPrint reads them from (the documents' base URL).
    for sheet in sorted((Path(static_base_url()) / "css").glob("print-*.css")):
        for family_only, value in _FONT.findall(sheet.read_text(encoding="utf-8")):
            if not family_only:
                after_size = _AFTER_SIZE.match(value.strip())
                if after_size is None:  # `font: inherit`
                    continue
                value = after_size.group(1)
            stacks.append((sheet.name, [name.strip().strip("\"'") for name in value.split(",")]))
    return stacks


def intended_faces() -> list[str]:
    """Each stack's face the printouts are laid out in where Rembuk is set up as documented."""
    faces: list[str] = []
    for _sheet, stack in font_stacks():
        named = [name for name in stack if name not in GENERIC_FAMILIES | USED_WHERE_PRESENT]
        if named and named[0] not in faces:
            faces.append(named[0])
    return faces


class _FontSet(ctypes.Structure):
    _fields_ = (
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    )


def _library(*names: str) -> ctypes.CDLL | None:
    """The first of `names` the system's loader finds: the names WeasyPrint tries
    (weasyprint/text/ffi.py), Linux's, macOS's and MSYS2's on Windows."""
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def installed_families() -> set[str] | None:
    """Every font family fontconfig knows on this machine; None when there is no fontconfig."""
    fc = _library("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
    if fc is None:
        return None
    fc.FcInitLoadConfigAndFonts.restype = ctypes.c_void_p
    fc.FcPatternCreate.restype = ctypes.c_void_p
    fc.FcObjectSetBuild.restype = ctypes.c_void_p
    fc.FcFontList.restype = ctypes.POINTER(_FontSet)
    fc.FcFontList.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    fc.FcPatternGetString.argtypes = (
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
    )
    for release in (fc.FcFontSetDestroy, fc.FcObjectSetDestroy, fc.FcPatternDestroy):
        release.argtypes = (ctypes.c_void_p,)
    fc.FcConfigDestroy.argtypes = (ctypes.c_void_p,)
    config = fc.FcInitLoadConfigAndFonts()
    pattern = fc.FcPatternCreate()  # empty: every font
    objects = fc.FcObjectSetBuild(b"family", None)
    fonts = fc.FcFontList(config, pattern, objects)
    families: set[str] = set()
    try:
        for index in range(fonts.contents.nfont):
            font, value, position = fonts.contents.fonts[index], ctypes.c_char_p(), 0
            # A face may carry several names ("DejaVu Sans", "DejaVu Sans Condensed").
            while fc.FcPatternGetString(font, b"family", position, value) == 0:
                families.add((value.value or b"").decode("utf-8", "replace"))
                position += 1
    finally:
        fc.FcFontSetDestroy(fonts)
        fc.FcObjectSetDestroy(objects)
        fc.FcPatternDestroy(pattern)
        fc.FcConfigDestroy(config)
    return families


def has_subsetting_library() -> bool:
    names = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")
    return _library(*names) is not None


@dataclass(frozen=True)
class PrintSetup:
    fonts_known: bool  # fontconfig answered
    missing_faces: list[str] = field(default_factory=list)
    subsetting: bool = True

    @property
    def ready(self) -> bool:
        return self.fonts_known and not self.missing_faces and self.subsetting

    def sentences(self) -> list[str]:
        """What a person installing Rembuk reads (`rembuk status`, the installation page)."""
        if self.ready:
            return [_("The fonts and libraries the printouts use are installed.")]
        said = []
        if not self.fonts_known:
            said.append(_("Which fonts are installed could not be asked (no fontconfig)."))
        if self.missing_faces:
            said.append(
                _(
                    "The fonts %(faces)s are not installed, so printouts use a wider "
                    "face, on more pages. Install the packages of docs/install-laptop.md (step 1); "
                    "on a hub, run deploy/install-hub.sh again."
                )
                % {"faces": ", ".join(self.missing_faces)}
            )
        if not self.subsetting:
            said.append(
                _(
                    "HarfBuzz's subsetting library (libharfbuzz-subset0 on Debian) "
                    "is not installed, so each PDF takes a second or two longer."
                )
            )
        return said


def print_setup() -> PrintSetup:
    families = installed_families()
    missing = [] if families is None else [f for f in intended_faces() if f not in families]
    return PrintSetup(families is not None, missing, has_subsetting_library())
