"""Hybrid logical clock: a timestamp that orders changes across nodes whose wall clocks differ.

A reading is `PPPPPPPPPPPPP.CCCCC.node` — milliseconds since the epoch, a counter, and the node
id — so plain string comparison orders readings. It never goes backwards on a node, and after
a node sees a remote reading it stays ahead of it (observe()), so a later edit always wins over
an earlier one it has seen, however skewed the wall clocks are. The counter has five digits:
when it would overflow (many readings within one millisecond, or while the wall clock is behind
a reading observed from elsewhere) the clock moves one millisecond on instead, so the readings
stay in string order. Processes of one install share the clock through the database
(rembuk.core.history.lock_writers; docs/decisions/0012).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

MAX_COUNTER = 99_999
_READING = re.compile(r"(\d{13})\.(\d{5})\.([A-Za-z0-9_.:-]{1,40})")


@dataclass(frozen=True, order=True)
class HLC:
    physical_ms: int
    counter: int
    node_id: str

    def __str__(self) -> str:
        return f"{self.physical_ms:013d}.{self.counter:05d}.{self.node_id}"

    @classmethod
    def parse(cls, text: str) -> HLC:
        match = _READING.fullmatch(text)
        if match is None:
            raise ValueError(f"not a clock reading: {text[:100]!r}")
        physical, counter, node_id = match.groups()
        return cls(int(physical), int(counter), node_id)


class HybridLogicalClock:
    def __init__(self, node_id: str, wall_ms=lambda: int(time.time() * 1000)) -> None:
        self.node_id = node_id
        self._wall_ms = wall_ms
        self._physical = 0
        self._counter = 0
        self._lock = threading.Lock()

    def now(self) -> HLC:
        with self._lock:
            wall = self._wall_ms()
            if wall > self._physical:
                self._physical, self._counter = wall, 0
            elif self._counter >= MAX_COUNTER:
                self._physical, self._counter = self._physical + 1, 0
            else:
                self._counter += 1
            return HLC(self._physical, self._counter, self.node_id)

    def observe(self, remote: HLC | str) -> None:
        """Move past a reading received from another node."""
        if isinstance(remote, str):
            remote = HLC.parse(remote)
        with self._lock:
            if (remote.physical_ms, remote.counter) > (self._physical, self._counter):
                self._physical, self._counter = remote.physical_ms, remote.counter
