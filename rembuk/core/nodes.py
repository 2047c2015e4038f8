"""Which node this install is, and its clock."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.db import transaction

from rembuk.core.clock import HLC, HybridLogicalClock


@cache
def local_node_id() -> str:
    from rembuk.core.models import LocalNode

    if settings.REMBUK_NODE_ID:
        LocalNode.objects.get_or_create(node_id=settings.REMBUK_NODE_ID)
        return settings.REMBUK_NODE_ID
    node = LocalNode.objects.order_by("id").first()
    if node is None:
        with transaction.atomic():
            node = LocalNode.objects.create(node_id=f"n-{secrets.token_hex(6)}")
    return node.node_id


@cache
def clock() -> HybridLogicalClock:
    """The process's clock, started past every change this node has already logged."""
    from rembuk.core.models import ChangeLog

    offset_ms = int(getattr(settings, "REMBUK_CLOCK_OFFSET_MS", 0))
    # The offset lets tests and demos run nodes whose wall clocks disagree (ADR 0012).
    hlc = HybridLogicalClock(local_node_id(), lambda: int(time.time() * 1000) + offset_ms)
    latest = ChangeLog.objects.order_by("-hlc").values_list("hlc", flat=True).first()
    if latest:
        hlc.observe(HLC.parse(latest))
    return hlc


# Whether this install is a laptop linked to a hub, which takes its people and roles from the
# hub (ADR 0011). The sync app knows the link and answers (SyncConfig.ready); the people app
# asks here, so that it need not import sync, which builds on it.
def _standalone() -> bool:
    return False


_linked_to_a_hub: Callable[[], bool] = _standalone


def answer_linked_to_a_hub(answer: Callable[[], bool]) -> None:
    global _linked_to_a_hub
    _linked_to_a_hub = answer


def linked_to_a_hub() -> bool:
    return _linked_to_a_hub()


def reset_caches() -> None:
    """Tests that swap databases call this so the node id is read again."""
    local_node_id.cache_clear()
    clock.cache_clear()
