"""The "holds up N of M activities" note: one rule for the screens and the printouts."""

from __future__ import annotations

import uuid

from django.template import Context, Template

from rembuk.meetings.models import Challenge


class Block:
    def __init__(self, ids: list[uuid.UUID]) -> None:
        self.activities = [type("Activity", (), {"id": i})() for i in ids]


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


def test_the_screen_filter_prints_the_note_only_when_it_adds_something():
    template = Template(
        "{% load meeting_sheets %}{% with held=c|holds_up:block %}"
        "{% if held %}{{ held.0 }}/{{ held.1 }}{% else %}-{% endif %}{% endwith %}"
    )
    block = Block(IDS)
    said = challenge("Terhambat (6 dari 7 kegiatan).", IDS[1:])
    unsaid = challenge("DD belum cair.", IDS[1:])
    assert template.render(Context({"c": unsaid, "block": block})) == "6/7"
    assert template.render(Context({"c": said, "block": block})) == "-"
