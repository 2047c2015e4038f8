"""Demo data for village monitoring: what the villages of Kodi Balaghar found in their own
sessions before the demo's first kecamatan meeting (docs/mechanism.md#village-monitoring).

The demo's meetings (rembuk.demo.meetings) already record the dates of those sessions. This adds,
to each held session before the meeting that has no results yet, a status and a short note per
activity, the four answers, and the dependencies between activities that make one blocked
activity hold up others. Wailangira plays the guide's Desa X: the capital for the BUMDes cannot
be handed over because the Dana Desa is not disbursed, which holds up 6 of the 7 BUMDes
activities; the penyuluh did not come to the pest training. Idempotent: a session that already
has results, and a dependency that already exists, are left alone. Each session's results are
recorded on the afternoon it was held.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rembuk.core.history import recorded_as_of
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.desa_x import (
    BUMDES_ACTIVITIES,
    CHALLENGE_EXTENSION_WORKER,
    CHALLENGE_FINANCE,
    CHALLENGE_FINANCE_CAUSE,
    PEST_ACTIVITIES,
)
from rembuk.demo.meetings import first_meeting
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.monitoring.services import ProgressEntry, current_plan, village_review_update
from rembuk.people.models import User
from rembuk.plans.models import Activity, FundingSource
from rembuk.plans.services import activity_dependency_add

KECAMATAN = "53.18.11"
DESA_X = "53.18.11.2001"

S = ActivityStatus
# Desa X: (activity, status, note); then "activity waits for these".
DESA_X_PROGRESS: tuple[tuple[str, str, str], ...] = (
    (BUMDES_ACTIVITIES[0], S.DONE, "Ditetapkan di musyawarah desa {2023-12-12}."),
    (
        BUMDES_ACTIVITIES[1],
        S.BLOCKED,
        "Dana Desa tahap I belum cair: laporan pertanggungjawaban keuangan 2023 belum selesai.",
    ),
    (
        BUMDES_ACTIVITIES[2],
        S.LATE,
        "Dijadwalkan {2024-01-22:dm}; ditunda sampai modal diserahkan. CSR sudah siap membiayai.",
    ),
    (BUMDES_ACTIVITIES[3], S.NOT_STARTED, "Dibuat sebagai bagian dari pelatihan."),
    (BUMDES_ACTIVITIES[4], S.NOT_STARTED, "Belum bisa diumumkan sebelum ada modal."),
    (BUMDES_ACTIVITIES[5], S.NOT_STARTED, ""),
    (BUMDES_ACTIVITIES[6], S.NOT_STARTED, "Gudang sudah ditunjuk."),
    (
        PEST_ACTIVITIES[0],
        S.DONE,
        "Sempat terhambat dana DD; dilakukan dalam pertemuan lain pada {2024-02-20:dm}.",
    ),
    (
        PEST_ACTIVITIES[1],
        S.IN_PROGRESS,
        "Sudah 2 kali bertemu: {2024-02-15:dm} dan {2024-03-07:dm}.",
    ),
    (
        PEST_ACTIVITIES[2],
        S.BLOCKED,
        "Penyuluh pertanian tidak hadir pada pertemuan {2024-03-07:dm}.",
    ),
    (PEST_ACTIVITIES[3], S.NOT_STARTED, "Menunggu pelatihan."),
    (PEST_ACTIVITIES[4], S.NOT_STARTED, ""),
)
DESA_X_DEPENDENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (BUMDES_ACTIVITIES[1], (BUMDES_ACTIVITIES[0],)),
    (BUMDES_ACTIVITIES[2], (BUMDES_ACTIVITIES[1],)),
    (BUMDES_ACTIVITIES[3], (BUMDES_ACTIVITIES[2],)),
    (BUMDES_ACTIVITIES[4], (BUMDES_ACTIVITIES[1],)),
    (BUMDES_ACTIVITIES[5], (BUMDES_ACTIVITIES[3], BUMDES_ACTIVITIES[4])),
    (BUMDES_ACTIVITIES[6], (BUMDES_ACTIVITIES[5],)),
    (PEST_ACTIVITIES[3], (PEST_ACTIVITIES[2],)),
    (PEST_ACTIVITIES[4], (PEST_ACTIVITIES[3],)),
)
DESA_X_TEXTS = {
    "off_track": f"{CHALLENGE_FINANCE} {CHALLENGE_FINANCE_CAUSE}. {CHALLENGE_EXTENSION_WORKER}",
    "support_needed": (
        "Pendampingan DPMD dan pendamping desa untuk menyelesaikan laporan keuangan desa; "
        "jadwal kunjungan penyuluh pertanian dan nomor kontaknya."
    ),
    "learning": (
        "Sosialisasi bisa menumpang pada pertemuan warga yang sudah ada, tanpa biaya tambahan. "
        "Operator desa yang baru perlu dilatih sebelum tutup buku."
    ),
    "summary": "Kegiatan BUMDes tertahan oleh modal (6 dari 7 kegiatan); hama belum tertangani.",
}

# Other villages: a status pattern over their activities in plan order, cycled.
PATTERNS: dict[str, tuple[str, ...]] = {
    "53.18.11.2002": (S.DONE, S.IN_PROGRESS, S.LATE, S.NOT_STARTED, S.IN_PROGRESS, S.DONE),
    "53.18.11.2003": (S.DONE, S.DONE, S.IN_PROGRESS, S.NOT_STARTED, S.BLOCKED, S.NOT_STARTED),
    "53.18.11.2004": (S.IN_PROGRESS, S.DONE, S.NOT_STARTED, S.NOT_STARTED, S.CANCELLED),
    "53.18.11.2006": (S.DONE, S.IN_PROGRESS, S.IN_PROGRESS, S.BLOCKED, S.NOT_STARTED, S.DONE),
    "53.18.11.2007": (S.IN_PROGRESS, S.LATE, S.NOT_STARTED, S.DONE, S.NOT_STARTED),
    "53.18.11.2008": (S.DONE, S.IN_PROGRESS, S.NOT_STARTED, S.LATE, S.NOT_STARTED),
}
TEXTS: dict[str, dict[str, str]] = {
    "53.18.11.2002": {
        "off_track": "Bahan kandang belum dibeli karena harga seng naik; beberapa babi mati lagi.",
        "support_needed": "Kunjungan petugas kesehatan hewan untuk vaksinasi.",
        "learning": "Warga lebih mau ikut bila sosialisasi dilakukan sesudah ibadah Minggu.",
    },
    "53.18.11.2003": {
        "off_track": "Pompa air untuk kebun belum ada; kelompok menunggu bantuan dinas.",
        "support_needed": "Informasi jadwal bantuan pompa dari Dinas Pertanian.",
    },
    "53.18.11.2004": {
        "learning": "Simpan pinjam kelompok berjalan lebih lancar dengan pencatatan mingguan.",
    },
    "53.18.11.2006": {
        "off_track": "Kayu bakar untuk memasak garam makin mahal; tungku hemat belum dibuat.",
        "support_needed": "Contoh tungku hemat kayu dari desa lain atau dinas.",
        "learning": "Penjualan garam bersama lewat kelompok memberi harga lebih baik.",
    },
    "53.18.11.2007": {
        "off_track": "Pelatihan tenun tertunda karena pelatih dari kota belum datang.",
    },
    "53.18.11.2008": {
        "support_needed": "Pendampingan untuk izin usaha kelompok (PIRT).",
    },
}
ACTORS = {DESA_X: "desa.wailangira", "53.18.11.2006": "desa.wainyapu"}


def _note(activity: Activity, status: str) -> str:
    """A short, plausible note for an activity that is late or blocked."""
    if status not in (S.BLOCKED, S.LATE):
        return ""
    if FundingSource.DANA_DESA in activity.funding_sources:
        return "Menunggu pencairan Dana Desa tahap I."
    if FundingSource.OPD_TEKNIS in activity.funding_sources:
        return "Petugas dinas belum datang; desa sudah menghubungi kecamatan."
    return "Warga sibuk di ladang pada musim tanam; dijadwalkan ulang."


def _plan_activities(review: VillageReview) -> list[Activity]:
    plan = review.plan or current_plan(review.desa, review.date)
    if plan is None:
        return []
    return list(
        Activity.objects.filter(goal__plan=plan, goal__is_deleted=False)
        .select_related("goal")
        .order_by("goal__position", "goal__changed_at", "position", "changed_at")
    )


def _desa_x(review: VillageReview, actor: Any, calendar: DemoCalendar) -> None:
    by_name = {a.name: a for a in _plan_activities(review)}
    for name, waits_for in DESA_X_DEPENDENCIES:
        if name in by_name:
            for other in waits_for:
                if other in by_name:
                    activity_dependency_add(
                        activity=by_name[name], depends_on=by_name[other], actor=actor
                    )
    progress = {
        by_name[name].pk: ProgressEntry(status, calendar.text(note))
        for name, status, note in DESA_X_PROGRESS
        if name in by_name
    }
    village_review_update(
        review=review, base_version=None, progress=progress, actor=actor, **DESA_X_TEXTS
    )


def _other(review: VillageReview, actor: Any) -> None:
    activities = _plan_activities(review)
    pattern = PATTERNS.get(review.desa.code)
    if not activities or not pattern:
        return
    progress: dict[Any, ProgressEntry] = {}
    for index, activity in enumerate(activities):
        status = pattern[index % len(pattern)]
        progress[activity.pk] = ProgressEntry(status, _note(activity, status))
        # The next activity of the same goal waits for a blocked one: what it holds up shows.
        if status == S.BLOCKED and index + 1 < len(activities):
            following = activities[index + 1]
            if following.goal_id == activity.goal_id:
                activity_dependency_add(activity=following, depends_on=activity, actor=actor)
    village_review_update(
        review=review,
        base_version=None,
        progress=progress,
        actor=actor,
        **TEXTS.get(review.desa.code, {}),
    )


@transaction.atomic
def seed_monitoring_demo(users: dict[str, User], calendar: DemoCalendar) -> str:
    """Results for the held sessions of Kodi Balaghar before the demo's first meeting."""
    meeting = first_meeting()
    if meeting is None:
        return "Pemantauan desa: rapat pertama Kodi Balaghar tidak ada, tidak ada yang dicatat."
    reviews = list(
        VillageReview.objects.filter(
            desa__parent__code=KECAMATAN,
            status=VillageReview.Status.HELD,
            date__lt=meeting.date,
        )
        .select_related("desa", "plan")
        .order_by("desa__code", "date")
    )
    with_results = set(
        ActivityProgress.objects.filter(review__in=reviews).values_list("review_id", flat=True)
    )
    filled = 0
    for review in reviews:
        if review.pk in with_results:
            continue
        actor = users.get(ACTORS.get(review.desa.code, "kecamatan.kodibalaghar"))
        # The village team writes its results down the afternoon of its session.
        with recorded_as_of(calendar.moment_on(review.date, 16)):
            if review.desa.code == DESA_X:
                _desa_x(review, actor, calendar)
            else:
                _other(review, actor)
        filled += int(ActivityProgress.objects.filter(review=review).exists())
    return (
        f"Pemantauan desa: hasil {filled} sesi pemantauan desa di Kecamatan Kodi Balaghar "
        "dicatat per kegiatan."
    )
