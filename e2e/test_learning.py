"""Villages learn from each other in the meeting (issue 6, "Done when").

A kecamatan user types a challenge on the meeting page; Rembuk suggests a lesson from another
village while it is typed; one click adds it as a follow-up of kind "gagasan dari desa lain",
linked to the lesson, and the follow-up shows on the sheet with that kind.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import log_in, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.learning import services as learning_services
from rembuk.meetings import services
from rembuk.meetings.models import FollowUp
from rembuk.people.models import Role

pytestmark = pytest.mark.django_db(transaction=True)

KECAMATAN = "53.18.11"


def test_a_suggestion_from_another_village_becomes_a_follow_up(page: Page, live_server) -> None:
    user = user_with_role(Role.KECAMATAN, KECAMATAN)
    here, neighbour = list(region(KECAMATAN).children.order_by("code")[:2])
    plan = full_plan(here.code, goals=1, activities_per_goal=2)
    meeting = services.meeting_create(
        kecamatan=region(KECAMATAN),
        date=datetime.date(2024, 3, 28),
        villages=[here],
        actor=user,
    )
    lesson = learning_services.lesson_create(
        desa=neighbour,
        actor=None,
        happened_on=datetime.date(2023, 11, 2),
        what_happened="Penyuluh pertanian tidak hadir selama tiga bulan",
        why="Kantor penyuluh jauh",
        what_was_tried="Kelompok tani menjemput penyuluh dengan ojek bergiliran",
        outcome="berhasil",
    )
    goal = plan.goals.order_by("position").first()
    assert goal is not None

    log_in(page, user.username)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.id]) + f"?desa={here.code}")
    page.locator(f"#c-text-{goal.id.hex}").press_sequentially(
        "penyuluhnya tdk pernah datang", delay=20
    )
    suggestion = page.locator(f"#suggest-{goal.id.hex} .suggestion").first
    expect(suggestion).to_contain_text(neighbour.name)
    expect(suggestion).to_contain_text("ojek bergiliran")
    screenshot(page, "learning-suggestion")

    suggestion.locator("button.adopt-button").click()
    page.wait_for_url(f"**{reverse('meetings:meeting_detail', args=[meeting.id])}**")
    followup = FollowUp.objects.get(source_lesson=lesson)
    assert followup.kind == FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE
    shown = page.locator(f"#f-kind-{followup.id.hex}")
    expect(shown).to_have_value(FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE)
    expect(page.locator(f"#followups-{goal.id}")).to_contain_text(neighbour.name)
    screenshot(page, "learning-adopted")
    assert page.console_errors == []  # type: ignore[attr-defined]
