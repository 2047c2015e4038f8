"""Demo coordination meetings of Kecamatan Kodi Balaghar (53.18.11): the kecamatan guide acted
out (docs/mechanism.md#kecamatan-coordination-meeting).

The first meeting is the guide's own example (its 28 March, placed by rembuk.demo.calendar):
Desa Wailangira plays Desa X and its sheet reproduces Matriks 3 word for word
(rembuk.demo.desa_x); the other villages bring their own, different troubles, fitting their
demo plans. One village (Waiha) could not come, so the meeting was closed after confirming its
empty sheet. The next meeting (the story's 25 July) is scheduled, and the follow-ups still open
are carried into it for review. Each village also has the dates of its own monitoring sessions
before both meetings (Waiha has none before the first, Waikarara none yet before the next, so
the warnings show). Each step is recorded on the day it happened in the story.

Same rule as the rest of the demo: idempotent — once the kecamatan has its closed meeting, its
meetings are left alone, and a desa that has village sessions gets no more. Everything goes
through the services the meeting pages use (rembuk.meetings.services,
rembuk.monitoring.services).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from rembuk.core.history import recorded_as_of
from rembuk.demo import desa_x
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.plans import DEMO_PLANS
from rembuk.meetings import services
from rembuk.meetings.models import CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.monitoring.models import VillageReview
from rembuk.monitoring.services import village_review_record
from rembuk.people.models import Agency
from rembuk.plans.models import Activity, Goal, LivelihoodPlan
from rembuk.regions.models import Region

KECAMATAN = "53.18.11"
KABUPATEN = "53.18"
DESA_X = "53.18.11.2001"  # Wailangira plays Desa X
ABSENT = "53.18.11.2005"  # Waiha could not send anyone to the first meeting
# As the story dates them; rembuk.demo.calendar places them.
FIRST_DATE = desa_x.MEETING_DATE
NEXT_DATE = datetime.date(2024, 7, 25)
SCHEDULED_BEFORE = datetime.timedelta(days=21)  # the kecamatan sets the date three weeks ahead
PLACE = "Aula Kantor Camat Kodi Balaghar, Bondokodi"

KIND = FollowUp.Kind
OWNER = FollowUp.Owner


@dataclass(frozen=True)
class DemoChallenge:
    text: str
    cause: str = ""
    learning: str = ""
    blocked: tuple[str, ...] = ()  # activity names of the same goal


@dataclass(frozen=True)
class DemoFollowUp:
    text: str
    kind: str
    owner: str
    agency: str = ""  # short name of an agency of the kabupaten, when owner is OPD
    due: datetime.date | None = None


@dataclass(frozen=True)
class DemoRow:
    goal: int  # position of the goal in the desa's plan
    challenges: tuple[DemoChallenge, ...] = ()
    followups: tuple[DemoFollowUp, ...] = ()


@dataclass(frozen=True)
class DemoSheet:
    desa_code: str
    representatives: str
    rows: tuple[DemoRow, ...] = field(default=())


def d(month: int, day: int) -> datetime.date:
    """A date of the story, as written; the calendar places it."""
    return datetime.date(2024, month, day)


DESA_X_SHEET = DemoSheet(
    DESA_X,
    "Kepala Desa Wailangira; Sekretaris Desa; Ketua BUMDes",
    (
        DemoRow(
            0,
            (
                DemoChallenge(
                    f"{desa_x.CHALLENGE_FINANCE}\n{desa_x.CHALLENGE_FINANCE_REACH}",
                    cause=desa_x.CHALLENGE_FINANCE_CAUSE,
                    # The musyawarah was held; the six activities after it wait for the capital.
                    blocked=desa_x.BUMDES_ACTIVITIES[1:],
                ),
            ),
            (
                DemoFollowUp(
                    desa_x.FOLLOWUP_ASSISTANCE,
                    KIND.AGENCY_SUPPORT,
                    OWNER.AGENCY,
                    "DPMD",
                    d(4, 30),
                ),
                DemoFollowUp(
                    desa_x.FOLLOWUP_TRAINING, KIND.AGENCY_SUPPORT, OWNER.AGENCY, "DPMD", d(5, 31)
                ),
            ),
        ),
        DemoRow(
            1,
            (
                DemoChallenge(desa_x.CHALLENGE_SOCIALISATION),
                DemoChallenge(desa_x.CHALLENGE_EXTENSION_WORKER),
            ),
            (
                DemoFollowUp(
                    desa_x.FOLLOWUP_VISIT, KIND.AGENCY_SUPPORT, OWNER.AGENCY, "Distan", d(4, 15)
                ),
                DemoFollowUp(
                    desa_x.followup_contact("Wailangira"),
                    KIND.KECAMATAN_SUPPORT,
                    OWNER.KECAMATAN,
                    due=d(4, 5),
                ),
            ),
        ),
    ),
)

OTHER_SHEETS: tuple[DemoSheet, ...] = (
    DemoSheet(
        "53.18.11.2002",  # Kahale: pigs and cattle
        "Kepala Desa Kahale; kader kesehatan hewan",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Dua ekor babi mati di Dusun Kahale Bawah bulan lalu; warga belum tahu "
                        "apakah karena ASF.",
                        cause="Bangkai babi masih dibuang ke kali dan babi dari desa tetangga "
                        "masuk tanpa diperiksa.",
                        learning="Di Dusun Kahale Atas, kandang semi permanen sudah dipakai dan "
                        "belum ada babi yang sakit.",
                        blocked=("Pengaturan lalu lintas babi dari luar desa",),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Meminta petugas kesehatan hewan Dinas Peternakan memeriksa babi yang "
                        "sakit dan mengambil sampel.",
                        KIND.AGENCY_SUPPORT,
                        OWNER.AGENCY,
                        "Disnak",
                        d(6, 7),
                    ),
                    DemoFollowUp(
                        "Desa menetapkan larangan membuang bangkai babi ke kali dan "
                        "mengumumkannya di gereja dan pertemuan dusun.",
                        KIND.VILLAGE_ACTION,
                        OWNER.DESA,
                        due=d(4, 30),
                    ),
                ),
            ),
        ),
    ),
    DemoSheet(
        "53.18.11.2003",  # Waikarara: rain-fed rice, plan still a draft
        "Sekretaris Desa Waikarara; ketua kelompok tani",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Usulan embung tidak masuk daftar prioritas Musrenbang Kecamatan karena "
                        "usulan belum dilampiri gambar lokasi.",
                        cause="Rencana desa belum ditetapkan dalam musyawarah desa, sehingga "
                        "usulan belum punya dasar.",
                        blocked=("Pembangunan embung", "Pembuatan saluran tersier ke petak sawah"),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Kecamatan membantu desa menyiapkan gambar lokasi dan proposal embung "
                        "untuk Musrenbang Kabupaten.",
                        KIND.KECAMATAN_SUPPORT,
                        OWNER.KECAMATAN,
                        due=d(4, 20),
                    ),
                    DemoFollowUp(
                        "Belajar dari Loko Tali: usulan ke kabupaten dilampiri foto lokasi dan "
                        "surat dukungan kelompok tani.",
                        KIND.IDEA_FROM_OTHER_VILLAGE,
                        OWNER.DESA,
                    ),
                ),
            ),
        ),
    ),
    DemoSheet(
        "53.18.11.2004",  # Panenggo Ede: cashew
        "Kepala Desa Panenggo Ede; ketua kelompok perempuan pengolah mete",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Kacang mete kupas belum bisa dijual ke toko di Tambolaka karena izin "
                        "P-IRT belum keluar.",
                        cause="Penyuluhan keamanan pangan, syarat izin P-IRT, belum dijadwalkan.",
                        learning="Kelompok perempuan sudah mengupas 300 kg mete dan menjualnya "
                        "di pasar mingguan.",
                        blocked=("Pengurusan izin P-IRT untuk kacang mete kemasan",),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Meminta Dinas Perindagkop menjadwalkan penyuluhan keamanan pangan bagi "
                        "kelompok pengolah mete.",
                        KIND.AGENCY_SUPPORT,
                        OWNER.AGENCY,
                        "Perindagkop",
                        d(6, 28),
                    ),
                ),
            ),
        ),
    ),
    DemoSheet(ABSENT, ""),
    DemoSheet(
        "53.18.11.2006",  # Wainyapu: salt and visitors
        "Kepala Desa Wainyapu; ketua kelompok garam; ketua Pokdarwis",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Tungku hemat kayu contoh sudah dibangun, tetapi baru 6 dari 25 keluarga "
                        "pembuat garam yang mau memakainya.",
                        cause="Pembuat garam khawatir garam dari tungku baru lebih lambat kering.",
                        learning="Keluarga yang sudah memakai tungku baru menghemat kayu bakar "
                        "hampir separuh.",
                    ),
                ),
                (
                    DemoFollowUp(
                        "Ketua kelompok garam mengajak pembuat garam melihat langsung tungku "
                        "contoh saat merebus garam.",
                        KIND.VILLAGE_ACTION,
                        OWNER.DESA,
                        due=d(5, 31),
                    ),
                ),
            ),
            DemoRow(
                1,
                (
                    DemoChallenge(
                        "Jalan masuk ke kampung adat rusak berat sesudah hujan, sehingga bus "
                        "tamu Pasola tidak bisa masuk.",
                        blocked=("Perbaikan jalan masuk ke kampung adat",),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Kecamatan membawa usulan perbaikan jalan masuk kampung adat ke "
                        "Musrenbang Kabupaten.",
                        KIND.KECAMATAN_SUPPORT,
                        OWNER.KECAMATAN,
                        due=d(4, 20),
                    ),
                ),
            ),
        ),
    ),
    DemoSheet(
        "53.18.11.2007",  # Loko Tali: water and food
        "Kepala Desa Loko Tali; ketua badan pengelola air",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Survei geolistrik belum dilaksanakan; Dinas PUPR meminta bukti bahwa "
                        "lahan titik sumur sudah diserahkan ke desa.",
                        blocked=(
                            "Survei geolistrik titik sumur",
                            "Pembangunan bak bagi dan jaringan pipa",
                        ),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Desa menyiapkan surat hibah lahan titik sumur bor dari pemilik tanah.",
                        KIND.VILLAGE_ACTION,
                        OWNER.DESA,
                        due=d(4, 30),
                    ),
                ),
            ),
            DemoRow(
                1,
                (
                    DemoChallenge(
                        "Benih sorgum lokal sulit didapat; baru 20 kg terkumpul dari 5 keluarga.",
                        learning="Beberapa petani tua masih menyimpan benih sorgum dari panen "
                        "lama di loteng rumah.",
                    ),
                ),
                (
                    DemoFollowUp(
                        "Mencoba tukar benih sorgum dengan petani Waipakolo yang masih menanamnya.",
                        KIND.IDEA_FROM_OTHER_VILLAGE,
                        OWNER.DESA,
                    ),
                ),
            ),
        ),
    ),
    DemoSheet(
        "53.18.11.2008",  # Waipakolo: fishers, savings group
        "Kepala Desa Waipakolo; bendahara kelompok simpan pinjam",
        (
            DemoRow(
                0,
                (
                    DemoChallenge(
                        "Kelompok simpan pinjam sudah terbentuk, tetapi anggota ragu menabung "
                        "karena pembukuannya belum jelas.",
                        cause="Rencana desa belum ditetapkan, sehingga Dana Desa untuk "
                        "pelatihan pembukuan belum bisa dipakai.",
                        blocked=("Pelatihan pembukuan dan aturan pinjaman",),
                    ),
                ),
                (
                    DemoFollowUp(
                        "Pendamping desa melatih bendahara kelompok memakai buku kas sederhana.",
                        KIND.KECAMATAN_SUPPORT,
                        OWNER.KECAMATAN,
                        due=d(4, 30),
                    ),
                    DemoFollowUp(
                        "Desa menetapkan rencana dalam musyawarah desa paling lambat {2024-05-31}.",
                        KIND.VILLAGE_ACTION,
                        OWNER.DESA,
                        due=d(5, 31),
                    ),
                ),
            ),
        ),
    ),
)

# Village monitoring sessions (docs/mechanism.md#village-monitoring): (desa code, date, status).
VILLAGE_REVIEWS: tuple[tuple[str, datetime.date, str], ...] = (
    ("53.18.11.2001", d(3, 18), VillageReview.Status.HELD),
    ("53.18.11.2002", d(3, 20), VillageReview.Status.HELD),
    ("53.18.11.2003", d(3, 21), VillageReview.Status.HELD),
    ("53.18.11.2004", d(3, 14), VillageReview.Status.HELD),
    ("53.18.11.2006", d(3, 19), VillageReview.Status.HELD),
    ("53.18.11.2007", d(3, 22), VillageReview.Status.HELD),
    ("53.18.11.2008", d(3, 25), VillageReview.Status.HELD),
    # Before the July meeting (still to come in the demo's story).
    ("53.18.11.2001", d(7, 15), VillageReview.Status.PLANNED),
    ("53.18.11.2002", d(7, 16), VillageReview.Status.PLANNED),
    ("53.18.11.2004", d(7, 11), VillageReview.Status.PLANNED),
    ("53.18.11.2005", d(7, 18), VillageReview.Status.PLANNED),
    ("53.18.11.2006", d(7, 17), VillageReview.Status.PLANNED),
    ("53.18.11.2007", d(7, 12), VillageReview.Status.PLANNED),
    ("53.18.11.2008", d(7, 30), VillageReview.Status.PLANNED),  # after the meeting: warned
)

OTHER_PARTICIPANTS = (
    "Camat Kodi Balaghar; Kasi PMD Kecamatan; staf DPMD Kabupaten Sumba Barat Daya; "
    "koordinator penyuluh BPP Kodi Balaghar; pendamping desa"
)
DOCUMENTS_NOTE = (
    "Lembar tiap desa dibagikan lewat tautan di grup WhatsApp kepala desa dan dicetak untuk "
    "ditempel di kantor desa; poster dibawa ke pertemuan koordinasi kabupaten."
)


@dataclass
class MeetingSeedResult:
    meetings_created: int = 0
    reviews_created: int = 0
    skipped: str = ""  # why the meetings were left out, when they were


def first_meeting() -> CoordinationMeeting | None:
    """The demo's first meeting: the earliest closed one of Kodi Balaghar."""
    return (
        CoordinationMeeting.objects.filter(
            kecamatan__code=KECAMATAN, status=CoordinationMeeting.Status.CLOSED
        )
        .order_by("date")
        .first()
    )


