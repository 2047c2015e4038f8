"""The tables of a dashboard, built from the figures rembuk.programme.rollups keeps.

Each table is read in a fixed number of queries over a number of rows set by the regions it
lists, never by the records beneath them: the country lists its provinsi, a provinsi its
kabupaten, a kabupaten its kecamatan (a kecamatan shows itself). The two lists of villages show
their first rows; their XLSX files have every row (docs/decisions/0018). The page, its charts,
its XLSX files and the API share these tables.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from django.db.models import Q, QuerySet

from rembuk.core.prepared import PreparedShapes
from rembuk.core.slotted_urls import text_slot
from rembuk.core.templatetags.site_urls import fixed_urls
from rembuk.core.translated import choice_labels, per_language
from rembuk.core.translated import kept_gettext as _
from rembuk.learning.models import Theme
from rembuk.meetings.models import CoordinationMeeting
from rembuk.monitoring.models import ActivityStatus
from rembuk.people.models import Agency
from rembuk.programme.models import DesaFigures, RegionTally, Stage, StageProgress
from rembuk.programme.rollups import (
    ACTIVITY,
    DESA,
    MEETING,
    NO_DAY,
    NOT_ROUTED,
    QUIET,
    REGION_REQUEST,
    REGION_REQUEST_AGE,
    REQUEST,
    REQUEST_AGE,
    STAGE,
    THEME,
    Tally,
    split_request_key,
    year_day,
)
from rembuk.programme.scope import DashboardScope, programme_desas
from rembuk.programme.stages import OPEN_REQUEST
from rembuk.regions import codes
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest

TABLE_KEYS = (
    "tahapan",
    "tahapan-desa",
    "kegiatan",
    "pertemuan",
    "dukungan",
    "tema",
    "tanpa-catatan",
)
QUIET_MONTHS = 4  # villages with no review or no meeting record in the last 4 months
TOP_THEMES = 10


def default_year(years: list[int], today: datetime.date) -> int:
    """This year, unless the scope has no meeting this year: then the latest year with one."""
    if not years or today.year in years:
        return today.year
    past = [year for year in years if year < today.year]
    return max(past) if past else max(years)


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


@dataclass
class Table:
    """One section of a dashboard: its numbers, which the chart, the page and the XLSX share."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    links: Sequence[str | None] = field(default_factory=list)  # a link for each row's first cell
    note: str = ""
    # For the chart: which columns are the series of a stacked bar (by index in headers).
    series_columns: list[int] = field(default_factory=list)
    # How many rows the whole table has, when `rows` holds only its first ones (the page).
    total: int | None = None
    # Columns (by index in headers) whose value is the dashboard's own region in every row:
    # the page leaves them out, its title names the region; the XLSX and the API keep them, a
    # file read alone or next to another kecamatan's must still say where each village is.
    scope_columns: frozenset[int] = frozenset()

    def fingerprint(self) -> tuple[Any, ...]:
        """Every field's value, as one hashable value: equal tables, equal fingerprints (the key
        of their drawn markup, rembuk.core.drawn). Read from the dataclass's fields, so a field
        added later is in the key too; lists (the rows' too) become tuples."""
        return tuple(_frozen(getattr(self, name)) for name in _TABLE_FIELDS)

    def on_page(self) -> tuple[list[str], list[list[Any]]]:
        """(headers, rows) as the page shows them: without the scope's own columns."""
        if not self.scope_columns:
            return self.headers, self.rows
        kept = [index for index in range(len(self.headers)) if index not in self.scope_columns]
        return (
            [self.headers[index] for index in kept],
            [[row[index] for index in kept] for row in self.rows],
        )


_TABLE_FIELDS = tuple(f.name for f in fields(Table))


def _frozen(value: Any) -> Any:
    """A field's value, hashable: a list and the lists in it (a table's rows) as tuples."""
    if isinstance(value, list):
        return tuple(tuple(item) if isinstance(item, list) else item for item in value)
    return value


@dataclass
class _Place:
    """A region a table lists (one row of the activity, meeting and request tables)."""

    code: str
    name: str
    parent: str
    parent_code: str
    tallies: Counter[tuple[str, str, datetime.date]] = field(default_factory=Counter)


