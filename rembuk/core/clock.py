"""Hybrid logical clock: a timestamp that orders changes across nodes whose wall clocks differ.

A reading is `PPPPPPPPPPPPP.CCCCC.node` — milliseconds since the epoch, a counter, and the node
id — so plain string comparison orders readings. It never goes backwards on a node, and after
a node sees a remote reading it stays ahead of it (observe()), so a later edit always wins over
an earlier one it has seen, however skewed the wall clocks are.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class HLC:
    physical_ms: int
    counter: int
    node_id: str

    def __str__(self) -> str:
        return f"{self.physical_ms:013d}.{self.counter:05d}.{self.node_id}"

    @classmethod
    def parse(cls, text: str) -> HLC:
        physical, counter, node_id = text.split(".", 2)
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
