"""Pages compressed at the fast level, with everything Django's GZipMiddleware does kept."""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import pytest
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from rembuk.core.compression import LEVEL, SMALLEST, PageCompressionMiddleware, gzipped

PAGE = ("<p>Rencana kerja desa Wainyapu: pelatihan, pupuk, air bersih.</p>\n" * 400).encode()


def answered(response: HttpResponseBase, **headers: str) -> Any:
    """What the middleware makes of `response` to a GET with these headers."""
    request = RequestFactory().get("/", headers=headers)
    return PageCompressionMiddleware(lambda _: response)(request)


def deflated_body(member: bytes) -> bytes:
    """The compressed blocks of a gzip member whose header names a file, without the header,
    the name and the 8-byte trailer."""
    name_end = member.index(b"\x00", 10)
    return member[name_end + 1 : -8]


def test_a_page_asked_for_gzip_is_sent_at_the_fast_level() -> None:
    response = answered(HttpResponse(PAGE), accept_encoding="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Length"] == str(len(response.content))
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == PAGE
    fast = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert deflated_body(response.content) == fast.compress(PAGE) + fast.flush()
    assert LEVEL < 6  # Django's own level, which this middleware exists to avoid


def test_the_header_names_a_file_of_random_length_against_breach() -> None:
    members = [gzipped(PAGE, max_random_bytes=100) for _ in range(40)]
    assert all(gzip.decompress(member) == PAGE for member in members)
    assert all(member[3] & gzip.FNAME for member in members)
    assert len({len(member) for member in members}) > 5


def test_a_page_not_asked_for_gzip_is_sent_as_it_is_and_says_it_varies() -> None:
    response = answered(HttpResponse(PAGE))
    assert response.content == PAGE
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]


def test_short_already_encoded_or_incompressible_answers_are_left_alone() -> None:
    short = answered(HttpResponse(b"x" * (SMALLEST - 1)), accept_encoding="gzip")
    assert short.content == b"x" * (SMALLEST - 1) and not short.has_header("Content-Encoding")
    encoded = HttpResponse(PAGE)
    encoded["Content-Encoding"] = "br"
    assert answered(encoded, accept_encoding="gzip").content == PAGE
    noise = bytes(range(256)) * 2 + b"".join(i.to_bytes(4, "big") for i in range(0, 10**6, 7919))
    random_like = answered(HttpResponse(gzip.compress(noise)), accept_encoding="gzip")
    assert not random_like.has_header("Content-Encoding")


def test_a_strong_etag_is_made_weak_when_the_page_is_compressed() -> None:
    response = HttpResponse(PAGE)
    response["ETag"] = '"v1"'
    assert answered(response, accept_encoding="gzip")["ETag"] == 'W/"v1"'


def test_a_streamed_answer_takes_djangos_own_path() -> None:
    response = answered(StreamingHttpResponse(iter([PAGE])), accept_encoding="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == PAGE


@pytest.mark.django_db
def test_a_browser_gets_the_login_page_compressed_by_rembuks_middleware(client: Client) -> None:
    plain = client.get(reverse("people:login"))
    compressed = client.get(reverse("people:login"), headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    page = gzip.decompress(compressed.content)
    assert b'name="username"' in page and len(page) == len(plain.content)
    fast = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert deflated_body(compressed.content) == fast.compress(page) + fast.flush()
