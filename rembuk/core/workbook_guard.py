"""An uploaded workbook is checked before a spreadsheet library reads it (docs/decisions/0011).

An .xlsx file is a ZIP of XML parts. A small upload can unpack to gigabytes, hold one text of
hundreds of megabytes that a library would keep whole in memory, or carry a DTD with entity
declarations (which Excel never writes). Each part is therefore read as a stream with expat,
refusing: parts or a whole larger than stated bounds once unpacked (the ZIP's declared sizes,
which the reader enforces), any run of text longer than Excel's own limit for a cell, and any
DTD or entity declaration. Only then is the file handed to openpyxl.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import IO
from xml.parsers import expat

from django.utils.translation import gettext as _

MAX_PART_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000
# Excel refuses to keep more in one cell; no field of Rembuk holds anywhere near that.
MAX_TEXT_CHARS = 32_767
_CHUNK = 64 * 1024


class WorkbookRefused(ValueError):
    """The workbook is refused before it is read; the message says why, for a person."""


class _Scanner:
    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = False
        self.run = 0
        self.parser.StartDoctypeDeclHandler = self._declaration
        self.parser.EntityDeclHandler = self._declaration
        self.parser.StartElementHandler = self._boundary
        self.parser.EndElementHandler = self._boundary
        self.parser.CharacterDataHandler = self._text

    def _declaration(self, *args: object) -> None:
        raise WorkbookRefused(
            _(
                "This workbook contains XML declarations (a DTD or entities) that spreadsheet "
                "programs do not write. Open it in a spreadsheet program, save it again as .xlsx "
                "and upload that file."
            )
        )

    def _boundary(self, *args: object) -> None:
        self.run = 0

    def _text(self, data: str) -> None:
        self.run += len(data)
        if self.run > MAX_TEXT_CHARS:
            raise WorkbookRefused(
                _(
                    "A cell of this workbook holds more than %(limit)d characters, far more "
                    "than any field of Rembuk. Shorten it and upload the file again."
                )
                % {"limit": MAX_TEXT_CHARS}
            )

    def feed(self, part: IO[bytes]) -> None:
        while chunk := part.read(_CHUNK):
            self.parser.Parse(chunk, False)
        self.parser.Parse(b"", True)


def _too_large() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "This workbook is too large once unpacked (more than %(limit)d MB). Keep only the "
            "plan in it, save it again and upload that file."
        )
        % {"limit": MAX_TOTAL_BYTES // (1024 * 1024)}
    )


def check_workbook(stream: IO[bytes]) -> None:
    """Refuse a workbook that would cost too much to read, before reading it; leaves `stream`
    at its start. A file that is not a ZIP at all is left for the reader to report."""
    start = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _too_large()
            if sum(p.file_size for p in parts) > MAX_TOTAL_BYTES:
                raise _too_large()
            for part in parts:
                if part.file_size > MAX_PART_BYTES:
                    raise _too_large()
                if part.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(part) as reader:
                        _Scanner().feed(reader)
    except zipfile.BadZipFile:
        pass  # not a workbook: the reader says so in its own words
    except (expat.ExpatError, zlib.error, EOFError, NotImplementedError) as error:
        raise WorkbookRefused(
            _("This workbook is damaged and cannot be read. Save it again as .xlsx.")
        ) from error
    finally:
        stream.seek(start)
