"""The less frequent actions of the kecamatan meeting page, clicked as a kecamatan user does.

Deleting a challenge or a follow-up of a row, moving a village in the order of discussion, a
village's representatives and the meeting's other participants, the end-of-period review of a
goal, a share link revoked, and on a closed meeting its "Tindakan rapat": drafting lessons and
re-opening it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Dialog, Page, expect

from e2e.conftest import in_viewport, log_in, more_actions, screenshot
from rembuk.core.testing import full_plan, region, user_with_role
from rembuk.learning.models import Lesson
from rembuk.meetings import services
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    GoalReview,
    MeetingSheet,
    ShareLink,
)
from rembuk.people.models import Role
from rembuk.plans.models import Goal

pytestmark = pytest.mark.django_db(transaction=True)

KECAMATAN = "53.18.11"
WAINYAPU = "53.18.11.2006"


def _camat(page: Page) -> None:
    user_with_role(Role.KECAMATAN, KECAMATAN, username="camat.kodi")
    log_in(page, "camat.kodi")


def _meeting_of_wainyapu() -> tuple[CoordinationMeeting, MeetingSheet, Goal]:
    """A meeting in three days of Wainyapu alone, whose plan (2024–2025) has one goal."""
    plan = full_plan(WAINYAPU, goals=1, activities_per_goal=2)
    meeting = services.meeting_create(
        kecamatan=region(KECAMATAN),
        date=datetime.date.today() + datetime.timedelta(days=3),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    return meeting, meeting.sheets.get(), plan.goals.get()


def _with_a_challenge_and_a_follow_up(sheet: MeetingSheet, goal: Goal) -> None:
    services.challenge_save(
        sheet=sheet,
        goal=goal,
        actor=None,
        text="Harga jagung jatuh saat panen raya",
        cause="Semua petani menjual pada minggu yang sama",
    )
    services.followup_save(
        sheet=sheet, goal=goal, actor=None, text="BUMDes membeli jagung dengan harga tetap"
    )


def _answer_yes(page: Page) -> list[str]:
    """Say yes to every question the page asks; the questions asked, in order."""
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return questions


def _no_save_in_flight(page: Page) -> None:
    """Wait until no autosave is waiting for its answer (htmx marks the form meanwhile): the
    test's in-memory SQLite refuses a read while the server writes."""
    page.wait_for_function("() => document.querySelectorAll('.htmx-request').length === 0")


def test_a_challenge_and_a_follow_up_deleted_from_a_row_leave_the_sheet(page: Page) -> None:
    """The kecamatan user deletes a row's challenge, then its follow-up, saying yes to each
    question; the row keeps only its blank forms."""
    meeting, sheet, goal = _meeting_of_wainyapu()
    _with_a_challenge_and_a_follow_up(sheet, goal)
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    questions = _answer_yes(page)

    challenges = page.locator(f"#challenges-{goal.id} form")
    expect(challenges).to_have_count(2)  # the challenge and the blank form after it
    expect(challenges.first.locator("textarea[name=text]")).to_have_value(
        "Harga jagung jatuh saat panen raya"
    )
    with page.expect_navigation():
        challenges.first.get_by_role("button", name="Hapus").click()
    expect(challenges).to_have_count(1)
    expect(challenges.locator("textarea[name=text]")).to_have_value("")
    expect(page.locator(f"#goal-{goal.id}")).not_to_contain_text("Harga jagung jatuh")
    assert Challenge.all_objects.get().is_deleted

    followups = page.locator(f"#followups-{goal.id} form")
    expect(followups).to_have_count(2)
    with page.expect_navigation():
        followups.first.get_by_role("button", name="Hapus").click()
    expect(followups).to_have_count(1)
    expect(followups.locator("textarea[name=text]")).to_have_value("")
    in_viewport(page, f"#goal-{goal.id} .goal-statement")
    screenshot(page, "meeting-row-after-deletes")
    assert FollowUp.all_objects.get().is_deleted

    assert questions == ["Hapus kendala ini?", "Hapus tindak lanjut ini?"]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_after_a_delete_in_a_lower_row_the_page_is_back_at_that_row(page: Page) -> None:
    """The kecamatan user deletes the challenge of the plan's third goal; the page comes back
    at that row, as it does after a save without JavaScript, not at the top of the sheet."""
    full_plan(WAINYAPU, goals=3, activities_per_goal=3)
    meeting = services.meeting_create(
        kecamatan=region(KECAMATAN),
        date=datetime.date.today() + datetime.timedelta(days=3),
        villages=[region(WAINYAPU)],
        actor=None,
    )
    sheet = meeting.sheets.get()
    assert sheet.plan is not None
    third = sheet.plan.goals.get(statement="Tujuan 3")
    _with_a_challenge_and_a_follow_up(sheet, third)
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    _answer_yes(page)

    challenges = page.locator(f"#challenges-{third.id} form")
    with page.expect_navigation():
        challenges.first.get_by_role("button", name="Hapus").click()
    expect(challenges).to_have_count(1)
    screenshot(page, "meeting-after-delete-in-third-row")
    in_viewport(page, f"#challenges-{third.id}")


