"""The kept dashboard figures (rembuk.programme.rollups) always equal a full recount.

Property-style: seeded random sequences of edits through the change log — plans adopted and
deleted, reviews held and moved, progress changed, activities deleted, meetings opened, closed,
moved and deleted (some dated after "today"), sheets added and removed, requests routed,
answered and re-dated, lessons and their themes, stages set by hand, evaluations — and after
every few edits the kept figures must equal a rebuild from the records, and the dashboards must
show what the recount of the old dashboards (tests/recount.py) shows, on several days.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from rembuk.core import history
from rembuk.core.testing import region, user_with_role
from rembuk.learning.models import Lesson, Theme
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.people.models import Role
from rembuk.plans.models import Activity, LivelihoodPlan
from rembuk.programme import rollups, selectors, services
from rembuk.programme.models import DesaFigures, PendingFigures, RegionTally
from rembuk.programme.tests import recount
from rembuk.programme.tests.records import (
    agency,
    make_evaluation,
    make_lesson,
    make_meeting,
    make_plan,
    make_request,
    make_review,
)
from rembuk.support.models import SupportRequest, SupportRequestEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The recount's titles were translated before the new ones: compare them in English.
    with translation.override("en"):
        yield


KECAMATAN = ["53.18.11", "53.18.04", "81.05.15"]
DAYS = [
    datetime.date(2023, 11, 20),
    datetime.date(2024, 3, 28),
    datetime.date(2024, 7, 2),
    datetime.date(2024, 12, 31),
    datetime.date(2025, 1, 1),
    datetime.date(2025, 2, 14),
]
TODAYS = [datetime.date(2024, 7, 15), datetime.date(2025, 1, 10), datetime.date(2026, 12, 2)]


class World:
    """Random edits over a few desa of three kecamatan in two kabupaten."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.desas = {code: list(region(code).children.order_by("code")[:4]) for code in KECAMATAN}
        self.agencies = {
            "53.18": [agency("DPMD"), agency("Distan")],
            "81.05": [agency("Diskan", "81.05")],
        }

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    def desa(self) -> Any:
        return self.pick(self.desas[self.pick(KECAMATAN)])

    def day(self) -> datetime.date:
        return self.pick(DAYS)

    def live(self, model: Any) -> list[Any]:
        return list(model.objects.order_by("pk"))

    def step(self) -> None:
        action = self.pick(
            [
                self.plan,
                self.plan,
                self.adopt,
                self.review,
                self.review,
                self.move_review,
                self.progress,
                self.meeting,
                self.meeting,
                self.move_meeting,
                self.sheet,
                self.request,
                self.request,
                self.route,
                self.event,
                self.lesson,
                self.stage,
                self.evaluation,
                self.delete,
            ]
        )
        action()

    def plan(self) -> None:
        make_plan(self.desa(), adopted_on=self.pick([None, self.day()]), activities=3)

    def adopt(self) -> None:
        plans = self.live(LivelihoodPlan)
        if plans:
            plan = self.pick(plans)
            adopted = plan.status != LivelihoodPlan.Status.ADOPTED
            history.update(
                plan,
                actor=None,
                status=LivelihoodPlan.Status.ADOPTED if adopted else LivelihoodPlan.Status.DRAFT,
                adopted_on=self.day() if adopted else None,
            )

    def review(self) -> None:
        plans = self.live(LivelihoodPlan)
        if not plans:
            return
        plan = self.pick(plans)
        statuses = {
            activity: self.pick(list(ActivityStatus))
            for activity in plan.goals.first().activities.all()
            if self.rng.random() < 0.8
        }
        make_review(plan.desa, plan, self.day(), statuses, held=self.rng.random() < 0.8)

    def move_review(self) -> None:
        reviews = self.live(VillageReview)
        if reviews:
            review = self.pick(reviews)
            status = self.pick([VillageReview.Status.HELD, VillageReview.Status.PLANNED])
            history.update(review, actor=None, date=self.day(), status=status)

    def progress(self) -> None:
        rows = self.live(ActivityProgress)
        if rows:
            history.update(self.pick(rows), actor=None, status=self.pick(list(ActivityStatus)))

    def meeting(self) -> None:
        kecamatan = self.pick(KECAMATAN)
        villages = [d for d in self.desas[kecamatan] if self.rng.random() < 0.6]
        meeting = make_meeting(region(kecamatan), self.day(), villages, closed=False)
        status = self.pick(list(CoordinationMeeting.Status))
        history.update(meeting, actor=None, status=status)

    def move_meeting(self) -> None:
        meetings = self.live(CoordinationMeeting)
        if meetings:
            meeting = self.pick(meetings)
            # Sometimes after "today": a meeting opened before its date.
            day = self.pick([self.day(), datetime.date(2025, 1, 20), datetime.date(2027, 3, 1)])
            status = self.pick(list(CoordinationMeeting.Status))
            history.update(meeting, actor=None, date=day, status=status)

    def sheet(self) -> None:
        meetings = self.live(CoordinationMeeting)
        if not meetings:
            return
        meeting = self.pick(meetings)
        missing = [
            d
            for d in self.desas[meeting.kecamatan.code]
            if not meeting.sheets.filter(desa=d).exists()
        ]
        if missing:
            history.create(
                MeetingSheet, actor=None, meeting=meeting, desa=self.pick(missing), position=9
            )

    def request(self) -> None:
        sheets = self.live(MeetingSheet)
        if not sheets:
            return
        sheet = self.pick(sheets)
        status = self.pick(list(SupportRequest.Status))
        kabupaten = sheet.desa.kabupaten_code()
        make_request(
            sheet.meeting,
            sheet.desa,
            agency=self.pick([None, *self.agencies[kabupaten]]),
            status=status,
            closed_on=self.day() if status in ("selesai", "ditolak") else None,
        )

    def route(self) -> None:
        requests = self.live(SupportRequest)
        if requests:
            request = self.pick(requests)
            status = self.pick(list(SupportRequest.Status))
            history.update(
                request,
                actor=None,
                status=status,
                agency=self.pick([None, *self.agencies[request.desa.kabupaten_code()]]),
                closed_on=self.day() if status in ("selesai", "ditolak") else None,
            )

    def event(self) -> None:
        events = self.live(SupportRequestEvent)
        if events and self.rng.random() < 0.5:
            history.soft_delete(self.pick(events), actor=None)  # dated by its meeting then
        elif events:
            history.update(self.pick(events), actor=None, date=self.day())

    def lesson(self) -> None:
        lessons = self.live(Lesson)
        themes = [self.pick(list(Theme)) for _ in range(self.rng.randint(0, 3))]
        if lessons and self.rng.random() < 0.4:
            history.update(self.pick(lessons), actor=None, themes=themes, happened_on=self.day())
        else:
            make_lesson(self.desa(), self.day(), themes)

    def stage(self) -> None:
        status = self.pick(["belum", "berjalan", "selesai"])
        services.stage_progress_set(
            desa=self.desa(),
            stage=self.rng.randint(1, 8),
            status=status,
            date=self.day(),
            actor=None,
        )

    def evaluation(self) -> None:
        plans = self.live(LivelihoodPlan)
        if plans:
            make_evaluation(self.pick(plans), self.day())

    def delete(self) -> None:
        model = self.pick(
            [LivelihoodPlan, Activity, VillageReview, CoordinationMeeting, MeetingSheet, Lesson]
        )
        rows = self.live(model)
        if not rows:
            return
        target = self.pick(rows)
        if model is MeetingSheet and FollowUp.objects.filter(sheet=target).exists():
            return  # a sheet with requests on it stays (its requests keep their follow-ups)
        if model is CoordinationMeeting and FollowUp.objects.filter(sheet__meeting=target).exists():
            return
        history.soft_delete(target, actor=None)


