"""Template helpers for the village sheets on screen (the printouts use rembuk.reports)."""

from __future__ import annotations

from typing import Any

from django import template

from rembuk.meetings.models import Challenge

register = template.Library()


@register.filter
def holds_up(challenge: Challenge, block: Any) -> tuple[int, int] | None:
    """`{% with held=challenge|holds_up:row.block %}`: see Challenge.holds_up."""
    return challenge.holds_up({str(activity.id) for activity in block.activities})