def _activity_ids(goal: Goal, names: tuple[str, ...]) -> list[str]:
    by_name = {a.name: str(a.id) for a in Activity.objects.filter(goal=goal)}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise ValueError(f"{goal.plan.desa.name}: no activity named {missing}")
    return [by_name[name] for name in names]


def _record(
    sheet: MeetingSheet,
    spec: DemoSheet,
    agencies: dict[str, Agency],
    actor: Any,
    calendar: DemoCalendar,
) -> None:
    goals = list(Goal.objects.filter(plan=sheet.plan).order_by("position")) if sheet.plan else []
    demo_plan = next(p for p in DEMO_PLANS if p.desa_code == spec.desa_code)
    written = [g.statement if demo_plan.seed_words else calendar.text(g.statement)
               for g in demo_plan.goals]  # fmt: skip
    if [g.statement for g in goals] != written:
        return  # the desa has a plan of its own, not the demo's: our records would not fit it
    # Desa X speaks in the guide's words, kept exactly; the others' follow the calendar.
    words = (lambda text: text) if spec.desa_code == DESA_X else calendar.text
    if spec.representatives:
        services.sheet_update(sheet=sheet, representatives=spec.representatives, actor=actor)
    for row in spec.rows:
        goal = goals[row.goal]
        for challenge in row.challenges:
            services.challenge_save(
                sheet=sheet,
                goal=goal,
                text=words(challenge.text),
                cause=words(challenge.cause),
                learning=words(challenge.learning),
                blocked_activity_ids=_activity_ids(goal, challenge.blocked),
                actor=actor,
            )
        for followup in row.followups:
            services.followup_save(
                sheet=sheet,
                goal=goal,
                text=words(followup.text),
                kind=followup.kind,
                owner=followup.owner,
                owner_agency=agencies[followup.agency] if followup.agency else None,
                due_date=calendar.day(followup.due) if followup.due else None,
                actor=actor,
            )


