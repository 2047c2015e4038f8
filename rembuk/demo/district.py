"""Demo kabupaten team meetings of the story's year (seed_demo, after Matriks 4 and the requests).

- Sumba Barat Daya (53.18): the team met three weeks after the Kodi Balaghar meeting (the
  story's 18 April) at Bappeda. Its agenda was built from the Kodi Balaghar Matriks 4 and the open
  support requests; the meeting decided on each (Dinas Pertanian reschedules the penyuluh visit
  to Wailangira…). Two more meetings make three in the year, as the
  overview asks (docs/mechanism.md#kabupaten-team-meetings).
- Seram Bagian Timur (81.05): only two meetings in the year, so its page shows the warning.

The other meetings are placed by `_the_rest_of_the_year`: at the story's distance after today
when that is still this year, else earlier in the year (held), else in its last days, so the
kabupaten page always opens on a year with its meetings. Idempotent: a kabupaten that already has
team meetings in the year of its held demo meeting gets no more; an agenda is decided only once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from rembuk.core.history import recorded_as_of
from rembuk.demo.calendar import DemoCalendar
from rembuk.district import services
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.people.models import Agency, User
from rembuk.regions.models import Region
from rembuk.regions.time_zones import zone_of
from rembuk.reports.wording import tanggal

SUMBA_BARAT_DAYA = "53.18"
SERAM_BAGIAN_TIMUR = "81.05"

APRIL_PARTICIPANTS = (
    "Bappeda (Sekretaris Tim Koordinasi), DPMD, Dinas Pertanian, Dinas Peternakan, "
    "Dinas Perindustrian, Perdagangan, Koperasi dan UKM, Camat Kodi Balaghar, "
    "fasilitator kabupaten (2)"
)
APRIL_MINUTES = (
    "Tim membahas Matriks 4 Kecamatan Kodi Balaghar (pertemuan {2024-03-28}) dan semua "
    "permintaan dukungan yang masih terbuka.\n"
    "Kendala utama: penyuluh pertanian belum menjangkau desa pesisir dan laporan keuangan desa "
    "terlambat sehingga Dana Desa belum cair.\n"
    "Pertemuan berikutnya {next}; setiap OPD melaporkan tindak lanjutnya."
)
REPORT_DECISION = (
    "Matriks 4 Kecamatan Kodi Balaghar diterima. Permintaan dukungan dibahas per OPD di bawah."
)
# By the agency the request is routed to: (decision, agency for the assignment, what, due).
DECISIONS: dict[str | None, tuple[str, str | None, str, datetime.date | None]] = {
    "Distan": (
        "Kunjungan penyuluh {2024-04-12:dm} batal karena kendaraan dinas rusak. Dinas Pertanian "
        "menjadwalkan ulang; Bappeda meminjamkan kendaraan.",
        "Distan",
        "Penyuluh BPP Kodi Balaghar berkunjung ke Desa Wailangira untuk pengendalian hama "
        "jagung, dan memberikan nomor kontak penyuluh kepada desa.",
        datetime.date(2024, 5, 10),
    ),
    "DPMD": (
        "Pelatihan operator desa baru tetap {2024-06-11} di aula kecamatan.",
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

# As the story dates them (rembuk.demo.calendar places them): (date, place) of each meeting.
HELD = {
    SUMBA_BARAT_DAYA: (datetime.date(2024, 4, 18), "Aula Bappeda, Tambolaka"),
    SERAM_BAGIAN_TIMUR: (datetime.date(2024, 3, 21), "Ruang rapat Bappeda, Bula"),
}
OTHERS: dict[str, list[tuple[datetime.date, str]]] = {
    SUMBA_BARAT_DAYA: [
        (datetime.date(2024, 8, 15), "Aula Bappeda Sumba Barat Daya, Tambolaka"),
        (datetime.date(2024, 11, 14), "Aula Bappeda Sumba Barat Daya, Tambolaka"),
    ],
    SERAM_BAGIAN_TIMUR: [(datetime.date(2024, 9, 12), "Ruang rapat Bappeda, Bula")],
}
APART = datetime.timedelta(days=28)  # a team does not meet twice in four weeks
SCHEDULED_BEFORE = datetime.timedelta(days=14)


def _the_rest_of_the_year(
    calendar: DemoCalendar, held: datetime.date, authored: list[datetime.date]
) -> list[datetime.date]:
    """Days for the year's other meetings, four weeks apart from each other and `held`."""
    year = held.year
    taken = [held]
    chosen = []

    def free(day: datetime.date) -> bool:
        return day.year == year and all(abs(day - other) >= APART for other in taken)

    for when in authored:
        later = calendar.day(when)
        earlier = held - (later - calendar.today)  # as far before the held one instead
        last_days = [datetime.date(year, 12, 31) - datetime.timedelta(days=n) for n in (14, 1)]
        day = next(
            (d for d in (later, earlier, *last_days) if free(d)),
            max(calendar.today, datetime.date(year, 12, 31)),
        )
        taken.append(day)
        chosen.append(day)
    return chosen


