"""seed_demo on a day in the middle of a year (15 June 2027, a frozen clock): the whole story,
seed 000's example word for word, and a living programme around that day.

The demo is seeded once for the module (rembuk.demo.tests.conftest), run twice to show that a
second run changes nothing; every test reads that data.
"""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rembuk.core.models import ChangeLog
from rembuk.demo import desa_x
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.meetings import ABSENT, DESA_X, KECAMATAN, first_meeting
from rembuk.demo.people import DEFAULT_DEMO_PASSWORD, DEMO_USERS
from rembuk.demo.plans import DEMO_KECAMATAN
from rembuk.demo.reports import GUIDE_GOALS
from rembuk.demo.support import ASSISTANCE_RESPONSE
from rembuk.demo.tests.conftest import Seeded, seeded_on
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.selectors import year_summary
from rembuk.evaluation.models import LivelihoodAssets
from rembuk.learning.models import Lesson
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.meetings.selectors import carried_in_followups
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.monitoring.selectors import review_digest
from rembuk.notifications.models import Notification
from rembuk.people.models import Membership, Role, User
from rembuk.plans.models import MUSRENBANG_AUTHORITIES, Activity, LivelihoodPlan
from rembuk.programme import selectors as dashboards
from rembuk.programme.models import StageProgress
from rembuk.programme.stages import desa_stages
from rembuk.regions.models import Region
from rembuk.reports.models import KecamatanReport
from rembuk.reports.printing import sheets_pdf
from rembuk.reports.report import build_meeting_report
from rembuk.reports.wording import MATRIX3_HEADINGS, tanggal
from rembuk.support.models import SupportRequest

TODAY = datetime.date(2027, 6, 15)
seeded = seeded_on(TODAY)
pytestmark = pytest.mark.django_db
calendar = DemoCalendar.on(TODAY)
FIRST_DAY = datetime.date(2027, 4, 20)  # eight weeks before


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# --- the run ----------------------------------------------------------------------------------


def test_a_second_run_changes_nothing_and_prints_the_logins_again(seeded: Seeded):
    assert seeded.counts_after_second == seeded.counts_after_first
    assert "19 rencana baru" in seeded.first_output
    assert "0 rencana baru" in seeded.second_output
    assert "0 pertemuan koordinasi baru, 0 jadwal pemantauan desa baru" in seeded.second_output
    for spec in DEMO_USERS:
        assert spec.username in seeded.first_output and spec.username in seeded.second_output
    assert DEFAULT_DEMO_PASSWORD in seeded.second_output
    assert "rapat pertama Kodi Balaghar 20-04-2027" in seeded.first_output


# --- people and plans -------------------------------------------------------------------------


def test_every_role_has_a_demo_user_whose_printed_password_works(seeded: Seeded):
    roles = set(
        Membership.objects.filter(user__username__in=[u.username for u in DEMO_USERS])
        .values_list("role", flat=True)
        .distinct()
    )
    assert roles == set(Role.values)
    assert User.objects.get(username="admin").is_superuser
    opd = Membership.objects.get(user__username="opd.distan.sbd")
    assert opd.agency is not None and opd.agency.name == "Dinas Pertanian"
    village = Membership.objects.get(user__username="desa.wainyapu")
    assert (village.role, village.region.code) == (Role.TIM_DESA, "53.18.11.2006")
    for spec in DEMO_USERS:
        user = authenticate(username=spec.username, password=DEFAULT_DEMO_PASSWORD)
        assert user is not None and not user.must_change_password, spec.username


def test_every_desa_of_both_kecamatan_has_a_plan_for_this_year_and_the_next(seeded: Seeded):
    for kecamatan in DEMO_KECAMATAN:
        desa = Region.objects.filter(level=Region.Level.DESA, code__startswith=kecamatan + ".")
        planned = LivelihoodPlan.objects.filter(
            desa__in=desa, period_start=2027, period_end=2028
        ).values_list("desa__code", flat=True)
        assert sorted(planned) == sorted(desa.values_list("code", flat=True))
        proposals = Activity.objects.filter(
            goal__plan__desa__code__startswith=kecamatan + ".",
            authority__in=MUSRENBANG_AUTHORITIES,
        )
        assert proposals.count() >= 5
    assert LivelihoodPlan.objects.count() == 19


