"""Spreadsheets for the import tests, built in code rather than committed as binaries.

Each builder returns the bytes of an .xlsx file laid out like a real source: the Rembuk template,
Matriks 1 of the kecamatan guide (seed 000), or a typed-up Matriks 10.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

TEMPLATE_HEADERS = [
    "No",
    "Tujuan & Target Capaian",
    "Target Tujuan",
    "Tahun Target Tujuan",
    "Tujuan Antara",
    "Nilai Target Tujuan Antara",
    "Tahun Target",
    "Kegiatan",
    "Keterangan Kegiatan",
    "Sumber Pembiayaan",
    "Kewenangan",
]
MATRIKS_1_HEADERS = [
    "Tujuan & Target Capaian",
    "Tujuan Antara dan nilai target pencapaiannya",
    "Kegiatan-kegiatan yang direncanakan",
    "Keterangan Kegiatan",
    "Sumber Pembiayaan",
]
MATRIKS_10_HEADERS = [
    "NO",
    "TUJUAN KEGIATAN",
    "TARGET TUJUAN",
    "Sasaran - Sasaran yang perlu di-capai",
    "TARGET SASARAN",
    "KEGIATAN - KEGIATAN yang perlu di-lakukan",
    "KETERANGAN",
    "SUMBER PEMBIAYAAN",
]


def workbook_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[str] = TEMPLATE_HEADERS,
    title: str | None = "Matriks Rencana Kegiatan Peningkatan Penghidupan Desa",
    sheet: str = "Rencana",
    merges: Sequence[str] = (),
    extra_sheets: Sequence[str] = (),
) -> bytes:
    """A workbook with an optional title row, a blank row, the header row and `rows`."""
    workbook = Workbook()
    for name in extra_sheets:  # sheets before the data, e.g. "Petunjuk"
        workbook.create_sheet(name, 0)
    ws = workbook.worksheets[-1] if extra_sheets else workbook.active
    assert ws is not None
    ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    for cell_range in merges:
        ws.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_rows(goals: int = 1, activities_per_goal: int = 3) -> list[list[Any]]:
    """Rows in the template layout: each goal and milestone written on its first row only."""
    rows: list[list[Any]] = []
    for g in range(1, goals + 1):
        for a in range(1, activities_per_goal + 1):
            first = a == 1
            rows.append(
                [
                    g if first else None,
                    f"Tujuan {g}" if first else None,
                    f"Target {g}" if first else None,
                    2025 if first else None,
                    f"Tujuan antara {g}" if first else None,
                    "Semua petani" if first else None,
                    2024 if first else None,
                    f"Kegiatan {g}.{a}",
                    f"Keterangan {g}.{a}",
                    "Dana Desa",
                    "Desa",
                ]
            )
    return rows


def matriks_10_bytes() -> bytes:
    """A typed-up Matriks 10 (seed 000): goal and its target on merged cells over three rows."""
    rows = [
        [
            1,
            "Meningkatkan penyadaran petani",
            "10-20% meningkat",
            "Berjalannya koordinasi kelompok tani & penyuluh",
            "Minimal 3 x dalam 1 tahun",
            "Pertemuan kelompok tani",
            "Tiap 4 bulan",
            "Swadaya",
        ],
        [
            None,
            None,
            None,
            "Petani terlatih mengendalikan hama",
            "Semua petani",
            "Pelatihan pengendalian hama",
            "Bersama penyuluh",
            "Dinas pertanian (penyuluh)",
        ],
        [
            None,
            None,
            None,
            "Petani memperoleh informasi penanganan pasca panen",
            "Semua petani",
            "Pelatihan penanganan pasca panen",
            "",
            "DD",
        ],
        [
            2,
            "Petani mandiri membuat alat pengering",
            "2 alat pengering",
            "Kelompok punya alat pengering",
            "1 alat per kelompok",
            "Pembuatan alat pengering",
            "Tahun 2025",
            "Dana desa dan swadaya",
        ],
    ]
    return workbook_bytes(
        rows,
        headers=MATRIKS_10_HEADERS,
        title="MATRIKS. 10. DAFTAR RANCANGAN KEGIATAN",
        merges=("A4:A6", "B4:B6", "C4:C6"),
    )


def matriks_1_bytes() -> bytes:
    """Matriks 1 of seed 000: numbered goal, milestone on the first row, bullets, free funding."""
    rows = [
        [
            "1 Semua warga terbebas dari hutang pada rentenir (di tahun 2025).",
            "• Petani punya alternatif penjualan hasil panen dengan harga stabil saat panen "
            "(di capai di tahun 2025).",
            "• Musyawarah penetapan penyertaan modal di BUMDES.",
            "• Alokasi Dana untuk modal ditetapkan di musyawarah desa akhir tahun 2023.",
            "Dana Desa",
        ],
        [None, None, "• Pembuatan business plan BUMDES.", "• Dikerjakan bersama pengurus.",
         "CSR & Operasional BUMDES"],
        [None, None, "• Sosialisasi program pembelian hasil panen oleh BUMDES.",
         "• Dalam kegiatan masyarakat.", "-"],
        [None, None, "• Sosialisasi manfaat kelompok tani.", "• Satu kali bagi semua warga.",
         "Dana desa dan biaya penyuluh dinas pertanian"],
        [None, None, "• Pelatihan penanganan hama xx di kelompok tani jagung.",
         "• Pelatihan dilakukan dalam pertemuan.", "Dinas pertanian (penyuluh) Swadaya"],
        ["3 Dst.", "-", "-", "-", "-"],
    ]  # fmt: skip
    return workbook_bytes(
        rows,
        headers=MATRIKS_1_HEADERS,
        title="Matriks 1. Daftar rancangan kegiatan bagi pengembangan penghidupan desa",
        sheet="Matriks 1",
    )
