"""A plan's contents as plain data, before they are written: what the spreadsheet reader makes of
a file, and what the plan_import service writes (services.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rembuk.plans.models import Authority, LivelihoodPlan


@dataclass
class ParsedActivity:
    name: str
    description: str = ""
    funding_sources: list[str] = field(default_factory=list)
    funding_note: str = ""
    authority: str = Authority.DESA
    milestone_index: int | None = None  # index in its goal's milestones


@dataclass
class ParsedMilestone:
    statement: str
    target_value: str = ""
    target_year: int | None = None


@dataclass
class ParsedGoal:
    statement: str
    number: str = ""
    target: str = ""
    target_year: int | None = None
    milestones: list[ParsedMilestone] = field(default_factory=list)
    activities: list[ParsedActivity] = field(default_factory=list)


@dataclass
class ImportResult:
    plan: LivelihoodPlan
    goals: int
    milestones: int
    activities: int
