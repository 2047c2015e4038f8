"""Demo support requests: the "dukungan OPD" follow-ups of the demo's first Kodi Balaghar
meeting, at different stages, so the queue, an agency's list, a village's page and the next
meeting's review all have something real to show. Dates are the story's (its April), placed by
rembuk.demo.calendar, and every step is recorded on its own day.

- Wailangira asks DPMD for mentoring on the village financial report: accepted by the kabupaten
  team, answered and closed by DPMD (opd.dpmd.sbd; by the kabupaten team on DPMD's behalf in a
  database without that account);
- Wailangira asks Dinas Pertanian for a penyuluh visit: scheduled by the agency, the visit did not
  happen, the due date (the story's 15 April, five weeks ago) passed — overdue;
- Wailangira's training for new operators (DPMD): scheduled; Kahale's sick pigs (Disnak): in
  progress; Panenggo Ede's food-safety training (Perindagkop): still awaiting the kabupaten team.

Idempotent: a request is moved only while it is still "diajukan" with nothing done to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from rembuk.core.history import recorded_as_of
from rembuk.demo import desa_x
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.meetings import first_meeting
from rembuk.people.models import Agency, User
from rembuk.support import services
from rembuk.support.models import SupportRequest

KABUPATEN = "53.18"
WAILANGIRA = "53.18.11.2001"
KAHALE = "53.18.11.2002"
PANENGGO_EDE = "53.18.11.2004"

ASSISTANCE_RESPONSE = (
    "Tim DPMD bersama pendamping desa mendampingi bendahara dan operator Desa Wailangira pada "
    "{2024-04-22..2024-04-24} di kantor desa. Laporan realisasi APBDes tahun 2023 dan laporan "
    "pertanggungjawaban Dana Desa tahap I sudah disusun bersama, diperiksa, dan diunggah ke "
    "Siskeudes pada {2024-04-24:dm}. Pendamping desa akan memeriksa laporan berikutnya sebelum "
    "dikirim; bila ada kesulitan desa dapat menghubungi Bidang Pemerintahan Desa DPMD."
)


def d(month: int, day: int) -> datetime.date:
    """A date of the story, as written; the calendar places it."""
    return datetime.date(2024, month, day)


def _fresh(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_related("desa__parent", "agency").get(pk=request.pk)


def _answered_by_dpmd(
    request: SupportRequest,
    agencies: dict[str, Agency],
    kabupaten: Any,
    dpmd: Any,
    calendar: DemoCalendar,
) -> None:
    on_behalf = "" if dpmd is not kabupaten else " Dicatat oleh tim kabupaten atas nama DPMD."
    with calendar.recording(d(4, 2), 11) as day:
        request = services.request_accept(
            request=request, agency=agencies["DPMD"], actor=kabupaten, date=day
        )
    with calendar.recording(d(4, 8)) as day:
        request = services.request_schedule(
            request=_fresh(request),
            scheduled_for=calendar.day(d(4, 22)),
            actor=dpmd,
            date=day,
            note=calendar.text(
                f"Pendampingan di kantor desa {{2024-04-22..2024-04-24}}.{on_behalf}"
            ),
        )
    with calendar.recording(d(4, 22), 8) as day:
        request = services.request_start(
            request=_fresh(request), actor=dpmd, date=day, note=on_behalf.strip()
        )
    with calendar.recording(d(4, 26), 15) as day:
        services.request_close(
            request=_fresh(request),
            response=calendar.text(ASSISTANCE_RESPONSE),
            actor=dpmd,
            date=day,
            note=on_behalf.strip(),
        )


def _overdue_at_distan(
    request: SupportRequest,
    agencies: dict[str, Agency],
    kabupaten: Any,
    distan: Any,
    calendar: DemoCalendar,
) -> None:
    with calendar.recording(d(4, 2), 11) as day:
        request = services.request_accept(
            request=request, agency=agencies["Distan"], actor=kabupaten, date=day
        )
    with calendar.recording(d(4, 4)) as day:
        request = services.request_schedule(
            request=_fresh(request),
            scheduled_for=calendar.day(d(4, 12)),
            actor=distan,
            date=day,
            note="Penyuluh BPP Kodi Balaghar dijadwalkan datang ke Wailangira.",
        )
    with calendar.recording(d(4, 19)) as day:
        services.request_note_add(
            request=_fresh(request),
            note=calendar.text(
                "Penyuluh belum datang pada {2024-04-12:dm} karena kendaraan dinas rusak. "
                "Desa menunggu jadwal baru."
            ),
            actor=kabupaten,
            date=day,
        )


def _scheduled_training(
    request: SupportRequest,
    agencies: dict[str, Agency],
    kabupaten: Any,
    dpmd: Any,
    calendar: DemoCalendar,
) -> None:
    with calendar.recording(d(4, 2), 11) as day:
        request = services.request_accept(
            request=request, agency=agencies["DPMD"], actor=kabupaten, date=day
        )
    with calendar.recording(d(5, 20)) as day:
        services.request_schedule(
            request=_fresh(request),
            scheduled_for=calendar.day(d(6, 11)),
            actor=dpmd,
            date=day,
            note="Pelatihan operator desa baru se-Kecamatan Kodi Balaghar di aula kecamatan.",
        )


def _pigs_in_progress(
    request: SupportRequest, agencies: dict[str, Agency], actor: Any, calendar: DemoCalendar
) -> None:
    with calendar.recording(d(4, 2), 11) as day:
        request = services.request_accept(
            request=request, agency=agencies["Disnak"], actor=actor, date=day
        )
    with calendar.recording(d(4, 5)) as day:
        services.request_start(
            request=_fresh(request),
            actor=actor,
            date=day,
            note="Petugas kesehatan hewan mengambil sampel dari tiga ekor babi; hasil "
            "laboratorium ditunggu dari Kupang.",
        )


def seed_support_demo(users: dict[str, User], calendar: DemoCalendar) -> str:
    meeting = first_meeting()
    if meeting is None:
        return "Permintaan dukungan: rapat pertama Kodi Balaghar tidak ada, tidak ada yang dibuat."
    admin = users.get("admin")
    kabupaten = users.get("kabupaten.sbd") or admin
    distan = users.get("opd.distan.sbd") or kabupaten
    dpmd = users.get("opd.dpmd.sbd") or kabupaten
    # Sending Matriks 4 already turned the follow-ups into requests; this only makes sure.
    with recorded_as_of(calendar.moment_on(meeting.date, 12, 35)):
        services.requests_from_meeting(meeting=meeting, actor=admin)
    agencies = {a.short_name: a for a in Agency.objects.filter(kabupaten__code=KABUPATEN)}
    plans: list[tuple[str, str, Callable[[SupportRequest], None]]] = [
        (
            WAILANGIRA,
            desa_x.FOLLOWUP_ASSISTANCE,
            lambda r: _answered_by_dpmd(r, agencies, kabupaten, dpmd, calendar),
        ),
        (
            WAILANGIRA,
            desa_x.FOLLOWUP_VISIT,
            lambda r: _overdue_at_distan(r, agencies, kabupaten, distan, calendar),
        ),
        (
            WAILANGIRA,
            desa_x.FOLLOWUP_TRAINING,
            lambda r: _scheduled_training(r, agencies, kabupaten, dpmd, calendar),
        ),
        (
            KAHALE,
            "Meminta petugas kesehatan hewan",
            lambda r: _pigs_in_progress(r, agencies, kabupaten, calendar),
        ),
    ]
    requests = list(
        SupportRequest.objects.filter(followup__sheet__meeting=meeting).select_related(
            "desa__parent", "agency"
        )
    )
    moved = 0
    for desa_code, text, move in plans:
        request = next(
            (r for r in requests if r.desa.code == desa_code and r.text.startswith(text)), None
        )
        untouched = (
            request is not None
            and request.status == SupportRequest.Status.SUBMITTED
            and request.events.count() == 1
        )
        if untouched and request is not None:
            move(request)
            moved += 1
    waiting = sum(1 for r in requests if _fresh(r).status == SupportRequest.Status.SUBMITTED)
    return (
        f"Permintaan dukungan: {len(requests)} dari rapat {meeting.date:%d-%m-%Y}, {moved} "
        f"diproses sekarang, {waiting} masih menunggu tim kabupaten."
    )
