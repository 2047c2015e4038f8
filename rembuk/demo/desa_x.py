"""Desa X, the kecamatan guide's worked example (docs/mechanism.md#the-worked-example-desa-x): its
plan (Matriks 1) and what the kecamatan meeting of 28 March 2024 recorded for it (Matriks 3),
word for word.

One place for these texts: the demo (Desa Wailangira plays Desa X, see rembuk.demo.meetings)
and the reports tests (rembuk.reports.testing) both read them, so a printout can be laid beside
the paper example and compared. Only "desa X" in the last follow-up is replaced by the name of
the village that plays it, as the header says "Desa: Wailangira" instead of "Desa: X". The demo
holds the meeting on the day its calendar gives the guide's 28 March (rembuk.demo.calendar);
these texts stay as the guide wrote them, years and all.
"""

from __future__ import annotations

import datetime

from rembuk.demo.plan_texts import DemoGoal, DemoPlan, act, adopted, milestone

MEETING_DATE = datetime.date(2024, 3, 28)  # as the guide dates it

GOAL_1 = "Semua warga terbebas dari hutang pada rentenir"
GOAL_1_TARGET = "di tahun 2025"
MILESTONE_1 = "Petani punya alternatif penjualan hasil panen dengan harga stabil saat panen"
MILESTONE_1_TARGET = "di capai di tahun 2025"
BUMDES_ACTIVITIES = (
    "Musyawarah penetapan penyertaan modal di BUMDES",
    "Penyerahan modal Desa di BUMDES",
    "Pelatihan pengelolaan unit usaha BUMDES",
    "Pembuatan business plan BUMDES",
    "Sosialisasi program pembelian hasil panen oleh BUMDES",
    "Pembelian hasil panen yang dijual petani oleh BUMDES",
    "Penyimpanan hasil pembelian di BUMDES",
)
GOAL_2 = "Serangan hama dapat diatasi"
GOAL_2_TARGET = (
    "Hama jagung terkendali, minimal 75% ladang jagung terbebas dari serangan hama xx di tahun "
    "2024, dan 100% ladang jagung di desa terbebas dari hama xx di tahun 2025"
)
PEST_ACTIVITIES = (
    "Sosialisasi manfaat kelompok tani",
    "Pertemuan periodik kelompok tani jagung",
    "Pelatihan penanganan hama xx di kelompok tani jagung",
    "Penerapan penanganan hama oleh petani",
    "Konsultasi pelaksanaan penanganan hama dengan penyuluh di kelompok tani",
)

# Matriks 3, column "Kendala/Tantangan yang dihadapi dan pembelajaran", goal 1: what holds up
# the plan, how far it reaches (6 of the 7 activities), and its cause.
CHALLENGE_FINANCE = (
    "Keterlambatan penyelesaian pertanggungjawaban keuangan desa periode sebelumnya menyebabkan "
    "DD belum bisa dicairkan untuk digunakan sebagai penyertaan modal ke BUMDES."
)
CHALLENGE_FINANCE_REACH = (
    "Hal ini turut mempengaruhi keterlambatan kegiatan lain yang saling terkait "
    "(6 dari 7 kegiatan)."
)
CHALLENGE_FINANCE_CAUSE = (
    "Keterlambatan ini disebabkan aparat/operator desa baru diganti dan belum sempat dilatih"
)
# Goal 2.
CHALLENGE_SOCIALISATION = (
    "Sosialisasi sebenarnya sempat terhambat karena masalah sumber pembiayaan dari DD, namun "
    "telah dapat diatasi dengan menggunakan event kegiatan pertemuan lainnya untuk melakukan "
    "sosialisasi."
)
CHALLENGE_EXTENSION_WORKER = (
    "Penyuluh pertanian tidak hadir pada pertemuan kelompok yang mengagendakan pelatihan "
    "pengendalian hama."
)

# Column "Gagasan solusi & tindak lanjut (dari hasil diskusi)".
FOLLOWUP_ASSISTANCE = (
    "Meminta pendampingan intensif dari DPMD dan pendamping desa dalam menyelesaikan pelaporan "
    "keuangan desa."
)
FOLLOWUP_TRAINING = (
    "Meminta pelatihan pelaporan keuangan desa dari DPMD bagi operator desa yang baru."
)
FOLLOWUP_VISIT = (
    "Meminta dinas pertanian untuk bisa menjadwalkan kunjungan penyuluh pertanian ke desa dalam "
    "waktu dekat."
)
FOLLOWUP_CONTACT = "Meminta no kontak penyuluh untuk desa X agar lebih mudah berkomunikasi."


def followup_contact(desa_name: str) -> str:
    """The last follow-up, naming the village that plays Desa X."""
    return FOLLOWUP_CONTACT.replace("desa X", f"desa {desa_name}")


# The descriptions, funding and authority are not in the guide's Matriks 3; they are written
# for the demo in the manner of Matriks 1.
_BUMDES_DETAILS = (
    ("Ditetapkan pada musyawarah desa akhir tahun 2023", "DD"),
    ("Dicairkan bersama Dana Desa tahap I 2024", "DD"),
    ("3 hari, bagi pengurus BUMDes", "CSR"),
    ("Dikerjakan pengurus setelah pelatihan, dibantu pendamping desa", "CSR+BUM"),
    ("Di setiap dusun, sebelum panen April 2024", "BUM"),
    ("Jagung pipil kering; dibayar tunai sesuai harga yang diumumkan", "BUM"),
    ("Di gudang BUMDes dengan karung hermetik, dilepas saat harga kembali normal", "BUM"),
)
_PEST_DETAILS = (
    ("Sekali untuk semua warga, Februari 2024", "DD", "desa"),
    ("Minggu pertama setiap bulan di rumah ketua kelompok", "SW", "swadaya"),
    (
        "Dalam pertemuan kelompok; penyuluh Dinas Pertanian membawa contoh serangan",
        "OPD+SW",
        "desa",
    ),
    ("Tiap petani memeriksa ladangnya dua kali seminggu sejak tanam", "SW", "swadaya"),
    ("Di pertemuan kelompok, bersama penyuluh pertanian", "SW+OPD", "desa"),
)


def desa_x_plan(desa_code: str, desa_name: str) -> DemoPlan:
    """The guide's Desa X plan for the village that plays it in the demo."""
    return DemoPlan(
        desa_code=desa_code,
        desa_name=desa_name,
        seed_words=True,
        adopted_on=adopted(2023, 12, 12),
        notes="Musyawarah desa {2023-12-12}; penyertaan modal BUMDes disepakati.",
        goals=(
            DemoGoal(
                GOAL_1,
                GOAL_1_TARGET,
                2025,
                (
                    milestone(
                        MILESTONE_1,
                        MILESTONE_1_TARGET,
                        2025,
                        *(
                            act(name, description, funding)
                            for name, (description, funding) in zip(
                                BUMDES_ACTIVITIES, _BUMDES_DETAILS, strict=True
                            )
                        ),
                    ),
                ),
            ),
            DemoGoal(
                GOAL_2,
                GOAL_2_TARGET,
                2025,
                (),
                activities=tuple(
                    act(name, description, funding, authority)
                    for name, (description, funding, authority) in zip(
                        PEST_ACTIVITIES, _PEST_DETAILS, strict=True
                    )
                ),
            ),
        ),
    )
