"""The shape of the demo plans, the short spellings of their texts, and the reader of data/.

A plan is written the way Matriks 1 reads: goal (tujuan & target) > tujuan antara > kegiatan with
keterangan, sumber pembiayaan and kewenangan. The villages' texts are data, one TOML file per
kecamatan in data/ (shipped in the wheel with the package; docs/decisions/0024); the guide's
worked example is written in Python (desa_x.py) because the reports tests read its single
sentences. Plans are written for the period 2024–2025 and placed in the story's year when seeded
(rembuk.demo.calendar): their years move with it, except in the words of the guide's worked
example (docs/mechanism.md#the-worked-example-desa-x).
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from rembuk.plans.models import Authority, FundingSource

# Sumber pembiayaan, as written in the village texts: "DD+SW" is Dana Desa and swadaya.
FUNDING_CODES = {
    "DD": FundingSource.DANA_DESA,
    "ADD": FundingSource.ADD,
    "BUM": FundingSource.BUMDES,
    "CSR": FundingSource.CSR,
    "SW": FundingSource.SWADAYA,
    "KAB": FundingSource.APBD_KABUPATEN,
    "PROV": FundingSource.APBD_PROVINSI,
    "APBN": FundingSource.APBN,
    "OPD": FundingSource.OPD_TEKNIS,
    "LAIN": FundingSource.LAINNYA,
}

AUTHORITY_CODES = {
    "desa": Authority.DESA,
    "kab": Authority.KABUPATEN,
    "prov": Authority.PROVINSI,
    "pusat": Authority.PUSAT,
    "swadaya": Authority.SWADAYA,
    "lain": Authority.PIHAK_LAIN,
}


@dataclass(frozen=True)
class DemoActivity:
    name: str
    description: str
    funding_sources: tuple[str, ...]
    authority: str
    funding_note: str = ""


@dataclass(frozen=True)
class DemoMilestone:
    statement: str
    target_value: str
    target_year: int
    activities: tuple[DemoActivity, ...]


@dataclass(frozen=True)
class DemoGoal:
    statement: str
    target: str
    target_year: int
    milestones: tuple[DemoMilestone, ...]
    # Activities that serve the goal directly, under no tujuan antara (Desa X's goal 2).
    activities: tuple[DemoActivity, ...] = ()


@dataclass(frozen=True)
class DemoPlan:
    desa_code: str
    desa_name: str  # checked against the region data, so a wrong code fails loudly
    goals: tuple[DemoGoal, ...]
    adopted_on: datetime.date | None = None  # date of the musyawarah desa; None = still draft
    notes: str = ""
    period: tuple[int, int] = field(default=(2024, 2025))
    # Goals, targets and activity names are the guide's own words: kept exactly, years and all
    # (only the descriptions and notes, written for the demo, follow the story's calendar).
    seed_words: bool = False


def act(
    name: str, description: str, funding: str, authority: str = "desa", note: str = ""
) -> DemoActivity:
    """One kegiatan. `funding` is like "DD+SW"; `authority` one of AUTHORITY_CODES."""
    sources = tuple(str(FUNDING_CODES[code]) for code in funding.split("+") if code)
    return DemoActivity(
        name=name,
        description=description,
        funding_sources=sources,
        authority=str(AUTHORITY_CODES[authority]),
        funding_note=note,
    )


def milestone(
    statement: str, target_value: str, year: int, *activities: DemoActivity
) -> DemoMilestone:
    return DemoMilestone(statement, target_value, year, tuple(activities))


def goal(statement: str, target: str, year: int, *milestones: DemoMilestone) -> DemoGoal:
    return DemoGoal(statement, target, year, tuple(milestones))


def adopted(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def load_plans(name: str) -> tuple[DemoPlan, ...]:
    """The plans in data/<name>.toml, in the order written: [[plan]] > [[plan.goal]] >
    [[plan.goal.milestone]] > [[plan.goal.milestone.activity]], each activity with `funding`
    like "DD+SW" and, when not "desa", `authority` and an optional funding `note`."""
    text = resources.files("rembuk.demo").joinpath("data", f"{name}.toml").read_text("utf-8")
    return tuple(_plan(plan) for plan in tomllib.loads(text)["plan"])


def _plan(data: dict[str, Any]) -> DemoPlan:
    return DemoPlan(
        desa_code=data["desa_code"],
        desa_name=data["desa_name"],
        adopted_on=data.get("adopted_on"),
        notes=data.get("notes", ""),
        goals=tuple(
            DemoGoal(
                goal["statement"],
                goal["target"],
                goal["year"],
                tuple(_milestone(m) for m in goal.get("milestone", ())),
                tuple(_activity(a) for a in goal.get("activity", ())),
            )
            for goal in data["goal"]
        ),
    )


def _milestone(data: dict[str, Any]) -> DemoMilestone:
    activities = (_activity(a) for a in data.get("activity", ()))
    return milestone(data["statement"], data["target"], data["year"], *activities)


def _activity(data: dict[str, Any]) -> DemoActivity:
    return act(
        data["name"],
        data["description"],
        data["funding"],
        authority=data.get("authority", "desa"),
        note=data.get("note", ""),
    )
