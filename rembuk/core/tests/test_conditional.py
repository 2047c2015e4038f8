"""If-None-Match read one way for the API's ETags and meeting mode's polls."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import RequestFactory

from rembuk.core.conditional import not_modified, not_modified_response, weak_etag


def asking(header: str | None):  # type: ignore[no-untyped-def]
    headers = {} if header is None else {"HTTP_IF_NONE_MATCH": header}
    return RequestFactory().get("/", **headers)


def test_a_tag_held_weak_or_strong_among_others_matches_and_no_other_does() -> None:
    tag = weak_etag("rapat", 3, None)
    assert tag.startswith('W/"') and tag == weak_etag("rapat", 3, None)
    opaque = tag.removeprefix("W/")
    assert not_modified(asking(tag), tag)
    assert not_modified(asking(opaque), tag)  # compared weakly
    assert not_modified(asking(f'W/"other", {tag}'), tag)
    assert not_modified(asking("*"), tag)
    assert not not_modified(asking(weak_etag("rapat", 4, None)), tag)
    assert not not_modified(asking(None), tag)
    assert not not_modified(asking(""), tag)


def test_parts_are_told_apart_not_run_together() -> None:
    assert weak_etag("ab", "c") != weak_etag("a", "bc")


def test_a_304_has_no_body_and_keeps_the_caching_headers() -> None:
    drawn = HttpResponse("<div>tahap</div>")
    drawn["Cache-Control"] = "private, no-cache"
    drawn["Vary"] = "HX-Request"
    unchanged = not_modified_response('W/"x"', like=drawn)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert "Content-Type" not in unchanged
    assert (unchanged["ETag"], unchanged["Cache-Control"], unchanged["Vary"]) == (
        'W/"x"',
        "private, no-cache",
        "HX-Request",
    )
