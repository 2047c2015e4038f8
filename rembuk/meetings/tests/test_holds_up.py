"""The "holds up N of M activities" note: one rule for the screens and the printouts."""

from __future__ import annotations

import uuid

from django.template.loader import render_to_string
from django.utils import translation

from rembuk.meetings.models import Challenge
from rembuk.meetings.sheet_page import _page_of, _rows_of

IDS = [uuid.uuid4() for _ in range(7)]
GOAL = {str(i) for i in IDS}


def challenge(text: str, blocked: list[uuid.UUID]) -> Challenge:
    return Challenge(text=text, blocked_activity_ids=[str(i) for i in blocked])


def test_the_note_counts_the_goals_activities():
    assert challenge("DD belum cair.", IDS[1:]).holds_up(GOAL) == (6, 7)


def test_no_note_when_the_text_already_says_it_as_the_seed_does():
    text = "Hal ini turut mempengaruhi kegiatan lain yang saling terkait (6 dari 7 kegiatan)."
    assert challenge(text, IDS[1:]).holds_up(GOAL) is None


def test_no_note_without_blocked_activities_or_for_activities_of_no_plan():
    assert challenge("Hujan.", []).holds_up(GOAL) is None
    assert challenge("Hujan.", [uuid.uuid4()]).holds_up(GOAL) is None


def test_out_of_the_whole_plan_when_a_blocked_activity_lies_in_another_goal():
    other = uuid.uuid4()
    plan = GOAL | {str(other)}
    assert challenge("DD belum cair.", [IDS[0], other]).holds_up(GOAL, plan) == (2, 8)


def test_the_read_only_sheet_prints_the_note_only_when_it_adds_something():
    """Matriks 3 as meeting mode and the village's page show it (sheet_page's values)."""
    goal = uuid.uuid4()
    rows = _rows_of(
        [(goal, "Pendapatan naik", "", None)],
        [],
        [(i, goal, None, f"Kegiatan {n}") for n, i in enumerate(IDS)],
    )

    def entry(text: str) -> dict[str, object]:
        return {
            "id": uuid.uuid4(),
            "version": 1,
            "goal_id": goal,
            "text": text,
            "cause": "",
            "learning": "",
            "blocked_activity_ids": [str(i) for i in IDS[1:]],
        }

    said, unsaid = entry("Terhambat (6 dari 7 kegiatan)."), entry("DD belum cair.")
    page = _page_of(rows, [said, unsaid], [], [])
    with translation.override("en"):
        html = render_to_string("meetings/includes/matrix3.html", {"view": page})
    assert html.count("This holds up 6 of 7 activities.") == 1
    unsaid_at, note_at = html.index("DD belum cair."), html.index("This holds up")
    assert unsaid_at < note_at  # the note follows the challenge that does not say it
