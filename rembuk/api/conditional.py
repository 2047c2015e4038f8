"""ETags for reads, and the version every write starts from.

A read's ETag is a digest of the JSON it returns, so it changes whenever anything shown
changes (a plan's ETag moves when one of its activities does). When the record read has a
`version`, the ETag starts with it: `"7-3f9a2c1b4d5e6f70"`. A write names the version it
started from in `If-Match` (that ETag, or just `"7"`) or in a `version` field of its body;
rembuk.core.history then merges or refuses it exactly as on the autosaving pages (ADR 0002).
"""

from __future__ import annotations

import hashlib
import json
import re

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from rembuk.core.conditional import not_modified, not_modified_response, opaque_tags

_VERSION = re.compile(r"^(?P<version>\d{1,9})(?:-[0-9a-f]+)?$")


class PreconditionRequired(Exception):
    """A write that does not say which version it started from."""


class VersionsDisagree(Exception):
    """If-Match and the body's `version` name different versions."""


def etag_for(content: bytes, version: int | None) -> str:
    digest = hashlib.sha256(content).hexdigest()[:16]
    return f'"{version}-{digest}"' if version is not None else f'"{digest}"'


def version_of_body(response: HttpResponse) -> int | None:
    """The top-level `version` of a JSON object response, if it has one."""
    content = response.content
    if not content.startswith(b"{"):
        return None
    try:
        version = json.loads(content).get("version")
    except ValueError:
        return None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def add_etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Tag a successful JSON answer; answer 304 to a GET that already holds this version."""
    if response.status_code not in (200, 201) or response.streaming:
        return response
    if not response.get("Content-Type", "").startswith("application/json"):
        return response
    etag = etag_for(response.content, version_of_body(response))
    response["ETag"] = etag
    if request.method == "GET" and response.status_code == 200 and not_modified(request, etag):
        return not_modified_response(etag, like=response)
    return response


def started_from(request: HttpRequest, body_version: int | None) -> int:
    """The version a write started from: `If-Match` (an ETag of ours, or a bare version) or
    the body's `version`. Neither → PreconditionRequired; both, differing → VersionsDisagree."""
    header = request.headers.get("If-Match", "").strip()
    header_version: int | None = None
    if header and header != "*":
        tags = opaque_tags(header)
        match = _VERSION.match(tags[0]) if len(tags) == 1 else None
        if match is None:
            raise VersionsDisagree(
                _('If-Match must hold one ETag of this API or a version number, e.g. "7".')
            )
        header_version = int(match.group("version"))
    if header_version is not None and body_version is not None and header_version != body_version:
        raise VersionsDisagree(
            _("If-Match names version %(header)s but the body says %(body)s.")
            % {"header": header_version, "body": body_version}
        )
    version = header_version if header_version is not None else body_version
    if version is None:
        raise PreconditionRequired
    return version
