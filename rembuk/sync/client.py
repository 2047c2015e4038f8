"""The node's HTTP(S) transport to the hub: gzip-compressed JSON over POST, bearer token; and
finding the hub's sync API from the site address a person types.

Portable: the lock that keeps two syncs apart is a `filelock` lock (fcntl on Linux, msvcrt on
Windows) next to the SQLite database, or in the data directory for PostgreSQL, so it works
wherever the database lives.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _
from filelock import FileLock, Timeout

from rembuk.sync import services
from rembuk.sync.problems import Code
from rembuk.sync.services import SyncRefused, SyncUnavailable, decode, encode

TIMEOUT_SECONDS = 30
API_PATH = "api/sync/"
REDIRECTS = (301, 302, 303, 307, 308)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST must not silently become a GET: the caller decides what to do."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class HubMoved(SyncUnavailable):
    """The hub's address answered with a redirect: node_init follows it, a sync stops."""

    code = Code.HUB_MOVED

    def __init__(self, location: str) -> None:
        super().__init__(
            _(
                "The kabupaten's hub has moved to %(location)s. Ask the programme team at the "
                "kabupaten to link this computer to the new address."
            )
            % {"location": location}
        )
        self.location = location


class HttpTransport:
    def __init__(self, hub_url: str, token: str, *, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base = hub_url.rstrip("/") + "/"
        self.token = token
        self.timeout = timeout
        self.bytes_sent = 0
        self.bytes_received = 0

    def call(self, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = encode(payload)
        request = urllib.request.Request(  # noqa: S310 - the URL is the configured hub
            f"{self.base}{endpoint}/",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "Accept-Encoding": "gzip",
            },
        )
        self.bytes_sent += len(body)
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            if error.code in REDIRECTS:
                raise HubMoved(error.headers.get("Location", "")) from error
            raw = error.read()
            self.bytes_received += len(raw)
            try:
                data = decode(raw)
            except SyncRefused:
                data = {}
            reason = str(
                data.get("reason")
                or _("The hub answered with an error (%(status)s).") % {"status": error.code}
            )
            # The hub's machine-readable code says what kind of problem it is (problems.kind_of);
            # one this node does not know is read as a generic refusal.
            code = data.get("code")
            code = code[:40] if isinstance(code, str) else ""
            raise SyncRefused(
                reason[:2000], status=error.code, data=data, code=code, by_hub=True
            ) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            raise SyncUnavailable(
                _("The hub cannot be reached (%(error)s).") % {"error": error}
            ) from error
        self.bytes_received += len(raw)
        try:
            return decode(raw)
        except SyncRefused as error:
            raise SyncUnavailable(_("The hub's answer was cut off.")) from error


def _with_scheme(address: str) -> str:
    address = address.strip()
    if "://" not in address:
        address = "https://" + address  # a bare host name: never send a token in clear text
    return address


def api_candidates(address: str) -> list[str]:
    """Where the sync API may be, from what a person typed: the address itself when it names
    the API, else <address>/api/sync/, then the same under each shorter path (a page of the
    hub copied from the browser's address bar) down to the site's root."""
    parts = urlsplit(_with_scheme(address))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    if path.endswith("/" + API_PATH):
        return [urlunsplit((parts.scheme, parts.netloc, path, "", ""))]
    candidates = []
    segments = [segment for segment in path.split("/") if segment]
    while True:
        base = "/" + "".join(segment + "/" for segment in segments)
        candidates.append(urlunsplit((parts.scheme, parts.netloc, base + API_PATH, "", "")))
        if not segments:
            return candidates
        segments.pop()


def may_follow(origin: str, target: str) -> bool:
    """A redirect may move the hub anywhere except from https down to plain http."""
    return not (urlsplit(origin).scheme == "https" and urlsplit(target).scheme != "https")


def discover_hub(address: str, token: str, node_id: str) -> tuple[str, dict[str, Any]]:
    """The hub's sync API URL and its answer to hello, from a site address or the API's own.

    Follows a redirect (http → https, a moved site) to the same API on the new address, but
    never from https down to http.
    """
    tried: list[str] = []
    pending = api_candidates(address)
    redirects = 0
    while pending:
        url = pending.pop(0)
        tried.append(url)
        try:
            return url, HttpTransport(url, token).call("hello", {"node_id": node_id})
        except HubMoved as moved:
            target = urljoin(url + "hello/", moved.location)
            if redirects >= 3 or not may_follow(url, target):
                break
            redirects += 1
            pending.insert(0, target.removesuffix("hello/").removesuffix("hello"))
        except SyncRefused as refused:
            if refused.status not in (404, 405):
                raise
    raise SyncUnavailable(
        _(
            "No Rembuk hub answers at %(address)s (tried %(tried)s): check the hub's site "
            "address, e.g. https://rembuk.example.go.id/."
        )
        % {"address": address, "tried": ", ".join(tried)}
    )


def sync_lock_path(database: dict[str, Any] | None = None) -> Path:
    """Next to an SQLite database (one lock per database); else in the data directory."""
    database = database or dict(settings.DATABASES["default"])
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        path = Path(str(database["NAME"]))
        return path.with_name(path.name + ".sync.lock")
    return Path(settings.DATA_DIR) / "sync.lock"


def sync_with_hub() -> services.SyncReport:
    """One push-then-pull, holding a lock so the button and the watch loop never overlap."""
    link = services.hub_link()
    if link is None:
        raise SyncRefused(str(services.NOT_LINKED_MESSAGE), code=Code.NOT_LINKED)
    lock_path = sync_lock_path()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout as error:
        raise SyncRefused(_("A sync is already running."), code=Code.BUSY) from error
    try:
        transport = HttpTransport(link.hub_url, link.token)
        report = services.node_sync(transport)
        report.bytes_sent, report.bytes_received = transport.bytes_sent, transport.bytes_received
        return report
    finally:
        lock.release()
