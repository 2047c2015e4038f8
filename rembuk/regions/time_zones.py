"""Indonesia's three time zones, by region code: the clock a person or a printout reads.

A national hub serves villages from Aceh to Papua; a kabupaten hub in Maluku serves WIT. A time
written for a person (a cell's "Tersimpan 14:05", a notification, a meeting closed at) is in
the zone of the regions they work in, and a printout's in the zone of the region it is about;
settings.TIME_ZONE (the hub's own, Asia/Makassar unless set) is for everyone and everything else
(docs/decisions/0033).

The zones follow the provinces (Keppres 41/1987), and the first digit of a province's
Kemendagri code is its island group: 1–2 Sumatra and the Riau Islands, 3 Java, 5 Bali and Nusa
Tenggara, 6 Kalimantan, 7 Sulawesi, 8 Maluku, 9 Papua. Kalimantan alone is split: West and
Central (61, 62) keep WIB. A test reads every province of the national list against this.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from rembuk.regions.codes import SEPARATOR

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

_BY_ISLAND_GROUP = {"1": WIB, "2": WIB, "3": WIB, "5": WITA, "7": WITA, "8": WIT, "9": WIT}
_KALIMANTAN = {"61": WIB, "62": WIB, "63": WITA, "64": WITA, "65": WITA}


# The zones a person may choose for themselves (their account page), by the key stored on them.
CHOOSABLE = {zone.key: zone for zone in (WIB, WITA, WIT)}
# Where each is the clock, as a person choosing one reads it.
AREAS = {
    WIB.key: _("Sumatra, Java, West and Central Kalimantan"),
    WITA.key: _("Bali, Nusa Tenggara, South, East and North Kalimantan, Sulawesi"),
    WIT.key: _("Maluku, Papua"),
}


def chosen_zone(key: str) -> ZoneInfo | None:
    """The zone a person chose, or None when they chose none (or a key this hub does not offer,
    as a hub of a later version might send)."""
    return CHOOSABLE.get(key)


def zone_of(code: str) -> ZoneInfo | None:
    """The time zone of a region (any level), or None for the country or an unknown code."""
    province = code.split(SEPARATOR, 1)[0]
    return _KALIMANTAN.get(province) or _BY_ISLAND_GROUP.get(province[:1])


def common_zone(codes: Iterable[str]) -> ZoneInfo | None:
    """The one zone every region of `codes` lies in; None when they span several (a programme
    team's country or several islands) or there are none."""
    zones = {zone_of(code) for code in codes}
    if len(zones) == 1:
        return zones.pop()
    return None


def zone_name(zone: datetime.tzinfo) -> str:
    """How people name a zone: "WIT (UTC+9)"; a zone outside Indonesia by its own name."""
    names = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}
    key = str(getattr(zone, "key", zone))
    for known, name in names.items():
        if known.key == key:
            offset = datetime.datetime.now(known).utcoffset() or datetime.timedelta()
            hours = int(offset.total_seconds() // 3600)  # no summer time in Indonesia
            return f"{name} (UTC+{hours})"
    return key
