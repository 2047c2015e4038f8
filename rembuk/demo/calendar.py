"""The demo's calendar: the story, written once for 2024, placed around the day seed_demo runs.

The story was written with the guide's Desa X meeting on 28 March 2024 and stands, on the day it is
seeded, eight weeks later (`AUTHORED_TODAY`): the villages' reviews a fortnight before the
meeting, Matriks 4 sent five days after it, the agencies' answers in April, the kabupaten team's
meeting three weeks after, the next kecamatan meeting in July. Every date of the story is
written as its 2024 date and placed by `DemoCalendar.day()`:

- what happens after the story's today falls the same number of days after the real today;
- what happens in the story's year before its today falls the same number of days before the
  real today, squeezed when the real year has not had that many days yet, so a demo seeded in
  February still has this year's reviews, meeting and requests (dashboards open on this year);
  in the first week of January there is no room, and the story ends in December;
- what happens before the story's year (plans adopted, the programme's first stages) keeps its
  distance to the start of the story's year.

Texts written for the demo name their dates as placeholders, `{2024-04-22}` (22 April of the
year it falls in), `{2024-04-22:dm}` (day and month only) or `{2024-04-22..2024-04-24}` (a
range), and their plain years move with the story (`2024` becomes the story's year). The texts
of the guide's worked example (rembuk.demo.desa_x, docs/mechanism.md#the-worked-example-desa-x)
are never touched: they stay word for word.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone

from rembuk.core.history import recorded_as_of
from rembuk.reports.wording import MONTHS, tanggal

AUTHORED_YEAR = 2024
AUTHORED_MEETING = datetime.date(2024, 3, 28)  # the guide's Desa X meeting
AUTHORED_TODAY = datetime.date(2024, 5, 23)  # where the story stands when it is seeded
SEASON_START = datetime.date(2024, 3, 1)  # the first dated event of the story's year
# Fewer days than this since 1 January: the story's year is the previous one.
MIN_ROOM_DAYS = 7

_PLACEHOLDER = re.compile(r"\{(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?(?::(dm))?\}")
_YEAR = re.compile(r"\b(20[12]\d)\b")


@dataclass(frozen=True)
class DemoCalendar:
    today: datetime.date
    scale: float  # how much the story's part of the year before today is squeezed (1: not)

    @classmethod
    def on(cls, today: datetime.date) -> DemoCalendar:
        room = (today - datetime.date(today.year, 1, 1)).days
        needed = (AUTHORED_TODAY - SEASON_START).days
        scale = 1.0
        if MIN_ROOM_DAYS <= room < needed:
            scale = room / needed
        return cls(today=today, scale=scale)

    @classmethod
    def now(cls) -> DemoCalendar:
        return cls.on(timezone.localdate())

    # --- days -----------------------------------------------------------------------------

    def day(self, authored: datetime.date) -> datetime.date:
        """Where a date of the story (written for 2024) falls around today."""
        if authored >= AUTHORED_TODAY:
            return self.today + (authored - AUTHORED_TODAY)
        if authored >= SEASON_START:
            # Rounded towards today, so the squeezed story keeps its order.
            back = math.floor((AUTHORED_TODAY - authored).days * self.scale)
            return self.today - datetime.timedelta(days=back)
        return self.day(SEASON_START) - (SEASON_START - authored)

    def on_day(self, month: int, day: int, year: int = AUTHORED_YEAR) -> datetime.date:
        """`on_day(4, 30)`: the story's 30 April, placed."""
        return self.day(datetime.date(year, month, day))

    def moment(self, authored: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """The story's day (written for 2024), placed, at that local time."""
        return self.moment_on(self.day(authored), hour, minute)

    def moment_on(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        """A placed day at that local time, never later than now (today is not over yet)."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return min(moment, timezone.now())

    @contextmanager
    def recording(
        self, authored: datetime.date, hour: int = 10, minute: int = 0
    ) -> Iterator[datetime.date]:
        """`with calendar.recording(d(4, 2)) as day:` — write what happened on the story's day
        (given the placed `day`), recorded at that moment in the history."""
        with recorded_as_of(self.moment(authored, hour, minute)):
            yield self.day(authored)

    @property
    def day_of_first_meeting(self) -> datetime.date:
        return self.day(AUTHORED_MEETING)

    @property
    def year(self) -> int:
        """The story's year: the year of the guide's Desa X meeting (the plans' first year)."""
        return self.day_of_first_meeting.year

    def shift_year(self, authored_year: int) -> int:
        return authored_year + self.year - AUTHORED_YEAR

    # --- texts ----------------------------------------------------------------------------

    def text(self, authored: str) -> str:
        """A text written for the demo, with its dates placed and its years moved."""
        parts = []
        position = 0
        for match in _PLACEHOLDER.finditer(authored):
            parts.append(self._years(authored[position : match.start()]))
            parts.append(self._date_words(match))
            position = match.end()
        parts.append(self._years(authored[position:]))
        return "".join(parts)

    def _years(self, text: str) -> str:
        return _YEAR.sub(lambda m: str(self.shift_year(int(m.group(1)))), text)

    def _date_words(self, match: re.Match[str]) -> str:
        first = self.day(datetime.date.fromisoformat(match.group(1)))
        if match.group(2):
            last = self.day(datetime.date.fromisoformat(match.group(2)))
            if (first.year, first.month) == (last.year, last.month):
                return f"{first.day}–{tanggal(last)}"
            return f"{_day_month(first)}–{tanggal(last)}"
        if match.group(3) == "dm":
            return _day_month(first)
        return tanggal(first)


def _day_month(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"