def test_plans_were_adopted_before_the_meeting_and_typed_in_a_week_before(seeded: Seeded):
    adopted = LivelihoodPlan.objects.filter(status=LivelihoodPlan.Status.ADOPTED)
    assert adopted.exists()
    assert LivelihoodPlan.objects.filter(status=LivelihoodPlan.Status.DRAFT).exists()
    for plan in adopted:
        assert plan.adopted_on is not None and plan.adopted_on < FIRST_DAY
        created = ChangeLog.objects.get(object_id=plan.pk, action=ChangeLog.Action.CREATE)
        assert timezone.localdate(created.recorded_at) == plan.adopted_on - datetime.timedelta(7)
    # The history of a plan: typed in by the kecamatan; dependencies added at the review.
    plan = LivelihoodPlan.objects.get(desa__code="53.18.11.2006")
    typed = ChangeLog.objects.filter(root_id=plan.id).exclude(
        model_label="plans.activitydependency"
    )
    assert typed.filter(action=ChangeLog.Action.CREATE).count() > 10
    assert set(typed.values_list("actor__username", flat=True)) == {"kecamatan.kodibalaghar"}


def test_the_demos_own_words_move_with_the_years_and_seed_000_keeps_its_own(seeded: Seeded):
    kahale = LivelihoodPlan.objects.get(desa__code="53.18.11.2002")
    assert kahale.notes.startswith(f"Musyawarah desa {tanggal(kahale.adopted_on)}.")
    assert "2026" in kahale.notes  # "Kematian babi tahun 2023" is last year's, in the story
    wailangira = LivelihoodPlan.objects.get(desa__code=DESA_X)
    goal = wailangira.goals.order_by("position").first()
    assert goal is not None and (goal.statement, goal.target) == (
        desa_x.GOAL_1,
        desa_x.GOAL_1_TARGET,  # "di tahun 2025", as the seed wrote it
    )


# --- the meetings -----------------------------------------------------------------------------


def test_the_first_meeting_was_eight_weeks_ago_and_closed_that_day(seeded: Seeded):
    meeting = first_meeting()
    assert meeting is not None and meeting.date == FIRST_DAY
    assert meeting.closed_at is not None and timezone.localdate(meeting.closed_at) == FIRST_DAY
    created = ChangeLog.objects.get(object_id=meeting.pk, action=ChangeLog.Action.CREATE)
    assert timezone.localdate(created.recorded_at) == FIRST_DAY - datetime.timedelta(21)
    sheets = MeetingSheet.objects.filter(meeting=meeting)
    assert sheets.count() == 8
    absent = sheets.get(desa__code=ABSENT)
    assert not absent.challenges.exists() and not absent.followups.exists()
    seed_texts = set(
        Challenge.objects.filter(sheet__desa__code=DESA_X).values_list("text", flat=True)
    )
    for sheet in sheets.exclude(desa__code__in=[DESA_X, ABSENT]):
        texts = set(sheet.challenges.values_list("text", flat=True))
        assert texts and not texts & seed_texts, sheet.desa.name
        assert sheet.followups.exists() and sheet.representatives, sheet.desa.name
    for followup in FollowUp.objects.filter(sheet__meeting=meeting).select_related("goal", "sheet"):
        assert followup.goal is not None and followup.goal.plan_id == followup.sheet.plan_id


def test_the_desa_x_sheet_is_matriks_3_of_seed_000_on_the_demo_s_day(seeded: Seeded):
    meeting = first_meeting()
    assert meeting is not None
    report = build_meeting_report(meeting, desa_code=DESA_X)
    village = report.villages[0]
    assert (village.desa_name, village.date) == ("Wailangira", "20 April 2027")
    finance, pests = village.rows
    assert (finance.goal, finance.target) == (desa_x.GOAL_1, "(di tahun 2025)")
    [block] = finance.milestones
    assert (block.statement, block.target) == (desa_x.MILESTONE_1, "(di capai di tahun 2025)")
    assert block.activities == list(desa_x.BUMDES_ACTIVITIES)
    [challenge] = finance.challenges
    assert challenge.text.split("\n") == [
        desa_x.CHALLENGE_FINANCE,
        desa_x.CHALLENGE_FINANCE_REACH,
    ]
    assert challenge.cause == desa_x.CHALLENGE_FINANCE_CAUSE
    assert challenge.blocked_note == ""  # "(6 dari 7 kegiatan)" is in the text, not twice
    assert [(f.text, f.owner) for f in finance.followups] == [
        (desa_x.FOLLOWUP_ASSISTANCE, "DPMD"),
        (desa_x.FOLLOWUP_TRAINING, "DPMD"),
    ]
    assert (pests.goal, pests.target) == (desa_x.GOAL_2, f"({desa_x.GOAL_2_TARGET})")
    assert [c.text for c in pests.challenges] == [
        desa_x.CHALLENGE_SOCIALISATION,
        desa_x.CHALLENGE_EXTENSION_WORKER,
    ]
    assert [(f.text, f.owner) for f in pests.followups] == [
        (desa_x.FOLLOWUP_VISIT, "Distan"),
        (desa_x.followup_contact("Wailangira"), "Kecamatan Kodi Balaghar"),
    ]
    recorded = Challenge.objects.get(
        sheet__meeting=meeting, sheet__desa__code=DESA_X, goal__position=0
    )
    assert len(recorded.blocked_activity_ids) == 6