REGION_FIGURES = frozenset({REGION_REQUEST, REGION_REQUEST_AGE})
LISTED_FIGURES = frozenset({DESA, ACTIVITY, MEETING}) | REGION_FIGURES
# The tables that list regions: only they need the listed regions' figures.
PLACE_TABLES = frozenset({"kegiatan", "pertemuan", "dukungan"})


def _level_word(depth: int) -> str:
    """The level as a term of art, lowercase in running text (same in both languages)."""
    return codes.LEVELS[depth]


def _level_label(depth: int) -> str:
    return choice_labels(Region.Level)[codes.LEVELS[depth]]


def _listed_condition(
    region_codes: Sequence[Any], depths: Sequence[int], row_depth: int, by_agency: bool, day: Any
) -> Q:
    """The listed regions' rows: their villages, their activities and meetings of `day`'s year
    (of every year when the year is not known yet, `day` None: the tables pick theirs), and
    their requests when the dashboard counts them per region."""
    rows = Q(pk__in=[])
    for code, depth in zip(region_codes, depths, strict=True):
        if depth >= row_depth:
            rows |= Q(region_code=code)
        elif depth:
            rows |= Q(depth=row_depth) & codes.under("region_code", code)
        else:
            rows |= Q(depth=row_depth)  # the whole country
    figures = Q(figure__in=[DESA, ACTIVITY, MEETING])
    if day is not None:
        # A village count is undated, activities and meetings are dated by their year.
        figures &= Q(day__in=[NO_DAY, day])
    if not by_agency:
        figures |= Q(figure__in=[REGION_REQUEST, REGION_REQUEST_AGE])
    return rows & figures


def _tallies(shape: Any, *values: Any) -> QuerySet[RegionTally, Any]:
    """The dashboard's own tallies and, when it lists regions, theirs: one statement."""
    depths, row_depth, own_figures, listing, by_agency, dated = shape
    region_codes = values[: len(depths)]
    condition = Q(region_code__in=region_codes, figure__in=own_figures)
    if listing:
        day = values[len(depths)] if dated else None
        condition |= _listed_condition(region_codes, depths, row_depth, by_agency, day)
    return RegionTally.objects.filter(condition).values_list(
        "region_code", "depth", "figure", "key", "day", "count"
    )


_TALLIES = PreparedShapes(_tallies)
_NAMES = PreparedShapes(
    lambda _count, *region_codes: (
        Region.objects.filter(code__in=region_codes)
        .order_by()
        .values_list("code", "name", "parent__name")
    )
)


def _scoped_desas(
    scope_shape: tuple[bool, int], region_codes: Sequence[Any]
) -> QuerySet[DesaFigures]:
    """The programme's villages the dashboard covers (Figures.desa_scope): the country's, or
    those under `region_codes`."""
    everywhere, _count = scope_shape
    return programme_desas([""] if everywhere else list(region_codes), refresh=False)


