"""Lessons in two kabupaten: Sumba Barat Daya (53.18) and Seram Bagian Timur (81.05)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from rembuk.core.testing import region
from rembuk.learning import services
from rembuk.learning.models import Lesson

WAINYAPU = "53.18.11.2006"
WARU = "81.05.15.2001"


def other_desa(kecamatan: str, but: str) -> str:
    code: str = (
        region(kecamatan)
        .children.exclude(code=but)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    return code


def make_lesson(desa_code: str, what_happened: str, **values: Any) -> Lesson:
    values.setdefault("happened_on", datetime.date(2024, 3, 28))
    values.setdefault("outcome", Lesson.Outcome.WORKED)
    return services.lesson_create(
        desa=region(desa_code), actor=None, what_happened=what_happened, **values
    )


@pytest.fixture
def lessons(db: None) -> dict[str, Lesson]:
    neighbour = other_desa("53.18.11", WAINYAPU)
    return {
        "extension": make_lesson(
            neighbour,
            "Penyuluh pertanian tidak hadir selama tiga bulan",
            why="Kantor penyuluh jauh dan tidak ada kendaraan",
            what_was_tried="Kelompok tani menjemput penyuluh dengan ojek bergiliran",
        ),
        "middlemen": make_lesson(
            neighbour,
            "Harga kopra jatuh karena tengkulak menentukan harga sendiri",
            what_was_tried="Petani menjual bersama lewat BUMDes",
            outcome=Lesson.Outcome.PARTLY,
        ),
        "finance": make_lesson(
            WAINYAPU,
            "Laporan pertanggungjawaban Dana Desa terlambat",
            why="Bendahara belum paham Siskeudes",
        ),
        "seram_fish": make_lesson(
            WARU,
            "Nelayan kesulitan menjual ikan karena papalele membeli murah",
            what_was_tried="Membuat koperasi nelayan",
        ),
        "seram_shared": make_lesson(
            WARU,
            "Hama wereng menyerang padi sawah sebelum panen",
            what_was_tried="Sekolah lapang pengendalian hama terpadu bersama penyuluh",
            shared_beyond_kabupaten=True,
        ),
    }


# The meeting fixtures of the meetings app: Kodi Balaghar with two villages and a meeting.
from rembuk.meetings.tests.conftest import kecamatan_user, meeting, plans  # noqa: E402, F401
