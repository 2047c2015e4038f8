"""Demo kabupaten team meetings for 2024 (seed_demo, after the Matriks 4 and support demos).

- Sumba Barat Daya (53.18): the team met on 18 April 2024 at Bappeda. Its agenda was built from
  the Kodi Balaghar Matriks 4 sent on 2 April and the open support requests; the meeting decided
  on each (Dinas Pertanian reschedules the penyuluh visit to Wailangira…). The August and
  November meetings are scheduled: three in the year, as seed 002 §4.1 asks.
- Seram Bagian Timur (81.05): only two meetings in 2024, so its page shows the warning.

Idempotent: a meeting is found by kabupaten and date; an agenda is built and decided only once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from rembuk.district import services
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.people.models import Agency, User
from rembuk.regions.models import Region

SUMBA_BARAT_DAYA = "53.18"
SERAM_BAGIAN_TIMUR = "81.05"

APRIL_PARTICIPANTS = (
    "Bappeda (Sekretaris Tim Koordinasi), DPMD, Dinas Pertanian, Dinas Peternakan, "
    "Dinas Perindustrian, Perdagangan, Koperasi dan UKM, Camat Kodi Balaghar, "
    "fasilitator kabupaten (2)"
)
APRIL_MINUTES = (
    "Tim membahas Matriks 4 Kecamatan Kodi Balaghar (pertemuan 28 Maret 2024) dan semua "
    "permintaan dukungan yang masih terbuka.\n"
    "Kendala utama: penyuluh pertanian belum menjangkau desa pesisir dan laporan keuangan desa "
    "terlambat sehingga Dana Desa belum cair.\n"
    "Pertemuan berikutnya 15 Agustus 2024; setiap OPD melaporkan tindak lanjutnya."
)
REPORT_DECISION = (
    "Matriks 4 Kecamatan Kodi Balaghar diterima. Permintaan dukungan dibahas per OPD di bawah."
)
# By the agency the request is routed to: (decision, agency for the assignment, what, due).
DECISIONS: dict[str | None, tuple[str, str | None, str, datetime.date | None]] = {
    "Distan": (
        "Kunjungan penyuluh 12 April batal karena kendaraan dinas rusak. Dinas Pertanian "
        "menjadwalkan ulang; Bappeda meminjamkan kendaraan.",
        "Distan",
        "Penyuluh BPP Kodi Balaghar berkunjung ke Desa Wailangira untuk pengendalian hama "
        "jagung, dan memberikan nomor kontak penyuluh kepada desa.",
        datetime.date(2024, 5, 10),
    ),
    "DPMD": (
        "Pelatihan operator desa baru tetap 11 Juni 2024 di aula kecamatan.",
        "DPMD",
        "Undang operator semua desa Kecamatan Kodi Balaghar, bukan hanya Wailangira.",
        datetime.date(2024, 6, 11),
    ),
    "Disnak": (
        "Menunggu hasil laboratorium dari Kupang.",
        "Disnak",
        "Sampaikan hasil laboratorium dan langkah penanganan ke Desa Kahale.",
        datetime.date(2024, 5, 31),
    ),
    "Perindagkop": (
        "Tim menerima permintaan ini untuk Perindagkop; Perindagkop menjadwalkan penyuluhan "
        "bersama Dinas Kesehatan.",
        "Perindagkop",
        "Jadwalkan penyuluhan keamanan pangan bagi kelompok pengolah mete di Panenggo Ede.",
        datetime.date(2024, 7, 31),
    ),
    None: (
        "Tim menentukan OPD yang menangani permintaan ini sebelum pertemuan berikutnya.",
        "Bappeda",
        "Tetapkan OPD penanggung jawab dan beri tahu kecamatan.",
        datetime.date(2024, 5, 31),
    ),
}

PLANNED: dict[str, list[tuple[datetime.date, str]]] = {
    SUMBA_BARAT_DAYA: [
        (datetime.date(2024, 8, 15), "Aula Bappeda Sumba Barat Daya, Tambolaka"),
        (datetime.date(2024, 11, 14), "Aula Bappeda Sumba Barat Daya, Tambolaka"),
    ],
    SERAM_BAGIAN_TIMUR: [
        (datetime.date(2024, 9, 12), "Ruang rapat Bappeda, Bula"),
    ],
}


def _meeting(
    kabupaten: Region, date: datetime.date, place: str, actor: Any
) -> tuple[DistrictMeeting, bool]:
    existing = DistrictMeeting.objects.filter(kabupaten=kabupaten, date=date).first()
    if existing is not None:
        return existing, False
    meeting = services.district_meeting_create(
        kabupaten=kabupaten, date=date, place=place, actor=actor
    )
    return meeting, True


def _decide(meeting: DistrictMeeting, actor: Any) -> None:
    agencies = {a.short_name: a for a in Agency.objects.filter(kabupaten=meeting.kabupaten)}
    items = AgendaItem.objects.filter(meeting=meeting).select_related("request__agency")
    for item in items:
        item.meeting = meeting
        if item.decision:
            continue
        if item.report_id is not None:
            services.agenda_item_save(item=item, actor=actor, decision=REPORT_DECISION)
            continue
        if item.request is None:
            continue
        routed = item.request.agency.short_name if item.request.agency else None
        decision = DECISIONS.get(routed)
        if decision is None:
            continue
        text, agency_name, assignment, due = decision
        services.agenda_item_save(
            item=item,
            actor=actor,
            decision=text,
            assigned_agency=agencies.get(agency_name) if agency_name else None,
            assignment=assignment,
            assignment_due=due,
        )


@transaction.atomic
def seed_district_demo(users: dict[str, User]) -> str:
    admin = users.get("admin")
    sbd_team = users.get("kabupaten.sbd") or admin
    sbt_team = users.get("kabupaten.sbt") or admin
    sbd = Region.objects.get(code=SUMBA_BARAT_DAYA)
    sbt = Region.objects.get(code=SERAM_BAGIAN_TIMUR)
    created = 0

    april, new = _meeting(sbd, datetime.date(2024, 4, 18), "Aula Bappeda, Tambolaka", sbd_team)
    created += new
    if new:
        services.district_meeting_update(
            meeting=april, actor=sbd_team, participants=APRIL_PARTICIPANTS, minutes=APRIL_MINUTES
        )
        services.agenda_build(meeting=april, actor=sbd_team)
        _decide(april, sbd_team)
        april = DistrictMeeting.objects.get(pk=april.pk)
        services.district_meeting_mark_held(meeting=april, actor=sbd_team)

    march, new = _meeting(sbt, datetime.date(2024, 3, 21), "Ruang rapat Bappeda, Bula", sbt_team)
    created += new
    if new:
        services.district_meeting_update(
            meeting=march,
            actor=sbt_team,
            participants="Bappeda, DPMD, Dinas Perikanan, Camat Teluk Waru",
            minutes="Persiapan pertemuan koordinasi kecamatan pertama di Teluk Waru.",
        )
        services.district_meeting_mark_held(meeting=march, actor=sbt_team)

    for code, region, actor in (
        (SUMBA_BARAT_DAYA, sbd, sbd_team),
        (SERAM_BAGIAN_TIMUR, sbt, sbt_team),
    ):
        for date, place in PLANNED[code]:
            created += _meeting(region, date, place, actor)[1]

    items = AgendaItem.objects.filter(meeting=april).count()
    return (
        f"Rapat tim kabupaten 2024: {created} baru; Sumba Barat Daya 3 (18 April terlaksana, "
        f"{items} butir agenda), Seram Bagian Timur 2 (di bawah pedoman 3 kali setahun)."
    )