def test_the_desa_x_a1_poster_prints_every_sentence_of_the_seed_in_its_order(seeded: Seeded):
    meeting = first_meeting()
    assert meeting is not None
    report = build_meeting_report(meeting, desa_code=DESA_X)
    reader = pypdf.PdfReader(io.BytesIO(sheets_pdf(report, "a1")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert len(reader.pages) == 1
    expected = [
        "Desa: Wailangira",
        "Tanggal pelaksanaan koordinasi: 20 April 2027",
        *MATRIX3_HEADINGS,
        desa_x.GOAL_1,
        "(di tahun 2025)",
        f"{desa_x.MILESTONE_1} (di capai di tahun 2025)",
        *(f"• {a}" for a in desa_x.BUMDES_ACTIVITIES),
        desa_x.CHALLENGE_FINANCE,
        desa_x.CHALLENGE_FINANCE_REACH,
        desa_x.CHALLENGE_FINANCE_CAUSE,
        desa_x.FOLLOWUP_ASSISTANCE,
        desa_x.FOLLOWUP_TRAINING,
        desa_x.GOAL_2,
        f"({desa_x.GOAL_2_TARGET})",
        *(f"• {a}" for a in desa_x.PEST_ACTIVITIES),
        desa_x.CHALLENGE_SOCIALISATION,
        desa_x.CHALLENGE_EXTENSION_WORKER,
        desa_x.FOLLOWUP_VISIT,
        desa_x.followup_contact("Wailangira"),
    ]
    position = 0
    for sentence in expected:
        found = text.find(sentence, position)
        assert found >= 0, sentence
        position = found + len(sentence)
    assert "menghambat" not in text


def test_the_next_meeting_is_to_come_with_the_open_follow_ups_carried_in(seeded: Seeded):
    first = first_meeting()
    assert first is not None
    later = CoordinationMeeting.objects.get(kecamatan__code=KECAMATAN, date__gt=first.date)
    assert later.status == CoordinationMeeting.Status.PLANNED
    assert later.date == first.next_meeting_date == TODAY + datetime.timedelta(63)
    assert later.previous_meeting_id == first.id
    carried = set(carried_in_followups(later).values_list("pk", flat=True))
    assert carried == set(
        FollowUp.objects.filter(sheet__meeting=first).values_list("pk", flat=True)
    )
    held = VillageReview.objects.filter(date__lt=first.date, desa__parent__code=KECAMATAN)
    assert held.count() == 7 and not held.filter(desa__code=ABSENT).exists()
    assert all(review.date > TODAY for review in VillageReview.objects.filter(date__gt=first.date))


# --- the follow-up loop -----------------------------------------------------------------------


def test_desa_x_starts_its_meeting_sheet_from_the_blocked_capital(seeded: Seeded):
    assert ActivityProgress.objects.exists()
    digest = review_digest(Region.objects.get(code=DESA_X).pk, FIRST_DAY)
    assert digest is not None
    trouble = {line.activity.name: line for line in digest.trouble}
    capital = trouble[desa_x.BUMDES_ACTIVITIES[1]]
    assert capital.status == ActivityStatus.BLOCKED
    assert {a.name for a in capital.holds_up} == set(desa_x.BUMDES_ACTIVITIES[2:])
    assert trouble[desa_x.PEST_ACTIVITIES[2]].status == ActivityStatus.BLOCKED
    assert "DPMD" in digest.review.support_needed
    # The session's results are recorded the day of the session, not the day of the seed.
    entry = ChangeLog.objects.filter(model_label="monitoring.activityprogress").earliest("seq")
    assert timezone.localdate(entry.recorded_at) < FIRST_DAY


def test_matriks_4_was_sent_five_days_after_the_meeting_in_the_seed_s_words(seeded: Seeded):
    report = KecamatanReport.objects.get(status=KecamatanReport.Status.SENT)
    assert report.sent_at is not None
    assert timezone.localdate(report.sent_at) == FIRST_DAY + datetime.timedelta(5)
    row = report.rows.get(desa__code=DESA_X)
    assert row.goals_and_efforts == GUIDE_GOALS
    assert row.support_needed.splitlines()[2] == (
        "Penugasan/penjadwalan penyuluh pertanian dari dinas pertanian untuk desa Wailangira."
    )
    assert "pertemuan 20 April 2027" in report.note


def test_one_request_is_answered_one_is_overdue_at_distan_and_the_rest_in_between(seeded: Seeded):
    Status = SupportRequest.Status
    requests = list(SupportRequest.objects.select_related("agency"))
    assert len(requests) == 5
    done = next(r for r in requests if r.status == Status.DONE)
    assert done.agency.short_name == "DPMD"
    assert done.response == calendar.text(ASSISTANCE_RESPONSE)
    assert done.events.filter(changed_by__username="opd.dpmd.sbd").count() == 3
    overdue = [r for r in requests if r.due_state == SupportRequest.Due.OVERDUE]
    assert [r.agency.short_name for r in overdue] == ["Distan"]
    assert {Status.SUBMITTED, Status.SCHEDULED, Status.IN_PROGRESS} <= {r.status for r in requests}
    for request in requests:
        for event in request.events.all():
            assert FIRST_DAY <= event.date <= TODAY
            # Each step is recorded on its own day.
            assert timezone.localdate(event.changed_at) == event.date


def test_the_kabupaten_team_meets_three_times_this_year_and_seram_bagian_timur_twice(
    seeded: Seeded,
):
    sbd = year_summary(Region.objects.get(code="53.18"), 2027)
    assert (sbd.held, sbd.planned, sbd.below_guideline) == (1, 2, False)
    assert year_summary(Region.objects.get(code="81.05"), 2027).below_guideline
    held = DistrictMeeting.objects.get(kabupaten__code="53.18", status=DistrictMeeting.Status.HELD)
    assert held.date == FIRST_DAY + datetime.timedelta(21)
    items = AgendaItem.objects.filter(meeting=held)
    assert items.count() >= 2 and items.get(report__isnull=False).decision
    visit = items.get(request__agency__short_name="Distan")
    assert visit.assigned_agency.short_name == "Distan" and "penyuluh" in visit.assignment


def test_stages_1_to_4_are_recorded_and_the_rest_are_read_from_the_records(seeded: Seeded):
    assert set(StageProgress.objects.values_list("stage", flat=True)) == {1, 2, 3, 4}
    wainyapu = desa_stages(Region.objects.get(code="53.18.11.2006"))
    assert [s.status for s in wainyapu.stages[:5]] == ["selesai"] * 5
    assert wainyapu.stages[0].who.startswith("Tim program")


def test_lessons_and_assets_are_this_years(seeded: Seeded):
    lessons = Lesson.objects.all()
    assert lessons.count() == 11
    assert all(lesson.happened_on == FIRST_DAY for lesson in lessons)
    # Themes are guessed from the words; the road to the kampung adat fits none of the list.
    assert lessons.exclude(themes=[]).count() == 10
    assert set(LivelihoodAssets.objects.values_list("year", flat=True)) == {2027}


# --- alive on this day ------------------------------------------------------------------------


def test_history_and_notifications_carry_their_own_dates_not_the_seed_run_s(seeded: Seeded):
    days = {
        timezone.localdate(at) for at in ChangeLog.objects.values_list("recorded_at", flat=True)
    }
    assert len(days) > 30 and max(days) <= TODAY
    notified = {
        timezone.localdate(at) for at in Notification.objects.values_list("created_at", flat=True)
    }
    assert len(notified) > 3 and TODAY not in notified


def test_the_dashboards_open_on_this_year_with_this_year_s_data(seeded: Seeded):
    scope = dashboards.dashboard_scope(User.objects.get(username="program"), None)
    board = dashboards.dashboard(scope, year=None, today=TODAY)
    assert board.year == 2027
    for key in ("kegiatan", "pertemuan", "dukungan", "tema"):
        assert board.tables[key].rows, key
    page = client_of("program").get(reverse("programme:dashboard")).content.decode()
    assert "2027" in page and "2024" not in page


def test_the_kabupaten_meetings_page_opens_on_a_year_with_its_meetings(seeded: Seeded):
    response = client_of("kabupaten.sbd").get(reverse("district:district_index"), follow=True)
    page = response.content.decode()
    assert "2027" in page
    assert "0 dari 3" not in page and "1 dari 3" not in page
