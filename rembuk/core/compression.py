"""Pages gzip-compressed at a fast zlib level (docs/decisions/0028).

Django's GZipMiddleware compresses every page at level 6, inside the web worker that rendered
it, and a browser always asks for gzip. On the meeting page of 20 villages (115 KB of HTML)
level 6 costs 1.3 ms of CPU, a sixth of the 7.6 ms the page takes on the same machine; level 3,
the last of zlib's fast levels, costs 0.5 ms and sends a fifth more bytes (12.4 KB against
10.4 KB; the plan page of 30 activities 9.2 KB against 7.7 KB). bench/bench_throughput.py
prints the page's rate both ways; the pages stay inside their weight budget (test_page_weight).

Everything else is Django's: responses under 200 bytes or already encoded are left alone, only
a smaller result is sent, `Vary: Accept-Encoding`, a strong ETag made weak, and the random-length
file name in the gzip header that Django adds against BREACH. Streamed responses (files) take
Django's own path.
"""

from __future__ import annotations

import gzip
import secrets

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

LEVEL = 3  # 1–3 are zlib's fast strategy and cost about the same; 3 is the smallest
SMALLEST = 200  # bytes: not worth compressing, as Django judges


def gzipped(content: bytes, *, max_random_bytes: int) -> bytes:
    """`content` as a gzip member at LEVEL, its header naming a file of 0 to
    `max_random_bytes` - 1 random-length bytes, so the length of a page says less about a
    secret in it (Django's "Heal the BREACH", as in django.utils.text.compress_string)."""
    compressed = memoryview(gzip.compress(content, compresslevel=LEVEL, mtime=0))
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + name + compressed[10:]


class PageCompressionMiddleware(GZipMiddleware):
    """GZipMiddleware whose pages are compressed at LEVEL (the module's docstring)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.streaming:
            return super().process_response(request, response)
        content = response.content  # type: ignore[attr-defined]
        if len(content) < SMALLEST or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzipped(content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(content):
            return response
        response.content = compressed  # type: ignore[attr-defined]
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
