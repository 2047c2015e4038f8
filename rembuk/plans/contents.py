"""A plan's contents as plain data, before they are written: what the spreadsheet reader makes of
a file, and what the plan_import service writes (services.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rembuk.plans.models import Authority, LivelihoodPlan


@dataclass
class ParsedActivity:
    name: str
    description: str = ""
    funding_sources: list[str] = field(default_factory=list)
    funding_note: str = ""
    authority: str = Authority.DESA
    milestone_index: int | None = None  # index in its goal's milestones

    def values(self) -> dict[str, Any]:
        """The fields of the Activity to write (its goal, milestone and position aside)."""
        return {
            "name": self.name,
            "description": self.description,
            "funding_sources": self.funding_sources,
            "funding_note": self.funding_note,
            "authority": self.authority,
        }


@dataclass
class ParsedMilestone:
    statement: str
    target_value: str = ""
    target_year: int | None = None

    def values(self) -> dict[str, Any]:
        """The fields of the Milestone to write (its goal and position aside)."""
        return {
            "statement": self.statement,
            "target_value": self.target_value,
            "target_year": self.target_year,
        }


@dataclass
class ParsedGoal:
    statement: str
    number: str = ""
    target: str = ""
    target_year: int | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The fields of the Goal to write (its plan and position aside)."""
        return {"statement": self.statement, "target": self.target, "target_year": self.target_year}


@dataclass
class ImportResult:
    plan: LivelihoodPlan
    goals: int
    milestones: int
    activities: int
