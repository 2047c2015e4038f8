"""Who may see how the installation runs: the programme team (and superusers)."""

from __future__ import annotations

from typing import Any

from rembuk.people.models import Role
from rembuk.people.permissions import has_any_role


def can_view_installation(user: Any) -> bool:
    return has_any_role(user, {Role.TIM_PROGRAM})
