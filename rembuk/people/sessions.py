"""Django's database sessions, read through SQL compiled once per thread.

Every request that carries a session cookie reads its session first; Django builds that
query anew each time (most of the read's cost). This store reads the same row by its key with
the kept SQL (rembuk.core.prepared) and applies the same rule: a session past its expiry date
is no session. Writing, expiry and clearing are Django's, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from rembuk.core.prepared import PreparedRead

_SESSION_BY_KEY = PreparedRead(
    lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date"),
    Session._meta.pk,
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = str(self.session_key)
        rows = _SESSION_BY_KEY.rows(key)
        if rows and rows[0][1] > timezone.now():
            return Session(session_key=key, session_data=rows[0][0], expire_date=rows[0][1])
        self._session_key = None
        return None
