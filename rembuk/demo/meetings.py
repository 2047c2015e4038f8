"""Demo coordination meetings of Kecamatan Kodi Balaghar (53.18.11): seed 000 §3–4 acted out.

The meeting of 28 March 2024 is the seed's own example: Desa Wailangira plays Desa X and its
sheet reproduces Matriks 3 word for word (rembuk.demo.seed_000); the other villages bring
their own, different troubles, fitting their demo plans. One village (Waiha) could not come, so
the meeting was closed after confirming its empty sheet. The next meeting, 25 July 2024, is
scheduled, and the follow-ups still open are carried into it for review. Each village also has
the dates of its own monitoring sessions before both meetings (Waiha has none before March,
Waikarara none yet before July, so the warnings show).

Same rule as the rest of the demo: idempotent — a meeting is recognised by kecamatan and date
and is left alone once it exists; a village review by desa and date. Everything goes through the
services the meeting pages use (rembuk.meetings.services, rembuk.monitoring.services).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from rembuk.demo import seed_000
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
FIRST_DATE = seed_000.MEETING_DATE
NEXT_DATE = datetime.date(2024, 7, 25)
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
    return datetime.date(2024, month, day)


DESA_X_SHEET = DemoSheet(
    DESA_X,
    "Kepala Desa Wailangira; Sekretaris Desa; Ketua BUMDes",
    (
        DemoRow(
            0,
            (
                DemoChallenge(
                    f"{seed_000.CHALLENGE_FINANCE}\n{seed_000.CHALLENGE_FINANCE_REACH}",
                    cause=seed_000.CHALLENGE_FINANCE_CAUSE,
                    # The musyawarah was held; the six activities after it wait for the capital.
                    blocked=seed_000.BUMDES_ACTIVITIES[1:],
                ),
            ),
            (
                DemoFollowUp(
                    seed_000.FOLLOWUP_ASSISTANCE,
                    KIND.AGENCY_SUPPORT,
                    OWNER.AGENCY,
                    "DPMD",
                    d(4, 30),
                ),
                DemoFollowUp(
                    seed_000.FOLLOWUP_TRAINING, KIND.AGENCY_SUPPORT, OWNER.AGENCY, "DPMD", d(5, 31)
                ),
            ),
        ),
        DemoRow(
            1,
            (
                DemoChallenge(seed_000.CHALLENGE_SOCIALISATION),
                DemoChallenge(seed_000.CHALLENGE_EXTENSION_WORKER),
            ),
            (
                DemoFollowUp(
                    seed_000.FOLLOWUP_VISIT, KIND.AGENCY_SUPPORT, OWNER.AGENCY, "Distan", d(4, 15)
                ),
                DemoFollowUp(
                    seed_000.followup_contact("Wailangira"),
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
                        "Dua ekor babi mati di Dusun Kahale Bawah pada bulan Februari; warga belum "
                        "tahu apakah karena ASF.",
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
                        d(4, 10),
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
                        d(5, 15),
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
                        "Desa menetapkan rencana dalam musyawarah desa paling lambat Mei 2024.",
                        KIND.VILLAGE_ACTION,
                        OWNER.DESA,
                        due=d(5, 31),
                    ),
                ),
            ),
        ),
    ),
)

# Village monitoring sessions (seed 000 §3 steps 1–2): (desa code, date, status).
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


def _activity_ids(goal: Goal, names: tuple[str, ...]) -> list[str]:
    by_name = {a.name: str(a.id) for a in Activity.objects.filter(goal=goal)}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise ValueError(f"{goal.plan.desa.name}: no activity named {missing}")
    return [by_name[name] for name in names]


def _record(sheet: MeetingSheet, spec: DemoSheet, agencies: dict[str, Agency], actor: Any) -> None:
    goals = list(Goal.objects.filter(plan=sheet.plan).order_by("position")) if sheet.plan else []
    demo_plan = next(p for p in DEMO_PLANS if p.desa_code == spec.desa_code)
    if [g.statement for g in goals] != [g.statement for g in demo_plan.goals]:
        return  # the desa has a plan of its own, not the demo's: our records would not fit it
    if spec.representatives:
        services.sheet_update(sheet=sheet, representatives=spec.representatives, actor=actor)
    for row in spec.rows:
        goal = goals[row.goal]
        for challenge in row.challenges:
            services.challenge_save(
                sheet=sheet,
                goal=goal,
                text=challenge.text,
                cause=challenge.cause,
                learning=challenge.learning,
                blocked_activity_ids=_activity_ids(goal, challenge.blocked),
                actor=actor,
            )
        for followup in row.followups:
            services.followup_save(
                sheet=sheet,
                goal=goal,
                text=followup.text,
                kind=followup.kind,
                owner=followup.owner,
                owner_agency=agencies[followup.agency] if followup.agency else None,
                due_date=followup.due,
                actor=actor,
            )


def _first_meeting(kecamatan: Region, villages: list[Region], actor: Any) -> None:
    meeting = services.meeting_create(
        kecamatan=kecamatan,
        date=FIRST_DATE,
        villages=villages,
        start_time=datetime.time(9, 0),
        place=PLACE,
        actor=actor,
    )
    services.meeting_open(meeting=meeting, actor=actor)
    services.meeting_update(meeting=meeting, other_participants=OTHER_PARTICIPANTS, actor=actor)
    agencies = {a.short_name: a for a in Agency.objects.filter(kabupaten__code=KABUPATEN)}
    sheets = {s.desa.code: s for s in MeetingSheet.objects.filter(meeting=meeting)}
    for spec in (DESA_X_SHEET, *OTHER_SHEETS):
        _record(sheets[spec.desa_code], spec, agencies, actor)
    empty = [s.desa.name for code, s in sheets.items() if code == ABSENT]
    services.meeting_close(
        meeting=meeting,
        next_meeting_date=NEXT_DATE,
        documents_note=DOCUMENTS_NOTE,
        confirm_empty=True,
        empty_village_names=empty,
        actor=actor,
    )


def _desa_x_is_the_seed_plan() -> bool:
    """A demo database seeded before Wailangira played Desa X keeps its older plan."""
    return Goal.objects.filter(
        plan__desa__code=DESA_X, position=0, statement=seed_000.GOAL_1
    ).exists()


def ensure_meetings(actor: Any) -> MeetingSeedResult:
    """Create whatever of the demo meetings and village sessions is missing."""
    result = MeetingSeedResult()
    kecamatan = Region.objects.get(code=KECAMATAN)
    # Invited as the meeting page does by default: every desa of the kecamatan with a plan.
    with_plan = LivelihoodPlan.objects.filter(desa__parent=kecamatan).values("desa_id")
    villages = list(Region.objects.filter(pk__in=with_plan).order_by("code"))
    for code, date, status in VILLAGE_REVIEWS:
        desa = next((v for v in villages if v.code == code), None)
        if desa is None or VillageReview.objects.filter(desa=desa, date=date).exists():
            continue
        village_review_record(desa=desa, date=date, status=status, actor=actor)
        result.reviews_created += 1
    meetings = CoordinationMeeting.objects.filter(kecamatan=kecamatan)
    if not meetings.filter(date=FIRST_DATE).exists():
        if not _desa_x_is_the_seed_plan():
            result.skipped = (
                "Desa Wailangira has an older demo plan, not seed 000's Desa X plan: the meeting "
                "of 28 March 2024 was not created. Seed a fresh database to get it."
            )
            return result
        _first_meeting(kecamatan, villages, actor)
        result.meetings_created += 1
    if not meetings.filter(date=NEXT_DATE).exists():
        services.meeting_create(
            kecamatan=kecamatan,
            date=NEXT_DATE,
            villages=villages,
            start_time=datetime.time(9, 0),
            place=PLACE,
            actor=actor,
        )
        result.meetings_created += 1
    return result