class Figures:
    """The kept figures a dashboard reads: its own regions' and, when its tables list regions
    (`listing`), those regions' too — in one statement, split here (read them after
    rollups.refresh())."""

    def __init__(
        self,
        scope: DashboardScope,
        year: int | None,
        today: datetime.date,
        *,
        listing: bool = True,
    ) -> None:
        self.scope = scope
        self.today = today
        own_figures = {DESA, STAGE, THEME, MEETING, QUIET}
        if scope.by_agency:
            own_figures |= {REQUEST, REQUEST_AGE}
        own_codes = set(scope.codes)
        # The SQL's shape: each code's depth (the listed regions' condition depends on it),
        # which figures, whether the year is known; the codes and the year are its values.
        row_depth = scope.row_depth
        depths = tuple(codes.depth(code) for code in scope.codes)
        dated = listing and year is not None
        shape = (depths, row_depth, tuple(sorted(own_figures)), listing, scope.by_agency, dated)
        day = (year_day(year),) if year is not None and listing else ()
        # The listed regions' condition again, in Python, to split the rows.
        listed_figures = LISTED_FIGURES if listing else frozenset()
        if scope.by_agency:
            listed_figures -= REGION_FIGURES
        exact = {code for code in scope.codes if codes.depth(code) >= row_depth}
        broad = [code for code in scope.codes if codes.depth(code) < row_depth]
        everywhere = "" in broad
        below = tuple(code + codes.SEPARATOR for code in broad)
        own: Counter[Tally] = Counter()
        found: dict[str, Counter[Tally]] = defaultdict(Counter)
        for region_code, depth, figure, key, when, count in _TALLIES.rows(
            shape, *scope.codes, *day
        ):
            if region_code in own_codes and figure in own_figures:
                own[(figure, key, when)] += count
            if figure in listed_figures and (
                region_code in exact
                or (depth == row_depth and (everywhere or region_code.startswith(below)))
            ):
                found[region_code][(figure, key, when)] += count
        self.own = own
        self.years = sorted(
            {day.year for (figure, _k, day), n in own.items() if figure == MEETING and n}
        )
        self.year = year if year is not None else default_year(self.years, today)
        self.desa_count = own[(DESA, "", NO_DAY)]
        # The villages' kecamatan is the same in every row when the dashboard is about one
        # kecamatan (or regions inside one): the page leaves that column out.
        self.one_kecamatan = (
            all(codes.depth(code) >= codes.KECAMATAN for code in scope.codes)
            and len({codes.kecamatan_of(code) for code in scope.codes}) == 1
        )
        self._found = found if listing else None

    def desa_scope(self) -> tuple[tuple[bool, int], tuple[str, ...]]:
        """(shape, values) of the condition on the programme's villages the dashboard covers,
        for the reads of `_scoped_desas` (its figures were refreshed already)."""
        everywhere = "" in self.scope.codes
        region_codes = () if everywhere else tuple(self.scope.codes)
        return (everywhere, len(region_codes)), region_codes

    def link_to(self, url_name: str) -> Callable[[str], str]:
        """A maker of links to `url_name` for a region code, one reverse() per process."""
        return fixed_urls().slotted(url_name, text_slot()).fill

    def places(self) -> list[_Place]:
        """The regions the tables list (those with programme villages), by code."""
        found = self._found
        assert found is not None, "Figures(listing=False) reads no listed region"
        listed = sorted(code for code, tallies in found.items() if tallies[(DESA, "", NO_DAY)])
        # Names as plain values, in no order (the codes are sorted above).
        names = {
            code: (name, parent or "")
            for code, name, parent in (_NAMES.rows(len(listed), *listed) if listed else [])
        }
        return [
            _Place(code, *names.get(code, (code, "")), codes.parent_of(code), found[code])
            for code in listed
        ]


@per_language
def _stage_lines() -> Mapping[int, str]:
    """Each stage as the tables write it ("3. …"), by its number."""
    return MappingProxyType({stage.value: f"{stage.value}. {stage.label}" for stage in Stage})


def _stage_table(figures: Figures) -> Table:
    counts = {int(key): n for (figure, key, _day), n in figures.own.items() if figure == STAGE}
    rows: list[list[Any]] = [[_("No stage started yet"), counts.get(0, 0)]]
    for stage, line in _stage_lines().items():
        rows.append([line, counts.get(stage, 0)])
    return Table(
        key="tahapan",
        title=_("Villages by current stage"),
        headers=[_("Stage"), _("Villages")],
        rows=rows,
        note=_("The current stage is the highest stage done or in progress."),
    )


# The columns a list of villages shows, read as plain values: a page lists 50 villages and the
# XLSX every one, so no model instance (and none of its JSON) is built per row.
LISTED = ("code", "desa__name", "desa__parent__name")
_KECAMATAN_COLUMN = frozenset({1})  # the lists of villages: Desa, Kecamatan, …


_FIRST_BY_STAGE = PreparedShapes(
    lambda shape, *region_codes: (
        _scoped_desas(shape[0], region_codes)
        .order_by("-stage", "code")
        .values_list(*LISTED, "stage", "stage_status", "stage_date")[: shape[1]]
    )
)


