"""What one page's render keeps for all its tags: a Context and the copies Django makes of it
(includes, `{% with %}`) share their `__dict__`, so a value kept there is made once per page
and never outlives it."""

from __future__ import annotations

from collections.abc import Callable

from django.template import Context


def once_per_page[T](context: Context, key: str, make: Callable[[], T]) -> T:
    """`make()` on the page's first call for `key`, the same value on every later one."""
    kept: T | None = context.__dict__.get(key)
    if kept is None:
        kept = context.__dict__[key] = make()
    return kept
