"""A URL pattern reversed once with placeholder arguments, filled per row (docs/decisions/0025).

A page that prints the same URL for every row (a move button per village, a link per lesson, a
dashboard row per region) paid a full `reverse()` per row: Django looks the name up, converts
each argument, checks the result against the pattern's regular expression and quotes it. A
`SlottedURL` reverses the URL name once per page (or per process) with a placeholder, a `Slot`,
where each row's value goes, and `fill()` writes a row's URL by putting its values between the
fixed parts of that text: one `reverse()` per page, not per row.

It is exact (the same text as `reverse()` with the row's values) under one condition: **the
placeholder survives `reverse()` unchanged**, so the URL's converters must accept it and write
it back as it is (`<uuid:…>` takes `uuid_slot()`, `<int:…>` `int_slot()`, `<str:…>` and
`<slug:…>` `text_slot()`). That is checked when a SlottedURL is made: `SlotRefusedError` when
`reverse()` refuses the placeholders, or when a placeholder's text does not stand exactly once
in what it returns. The row's values are the caller's to keep within what the converter takes
(a record's UUID, a region code); they are not matched against the pattern per row.

A placeholder cannot collide with real text: the check above means no fixed part of the URL
holds it, and the values are put between the fixed parts rather than replaced into the text, so
a value holding a placeholder's text changes nothing. A text value is quoted as `reverse()`
quotes it; escaping for HTML is the page's (`escaped()` does it once for UUID and int slots).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any, final
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse
from django.utils.http import RFC3986_SUBDELIMS

type SlotValue = uuid.UUID | int | str

# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986's pchar).
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# Texts already quoted, by value: a page's region codes are mostly the last page's. Bounded,
# since the values are the rows' (quote() is a pure function, so a kept text is never stale).
_QUOTED: dict[str, str] = {}
_QUOTED_MOST = 20_000


class SlotRefusedError(ValueError):
    """The URL's converters do not take a placeholder as it is: slot that argument otherwise."""


@final  # SlottedURL finds its slots by `type(a) is Slot`
@dataclass(frozen=True, slots=True)
class Slot:
    """A placeholder argument: `value` is what reverse() is given, `text` what it writes."""

    value: SlotValue
    text: str
    quoted: bool = False  # a text slot: each row's value is quoted as reverse() quotes it
    size: int = field(init=False)  # len(text), kept: a page's SlottedURLs ask it

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", len(self.text))


def uuid_slot(n: int = 1) -> Slot:
    """For a `<uuid:…>` argument: the UUID numbered `n` with version bits 0, which uuid4()
    never makes (so it is no record's id)."""
    value = uuid.UUID(int=n)
    return Slot(value, str(value))


def int_slot(n: int = 1) -> Slot:
    """For an `<int:…>` argument: a twelve-digit number, far above any row's id or year."""
    value = 987_654_320_000 + n
    return Slot(value, str(value))


def text_slot(n: int = 1) -> Slot:
    """For a `<str:…>` or `<slug:…>` argument (a region code, a table's key). Each row's value
    is quoted as reverse() quotes it."""
    text = f"slot-{n}-text"
    return Slot(text, text, quoted=True)


def _quote(value: str) -> str:
    quoted = quote(value, safe=PATH_SAFE)
    if len(_QUOTED) < _QUOTED_MOST:
        _QUOTED[value] = quoted
    return quoted


class SlottedURL:
    """`view_name` reversed once with `args` or `kwargs`, some of them Slots; `fill()` writes it
    with one value per slot, in the order the slots are given (positional, then keyword)."""

    __slots__ = ("_head", "_rest", "slots", "text", "view_name")

    # Made once per page for each URL a page repeats: written with comprehensions and
    # operators, not helper calls, so that it costs little more than its reverse().
    def __init__(
        self,
        view_name: str,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        *,
        current_app: str | None = None,
    ) -> None:
        self.view_name = view_name
        given = [*args, *kwargs.values()] if kwargs else args
        self.slots = tuple([a for a in given if type(a) is Slot])
        try:
            text = reverse(
                view_name,
                args=[a.value if type(a) is Slot else a for a in args],
                kwargs={k: a.value if type(a) is Slot else a for k, a in kwargs.items()}
                if kwargs
                else None,
                current_app=current_app,
            )
        except NoReverseMatch as refused:
            if not self.slots:
                raise
            raise SlotRefusedError(
                f"{view_name!r} does not reverse with the placeholders "
                f"{[s.text for s in self.slots]} ({refused}): a converter must accept each "
                "slot's placeholder (uuid_slot for <uuid:…>, int_slot for <int:…>, text_slot "
                "for <str:…> or <slug:…>), or the name or the arguments are wrong."
            ) from refused
        self._cut(text)

    def _cut(self, text: str) -> None:
        """Keep `text` as the fixed parts between the slots' placeholders, each found in it
        exactly once."""
        self.text = text
        places = [(text.find(s.text), i, s) for i, s in enumerate(self.slots)]
        if places[1:]:
            places.sort()
        end = 0
        for start, _index, slot in places:
            if start < 0 or slot.text in text[start + 1 :]:
                raise SlotRefusedError(
                    f"The placeholder {slot.text!r} stands "
                    f"{'nowhere' if start < 0 else 'more than once'} in {text!r}, reversed from "
                    f"{self.view_name!r}: its converter rewrote it, or the URL's fixed text "
                    "holds it. A URL filled by slots would not be what reverse() writes."
                )
            if start < end:
                raise SlotRefusedError(f"Two placeholders overlap in {text!r}: {self.slots}.")
            end = start + slot.size
        # (the value's index, whether it is quoted, the fixed text after it) in URL order.
        self._rest: tuple[tuple[int, bool, str], ...] = ()
        self._head = text
        if places:
            self._head = text[: places[0][0]]
            following = [start for start, _index, _slot in places[1:]]
            self._rest = tuple(
                [
                    (index, slot.quoted, text[start + slot.size : stop])
                    for (start, index, slot), stop in zip(places, [*following, None], strict=True)
                ]
            )

    def __repr__(self) -> str:
        return f"SlottedURL({self.view_name!r}: {self.text!r})"

    def fill(self, *values: SlotValue) -> str:
        """The URL with `values` in the slots' places: reverse() of them, as long as each is
        what its converter accepts (a UUID for a `<uuid:…>`, a region code for a `<str:…>`)."""
        url = self._head
        for index, quoted, fixed in self._rest:
            value = values[index]
            if quoted:
                try:
                    value = _QUOTED[value]  # type: ignore[index]
                except KeyError:
                    value = _quote(value)  # type: ignore[arg-type]
            url = f"{url}{value}{fixed}"
        return url

    def escaped(self) -> SlottedURL:
        """The same URL for an HTML attribute: its fixed parts escaped once here, so a row's URL
        needs no escaping of its own. Only for UUID and int slots, whose values hold nothing to
        escape (a text slot's value may hold & or ', quoted or not)."""
        if True in [slot.quoted for slot in self.slots]:
            raise ValueError(f"{self!r} has a text slot: escape each filled URL instead.")
        copy = object.__new__(SlottedURL)
        copy.view_name, copy.slots = self.view_name, self.slots
        copy._cut(escape(self.text))  # the placeholders hold nothing to escape
        return copy