def kept_equals_rebuild() -> None:
    rollups.refresh()
    kept = rollups.snapshot()
    rollups.rebuild()
    assert kept == rollups.snapshot()


def assert_the_api_lists_the_programme_villages(user: Any) -> None:
    """The API's stage list reads the programme villages' one rule (the kept DesaFigures, brought
    up to date): the same villages as the old rule read from the records, changes pending or not."""
    listed = selectors.stage_desas_visible_to(user).values_list("code", flat=True)
    from_records = recount.desas_in(recount.DashboardScope(codes=["53.18"]))
    assert sorted(listed) == sorted(from_records.values_list("code", flat=True))


def comparable(table: Any) -> tuple[Any, ...]:
    return (table.key, table.title, table.headers, table.rows, list(table.links), table.note)


def assert_dashboard_matches_the_recount(codes: list[str], year: int, today: datetime.date):
    scope = selectors.DashboardScope(codes=codes, region=None)
    board = selectors.dashboard(scope, year=year, today=today)
    old = recount.dashboard(recount.DashboardScope(codes=codes), year=year, today=today)
    assert board.desa_count == old.desa_count
    for key, table in old.tables.items():
        new = board.tables[key]
        if key in ("tahapan-desa", "tanpa-catatan"):
            assert new.total == len(table.rows), key
        assert comparable(new) == comparable(table), (key, year, today)


