"""Small pieces every editing service shares: optional update arguments and ordered siblings."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Final, Literal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.core.models import ReplicatedModel

Direction = Literal["up", "down"]


class Keep(enum.Enum):
    """Marks an update argument the caller did not give (None is a real value: "clear it")."""

    KEEP = enum.auto()


KEEP: Final = Keep.KEEP


def given(**values: Any) -> dict[str, Any]:
    """The update arguments the caller did give."""
    return {name: value for name, value in values.items() if value is not KEEP}


def next_position(siblings: models.QuerySet[Any]) -> int:
    highest = siblings.aggregate(highest=models.Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def move(
    item: ReplicatedModel,
    siblings: Sequence[Any],
    direction: Direction,
    *,
    actor: Any,
    missing_message: str | None = None,
) -> None:
    """Swap `item` with its neighbour among `siblings` (in their current order), then renumber
    so positions are 0..n without gaps. Each changed position is logged."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction: %(direction)s.") % {"direction": direction})
    order = list(siblings)
    index = next((i for i, sibling in enumerate(order) if sibling.pk == item.pk), None)
    if index is None:
        raise ValidationError(missing_message or _("This item was deleted by someone else."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        return  # already first or last: nothing to do, and nothing to log
    order[index], order[other] = order[other], order[index]
    for position, sibling in enumerate(order):
        if sibling.position != position:
            history.update(sibling, actor=actor, position=position)
