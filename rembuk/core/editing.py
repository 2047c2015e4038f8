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


def check_lengths(
    model: type[models.Model],
    values: dict[str, Any],
    *,
    default_limit: int | None = None,
    advice: str = "",
) -> None:
    """Refuse texts longer than their column, naming the field and the limit.

    A model's `max_length` on a TextField is not enforced by the database or by model
    validation, so every service that writes free text calls this first. `default_limit`
    bounds a text field declared without one; `advice` follows the message (what to do)."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None) or default_limit
        if limit and isinstance(value, str) and len(value) > limit:
            message = _(
                "%(field)s is too long: %(length)d characters, at most %(limit)d are allowed."
            ) % {
                "field": str(getattr(field, "verbose_name", name)).capitalize(),
                "length": len(value),
                "limit": limit,
            }
            errors[name] = f"{message} {advice}" if advice else message
    if errors:
        raise ValidationError(errors)
