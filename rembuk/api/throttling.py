"""Requests per token are limited (REMBUK_API_RATE, e.g. "300/min"): a script that loops by
mistake must not take the kecamatan laptop or the hub down for everyone else.

The count lives on the token's row (people.services.access_token_record_use), so all server
processes count against one limit. The browser's session is not limited here: a person
clicking through the docs page is not a script.
"""

import datetime
import math
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import timezone
from ninja.throttling import BaseThrottle

from rembuk.people import services as people_services
from rembuk.people.models import AccessToken

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, datetime.timedelta]:
    """ "300/min" → (300, one minute)."""
    try:
        count, period = rate.split("/", 1)
        return int(count), datetime.timedelta(seconds=_PERIODS[period.strip()])
    except (ValueError, KeyError) as bad:
        raise ImproperlyConfigured(
            f"REMBUK_API_RATE must look like '300/min' (s, min, hour, day), not {rate!r}."
        ) from bad


class TokenRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, AccessToken):
            return True
        limit, window = parse_rate(settings.REMBUK_API_RATE)
        count = people_services.access_token_record_use(token=token, window=window)
        started = token.window_started_at or timezone.now()
        remaining = (started + window - timezone.now()).total_seconds()
        self._local.wait = max(1, math.ceil(remaining))
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