def test_villages_move_up_and_down_in_the_order_of_discussion(page: Page) -> None:
    """The kecamatan user moves the first village down and then the last one up; the order
    list shows the new order at once and the meeting keeps it."""
    villages = list(region(KECAMATAN).children.order_by("code")[:3])
    meeting = services.meeting_create(
        kecamatan=region(KECAMATAN),
        date=datetime.date.today() + datetime.timedelta(days=3),
        villages=villages,
        actor=None,
    )
    first, second, third = (village.name for village in villages)
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    lines = page.locator("#villages li .village-line > a")
    expect(lines).to_have_text([first, second, third])
    expect(page.get_by_role("button", name=f"Pindahkan {first} ke atas")).to_be_disabled()
    page.get_by_role("button", name=f"Pindahkan {first} ke bawah").click()
    expect(lines).to_have_text([second, first, third])
    page.get_by_role("button", name=f"Pindahkan {third} ke atas").click()
    expect(lines).to_have_text([second, third, first])
    expect(page.get_by_role("button", name=f"Pindahkan {first} ke bawah")).to_be_disabled()
    in_viewport(page, "#villages ol")
    screenshot(page, "meeting-villages-moved")

    stored = meeting.sheets.order_by("position").values_list("desa__name", flat=True)
    assert list(stored) == [second, third, first]
    page.reload()
    expect(lines).to_have_text([second, third, first])
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_representatives_and_other_participants_are_saved_as_typed(page: Page) -> None:
    """The kecamatan user types who represents the village and who else came; each saves as it
    is typed, and the village's line in the order list names its representatives."""
    meeting, sheet, _goal = _meeting_of_wainyapu()
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    expect(page.get_by_label("Perwakilan Desa Wainyapu")).to_be_visible()
    page.get_by_label("Perwakilan Desa Wainyapu").fill("Kepala Desa, Ketua Tim Desa")
    expect(page.locator(".attendance .status-saved")).to_be_visible()
    participants = page.locator("#participants textarea[name=other_participants]")
    participants.fill("Dinas Pertanian (2), pendamping desa")
    # The example is a line of its own, still there once the list is typed.
    expect(participants).to_have_accessible_description(
        "Contoh: Dinas Pertanian (2), pendamping desa, Bappeda"
    )
    in_viewport(page, "#participants .help")
    expect(page.locator("#participants .status-saved")).to_be_visible()
    in_viewport(page, "#participants .status-saved")
    _no_save_in_flight(page)
    sheet.refresh_from_db()
    meeting.refresh_from_db()
    assert sheet.representatives == "Kepala Desa, Ketua Tim Desa"
    assert meeting.other_participants == "Dinas Pertanian (2), pendamping desa"

    page.reload()
    expect(page.locator("#villages .representatives")).to_have_text("Kepala Desa, Ketua Tim Desa")
    in_viewport(page, "#villages .representatives")
    expect(participants).to_have_value("Dinas Pertanian (2), pendamping desa")
    screenshot(page, "meeting-attendance-saved")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_goal_whose_plan_period_ended_is_reviewed_on_the_sheet(page: Page) -> None:
    """The plan's period (2024–2025) is over, so the goal's review is open on its row; the
    kecamatan user marks the goal achieved and types why, and the row says so afterwards."""
    meeting, sheet, goal = _meeting_of_wainyapu()
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    review = page.locator(f"#goal-{goal.id} details.goal-review-form")
    expect(review).to_have_attribute("open", "")
    expect(review).to_contain_text(
        "Periode rencana sudah berakhir: tinjau apakah tujuan ini tercapai."
    )
    expect(review.locator("summary")).to_have_text("Catat tinjauan akhir periode")
    review.get_by_label("Tercapai", exact=True).check()
    expect(review.locator(".status-saved")).to_be_visible()
    review.get_by_label("Faktor yang disebutkan desa").fill(
        "BUMDes membeli panen jagung dengan harga tetap."
    )
    # The second save answers with a new time; wait for its answer, not the first one's.
    expect(review.locator("form")).not_to_have_class(re.compile(r"\bis-dirty\b"))
    _no_save_in_flight(page)
    saved = GoalReview.objects.get(sheet=sheet, goal=goal)
    assert saved.result == GoalReview.Result.ACHIEVED
    assert saved.factors == "BUMDes membeli panen jagung dengan harga tetap."

    page.reload()
    expect(review.locator("summary")).to_have_text("Tinjauan akhir periode: Tercapai")
    expect(review.get_by_label("Tercapai", exact=True)).to_be_checked()
    review.locator("summary").scroll_into_view_if_needed()
    in_viewport(page, f"#goal-{goal.id} details.goal-review-form summary")
    screenshot(page, "meeting-goal-reviewed")
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_share_link_revoked_on_the_sheet_no_longer_opens(page: Page) -> None:
    """The kecamatan user makes a share link for the village, then revokes it, saying yes to
    the question; the sheet shows it revoked and the link opens nothing any more."""
    meeting, sheet, _goal = _meeting_of_wainyapu()
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    questions = _answer_yes(page)

    share = page.locator("#share")
    share.get_by_role("button", name="Buat tautan berbagi").click()
    url = share.locator("input.share-url").input_value()
    assert "/berbagi/" in url
    with page.expect_navigation():
        share.get_by_role("button", name="Cabut").click()

    expect(page.locator("ul.messages")).to_contain_text("Tautan ini sudah tidak berlaku.")
    expect(share.locator("li.revoked")).to_contain_text("Dicabut pada")
    expect(share.locator("input.share-url")).to_have_count(0)
    in_viewport(page, "#share li.revoked")
    screenshot(page, "meeting-share-link-revoked")
    assert questions == ["Nonaktifkan tautan ini?"]
    assert ShareLink.objects.get(sheet=sheet).revoked_at is not None

    # Someone in the village's WhatsApp group opens the old link.
    phone = page.context.new_page()
    answer = phone.goto(url)
    assert answer is not None and answer.status == 404
    phone.close()
    assert page.console_errors == []  # type: ignore[attr-defined]


