"""Signals other apps may listen to without core importing them.

`change_recorded` is sent, inside the writing transaction, for every ChangeLog entry that
rembuk.core.history writes: local edits (create, update, soft_delete) and changes arrived by
sync (apply_remote). Not for history.bulk_create (region imports, bulk demo data). Receivers
must be cheap for the models they ignore: a 10,000-change sync sends it 10,000 times.
"""

from __future__ import annotations

from django.dispatch import Signal

change_recorded = Signal()  # kwargs: entry (ChangeLog), remote (bool)
