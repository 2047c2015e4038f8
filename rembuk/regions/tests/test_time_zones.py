"""Every province of the national list has its time zone; a region's is its province's."""

from __future__ import annotations

import csv
import gzip
from zoneinfo import ZoneInfo

from rembuk.regions.services import NATIONAL_FILE
from rembuk.regions.time_zones import WIB, WIT, WITA, common_zone, zone_name, zone_of

# By name, as the provinces are known (Keppres 41/1987 and the provinces made since).
KNOWN = {
    "Aceh": WIB,
    "Kepulauan Riau": WIB,
    "Daerah Khusus Ibukota Jakarta": WIB,
    "Kalimantan Barat": WIB,
    "Kalimantan Tengah": WIB,
    "Bali": WITA,
    "Nusa Tenggara Timur": WITA,
    "Kalimantan Selatan": WITA,
    "Kalimantan Timur": WITA,
    "Kalimantan Utara": WITA,
    "Gorontalo": WITA,
    "Sulawesi Barat": WITA,
    "Maluku": WIT,
    "Maluku Utara": WIT,
    "Papua": WIT,
    "Papua Barat Daya": WIT,
    "Papua Pegunungan": WIT,
}


def _provinces() -> dict[str, str]:
    with gzip.open(NATIONAL_FILE, "rt", encoding="utf-8") as rows:
        return {
            row["name"]: row["code"] for row in csv.DictReader(rows) if row["level"] == "provinsi"
        }


def test_every_province_of_the_national_list_has_a_zone():
    provinces = _provinces()
    assert len(provinces) == 38
    assert {name: zone_of(code) for name, code in provinces.items() if zone_of(code) is None} == {}
    for name, zone in KNOWN.items():
        assert zone_of(provinces[name]) == zone, name


def test_a_region_lies_in_its_provinces_zone():
    assert zone_of("53.18.11.2006") == zone_of("53") == WITA
    assert zone_of("81.05") == WIT
    assert zone_of("") is None


def test_one_zone_for_regions_in_one_else_none():
    assert common_zone(["53.18", "53.02.01"]) == WITA
    assert common_zone(["53.18", "81.05"]) is None
    assert common_zone(["53", "51"]) == WITA  # Bali and NTT share WITA
    assert common_zone([]) is None


def test_a_zone_is_named_as_people_name_it():
    assert [zone_name(zone) for zone in (WIB, WITA, WIT)] == [
        "WIB (UTC+7)",
        "WITA (UTC+8)",
        "WIT (UTC+9)",
    ]
    assert zone_name(ZoneInfo("Asia/Pontianak")) == "Asia/Pontianak"  # a hub set otherwise