def _closed_meeting_with_a_challenge() -> tuple[CoordinationMeeting, Challenge]:
    meeting, sheet, goal = _meeting_of_wainyapu()
    _with_a_challenge_and_a_follow_up(sheet, goal)
    services.meeting_close(meeting=meeting, actor=None)
    return meeting, Challenge.objects.get()


def test_lessons_are_drafted_from_a_closed_meeting(page: Page) -> None:
    """On a closed meeting the kecamatan user drafts its lessons from "Tindakan rapat"; the page
    says how many, and the challenge has its lesson."""
    meeting, challenge = _closed_meeting_with_a_challenge()
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))

    more_actions(page)
    page.get_by_role("button", name="Buat draf pembelajaran dari pertemuan ini").click()
    expect(page.locator("ul.messages")).to_have_text(
        "1 draf pembelajaran dibuat dari pertemuan ini."
    )
    in_viewport(page, "ul.messages")
    screenshot(page, "meeting-lessons-drafted")
    lesson = Lesson.objects.get(challenge=challenge)
    assert lesson.what_happened == "Harga jagung jatuh saat panen raya"
    assert lesson.why == "Semua petani menjual pada minggu yang sama"
    assert lesson.desa.code == WAINYAPU and lesson.happened_on == meeting.date
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_closed_meeting_is_reopened_to_correct_its_record(page: Page) -> None:
    """The kecamatan user re-opens a closed meeting from "Tindakan rapat", saying yes to the
    question; the page says it is open again and its cells can be edited."""
    meeting, challenge = _closed_meeting_with_a_challenge()
    _camat(page)
    page.goto(reverse("meetings:meeting_detail", args=[meeting.pk]))
    questions = _answer_yes(page)
    expect(page.locator("main p.notice").first).to_contain_text("Pertemuan ini ditutup pada")
    expect(page.get_by_label("Perwakilan Desa Wainyapu")).to_have_count(0)
    # The closed record reads as text; no end-of-period review to record opens on nothing.
    entry = f"#challenges-{challenge.goal_id} .entry > p:first-child"
    expect(page.locator(entry)).to_have_text("Harga jagung jatuh saat panen raya")
    page.locator(entry).scroll_into_view_if_needed()
    in_viewport(page, entry)
    expect(page.locator("details.goal-review-form")).to_have_count(0)

    more_actions(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Buka kembali").click()

    expect(page.locator("ul.messages")).to_have_text(
        "Pertemuan dibuka kembali; setiap perubahan tetap tercatat di riwayatnya."
    )
    expect(page.locator("h1 .badge")).to_have_text("Berjalan")
    in_viewport(page, "h1 .badge")
    expect(page.locator("main")).not_to_contain_text("Pertemuan ini ditutup pada")
    expect(
        page.locator(f"#challenges-{challenge.goal_id} textarea[name=text]").first
    ).to_have_value("Harga jagung jatuh saat panen raya")
    expect(page.get_by_label("Perwakilan Desa Wainyapu")).to_be_editable()
    expect(page.locator(f"#goal-{challenge.goal_id} details.goal-review-form")).to_have_count(1)
    screenshot(page, "meeting-reopened")
    assert questions == ["Buka kembali pertemuan ini agar catatannya bisa diubah?"]
    meeting.refresh_from_db()
    assert meeting.status == CoordinationMeeting.Status.OPEN
    assert meeting.closed_at is None
    assert page.console_errors == []  # type: ignore[attr-defined]
