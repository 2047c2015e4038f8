"""The one rule for NUL characters in what Rembuk is sent: PostgreSQL can store none, in a text
column or inside JSON, so a text holding one is refused on both databases alike, wherever it
comes from (the API's JSON, a node's changes), as Django's forms already refuse it."""

from __future__ import annotations

from typing import Any


def holds_null_character(value: Any) -> bool:
    """Whether any text in `value` — a text, or JSON as parsed: dict keys and values, list
    items, at any depth — holds a NUL. Walked with a stack, not recursion: parsed JSON may be
    nested as deep as the parser reads."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False