def _desa_stage_table(figures: Figures, desa_count: int, limit: int | None) -> Table:
    none_yet = _("No stage started yet")
    stage_labels = _stage_lines()
    status_labels = choice_labels(StageProgress.Status)
    link = figures.link_to("programme:desa_stages")
    # The villages furthest along first; the page shows the first rows, the XLSX all of them.
    scope_shape, region_codes = figures.desa_scope()
    listed = _FIRST_BY_STAGE.rows((scope_shape, limit), *region_codes)
    rows, links = [], []
    for code, name, kecamatan, stage, status, day in listed:
        if stage:
            rows.append([name, kecamatan or "", stage_labels[stage], status_labels[status], day])
        else:
            rows.append([name, kecamatan or "", none_yet, None, None])
        links.append(link(code))
    return Table(
        key="tahapan-desa",
        title=_("Each village's current stage"),
        headers=[_("Desa"), _("Kecamatan"), _("Current stage"), _("Status"), _("Date")],
        rows=rows,
        links=links,
        note=_("Open a village to see its eight stages and set one by hand."),
        total=desa_count,
        scope_columns=_KECAMATAN_COLUMN if figures.one_kecamatan else frozenset(),
    )


def _place_cells(place: _Place, with_parent: bool) -> list[str]:
    """A listed region's first cells: its parent only when the regions have several."""
    return [place.name, place.parent] if with_parent else [place.name]


def _place_headers(depth: int, with_parent: bool) -> list[str]:
    headers = [_level_label(depth)]
    return [*headers, _level_label(depth - 1)] if with_parent else headers


def _activity_table(figures: Figures, places: list[_Place], with_parent: bool) -> Table:
    depth = figures.scope.row_depth
    first = len(_place_headers(depth, with_parent))
    statuses = list(ActivityStatus)
    day = year_day(figures.year)
    link = figures.link_to("programme:region_dashboard")
    rows, links = [], []
    for place in places:
        numbers = [place.tallies[(ACTIVITY, status.value, day)] for status in statuses]
        rows.append([*_place_cells(place, with_parent), *numbers, sum(numbers)])
        links.append(link(place.code))
    return Table(
        key="kegiatan",
        title=_("Activities by status, per %(level)s") % {"level": _level_word(depth)},
        headers=[
            *_place_headers(depth, with_parent),
            *choice_labels(ActivityStatus).values(),
            _("Total"),
        ],
        rows=rows,
        links=links,
        note=_("From each village's latest review held in %(year)s.") % {"year": figures.year},
        series_columns=list(range(first, first + len(statuses))),
    )


def _meeting_table(figures: Figures, places: list[_Place], with_parent: bool) -> Table:
    depth = figures.scope.row_depth
    first = len(_place_headers(depth, with_parent))
    day = year_day(figures.year)
    link = figures.link_to("programme:region_dashboard")
    rows, links = [], []
    for place in places:
        by_status = {
            key: n
            for (figure, key, when), n in place.tallies.items()
            if figure == MEETING and when == day
        }
        held = by_status.get(CoordinationMeeting.Status.CLOSED, 0)
        total = sum(by_status.values())
        rows.append([*_place_cells(place, with_parent), held, total - held, total])
        links.append(link(place.code))
    return Table(
        key="pertemuan",
        title=_("Coordination meetings in %(year)s, per %(level)s")
        % {"year": figures.year, "level": _level_word(depth)},
        headers=[*_place_headers(depth, with_parent), _("Held"), _("Not held yet"), _("Planned")],
        rows=rows,
        links=links,
        note=_("Held: the meeting was closed. Planned: every meeting scheduled this year."),
        series_columns=[first, first + 1],
    )


def median_age(submitted: Counter[datetime.date], today: datetime.date) -> int | None:
    """The median age in days of requests submitted on these days (day → how many), rounded
    as statistics.median and round() would over the list of ages."""
    total = sum(submitted.values())
    if not total:
        return None
    # Ages in ascending order are the days in descending order.
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for day in sorted(submitted, reverse=True):
        count = submitted[day]
        while len(found) < 2 and middle[len(found)] < seen + count:
            found.append((today - day).days)
        seen += count
    return round((found[0] + found[1]) / 2)


def _counts_of_year(
    tallies: Counter[tuple[str, str, datetime.date]], figure: str, year: int
) -> Counter[tuple[str, str]]:
    """(key, status) → requests of `year`, and those of earlier years still open."""
    day = year_day(year)
    counted: Counter[tuple[str, str]] = Counter()
    for (name, key, when), n in tallies.items():
        if name != figure:
            continue
        agency, status = split_request_key(key) if figure == REQUEST else ("", key)
        if when == day or (when < day and status in OPEN_REQUEST):
            counted[(agency, status)] += n
    return counted


