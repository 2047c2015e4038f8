"""Synthetic programme records for the benchmarks, written with rembuk.core.history.bulk_create
(one change-log entry per record, as every write path makes).

- Pilot density (`build_dense`), per desa: an adopted plan (2 goals × 4 activities), two village
  reviews held with the status of every activity, three coordination meetings per kecamatan
  (two held, one planned) with a sheet for every desa, a support request routed to an agency
  at some stage, and a lesson with two themes.
- A thin layer (`build_thin`), per desa: an adopted plan (1 goal × 2 activities) and one review
  held with both activities' status; one held meeting per kecamatan with a sheet for each of its
  desa; every tenth desa also a support request and a lesson.

Both work one kabupaten at a time, so a national build never holds more than a kabupaten of
records in memory.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

YEAR = 2024
ACTIVITY_STATUSES = ["selesai", "berjalan", "belum_mulai", "terlambat", "terhambat", "batal"]
REQUEST_STATUSES = ["diajukan", "diterima", "dijadwalkan", "berjalan", "selesai", "ditolak"]
THEMES = ["pemasaran", "hama", "air", "bumdes", "penyuluhan", "iklim", "perikanan"]
AGENCIES = ("DPMD", "Distan", "Diskan", "Bappeda")


def _agencies(kabupaten: Any) -> list[Any]:
    from rembuk.core.history import bulk_create
    from rembuk.people.models import Agency

    existing = list(Agency.objects.filter(kabupaten=kabupaten).order_by("short_name"))
    if existing:
        return existing
    return bulk_create(
        Agency,
        [Agency(kabupaten=kabupaten, name=name, short_name=name) for name in AGENCIES],
        actor=None,
    )


def _by_kabupaten(prefixes: Iterable[str], exclude: Iterable[str] = ()) -> Iterable[Any]:
    """Each kabupaten under `prefixes` (codes; "" for the whole country), minus `exclude`."""
    from django.db.models import Q

    from rembuk.regions.models import Region

    excluded = tuple(f"{code}." for code in exclude) + tuple(exclude)
    for prefix in prefixes:
        kabupaten = Region.objects.filter(level="kabupaten").order_by("code")
        if prefix:
            kabupaten = kabupaten.filter(Q(code=prefix) | Q(code__startswith=f"{prefix}."))
        for region in kabupaten:
            if region.code in exclude or region.code.startswith(excluded):
                continue
            yield region


def _desas_of(kabupaten: Any) -> list[Any]:
    from rembuk.regions.models import Region

    return list(
        Region.objects.filter(level="desa", code__startswith=f"{kabupaten.code}.")
        .select_related("parent")
        .order_by("code")
    )


def _write(batches: dict[type, list[Any]]) -> None:
    from rembuk.core.history import bulk_create

    for model, objects in batches.items():
        if objects:
            bulk_create(model, objects, actor=None, batch_size=2000)


def build_dense(prefixes: Iterable[str]) -> int:
    """Pilot density for every desa under `prefixes` (kabupaten or provinsi codes)."""
    from rembuk.learning.models import Lesson
    from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
    from rembuk.monitoring.models import ActivityProgress, VillageReview
    from rembuk.plans.models import Activity, Goal, LivelihoodPlan
    from rembuk.support.models import SupportRequest, SupportRequestEvent

    count = 0
    statuses = itertools.cycle(ACTIVITY_STATUSES)
    request_statuses = itertools.cycle(REQUEST_STATUSES)
    themes = itertools.cycle(THEMES)
    for kabupaten in _by_kabupaten(prefixes):
        desas = _desas_of(kabupaten)
        agencies = _agencies(kabupaten)
        plans, goals, activities = [], [], []
        reviews, progress = [], []
        by_desa: dict[Any, list[Any]] = {}
        for n, desa in enumerate(desas):
            plan = LivelihoodPlan(
                desa=desa,
                period_start=YEAR,
                period_end=YEAR + 1,
                status="ditetapkan",
                adopted_on=datetime.date(YEAR, 1, 1 + n % 28),
            )
            plans.append(plan)
            for g in range(2):
                goal = Goal(plan=plan, position=g, statement=f"Tujuan {g + 1} desa {desa.name}")
                goals.append(goal)
                for a in range(4):
                    activity = Activity(goal=goal, position=a, name=f"Kegiatan {g + 1}.{a + 1}")
                    activities.append(activity)
                    by_desa.setdefault(desa.pk, []).append(activity)
            for month in (3, 9):
                review = VillageReview(
                    desa=desa, plan=plan, date=datetime.date(YEAR, month, 10), status="terlaksana"
                )
                reviews.append(review)
                progress.extend(
                    ActivityProgress(review=review, activity=activity, status=next(statuses))
                    for activity in by_desa[desa.pk]
                )
        kecamatan: dict[Any, list[Any]] = {}
        for desa in desas:
            kecamatan.setdefault(desa.parent, []).append(desa)
        meetings, sheets, first_sheet = [], [], {}
        for place, villages in kecamatan.items():
            for month, status in ((3, "selesai"), (7, "selesai"), (11, "direncanakan")):
                meeting = CoordinationMeeting(
                    kecamatan=place, date=datetime.date(YEAR, month, 28), status=status
                )
                meetings.append(meeting)
                for position, desa in enumerate(villages):
                    sheet = MeetingSheet(meeting=meeting, desa=desa, position=position)
                    sheets.append(sheet)
                    if month == 3:
                        first_sheet[desa.pk] = (sheet, meeting)
        followups, requests, events, lessons = [], [], [], []
        for n, desa in enumerate(desas):
            sheet, meeting = first_sheet[desa.pk]
            followup = FollowUp(
                sheet=sheet, text="Pendampingan penyuluh", kind="dukungan_opd", owner="opd"
            )
            followups.append(followup)
            status = next(request_statuses)
            request = SupportRequest(
                followup=followup,
                desa=desa,
                agency=agencies[n % len(agencies)] if status != "diajukan" else None,
                text=followup.text,
                status=status,
                due_date=datetime.date(YEAR, 6, 30),
                closed_on=datetime.date(YEAR, 8, 1) if status in ("selesai", "ditolak") else None,
            )
            requests.append(request)
            events.append(
                SupportRequestEvent(
                    request=request, kind="diajukan", date=meeting.date, to_status="diajukan"
                )
            )
            lessons.append(
                Lesson(
                    desa=desa,
                    happened_on=meeting.date,
                    what_happened="Harga jagung jatuh saat panen",
                    themes=[next(themes), next(themes)],
                )
            )
        _write(
            {
                LivelihoodPlan: plans,
                Goal: goals,
                Activity: activities,
                VillageReview: reviews,
                ActivityProgress: progress,
                CoordinationMeeting: meetings,
                MeetingSheet: sheets,
                FollowUp: followups,
                SupportRequest: requests,
                SupportRequestEvent: events,
                Lesson: lessons,
            }
        )
        count += len(desas)
    return count


def build_thin(prefixes: Iterable[str], *, exclude: Iterable[str] = ()) -> int:
    """The thin layer for every desa under `prefixes`, except under `exclude`."""
    from rembuk.learning.models import Lesson
    from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
    from rembuk.monitoring.models import ActivityProgress, VillageReview
    from rembuk.plans.models import Activity, Goal, LivelihoodPlan
    from rembuk.support.models import SupportRequest, SupportRequestEvent

    count = 0
    statuses = itertools.cycle(ACTIVITY_STATUSES)
    request_statuses = itertools.cycle(REQUEST_STATUSES)
    themes = itertools.cycle(THEMES)
    for kabupaten in _by_kabupaten(prefixes, exclude):
        desas = _desas_of(kabupaten)
        agencies = _agencies(kabupaten)
        batch: dict[type, list[Any]] = {
            model: []
            for model in (
                LivelihoodPlan,
                Goal,
                Activity,
                VillageReview,
                ActivityProgress,
                CoordinationMeeting,
                MeetingSheet,
                FollowUp,
                SupportRequest,
                SupportRequestEvent,
                Lesson,
            )
        }
        meetings: dict[Any, Any] = {}
        for n, desa in enumerate(desas):
            plan = LivelihoodPlan(
                desa=desa,
                period_start=YEAR,
                period_end=YEAR + 1,
                status="ditetapkan",
                adopted_on=datetime.date(YEAR, 1 + n % 12, 1 + n % 28),
            )
            goal = Goal(plan=plan, position=0, statement=f"Tujuan desa {desa.name}")
            acts = [Activity(goal=goal, position=a, name=f"Kegiatan {a + 1}") for a in range(2)]
            review = VillageReview(
                desa=desa,
                plan=plan,
                date=datetime.date(YEAR, 1 + n % 12, 5 + n % 20),
                status="terlaksana",
            )
            batch[LivelihoodPlan].append(plan)
            batch[Goal].append(goal)
            batch[Activity].extend(acts)
            batch[VillageReview].append(review)
            batch[ActivityProgress].extend(
                ActivityProgress(review=review, activity=a, status=next(statuses)) for a in acts
            )
            meeting = meetings.get(desa.parent_id)
            if meeting is None:
                day = datetime.date(YEAR, 1 + len(meetings) % 12, 1 + len(meetings) % 28)
                meeting = CoordinationMeeting(kecamatan=desa.parent, date=day, status="selesai")
                meetings[desa.parent_id] = meeting
                batch[CoordinationMeeting].append(meeting)
            sheet = MeetingSheet(meeting=meeting, desa=desa, position=n)
            batch[MeetingSheet].append(sheet)
            if n % 10 == 0:
                followup = FollowUp(
                    sheet=sheet, text="Bantuan bibit", kind="dukungan_opd", owner="opd"
                )
                status = next(request_statuses)
                request = SupportRequest(
                    followup=followup,
                    desa=desa,
                    agency=agencies[n % len(agencies)] if status != "diajukan" else None,
                    text=followup.text,
                    status=status,
                    closed_on=meeting.date if status in ("selesai", "ditolak") else None,
                )
                batch[FollowUp].append(followup)
                batch[SupportRequest].append(request)
                batch[SupportRequestEvent].append(
                    SupportRequestEvent(
                        request=request, kind="diajukan", date=meeting.date, to_status="diajukan"
                    )
                )
                batch[Lesson].append(
                    Lesson(
                        desa=desa,
                        happened_on=meeting.date,
                        what_happened="Bibit datang terlambat",
                        themes=[next(themes)],
                    )
                )
        _write(batch)
        count += len(desas)
    return count


LESSON_PROBLEMS = [
    "Penyuluh pertanian jarang datang ke dusun",
    "Harga kopra turun karena tengkulak menentukan harga",
    "Laporan pertanggungjawaban Dana Desa terlambat",
    "BUMDes kekurangan modal untuk usaha jagung",
    "Hama tikus menyerang tanaman padi",
    "Saluran irigasi rusak dan sawah kekurangan air",
    "Bibit dari dinas terlambat datang",
    "Pupuk bersubsidi langka menjelang musim tanam",
]
LESSON_CAUSES = [
    "kantor dinas jauh dan tidak ada kendaraan",
    "pembeli hanya satu orang",
    "bendahara belum paham Siskeudes",
    "musim kemarau lebih panjang dari biasanya",
]
LESSON_TRIED = [
    "Kelompok menjemput penyuluh bergiliran dengan ojek",
    "Petani menjual hasil panen bersama lewat BUMDes",
    "Pendamping desa melatih bendahara menyusun SPJ",
    "Gotong royong memperbaiki saluran dengan swadaya warga",
]


def build_lessons(count: int, prefix: str = "") -> int:
    """`count` lessons over the desa under `prefix`, indexed for search as the services do."""
    import random

    from rembuk.core.history import bulk_create
    from rembuk.learning.models import Lesson
    from rembuk.learning.search import index
    from rembuk.regions.models import Region

    rng = random.Random(12)
    desas = list(Region.objects.filter(level="desa", code__startswith=prefix))
    lessons = [
        Lesson(
            desa=rng.choice(desas),
            happened_on=datetime.date(rng.randint(2022, 2025), rng.randint(1, 12), 1),
            what_happened=rng.choice(LESSON_PROBLEMS),
            why=rng.choice(LESSON_CAUSES),
            what_was_tried=rng.choice(LESSON_TRIED),
            outcome=rng.choice(Lesson.Outcome.values),
            themes=[rng.choice(THEMES)],
        )
        for _ in range(count)
    ]
    bulk_create(Lesson, lessons, actor=None, batch_size=2000)
    index.index_lessons(lessons, replace=False, refresh_vocabulary=False)
    index.rebuild_vocabulary()
    return count
