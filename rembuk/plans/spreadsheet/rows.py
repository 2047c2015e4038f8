"""Validating the rows of a plan sheet, one by one, into goals with their milestones and
activities. Every problem is collected (not raised at once) with its sheet, row and column, in
the reader's language; a goal or milestone given once (a merged cell, or only the first row of
its block) holds for the rows below it until the next one."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from rembuk.plans.contents import ParsedActivity, ParsedGoal, ParsedMilestone
from rembuk.plans.models import Activity, Authority, Goal, Milestone
from rembuk.plans.spreadsheet.columns import (
    AUTHORITY_NAMES,
    COLUMNS_BY_KEY,
    EMPTY_MARKS,
    FUNDING_NAMES,
    parse_authority,
    parse_funding,
    parse_year,
    plain_words,
)


@dataclass
class ImportIssue:
    """One problem in a file. Sheet, row and column are empty for problems of the whole file."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter
    header: str = ""

    @property
    def place(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            label = f"{self.column} ({self.header})" if self.header else self.column
            parts.append(_("column %(column)s") % {"column": label})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class PlanImportError(ValidationError):
    """The file cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues = list(issues)
        super().__init__([str(issue) for issue in self.issues], code="plan_import")


# Text limits of the models (TextField max_length is not enforced by model validation).
_MAX_LENGTHS = {
    "goal": Goal._meta.get_field("statement").max_length,
    "goal_target": Goal._meta.get_field("target").max_length,
    "milestone": Milestone._meta.get_field("statement").max_length,
    "milestone_target": Milestone._meta.get_field("target_value").max_length,
    "activity": Activity._meta.get_field("name").max_length,
    "description": Activity._meta.get_field("description").max_length,
    "funding_note": Activity._meta.get_field("funding_note").max_length,
}
_BULLET = re.compile(r"^\s*[•·▪◦●*\-–—]\s+")
_GOAL_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s+(?=\S)")
_SKIPPABLE_WORDS = frozenset({"", "-", "–", "—", "dst", "dsb", "dan seterusnya"})


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _clean_item(text: str) -> str:
    """Drops a leading bullet ("• Musyawarah …") that people type in plan cells."""
    return _BULLET.sub("", text).strip()


class SheetParser:
    """Reads one worksheet, row by row, into goals; collects issues instead of stopping."""

    def __init__(self, sheet_title: str, columns: dict[str, int]) -> None:
        self.sheet = sheet_title
        self.columns = columns  # key → 0-based index
        self.goals: list[ParsedGoal] = []
        self.issues: list[ImportIssue] = []
        self.goal: ParsedGoal | None = None
        self.milestone: ParsedMilestone | None = None
        self.data_rows = 0

    def issue(self, row: int, key: str, message: str) -> None:
        index = self.columns.get(key)
        letter = get_column_letter(index + 1) if index is not None else ""
        header = COLUMNS_BY_KEY[key].header if key in COLUMNS_BY_KEY else ""
        self.issues.append(ImportIssue(message, self.sheet, row, letter, header))

    def cell(self, values: Sequence[Any], key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(values):
            return None
        return values[index]

    def text(self, values: Sequence[Any], row: int, key: str) -> str:
        text = cell_text(self.cell(values, key))
        if key not in ("number", "funding", "authority", "goal_year", "milestone_year"):
            text = _clean_item(text)
        limit = self._check_length(row, key, text)
        return text[:limit] if limit is not None else text

    def year(self, values: Sequence[Any], row: int, key: str) -> int | None:
        try:
            return parse_year(self.cell(values, key))
        except ValueError:
            self.issue(row, key, _("Write a year between 2000 and 2100, such as 2025."))
            return None

    def read_row(self, row: int, values: Sequence[Any]) -> None:
        texts = {key: self.text(values, row, key) for key in self.columns}
        content = [_GOAL_NUMBER.sub("", text) for key, text in texts.items() if key != "number"]
        if all(plain_words(text) in _SKIPPABLE_WORDS for text in content):
            return  # empty, or the "3 Dst. - - -" line that ends a paper matrix
        self.data_rows += 1
        self._goal_part(row, values, texts)
        self._milestone_part(row, values, texts)
        self._activity_part(row, values, texts)

    def _goal_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        statement = texts.get("goal", "")
        number = texts.get("number", "")
        if statement and "number" not in self.columns:
            # Matriks 1 writes the number inside the goal cell: "1 Semua warga …".
            statement = _GOAL_NUMBER.sub("", statement)
        starts_new = bool(statement) and (
            self.goal is None
            or statement != self.goal.statement
            or (bool(number) and number != self.goal.number)
        )
        if starts_new:
            self.goal = ParsedGoal(statement=statement, number=number)
            self.goals.append(self.goal)
            self.milestone = None
        target = texts.get("goal_target", "")
        year = self.year(values, row, "goal_year") if "goal_year" in self.columns else None
        if not (target or year):
            return
        if self.goal is None:
            key = "goal_target" if target else "goal_year"
            self.issue(row, key, _("A goal target is given but there is no goal above it."))
            return
        if target:
            if self.goal.target and self.goal.target != target:
                self.issue(row, "goal_target", _("This goal already has another target."))
            self.goal.target = target
        if year:
            if self.goal.target_year and self.goal.target_year != year:
                self.issue(row, "goal_year", _("This goal already has another target year."))
            self.goal.target_year = year

    def _milestone_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        statement = texts.get("milestone", "")
        if statement:
            if self.goal is None:
                self.issue(
                    row,
                    "milestone",
                    _("This intermediate goal has no goal: write the goal on this row or above."),
                )
                return
            if self.milestone is None or statement != self.milestone.statement:
                self.milestone = ParsedMilestone(statement=statement)
                self.goal.milestones.append(self.milestone)
        target = texts.get("milestone_target", "")
        year = (
            self.year(values, row, "milestone_year") if "milestone_year" in self.columns else None
        )
        if not (target or year):
            return
        if self.milestone is None:
            key = "milestone_target" if target else "milestone_year"
            self.issue(
                row, key, _("A target value is given but there is no intermediate goal above it.")
            )
            return
        if target:
            if self.milestone.target_value and self.milestone.target_value != target:
                self.issue(
                    row, "milestone_target", _("This intermediate goal already has another target.")
                )
            self.milestone.target_value = target
        if year:
            if self.milestone.target_year and self.milestone.target_year != year:
                self.issue(
                    row,
                    "milestone_year",
                    _("This intermediate goal already has another target year."),
                )
            self.milestone.target_year = year

    def _activity_part(self, row: int, values: Sequence[Any], texts: dict[str, str]) -> None:
        name = texts.get("activity", "")
        if not name:
            details = [
                key
                for key in ("description", "funding", "authority", "funding_note")
                if plain_words(texts.get(key, "")) not in EMPTY_MARKS
            ]
            if details:
                self.issue(row, details[0], _("This row has no activity for these details."))
            return
        if self.goal is None:
            self.issue(
                row,
                "activity",
                _("This activity has no goal: write the goal on this row or above."),
            )
            return
        authority = self._authority(row, texts.get("authority", ""))
        names = _list_items(cell_text(self.cell(values, "activity")))
        if len(names) < 2:
            self._add_activity(
                row,
                name,
                texts.get("description", ""),
                texts.get("funding", ""),
                texts.get("funding_note", ""),
                authority,
            )
            return
        # Matriks 1 copied from Word: one cell lists the activities as bullets, and the
        # description and funding cells list theirs line by line, in the same order.
        descriptions = self._lines_for(row, values, "description", len(names), single_ok=False)
        fundings = self._lines_for(row, values, "funding", len(names), single_ok=True)
        if descriptions is None or fundings is None:
            return
        for item, description, funding in zip(names, descriptions, fundings, strict=True):
            for key, text in (("activity", item), ("description", description)):
                self._check_length(row, key, text)
            self._add_activity(row, item, description, funding, "", authority)

    def _lines_for(
        self, row: int, values: Sequence[Any], key: str, count: int, *, single_ok: bool
    ) -> list[str] | None:
        raw = cell_text(self.cell(values, key))
        lines = [_clean_item(line) for line in raw.split("\n") if line.strip()]
        if not lines:
            return [""] * count
        if len(lines) == count:
            return lines
        if single_ok and len(lines) == 1:
            return lines * count
        self.issue(
            row,
            key,
            _(
                "The activity cell lists %(activities)s activities but this cell has %(lines)s "
                "lines. Give one line per activity, or put each activity on its own row."
            )
            % {"activities": count, "lines": len(lines)},
        )
        return None

    def _check_length(self, row: int, key: str, text: str, *, limit_of: str = "") -> int | None:
        """Note a text longer than its column (that of `limit_of`, else of `key`); the limit."""
        limit = _MAX_LENGTHS.get(limit_of or key)
        if limit is not None and len(text) > limit:
            self.issue(
                row,
                key,
                _("This text is %(length)s characters long; at most %(limit)s fit here.")
                % {"length": len(text), "limit": limit},
            )
        return limit

    def _authority(self, row: int, text: str) -> str:
        authority = parse_authority(text)
        if authority is None:
            self.issue(
                row,
                "authority",
                _("Unknown kewenangan “%(value)s”. Use one of: %(known)s.")
                % {"value": text, "known": ", ".join(AUTHORITY_NAMES.values())},
            )
            return Authority.DESA
        return authority

    def _add_activity(
        self,
        row: int,
        name: str,
        description: str,
        funding_text: str,
        note: str,
        authority: str,
    ) -> None:
        assert self.goal is not None
        activity = ParsedActivity(name=name, description=description, authority=authority)
        if self.milestone is not None:
            activity.milestone_index = self.goal.milestones.index(self.milestone)
        codes, exact, unknown = parse_funding(funding_text)
        if unknown:
            known = ", ".join(FUNDING_NAMES.values())
            self.issue(
                row,
                "funding",
                _("Unknown funding source “%(source)s”. Use one or more of: %(known)s.")
                % {"source": "”, “".join(unknown), "known": known},
            )
        activity.funding_sources = codes
        if not note and not exact:
            # Keep what people wrote ("biaya penyuluh dinas pertanian") next to the codes.
            note = funding_text
            self._check_length(row, "funding", note, limit_of="funding_note")
        activity.funding_note = note
        self.goal.activities.append(activity)


_LIST_ITEM = re.compile(r"^\s*(?:[•·▪◦●*\-–—]|\d{1,2}[.)])\s+")


def _list_items(raw: str) -> list[str]:
    """The items of a cell that is a bulleted or numbered list of two or more lines, else []."""
    lines = [line for line in raw.split("\n") if line.strip()]
    if len(lines) < 2 or not all(_LIST_ITEM.match(line) for line in lines):
        return []
    return [_LIST_ITEM.sub("", line).strip() for line in lines]