def _open_days(
    tallies: Counter[tuple[str, str, datetime.date]], figure: str, year: int
) -> dict[str, Counter[datetime.date]]:
    until = datetime.date(year, 12, 31)
    days: dict[str, Counter[datetime.date]] = defaultdict(Counter)
    for (name, key, when), n in tallies.items():
        if name == figure and when <= until:
            days[key][when] += n
    return days


def _request_row(
    name: str, counts: Counter[str], open_days: Counter[datetime.date], today: datetime.date
) -> list[Any]:
    numbers = [counts.get(status.value, 0) for status in SupportRequest.Status]
    oldest = min(open_days) if open_days else None
    return [
        name,
        *numbers,
        sum(numbers),
        median_age(open_days, today),
        (today - oldest).days if oldest else None,
    ]


def _request_headers(first: str) -> list[str]:
    return [
        first,
        *choice_labels(SupportRequest.Status).values(),
        _("Total"),
        _("Open: median age (days)"),
        _("Open: oldest (days)"),
    ]


def _request_note() -> str:
    return _(
        "Requests submitted this year, and those from earlier years still open. Age: days "
        "since the request was submitted, for requests not yet closed."
    )


_AGENCIES = PreparedShapes(
    lambda _count, *ids: (
        Agency.all_objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "short_name", "kabupaten__name")
    )
)


def _request_table_by_agency(figures: Figures, with_parent: bool) -> Table:
    counts = _counts_of_year(figures.own, REQUEST, figures.year)
    ages = _open_days(figures.own, REQUEST_AGE, figures.year)
    per_agency: dict[str, Counter[str]] = defaultdict(Counter)
    for (agency_key, status), n in counts.items():
        per_agency[agency_key][status] += n
    # (short name, kabupaten) by id, as plain values in no order (the rows are sorted below).
    routed = [uuid.UUID(key) for key in per_agency if key != NOT_ROUTED]
    known: dict[str, tuple[str, str]] = {
        str(pk): (short_name, kabupaten)
        for pk, short_name, kabupaten in (_AGENCIES.rows(len(routed), *routed) if routed else [])
    }
    not_routed = _("Not routed yet")
    named = []
    for key, by_status in per_agency.items():
        agency = known.get(key)
        if agency is None:
            name = not_routed
        elif with_parent:
            name = f"{agency[0]} ({agency[1]})"
        else:
            name = agency[0]
        named.append((name, by_status, ages.get(key, Counter())))
    rows = [
        _request_row(name, by_status, days, figures.today)
        for name, by_status, days in sorted(named, key=lambda e: (e[0] == not_routed, e[0]))
    ]
    return Table(
        key="dukungan",
        title=_("Support requests of %(year)s, by agency and status") % {"year": figures.year},
        headers=_request_headers(_("Agency")),
        rows=rows,
        note=_request_note(),
        series_columns=list(range(1, 1 + len(SupportRequest.Status))),
    )


def _request_table_by_region(figures: Figures, places: list[_Place]) -> Table:
    depth = figures.scope.row_depth
    link = figures.link_to("programme:region_dashboard")
    rows, links = [], []
    for place in places:
        counts = Counter(
            {
                status: n
                for (_a, status), n in _counts_of_year(
                    place.tallies, REGION_REQUEST, figures.year
                ).items()
            }
        )
        if not sum(counts.values()):
            continue
        days = _open_days(place.tallies, REGION_REQUEST_AGE, figures.year).get("", Counter())
        rows.append(_request_row(place.name, counts, days, figures.today))
        links.append(link(place.code))
    return Table(
        key="dukungan",
        title=_("Support requests of %(year)s, per %(level)s and status")
        % {"year": figures.year, "level": _level_word(depth)},
        headers=_request_headers(_level_label(depth)),
        rows=rows,
        links=links,
        note=_request_note(),
        series_columns=list(range(1, 1 + len(SupportRequest.Status))),
    )


def _theme_table(figures: Figures) -> Table:
    day = year_day(figures.year)
    counts = {
        key: n
        for (figure, key, when), n in figures.own.items()
        if figure == THEME and when == day and n
    }
    labels = dict(Theme.choices)
    rows: list[list[Any]] = [
        [str(labels.get(code, code)), count]
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_THEMES]
    ]
    return Table(
        key="tema",
        title=_("Most frequent challenge themes in %(year)s") % {"year": figures.year},
        headers=[_("Theme"), _("Lessons")],
        rows=rows,
        note=_("Themes confirmed on the lessons recorded from the villages' challenges."),
    )


