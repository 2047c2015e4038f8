"""Fixed texts translated once per process and language; counts printed as templates do.

A page's fixed labels (a form's field names, a choice list's labels, the words of a save state)
were translated again for every row and every request: each `gettext` is about 3 µs, and the
meeting page asked 137 times. The compiled catalogues do not change while a process runs (a new
translation takes a restart, as Django's own catalogue cache does), so what is made from them
in one language can be kept for the process (docs/decisions/0025).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.formats import localize
from django.utils.translation import get_language, gettext


def per_language[T](function: Callable[..., T]) -> Callable[..., T]:
    """`function(*args)` made once per process, active language and arguments, then the same
    value on every call. For functions that read nothing but the catalogues, code and their
    (hashable, few, positional) arguments: no record, no person, no request. What they return
    is shared, so it must not be changed (tuples, not lists)."""
    kept: dict[tuple[Hashable, ...], Any] = {}

    @functools.wraps(function)
    def kept_call(*args: Hashable) -> T:
        key = (get_language(), *args)
        try:
            return kept[key]  # type: ignore[no-any-return]
        except KeyError:
            value = kept[key] = function(*args)
            return value

    return kept_call


@per_language
def kept_gettext(message: str) -> str:
    """gettext(message), kept per process and language: for a literal message (a module that
    imports it as `_` keeps makemessages finding its texts), never a text from a record or a
    request, which would fill the process with one entry per text."""
    return gettext(message)


@per_language
def choice_labels(choices: type[models.Choices]) -> Mapping[Any, str]:
    """A choices class's labels by value, translated, in the class's order (shared)."""
    return MappingProxyType({value: str(label) for value, label in choices.choices})


def localized_int(value: int, use_l10n: bool | None = None) -> str:
    """`localize(value)` as a template prints a count or a version: without thousands
    separators an int's digits, which is what Django's number formatting gives back after a
    few lookups (a meeting page prints one per cell); with them, Django's own."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return str(localize(value, use_l10n=use_l10n))