def sum_by_parent(rows: list[list[Any]], numbers: slice) -> dict[str, list[int]]:
    from rembuk.regions.models import Region

    names = {
        r.name: r.parent.name
        for r in Region.objects.filter(level="kecamatan").select_related("parent")
    }
    sums: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        values = row[numbers]
        parent = names[row[0]]
        sums[parent] = (
            [a + b for a, b in zip(sums[parent], values, strict=True)]
            if sums[parent]
            else list(values)
        )
    return dict(sums)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_keep_the_figures_equal_to_a_rebuild_and_to_the_recount(seed):
    world = World(seed)
    sbd = user_with_role(Role.TIM_KABUPATEN, "53.18")
    for step in range(36):
        world.step()
        if step % 12 == 11:
            assert rollups.pending()
            assert_the_api_lists_the_programme_villages(sbd)
            kept_equals_rebuild()
    for today in TODAYS[1:]:
        for year in (2024, 2025):
            assert_dashboard_matches_the_recount(["53.18", "81.05"], year, today)
    assert_dashboard_matches_the_recount(["53.18.11"], 2024, TODAYS[0])


class _Undo(Exception):
    pass


def test_the_same_edits_arriving_by_sync_give_the_same_figures():
    """Random edits made here, rolled back, then applied again as a hub applies a node's batch:
    the figures kept from the applied changes equal those kept from the edits, and a rebuild."""
    from rembuk.core.models import ChangeLog
    from rembuk.sync.services import LOG_FIELDS, apply_entries, wire_entry

    rollups.refresh()
    start = ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    world = World(3)
    try:
        with transaction.atomic():
            for _ in range(40):
                world.step()
            rollups.refresh()
            edited = rollups.snapshot()
            entries = [
                wire_entry(row)
                for row in ChangeLog.objects.filter(seq__gt=start)
                .order_by("seq")
                .values(*LOG_FIELDS)
            ]
            raise _Undo
    except _Undo:
        pass
    rollups.refresh()
    assert rollups.snapshot() != edited
    with transaction.atomic():
        result = apply_entries(entries, unseen=lambda row: False, source_node="laptop-kodi")
    assert result.applied + result.already_here == len(entries) and not result.refused
    rollups.refresh()
    assert rollups.snapshot() == edited
    kept_equals_rebuild()


def test_above_the_kabupaten_each_kabupaten_sums_its_kecamatan():
    world = World(7)
    for _ in range(60):
        world.step()
    today = datetime.date(2025, 1, 10)
    scope = selectors.DashboardScope(codes=["53", "81"], region=None)
    board = selectors.dashboard(scope, year=2024, today=today)
    old = recount.dashboard(recount.DashboardScope(codes=["53", "81"]), year=2024, today=today)
    for key in ("tahapan", "tema", "tahapan-desa", "tanpa-catatan"):
        assert comparable(board.tables[key]) == comparable(old.tables[key])
    for key in ("kegiatan", "pertemuan"):
        new = {row[0]: row[2:] for row in board.tables[key].rows}  # provinsi column second
        old_rows = old.tables[key].rows
        expected = sum_by_parent([[row[0], *row[2:]] for row in old_rows], slice(1, None))
        assert new == expected, key
    # Requests per kabupaten: the old per-agency rows, summed over each kabupaten's agencies.
    totals = {row[0]: row[7] for row in board.tables["dukungan"].rows}
    all_requests = sum(row[7] for row in old.tables["dukungan"].rows)
    assert sum(totals.values()) == all_requests


def test_ages_and_quiet_villages_follow_the_day_without_any_record_changing():
    desa = region("53.18.11.2006")
    plan, _acts = make_plan(desa, adopted_on=datetime.date(2024, 1, 10))
    make_review(desa, plan, datetime.date(2024, 3, 1))
    meeting = make_meeting(region("53.18.11"), datetime.date(2024, 3, 28), [desa])
    make_request(meeting, desa)
    scope = selectors.DashboardScope(codes=["53.18.11"], region=None)
    for today, quiet in ((datetime.date(2024, 5, 1), 0), (datetime.date(2024, 9, 1), 1)):
        board = selectors.dashboard(scope, year=2024, today=today)
        age = (today - datetime.date(2024, 3, 28)).days
        assert board.tables["dukungan"].rows[0][-2:] == [age, age]
        assert board.tables["tanpa-catatan"].total == quiet
    # A meeting opened before its date counts from that date on, not before.
    early = make_meeting(region("53.18.11"), datetime.date(2024, 10, 1), [desa])
    make_review(desa, plan, datetime.date(2024, 9, 20))
    for today, quiet in ((datetime.date(2024, 9, 25), 1), (datetime.date(2024, 10, 2), 0)):
        board = selectors.dashboard(scope, year=2024, today=today)
        assert board.tables["tanpa-catatan"].total == quiet, today
        assert len(board.tables["tanpa-catatan"].rows) == quiet
    assert early.status == CoordinationMeeting.Status.CLOSED


