"""Markup kept by everything it was drawn from, so a page whose records have not changed is not
drawn again.

A dashboard's sections (charts, tables, links) are a pure function of the figures read for the
request, the language and the site's URLs. Reading the figures is the page's data and costs
what it costs; drawing them again into the same markup is not (docs/decisions/0027). The key
holds every value the markup is drawn from, so a kept markup can never be stale: a changed
figure, name, title or language is another key. Each process keeps its own, bounded by entries
and by characters; the oldest go first. A kecamatan laptop's server (waitress) answers in
threads: a lookup reads the dict as it is, what changes it holds a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable


class DrawnMarkup[Drawn]:
    """Markup by the values it was drawn from: `drawn(key, draw, size)` returns what `draw()`
    returned for an equal key, or draws it and keeps it."""

    def __init__(self, *, most_entries: int, most_chars: int) -> None:
        self.most_entries = most_entries
        self.most_chars = most_chars
        self._kept: dict[Hashable, tuple[Drawn, int]] = {}
        self._chars = 0
        self._lock = threading.Lock()

    def drawn(
        self, key: Hashable, draw: Callable[[], Drawn], size: Callable[[Drawn], int]
    ) -> Drawn:
        found = self._kept.get(key)
        if found is not None:
            return found[0]
        markup = draw()
        chars = size(markup)
        if chars > self.most_chars // 4:
            return markup  # one page's worth would push out most of the others: not kept
        with self._lock:
            if key in self._kept:
                return markup  # another thread drew it meanwhile
            while self._kept and (
                len(self._kept) >= self.most_entries or self._chars + chars > self.most_chars
            ):
                oldest = next(iter(self._kept))
                self._chars -= self._kept.pop(oldest)[1]
            self._kept[key] = (markup, chars)
            self._chars += chars
        return markup

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._chars = 0

    def __len__(self) -> int:
        return len(self._kept)
