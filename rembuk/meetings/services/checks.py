"""Checks every write of the meeting shares: lengths, a closed meeting, a goal of the sheet."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from rembuk.core import editing
from rembuk.meetings.models import (
    TEXT_LIMIT,
    CoordinationMeeting,
    MeetingSheet,
)
from rembuk.plans.models import Goal


def check_lengths(model: type[models.Model], values: dict[str, Any]) -> None:
    """Texts of a meeting's records: bounded by their column, else by TEXT_LIMIT."""
    editing.check_lengths(
        model,
        values,
        default_limit=TEXT_LIMIT,
        advice=_("Shorten it or split it into two entries."),
    )


class EmptySheetsError(ValidationError):
    """Closing would leave villages with nothing recorded; carries their names."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("Nothing was recorded for %(villages)s. Confirm to close the meeting anyway.")
            % {"villages": ", ".join(names)},
            code="empty_sheets",
        )


def check_editable(meeting: CoordinationMeeting) -> None:
    if meeting.status == CoordinationMeeting.Status.CLOSED:
        raise ValidationError(
            _("This meeting is closed. The kecamatan can re-open it to change the record."),
            code="closed",
        )


def check_goal_of_sheet(sheet: MeetingSheet, goal: Goal | None) -> None:
    if goal is not None and goal.plan_id != sheet.plan_id:
        raise ValidationError(
            _("This goal is not in the plan of desa %(desa)s.") % {"desa": sheet.desa.name},
            code="goal",
        )