def test_the_quiet_villages_on_the_page_are_the_first_of_the_whole_list(django_assert_num_queries):
    """The page shows the first rows of the full list of quiet villages and its count, with or
    without a village whose records are dated after today (two reads, whatever they hold)."""
    from rembuk.programme import tables

    desas = list(region("53.18.11").children.order_by("code")[:5])
    for desa in desas:
        make_plan(desa, activities=0)
    make_review(desas[1], None, datetime.date(2024, 3, 1))
    rollups.refresh()
    scope = selectors.DashboardScope(codes=["53.18.11"], region=None)
    today = datetime.date(2024, 9, 25)

    def quiet(limit: int | None) -> Any:
        figures = tables.Figures(scope, 2024, today, listing=False)
        return tables.build(figures, ["tanpa-catatan"], limit=limit)["tanpa-catatan"]

    def recounted() -> Any:
        old = recount.dashboard(recount.DashboardScope(codes=["53.18.11"]), year=2024, today=today)
        return old.tables["tanpa-catatan"]

    with django_assert_num_queries(3):  # its own tallies, the future-dated, the others
        page = quiet(2)
    assert comparable(quiet(None)) == comparable(recounted())
    assert page.rows == recounted().rows[:2] and page.total == 5
    # A meeting opened before its date: that village counts from its records up to today.
    make_review(desas[3], None, datetime.date(2024, 9, 20))
    make_meeting(region("53.18.11"), datetime.date(2024, 10, 1), [desas[3], desas[4]])
    rollups.refresh()
    with django_assert_num_queries(3):
        page = quiet(2)
    full = quiet(None)
    assert comparable(full) == comparable(recounted())
    assert page.rows == full.rows[:2] and page.total == full.total == 5


def test_a_change_no_figure_reads_notes_nothing():
    plan, acts = make_plan(region("53.18.11.2006"))
    rollups.refresh()
    history.update(acts[0], actor=None, name="Nama baru")
    history.update(plan, actor=None, notes="Catatan")
    assert not PendingFigures.objects.exists()
    history.update(plan, actor=None, status=LivelihoodPlan.Status.ADOPTED)
    assert PendingFigures.objects.filter(kind="desa", ref="53.18.11.2006").exists()


def test_a_record_moved_to_another_desa_leaves_nothing_behind():
    first, second = region("53.18.11.2006"), region("53.18.11.2001")
    lesson = make_lesson(first, datetime.date(2024, 3, 1), [Theme.WATER])
    rollups.refresh()
    history.update(lesson, actor=None, desa=second)
    kept_equals_rebuild()
    assert (
        not RegionTally.objects.filter(figure=rollups.THEME, region_code="53.18.11")
        .exclude(count=1)
        .exists()
    )


def test_the_figures_are_refreshed_once_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        village = region("53.18.11.2006")
        with transaction.atomic():
            plan, acts = make_plan(village, adopted_on=datetime.date(2024, 1, 2))
            make_review(village, plan, datetime.date(2024, 3, 1), {acts[0]: "selesai"})
    assert len(callbacks) == 1
    assert not PendingFigures.objects.exists()
    assert DesaFigures.objects.get(desa=village).stage == 6


def test_a_new_installation_builds_its_figures_on_the_first_refresh():
    make_plan(region("53.18.11.2006"), adopted_on=datetime.date(2024, 1, 2))
    RegionTally.objects.all().delete()
    PendingFigures.objects.all().delete()
    PendingFigures.objects.create(kind=PendingFigures.Kind.ALL)  # as the migration leaves it
    rollups.refresh()
    assert RegionTally.objects.get(region_code="53.18", figure=rollups.DESA).count == 1
    assert not PendingFigures.objects.exists()


def test_a_refresh_with_nothing_pending_is_one_query():
    rollups.refresh()
    with CaptureQueriesContext(connection) as queries:
        assert rollups.refresh() == 0
    assert len(queries) == 1


def test_the_command_rebuilds_every_figure(capsys):
    from django.core.management import call_command

    make_plan(region("53.18.11.2006"))
    call_command("rebuild_figures")
    assert "1 desa" in capsys.readouterr().out
    assert Counter(RegionTally.objects.filter(figure="desa").values_list("count", flat=True)) == {
        1: 4
    }
