"""What a page really costs to send: gzip-compressed bytes of its HTML and of every stylesheet,
script and font it references (≤ 50 KB for a first load, ≤ 15 KB for a later page whose assets
are cached: docs/mechanism.md#budgets). Used by the page-weight test and by bench/bench_pages.py.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

from rembuk.core.compression import LEVEL as PAGE_LEVEL
from rembuk.core.staticfiles import served

# Link relations whose target the browser does not download for the page itself.
_NOT_FETCHED = {"canonical", "alternate", "next", "prev", "author", "help", "license", "search"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")


def gzipped_size(data: bytes, level: int = 6) -> int:
    """Bytes on the wire at a gzip level: 6 for a static file (whitenoise sends its own copy at
    9, so this errs on the heavy side); a page is sent at rembuk.core.compression.LEVEL."""
    return len(gzip.compress(data, compresslevel=level, mtime=0))


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and values.get("href"):
            rels = set((values.get("rel") or "").lower().split())
            if rels and not rels <= _NOT_FETCHED:
                self.urls.append(values["href"] or "")


def referenced_assets(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))


def _static_path(url: str, base: str = "") -> str | None:
    """The path under STATIC_URL of a same-site static URL, or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("data:"):
        return None
    path = parts.path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path if base else "/" + path
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    return path[len(static_url) :] if path.startswith(static_url) else None


def _read_static(relative: str) -> bytes:
    """The file as an installation sends it (rembuk.core.staticfiles)."""
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(
            f"The page references /{settings.STATIC_URL}{relative}, which no static finder has"
        )
    with open(found if isinstance(found, str) else found[0], "rb") as handle:
        return served(relative, handle.read())


@dataclass
class PageWeight:
    html: int
    assets: dict[str, int] = field(default_factory=dict)  # static path → gzipped bytes

    @property
    def first_load(self) -> int:
        return self.html + sum(self.assets.values())


def page_weight(html: bytes, html_is_gzipped: bool = False) -> PageWeight:
    """Weigh a page and, recursively, the stylesheets' own imports and fonts."""
    text = (gzip.decompress(html) if html_is_gzipped else html).decode("utf-8")
    weight = PageWeight(html=len(html) if html_is_gzipped else gzipped_size(html, PAGE_LEVEL))
    pending = [(url, "") for url in referenced_assets(text)]
    while pending:
        url, base = pending.pop()
        relative = _static_path(url, base)
        if relative is None or relative in weight.assets:
            continue
        data = _read_static(relative)
        weight.assets[relative] = gzipped_size(data)
        if relative.endswith(".css"):
            css = data.decode("utf-8", errors="replace")
            own_url = "/" + settings.STATIC_URL.lstrip("/") + relative
            pending += [(ref, own_url) for ref in _CSS_URL.findall(css) + _CSS_IMPORT.findall(css)]
    return weight