def _create(
    kabupaten: Region,
    date: datetime.date,
    place: str,
    actor: Any,
    calendar: DemoCalendar,
    agreed_on: datetime.date | None = None,
) -> DistrictMeeting:
    """A meeting scheduled two weeks ahead, or on the day the team agreed on it; held if past."""
    scheduled_on = min(date - SCHEDULED_BEFORE, agreed_on or date)
    with recorded_as_of(calendar.moment_on(scheduled_on, 9)):
        meeting = services.district_meeting_create(
            kabupaten=kabupaten, date=date, place=place, actor=actor
        )
    if date < calendar.today:
        with recorded_as_of(calendar.moment_on(date, 13)):
            meeting = services.district_meeting_mark_held(meeting=meeting, actor=actor)
    return meeting


def _decide(meeting: DistrictMeeting, actor: Any, calendar: DemoCalendar) -> None:
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
            decision=calendar.text(text),
            assigned_agency=agencies.get(agency_name) if agency_name else None,
            assignment=assignment,
            assignment_due=calendar.day(due) if due else None,
        )


def _sumba_barat_daya(region: Region, actor: Any, calendar: DemoCalendar) -> int:
    held_on, place = HELD[SUMBA_BARAT_DAYA]
    day = calendar.day(held_on)
    others = _the_rest_of_the_year(calendar, day, [d for d, _ in OTHERS[SUMBA_BARAT_DAYA]])
    coming = sorted(d for d in others if d > day)
    with recorded_as_of(calendar.moment_on(day - SCHEDULED_BEFORE, 9)):
        meeting = services.district_meeting_create(
            kabupaten=region, date=day, place=place, actor=actor
        )
    # The agenda is built the day before from what has come in; decided and noted on the day.
    with recorded_as_of(calendar.moment_on(day - datetime.timedelta(days=1), 14)):
        services.agenda_build(meeting=meeting, actor=actor)
    with recorded_as_of(calendar.moment_on(day, 12)):
        next_meeting = tanggal(coming[0]) if coming else "akan ditentukan"
        minutes = calendar.text(APRIL_MINUTES).replace("{next}", next_meeting)
        services.district_meeting_update(
            meeting=meeting, actor=actor, participants=APRIL_PARTICIPANTS, minutes=minutes
        )
        _decide(meeting, actor, calendar)
        services.district_meeting_mark_held(
            meeting=DistrictMeeting.objects.get(pk=meeting.pk), actor=actor
        )
    for other, (_, other_place) in zip(others, OTHERS[SUMBA_BARAT_DAYA], strict=True):
        _create(region, other, other_place, actor, calendar, agreed_on=day)
    return 1 + len(others)


def _seram_bagian_timur(region: Region, actor: Any, calendar: DemoCalendar) -> int:
    held_on, place = HELD[SERAM_BAGIAN_TIMUR]
    day = calendar.day(held_on)
    meeting = _create(region, day, place, actor, calendar)
    with recorded_as_of(calendar.moment_on(day, 12)):
        services.district_meeting_update(
            meeting=meeting,
            actor=actor,
            participants="Bappeda, DPMD, Dinas Perikanan, Camat Teluk Waru",
            minutes="Persiapan pertemuan koordinasi kecamatan pertama di Teluk Waru.",
        )
    others = _the_rest_of_the_year(calendar, day, [d for d, _ in OTHERS[SERAM_BAGIAN_TIMUR]])
    for other, (_, other_place) in zip(others, OTHERS[SERAM_BAGIAN_TIMUR], strict=True):
        _create(region, other, other_place, actor, calendar, agreed_on=day)
    return 1 + len(others)


@transaction.atomic
def seed_district_demo(users: dict[str, User], calendar: DemoCalendar) -> str:
    admin = users.get("admin")
    created = 0
    summary = []
    for code, seed, team in (
        (SUMBA_BARAT_DAYA, _sumba_barat_daya, users.get("kabupaten.sbd") or admin),
        (SERAM_BAGIAN_TIMUR, _seram_bagian_timur, users.get("kabupaten.sbt") or admin),
    ):
        region = Region.objects.get(code=code)
        year = calendar.day(HELD[code][0]).year
        existing = DistrictMeeting.objects.filter(kabupaten=region, date__year=year).count()
        if not existing:
            with timezone.override(zone_of(code)):  # the story's hours on the kabupaten's clock
                count = seed(region, team, calendar)
            created += count
            existing = count
        summary.append(f"{region.name} {existing}")
    return f"Rapat tim kabupaten: {created} baru; " + ", ".join(summary) + "."