def _first_meeting(
    kecamatan: Region, villages: list[Region], actor: Any, calendar: DemoCalendar
) -> CoordinationMeeting:
    day = calendar.day(FIRST_DATE)
    with recorded_as_of(calendar.moment_on(day - SCHEDULED_BEFORE, 10)):
        meeting = services.meeting_create(
            kecamatan=kecamatan,
            date=day,
            villages=villages,
            start_time=datetime.time(9, 0),
            place=PLACE,
            actor=actor,
        )
    with recorded_as_of(calendar.moment_on(day, 9)):
        services.meeting_open(meeting=meeting, actor=actor)
        services.meeting_update(meeting=meeting, other_participants=OTHER_PARTICIPANTS, actor=actor)
    agencies = {a.short_name: a for a in Agency.objects.filter(kabupaten__code=KABUPATEN)}
    sheets = {s.desa.code: s for s in MeetingSheet.objects.filter(meeting=meeting)}
    # About twenty minutes of discussion a village, in the order of the sheets.
    for number, spec in enumerate((DESA_X_SHEET, *OTHER_SHEETS)):
        minutes = 10 + 20 * number
        with recorded_as_of(calendar.moment_on(day, 9 + minutes // 60, minutes % 60)):
            _record(sheets[spec.desa_code], spec, agencies, actor, calendar)
    with recorded_as_of(calendar.moment_on(day, 12, 30)):
        services.meeting_close(
            meeting=meeting,
            next_meeting_date=calendar.day(NEXT_DATE),
            documents_note=DOCUMENTS_NOTE,
            confirm_empty=True,
            actor=actor,
        )
    return meeting


def _desa_x_is_the_seed_plan() -> bool:
    """A demo database seeded before Wailangira played Desa X keeps its older plan."""
    return Goal.objects.filter(
        plan__desa__code=DESA_X, position=0, statement=desa_x.GOAL_1
    ).exists()


def _reviews(villages: list[Region], actor: Any, calendar: DemoCalendar) -> int:
    """The villages' own sessions, each recorded as the kecamatan learnt of it."""
    reviewed = set(
        VillageReview.objects.filter(desa__in=villages).values_list("desa__code", flat=True)
    )
    created = 0
    for code, authored, status in VILLAGE_REVIEWS:
        desa = next((v for v in villages if v.code == code), None)
        if desa is None or code in reviewed:
            continue
        day = calendar.day(authored)
        if status == VillageReview.Status.HELD:
            told = calendar.moment_on(day, 15)
        else:  # planned at the first meeting, for the next
            told = calendar.moment_on(calendar.day(FIRST_DATE), 12, 45)
        with recorded_as_of(told):
            village_review_record(desa=desa, date=day, status=status, actor=actor)
        created += 1
    return created


def ensure_meetings(actor: Any, calendar: DemoCalendar) -> MeetingSeedResult:
    """Create whatever of the demo meetings and village sessions is missing."""
    result = MeetingSeedResult()
    kecamatan = Region.objects.get(code=KECAMATAN)
    # Invited as the meeting page does by default: every desa of the kecamatan with a plan.
    with_plan = LivelihoodPlan.objects.filter(desa__parent=kecamatan).values("desa_id")
    villages = list(Region.objects.filter(pk__in=with_plan).order_by("code"))
    result.reviews_created = _reviews(villages, actor, calendar)
    first = first_meeting()
    if first is None:
        if CoordinationMeeting.objects.filter(kecamatan=kecamatan).exists():
            result.skipped = (
                "Kodi Balaghar already has coordination meetings of its own: the demo's were "
                "not created."
            )
            return result
        if not _desa_x_is_the_seed_plan():
            result.skipped = (
                "Desa Wailangira has an older demo plan, not the guide's Desa X plan: the demo's "
                "meetings were not created. Seed a fresh database to get them."
            )
            return result
        first = _first_meeting(kecamatan, villages, actor, calendar)
        result.meetings_created += 1
    later = CoordinationMeeting.objects.filter(kecamatan=kecamatan, date__gt=first.date)
    if not later.exists():
        with recorded_as_of(calendar.moment_on(first.date, 12, 40)):
            services.meeting_create(
                kecamatan=kecamatan,
                date=first.next_meeting_date or calendar.day(NEXT_DATE),
                villages=villages,
                start_time=datetime.time(9, 0),
                place=PLACE,
                actor=actor,
            )
        result.meetings_created += 1
    return result
