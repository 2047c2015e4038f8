"""seed_demo's coordination meetings (rembuk.demo.meetings): seed 000's example acted out."""

from __future__ import annotations

import io
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command

from rembuk.core.models import ChangeLog
from rembuk.core.testing import PlanFactory, region
from rembuk.demo import seed_000
from rembuk.demo.meetings import ABSENT, DESA_X, FIRST_DATE, KECAMATAN, NEXT_DATE
from rembuk.meetings.models import (
    Challenge,
    CoordinationMeeting,
    FollowUp,
    FollowUpReview,
    MeetingSheet,
)
from rembuk.meetings.selectors import carried_in_followups
from rembuk.monitoring.models import VillageReview
from rembuk.reports.printing import sheets_pdf
from rembuk.reports.report import build_meeting_report
from rembuk.reports.wording import MATRIX3_HEADINGS


@pytest.fixture(autouse=True)
def _fast_hasher(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def meeting_counts() -> dict[str, int]:
    return {
        "meetings": CoordinationMeeting.all_objects.count(),
        "sheets": MeetingSheet.all_objects.count(),
        "challenges": Challenge.all_objects.count(),
        "followups": FollowUp.all_objects.count(),
        "reviews": FollowUpReview.all_objects.count(),
        "village_reviews": VillageReview.all_objects.count(),
        "changelog": ChangeLog.objects.count(),
    }


def first_meeting() -> CoordinationMeeting:
    return CoordinationMeeting.objects.get(kecamatan__code=KECAMATAN, date=FIRST_DATE)


@pytest.mark.django_db
def test_a_second_run_creates_no_second_meeting_or_record() -> None:
    first_output = seed()
    after_first = meeting_counts()
    second_output = seed()

    assert meeting_counts() == after_first
    assert after_first["meetings"] == 2
    assert "2 pertemuan koordinasi baru" in first_output
    assert "0 pertemuan koordinasi baru, 0 jadwal pemantauan desa baru" in second_output


@pytest.mark.django_db
def test_the_desa_x_sheet_of_28_march_2024_is_matriks_3_of_seed_000() -> None:
    seed()
    report = build_meeting_report(first_meeting(), desa_code=DESA_X)
    village = report.villages[0]
    assert (village.desa_name, village.date) == ("Wailangira", "28 Maret 2024")
    finance, pests = village.rows

    assert (finance.goal, finance.target) == (seed_000.GOAL_1, "(di tahun 2025)")
    [block] = finance.milestones
    assert (block.statement, block.target) == (seed_000.MILESTONE_1, "(di capai di tahun 2025)")
    assert block.activities == list(seed_000.BUMDES_ACTIVITIES)
    [challenge] = finance.challenges
    assert challenge.text.split("\n") == [
        seed_000.CHALLENGE_FINANCE,
        seed_000.CHALLENGE_FINANCE_REACH,
    ]
    assert challenge.cause == seed_000.CHALLENGE_FINANCE_CAUSE
    assert challenge.blocked_note == ""  # "(6 dari 7 kegiatan)" is in the text, not twice
    assert [(f.text, f.owner) for f in finance.followups] == [
        (seed_000.FOLLOWUP_ASSISTANCE, "DPMD"),
        (seed_000.FOLLOWUP_TRAINING, "DPMD"),
    ]

    assert (pests.goal, pests.target) == (seed_000.GOAL_2, f"({seed_000.GOAL_2_TARGET})")
    assert [a for m in pests.milestones for a in m.activities] == list(seed_000.PEST_ACTIVITIES)
    assert [c.text for c in pests.challenges] == [
        seed_000.CHALLENGE_SOCIALISATION,
        seed_000.CHALLENGE_EXTENSION_WORKER,
    ]
    assert [(f.text, f.owner) for f in pests.followups] == [
        (seed_000.FOLLOWUP_VISIT, "Distan"),
        (
            "Meminta no kontak penyuluh untuk desa Wailangira agar lebih mudah berkomunikasi.",
            "Kecamatan Kodi Balaghar",
        ),
    ]
    # The blocked activities are recorded, not only written: 6 of the goal's 7.
    recorded = Challenge.objects.get(sheet__desa__code=DESA_X, goal__position=0)
    assert len(recorded.blocked_activity_ids) == 6


@pytest.mark.django_db
def test_the_desa_x_a1_poster_prints_every_sentence_of_the_seed_in_its_order() -> None:
    seed()
    report = build_meeting_report(first_meeting(), desa_code=DESA_X)
    reader = pypdf.PdfReader(io.BytesIO(sheets_pdf(report, "a1")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    assert len(reader.pages) == 1
    expected = [
        "Desa: Wailangira",
        "Tanggal pelaksanaan koordinasi: 28 Maret 2024",
        *MATRIX3_HEADINGS,
        seed_000.GOAL_1,
        "(di tahun 2025)",
        f"{seed_000.MILESTONE_1} (di capai di tahun 2025)",
        *(f"• {a}" for a in seed_000.BUMDES_ACTIVITIES),
        seed_000.CHALLENGE_FINANCE,
        seed_000.CHALLENGE_FINANCE_REACH,
        seed_000.CHALLENGE_FINANCE_CAUSE,
        seed_000.FOLLOWUP_ASSISTANCE,
        seed_000.FOLLOWUP_TRAINING,
        seed_000.GOAL_2,
        f"({seed_000.GOAL_2_TARGET})",
        *(f"• {a}" for a in seed_000.PEST_ACTIVITIES),
        seed_000.CHALLENGE_SOCIALISATION,
        seed_000.CHALLENGE_EXTENSION_WORKER,
        seed_000.FOLLOWUP_VISIT,
        seed_000.followup_contact("Wailangira"),
    ]
    position = 0
    for sentence in expected:
        found = text.find(sentence, position)
        assert found >= 0, sentence
        position = found + len(sentence)
    assert "menghambat" not in text


@pytest.mark.django_db
def test_the_other_villages_bring_their_own_records_and_waiha_was_absent() -> None:
    seed()
    meeting = first_meeting()
    assert meeting.status == CoordinationMeeting.Status.CLOSED
    assert meeting.next_meeting_date == NEXT_DATE
    sheets = MeetingSheet.objects.filter(meeting=meeting)
    assert sheets.count() == 8
    seed_texts = set(
        Challenge.objects.filter(sheet__desa__code=DESA_X).values_list("text", flat=True)
    )
    for sheet in sheets.exclude(desa__code__in=[DESA_X, ABSENT]):
        texts = set(sheet.challenges.values_list("text", flat=True))
        assert texts and not texts & seed_texts, sheet.desa.name
        assert sheet.followups.exists(), sheet.desa.name
        assert sheet.representatives, sheet.desa.name
    absent = sheets.get(desa__code=ABSENT)
    assert not absent.challenges.exists() and not absent.followups.exists()
    # Every follow-up hangs on a goal of its own village's plan.
    for followup in FollowUp.objects.filter(sheet__meeting=meeting).select_related("goal", "sheet"):
        assert followup.goal is not None and followup.goal.plan_id == followup.sheet.plan_id


@pytest.mark.django_db
def test_the_july_meeting_is_scheduled_with_the_open_follow_ups_carried_in() -> None:
    seed()
    first = first_meeting()
    july = CoordinationMeeting.objects.get(kecamatan__code=KECAMATAN, date=NEXT_DATE)
    assert july.status == CoordinationMeeting.Status.PLANNED
    assert july.previous_meeting_id == first.id
    carried = set(carried_in_followups(july).values_list("pk", flat=True))
    assert carried == set(
        FollowUp.objects.filter(sheet__meeting=first).values_list("pk", flat=True)
    )
    # Village sessions: held before March (not by the absent Waiha), planned before July.
    held = VillageReview.objects.filter(date__lt=FIRST_DATE, desa__parent__code=KECAMATAN)
    assert held.count() == 7 and not held.filter(desa__code=ABSENT).exists()
    assert VillageReview.objects.filter(date__gt=FIRST_DATE).count() == 7


@pytest.mark.django_db
def test_a_wailangira_with_a_plan_of_its_own_gets_no_seed_meeting_and_is_told_why() -> None:
    PlanFactory(desa=region(DESA_X), period_start=2024, period_end=2026)
    errors = StringIO()
    call_command("seed_demo", stdout=StringIO(), stderr=errors)

    assert not CoordinationMeeting.objects.exists()
    assert "Wailangira" in errors.getvalue()
