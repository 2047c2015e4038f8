"""The fixed Indonesian wording of printed documents.

Printouts reproduce Indonesian paper forms (Matriks 2 and 3,
docs/mechanism.md#meeting-sheet-matriks-2-and-3) and an official letter (surat undangan), so
they are Indonesian whatever the interface language: a kecamatan lays the poster beside the
paper matrix and the headings must match word for word. That is why these strings are constants
here and not gettext messages; the screens around them are translated.
"""

from __future__ import annotations

import datetime

# Matriks 2 (the blank tool) and Matriks 3 (the filled example): same columns, same order.
MATRIX2_HEADINGS = (
    "Tujuan & Target",
    "Kegiatan atau aktivitas",
    "Kendala/Tantangan yang dihadapi",
    "Gagasan solusi & tindak lanjut (dari hasil diskusi)",
)
MATRIX3_HEADINGS = (
    "Tujuan dan target",
    "Kegiatan atau aktivitas",
    "Kendala/Tantangan yang dihadapi dan pembelajaran",
    "Gagasan solusi & tindak lanjut (dari hasil diskusi)",
)
MATRIX2_TITLE = (
    "Matriks 2. Alat bantu (tool) pencatatan hasil koordinasi untuk berbagi pembelajaran antar desa"
)
MATRIX3_TITLE = "Matriks 3. Matriks pemantauan dan pembelajaran"
DESA_LABEL = "Desa"
DATE_LABEL = "Tanggal pelaksanaan koordinasi"
QR_CAPTION = "Pindai untuk membuka lembar ini di HP"
MEETING_TITLE = "Pertemuan Koordinasi Kecamatan untuk Berbagi Pembelajaran Antar Desa"
LETTER_SUBJECT = "Undangan Pertemuan Koordinasi Kecamatan untuk Berbagi Pembelajaran Antar Desa"

FOLLOWUP_KINDS = {
    "gagasan_desa_lain": "Gagasan dari desa lain",
    "aksi_desa": "Aksi desa",
    "dukungan_kecamatan": "Dukungan kecamatan",
    "dukungan_opd": "Dukungan OPD",
}
FOLLOWUP_STATUSES = {
    "belum": "Belum",
    "berjalan": "Berjalan",
    "selesai": "Selesai",
    "tidak_relevan": "Tidak relevan lagi",
}
REVIEW_RESULTS = {
    "tercapai": "Tercapai",
    "sebagian": "Sebagian tercapai",
    "tidak_tercapai": "Tidak tercapai",
}

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def tanggal(value: datetime.date | None) -> str:
    """`28 Maret 2024` — an Indonesian date, whatever language is active."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def hari_tanggal(value: datetime.date | None) -> str:
    """`Kamis, 28 Maret 2024`."""
    if value is None:
        return ""
    return f"{DAYS[value.weekday()]}, {tanggal(value)}"


def time_zone_label(region_code: str) -> str:
    """WIB, WITA or WIT for a region, by province (Kemendagri codes)."""
    province = region_code.split(".", 1)[0]
    if province in {"81", "82", "91", "92", "93", "94", "95", "96"}:
        return "WIT"
    if province in {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}:
        return "WITA"
    return "WIB"


def jam(value: datetime.time | None, region_code: str) -> str:
    """`09.00 WITA s.d. selesai` — the usual way an invitation gives the time."""
    if value is None:
        return ""
    return f"{value:%H.%M} {time_zone_label(region_code)} s.d. selesai"


def village_head_title(desa_name: str, is_kelurahan: bool = False) -> str:
    return f"Lurah {desa_name}" if is_kelurahan else f"Kepala Desa {desa_name}"


def plain_region_name(name: str) -> str:
    """`Kabupaten Sumba Barat Daya` → `Sumba Barat Daya` (the pilot data keeps the prefix)."""
    for prefix in ("Kabupaten ", "Kab. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# Matriks 4 (laporan ringkas kecamatan, docs/mechanism.md#kecamatan-report-matriks-4): the same five
# columns.
MATRIX4_HEADINGS = (
    "No.",
    "Desa",
    "Tujuan dan Upaya yang dilakukan desa",
    "Tantangan yang dihadapi desa dan penyebabnya",
    "Tindak lanjut atau dukungan yang dibutuhkan",
)
MATRIX4_TITLE = "Matriks 4. Ringkasan pelaporan kecamatan untuk rapat pertemuan tingkat kabupaten"
KECAMATAN_LABEL = "Kecamatan"
