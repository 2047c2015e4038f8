"""Static files as an installation serves them: Rembuk's own scripts and stylesheets without
their comments.

The comments say why the code is as it is, for whoever reads the source; a phone on mobile data
downloaded them with every first visit — a third of the gzipped bytes of rembuk.js and
rembuk.css. collectstatic (`rembuk serve`, `rembuk upgrade`) writes each comment as the same
number of empty lines, so a line number in a browser's error still points into the source. The
development server serves the sources as they are. Only whole-line `//` comments of a script go
(a `//` after code may be inside a string); a stylesheet's `/* … */` all go (no rule of ours
writes one inside a string). Minified files (`.min.`) are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

_SCRIPT_LINE_COMMENT = re.compile(rb"^[ \t]*//[^\n]*$", re.MULTILINE)
_STYLE_COMMENT = re.compile(rb"/\*.*?\*/", re.DOTALL)


def served(name: str, content: bytes) -> bytes:
    """What an installation sends for the static file `name` whose source is `content`."""
    if ".min." in name.rsplit("/", 1)[-1]:
        return content
    if name.endswith(".js"):
        return _SCRIPT_LINE_COMMENT.sub(b"", content)
    if name.endswith(".css"):
        return _STYLE_COMMENT.sub(lambda comment: b"\n" * comment[0].count(b"\n"), content)
    return content


class ServedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed and compressed copies, of the files as `served` makes them (the hash
    stays that of the source: the same source, the same name)."""

    def _save(self, name: str, content: Any) -> str:
        if name.endswith((".js", ".css")):
            # chunks() reads from the start: the manifest has read the file for its hash.
            content = ContentFile(served(name, b"".join(content.chunks())))
        return super()._save(name, content)
