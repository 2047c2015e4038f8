"""Shared test helpers: a tiny kecamatan beside the pilot ones, to compare query counts."""

from __future__ import annotations

from rembuk.core import history
from rembuk.core.testing import region
from rembuk.regions.models import Region, region_id_for


def small_kecamatan(code: str = "53.18.99", desa: int = 2) -> Region:
    """A kecamatan with `desa` desa under kabupaten 53.18 (the pilot has none that small)."""
    kecamatan = history.create(
        Region,
        actor=None,
        id=region_id_for(code),
        code=code,
        name="Kecamatan Uji",
        level=Region.Level.KECAMATAN,
        parent=region("53.18"),
    )
    for number in range(1, desa + 1):
        desa_code = f"{code}.{2000 + number}"
        history.create(
            Region,
            actor=None,
            id=region_id_for(desa_code),
            code=desa_code,
            name=f"Desa Uji {number}",
            level=Region.Level.DESA,
            parent=kecamatan,
        )
    return kecamatan
