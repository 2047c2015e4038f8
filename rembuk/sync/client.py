"""The node's HTTP(S) transport to the hub: gzip-compressed JSON over POST, bearer token."""

from __future__ import annotations

import fcntl
import http.client
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from rembuk.sync import services
from rembuk.sync.services import SyncRefused, SyncUnavailable, decode, encode

TIMEOUT_SECONDS = 30


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
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as error:
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
            raise SyncRefused(reason, status=error.code, data=data) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            raise SyncUnavailable(
                _("The hub cannot be reached (%(error)s).") % {"error": error}
            ) from error
        self.bytes_received += len(raw)
        try:
            return decode(raw)
        except SyncRefused as error:
            raise SyncUnavailable(_("The hub's answer was cut off.")) from error


def sync_with_hub() -> services.SyncReport:
    """One push-then-pull, holding a lock so the button and the watch loop never overlap."""
    link = services.hub_link()
    if link is None:
        raise SyncRefused(_("This install is not a node yet: run node_init first."))
    name = Path(str(settings.DATABASES["default"]["NAME"])).name
    lock_path = Path(settings.VAR_DIR) / f"sync-{name}.lock"
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise SyncRefused(_("A sync is already running.")) from error
        transport = HttpTransport(link.hub_url, link.token)
        report = services.node_sync(transport)
        report.bytes_sent, report.bytes_received = transport.bytes_sent, transport.bytes_received
        return report
