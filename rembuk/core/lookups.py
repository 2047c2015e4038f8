"""A record named by an id from the request, or a 404.

An id in a URL, a form or an htmx parameter is the client's: it may name nothing, or be no id
at all. Either way the person gets what they would for a record outside their region — a
404 (docs/decisions/0011) — never a server error. Django's own `get_object_or_404` turns only
a missing record into a 404: an unreadable id raises `ValidationError` from a UUID field and
`ValueError` or `TypeError` from an integer one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Manager, Model, QuerySet
from django.http import Http404

# What reading an id the client sent raises when it is not one.
UNREADABLE_ID = (ValidationError, ValueError, TypeError)


def one_or_404[M: Model](records: QuerySet[M] | Manager[M], **lookups: Any) -> M:
    """The one record of `records` matching `lookups`, or Http404 when there is none or an
    id in `lookups` cannot be read."""
    try:
        return records.get(**lookups)
    except (ObjectDoesNotExist, *UNREADABLE_ID) as missing:
        raise Http404 from missing
