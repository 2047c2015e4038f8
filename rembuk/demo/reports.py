"""Demo Matriks 4: the kecamatan summary of the demo's first Kodi Balaghar meeting, sent.

Acted out as a person would: the kecamatan (kecamatan.kodibalaghar) drafts it from the meeting,
rewords Wailangira's row — Wailangira plays Desa X — to the guide's own Matriks 4 example, word
for word (only "desa X" names the village), and sends it five days after the meeting. Sending
turns the meeting's "dukungan OPD" follow-ups into support requests, which the support demo then
moves through their stages.

Idempotent: once the meeting has a sent report, nothing is done again.
"""

from __future__ import annotations

import datetime
from typing import Any

from rembuk.core.history import recorded_as_of
from rembuk.demo.calendar import DemoCalendar
from rembuk.demo.meetings import first_meeting
from rembuk.reports import services
from rembuk.reports.models import KecamatanReport, KecamatanReportRow

DESA_X = "53.18.11.2001"  # Wailangira
# As the story dates them; rembuk.demo.calendar places them.
DRAFTED_ON = datetime.date(2024, 3, 30)
SENT_ON = datetime.date(2024, 4, 2)
WRITER = "kecamatan.kodibalaghar"

# The kecamatan guide's Matriks 4 example ("Contoh pengisian"), row 1, Desa X.
GUIDE_GOALS = (
    "Membebaskan masyarakat dari jeratan hutang terhadap rentenir dengan mengembangkan BUMDes "
    "yang membeli hasil produk pertanian warga dan memulihkan produksi pertanian dengan mengatasi "
    "hama."
)
SEED_CHALLENGES = (
    "Desa terkendala dalam hal kemampuan menyiapkan laporan keuangan sehingga DD belum dapat "
    "cair. Hal ini membuat BUMdes belum beroperasi.",
    "Desa membutuhkan pendampingan penyuluh pertanian yang saat ini belum ada untuk belajar "
    "mengatasi hama tanaman.",
)
SEED_SUPPORT = (
    "Pendampingan intensif dari DPMD/Pendamping desa untuk pembuatan laporan keuangan desa.",
    "Pelatihan bagi operator desa yang baru.",
    "Penugasan/penjadwalan penyuluh pertanian dari dinas pertanian untuk desa X.",
    "Informasi bagi desa tentang no kontak penyuluh pertanian untuk kebutuhan komunikasi.",
)
NOTE = (
    "Rincian per desa ada pada Matriks 3 hasil pertemuan {2024-03-28}. Desa Waiha tidak hadir; "
    "pemantauannya akan dibahas pada pertemuan {2024-07-25}."
)


def seed_reports_demo(users: dict[str, Any], calendar: DemoCalendar) -> str:
    actor = users[WRITER]
    meeting = first_meeting()
    if meeting is None:
        return "Matriks 4 demo dilewati: rapat pertama Kodi Balaghar belum ada."
    sent = KecamatanReport.objects.filter(
        meeting=meeting, status=KecamatanReport.Status.SENT
    ).first()
    if sent is not None:
        return f"Matriks 4 Kecamatan Kodi Balaghar sudah terkirim (versi {sent.edition})."

    with recorded_as_of(calendar.moment(DRAFTED_ON, 10)):
        report = services.kecamatan_report_draft(meeting=meeting, actor=actor)
        row = KecamatanReportRow.objects.filter(report=report, desa__code=DESA_X).first()
        if row is not None:
            services.kecamatan_report_row_update(
                row=row,
                actor=actor,
                goals_and_efforts=GUIDE_GOALS,
                challenges="\n".join(SEED_CHALLENGES),
                support_needed="\n".join(SEED_SUPPORT).replace("desa X", "desa Wailangira"),
            )
        services.kecamatan_report_note_update(report=report, actor=actor, note=calendar.text(NOTE))
    sent_at = calendar.moment(SENT_ON, 10)
    with recorded_as_of(sent_at):
        sent = services.kecamatan_report_send(report=report, actor=actor, sent_at=sent_at)
    villages = KecamatanReportRow.objects.filter(report=sent).count()
    return (
        f"Matriks 4 Kecamatan Kodi Balaghar ({villages} desa) disusun dan dikirim "
        f"{sent_at:%d-%m-%Y}."
    )