def _latest_until(days: list[str], today: datetime.date) -> datetime.date | None:
    past = [datetime.date.fromisoformat(day) for day in days if day <= today.isoformat()]
    return max(past, default=None)


def _planned(shape: tuple[bool, int], region_codes: Sequence[Any]) -> QuerySet[DesaFigures]:
    return _scoped_desas(shape, region_codes).filter(has_plan=True)


# Planned villages with a record dated after today, and the others quiet since a day.
_DATED_AHEAD = PreparedShapes(
    lambda shape, *values: (
        _planned(shape, values[:-1])
        .filter(latest_day__gt=values[-1])
        .values_list(*LISTED, "review_days", "meeting_days", "last_active")
    )
)
_QUIET = PreparedShapes(
    lambda shape, *values: (
        _planned(shape[0], values[:-2])
        .filter(latest_day__lte=values[-2], last_active__lt=values[-1])
        .order_by("code")
        .values_list(*LISTED, "last_review", "last_meeting")[: shape[1]]
    )
)


def _quiet_table(figures: Figures, limit: int | None) -> Table:
    """Villages with a plan and no review or no meeting record in the last four months.

    The kept figures count each village by its last_active day. A village with a record dated
    after today (a meeting opened before its date) is counted again here from its days: until
    that day comes, only its records up to today count."""
    today = figures.today
    since = months_before(today, QUIET_MONTHS)
    quiet = sum(
        n for (figure, _key, day), n in figures.own.items() if figure == QUIET and day < since
    )
    scope_shape, region_codes = figures.desa_scope()
    listed = []
    for code, name, kecamatan, review_days, meeting_days, last_active in _DATED_AHEAD.rows(
        scope_shape, *region_codes, today
    ):
        last_review = _latest_until(review_days, today)
        last_meeting = _latest_until(meeting_days, today)
        quiet -= last_active < since
        if not (last_review and last_meeting and min(last_review, last_meeting) >= since):
            quiet += 1
            listed.append((code, name, kecamatan, last_review, last_meeting))
    # Every other village's records are all up to today: its latest review and meeting count.
    regular = _QUIET.rows((scope_shape, limit), *region_codes, today, since)
    listed = sorted([*listed, *regular])
    if limit is not None:
        listed = listed[:limit]
    link = figures.link_to("programme:desa_stages")
    rows, links = [], []
    for code, name, kecamatan, last_review, last_meeting in listed:
        rows.append([name, kecamatan or "", last_review, last_meeting])
        links.append(link(code))
    return Table(
        key="tanpa-catatan",
        title=_("Villages with no review or no meeting record since %(date)s")
        % {"date": since.strftime("%d-%m-%Y")},
        headers=[_("Desa"), _("Kecamatan"), _("Latest review held"), _("Latest meeting")],
        rows=rows,
        links=links,
        note=_(
            "Villages with a plan only. A meeting record is the village's sheet in a meeting "
            "that took place."
        ),
        total=quiet,
        scope_columns=_KECAMATAN_COLUMN if figures.one_kecamatan else frozenset(),
    )


def build(figures: Figures, wanted: Sequence[str], *, limit: int | None) -> dict[str, Table]:
    """The tables `wanted` (keys of TABLE_KEYS), in that order; the two lists of villages hold
    their first `limit` rows (None: every row)."""
    places: list[_Place] = []
    if PLACE_TABLES & set(wanted):
        places = figures.places()
    with_parent = len({place.parent_code for place in places}) > 1
    scope = figures.scope
    builders = {
        "tahapan": lambda: _stage_table(figures),
        "tahapan-desa": lambda: _desa_stage_table(figures, figures.desa_count, limit),
        "kegiatan": lambda: _activity_table(figures, places, with_parent),
        "pertemuan": lambda: _meeting_table(figures, places, with_parent),
        "dukungan": lambda: (
            _request_table_by_agency(figures, with_parent)
            if scope.by_agency
            else _request_table_by_region(figures, places)
        ),
        "tema": lambda: _theme_table(figures),
        "tanpa-catatan": lambda: _quiet_table(figures, limit),
    }
    return {key: builders[key]() for key in wanted if key in builders}
