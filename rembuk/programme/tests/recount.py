"""The test oracle: the dashboards as they were computed before their figures were kept.

Every number is recounted from the records on each call, with the grouped queries the
dashboards ran until rembuk.programme.rollups took over. Tests compare the kept figures with
it; nothing in the application imports it.
"""

from __future__ import annotations

import datetime
import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from rembuk.learning.models import Lesson, Theme
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.monitoring.models import ActivityProgress, ActivityStatus, VillageReview
from rembuk.plans.models import LivelihoodPlan
from rembuk.programme.models import Stage, StageProgress
from rembuk.programme.stages import OPEN_REQUEST, DesaStages, latest_held_reviews, stages_for
from rembuk.programme.tables import months_before
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest, SupportRequestEvent

QUIET_MONTHS = 4
TOP_THEMES = 10
QUIET_ON_PAGE = 50
DESA_ON_PAGE = 50


@dataclass
class DashboardScope:
    codes: list[str]  # [""] means everything

    def q(self, path: str) -> Q:
        """The prefix match as it was written before rembuk.regions.codes.under."""
        condition = Q(pk__in=[])
        for code in self.codes:
            if not code:
                return Q()
            condition |= Q(**{path: code}) | Q(**{f"{path}__startswith": code + "."})
        return condition


def desas_in(scope: DashboardScope) -> QuerySet[Region]:
    """The programme's villages in scope: those with a plan, a review, a meeting sheet or a
    stage set by hand. A kabupaten has some 180 desa and the programme works with a few of
    them; counting every desa would bury the picture under "not started"."""
    own = OuterRef("pk")
    return Region.objects.filter(scope.q("code"), level=Region.Level.DESA).filter(
        Exists(LivelihoodPlan.objects.filter(desa=own))
        | Exists(VillageReview.objects.filter(desa=own))
        | Exists(MeetingSheet.objects.filter(desa=own))
        | Exists(StageProgress.objects.filter(desa=own))
    )


def meeting_years(scope: DashboardScope) -> list[int]:
    """Years in which the scope has a coordination meeting (any status), oldest first."""
    dates = CoordinationMeeting.objects.filter(scope.q("kecamatan__code")).dates("date", "year")
    return [d.year for d in dates]


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
    # A long list shows its first rows on the page; the XLSX file always has every row.
    page_limit: int | None = None


@dataclass
class Dashboard:
    scope: DashboardScope
    year: int
    years: list[int]
    today: datetime.date
    desa_count: int
    tables: dict[str, Table]
    stages: dict[uuid.UUID, DesaStages]
    # When the dashboard spans several kabupaten: (code, name) of each, to open its own.
    kabupaten: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Kecamatan:
    id: uuid.UUID
    code: str
    name: str
    kabupaten: str
    desa_count: int = 0


def _kecamatan_of(desas: list[Region]) -> dict[uuid.UUID, _Kecamatan]:
    found: dict[uuid.UUID, _Kecamatan] = {}
    for desa in desas:
        kecamatan = desa.parent
        if kecamatan is None:
            continue
        if kecamatan.pk not in found:
            kabupaten = kecamatan.parent.name if kecamatan.parent else ""
            found[kecamatan.pk] = _Kecamatan(
                kecamatan.pk, kecamatan.code, kecamatan.name, kabupaten
            )
        found[kecamatan.pk].desa_count += 1
    return dict(sorted(found.items(), key=lambda item: item[1].code))


def _region_link(code: str) -> str:
    return reverse("programme:region_dashboard", args=[code])


def _stage_table(stages: dict[uuid.UUID, DesaStages]) -> Table:
    counts = Counter(desa_stages.current_number for desa_stages in stages.values())
    rows: list[list[Any]] = [[_("No stage started yet"), counts.get(0, 0)]]
    for stage in Stage:
        rows.append([f"{stage.value}. {stage.label}", counts.get(stage.value, 0)])
    return Table(
        key="tahapan",
        title=_("Villages by current stage"),
        headers=[_("Stage"), _("Villages")],
        rows=rows,
        note=_("The current stage is the highest stage done or in progress."),
    )


def _desa_stage_table(
    stages: dict[uuid.UUID, DesaStages], kecamatan: dict[uuid.UUID, _Kecamatan]
) -> Table:
    rows, links = [], []
    none_yet = _("No stage started yet")
    # The villages furthest along first; the page shows the first rows, the XLSX all of them.
    ordered = sorted(stages.values(), key=lambda s: (-s.current_number, s.desa.code))
    for desa_stages in ordered:
        desa = desa_stages.desa
        place = kecamatan.get(desa.parent_id) if desa.parent_id else None
        current = desa_stages.current
        rows.append(
            [
                desa.name,
                place.name if place else "",
                f"{current.stage}. {current.label}" if current else none_yet,
                current.status_label if current else None,
                current.date if current else None,
            ]
        )
        links.append(reverse("programme:desa_stages", args=[desa.code]))
    return Table(
        key="tahapan-desa",
        title=_("Each village's current stage"),
        headers=[_("Desa"), _("Kecamatan"), _("Current stage"), _("Status"), _("Date")],
        rows=rows,
        links=links,
        note=_("Open a village to see its eight stages and set one by hand."),
        page_limit=DESA_ON_PAGE,
    )


def _place(place: _Kecamatan, many_kabupaten: bool) -> list[str]:
    """A kecamatan row's first cells: its kabupaten only when the dashboard spans several."""
    return [place.name, place.kabupaten] if many_kabupaten else [place.name]


def _place_headers(many_kabupaten: bool) -> list[str]:
    return [_("Kecamatan"), _("Kabupaten")] if many_kabupaten else [_("Kecamatan")]


def _activity_table(
    desas: QuerySet[Region],
    kecamatan: dict[uuid.UUID, _Kecamatan],
    year: int,
    many_kabupaten: bool,
) -> Table:
    first = len(_place_headers(many_kabupaten))
    counts: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    reviews = latest_held_reviews(desas, until=datetime.date(year, 12, 31)).filter(date__year=year)
    for row in (
        ActivityProgress.objects.filter(review__in=reviews, activity__is_deleted=False)
        .values("review__desa__parent_id", "status")
        .annotate(count=Count("id"))
    ):
        counts[row["review__desa__parent_id"]][row["status"]] += row["count"]
    statuses = list(ActivityStatus)
    rows, links = [], []
    for kecamatan_id, place in kecamatan.items():
        numbers = [counts[kecamatan_id].get(status.value, 0) for status in statuses]
        rows.append([*_place(place, many_kabupaten), *numbers, sum(numbers)])
        links.append(_region_link(place.code))
    return Table(
        key="kegiatan",
        title=_("Activities by status, per kecamatan"),
        headers=[*_place_headers(many_kabupaten), *[str(s.label) for s in statuses], _("Total")],
        rows=rows,
        links=links,
        note=_("From each village's latest review held in %(year)s.") % {"year": year},
        series_columns=list(range(first, first + len(statuses))),
    )


def _meeting_table(
    scope: DashboardScope,
    kecamatan: dict[uuid.UUID, _Kecamatan],
    year: int,
    many_kabupaten: bool,
) -> Table:
    first = len(_place_headers(many_kabupaten))
    counts: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for row in (
        CoordinationMeeting.objects.filter(scope.q("kecamatan__code"), date__year=year)
        .values("kecamatan_id", "status")
        .annotate(count=Count("id"))
    ):
        counts[row["kecamatan_id"]][row["status"]] += row["count"]
    rows, links = [], []
    for kecamatan_id, place in kecamatan.items():
        held = counts[kecamatan_id].get(CoordinationMeeting.Status.CLOSED, 0)
        total = sum(counts[kecamatan_id].values())
        rows.append([*_place(place, many_kabupaten), held, total - held, total])
        links.append(_region_link(place.code))
    return Table(
        key="pertemuan",
        title=_("Coordination meetings in %(year)s, per kecamatan") % {"year": year},
        headers=[*_place_headers(many_kabupaten), _("Held"), _("Not held yet"), _("Planned")],
        rows=rows,
        links=links,
        note=_("Held: the meeting was closed. Planned: every meeting scheduled this year."),
        series_columns=[first, first + 1],
    )


def _request_table(
    desas: QuerySet[Region], year: int, today: datetime.date, many_kabupaten: bool
) -> Table:
    submitted = (
        SupportRequestEvent.objects.filter(
            request=OuterRef("pk"), kind=SupportRequestEvent.Kind.SUBMITTED
        )
        .order_by("date")
        .values("date")[:1]
    )
    requests = (
        SupportRequest.objects.filter(desa__in=desas.values("pk"))
        .annotate(submitted_on=Coalesce(Subquery(submitted), F("followup__sheet__meeting__date")))
        # A request still open from an earlier year is still the kabupaten's business.
        .filter(
            Q(submitted_on__year=year) | Q(submitted_on__year__lt=year, status__in=OPEN_REQUEST)
        )
        .values(
            "agency_id",
            "agency__short_name",
            "agency__kabupaten__name",
            "status",
            "submitted_on",
            "closed_on",
        )
    )
    statuses = list(SupportRequest.Status)
    by_agency: dict[Any, dict[str, Any]] = {}
    for request in requests:
        key = request["agency_id"]
        if key not in by_agency:
            if key is None:
                name = _("Not routed yet")
            elif many_kabupaten:
                name = f"{request['agency__short_name']} ({request['agency__kabupaten__name']})"
            else:
                name = request["agency__short_name"]
            by_agency[key] = {"name": name, "counts": Counter(), "open_ages": []}
        entry = by_agency[key]
        entry["counts"][request["status"]] += 1
        if request["status"] not in (SupportRequest.Status.DONE, SupportRequest.Status.DECLINED):
            entry["open_ages"].append((today - request["submitted_on"]).days)
    rows = []
    for entry in sorted(
        by_agency.values(), key=lambda e: (e["name"] == _("Not routed yet"), e["name"])
    ):
        numbers = [entry["counts"].get(status.value, 0) for status in statuses]
        ages = entry["open_ages"]
        rows.append(
            [
                entry["name"],
                *numbers,
                sum(numbers),
                round(statistics.median(ages)) if ages else None,
                max(ages) if ages else None,
            ]
        )
    return Table(
        key="dukungan",
        title=_("Support requests of %(year)s, by agency and status") % {"year": year},
        headers=[
            _("Agency"),
            *[str(s.label) for s in statuses],
            _("Total"),
            _("Open: median age (days)"),
            _("Open: oldest (days)"),
        ],
        rows=rows,
        note=_(
            "Requests submitted this year, and those from earlier years still open. Age: days "
            "since the request was submitted, for requests not yet closed."
        ),
        series_columns=list(range(1, 1 + len(statuses))),
    )


def _theme_table(desas: QuerySet[Region], year: int) -> Table:
    counts: Counter[str] = Counter()
    for themes in Lesson.objects.filter(
        desa__in=desas.values("pk"), happened_on__year=year
    ).values_list("themes", flat=True):
        counts.update(set(themes or []))
    labels = dict(Theme.choices)
    rows: list[list[Any]] = [
        [str(labels.get(code, code)), count]
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_THEMES]
    ]
    return Table(
        key="tema",
        title=_("Most frequent challenge themes in %(year)s") % {"year": year},
        headers=[_("Theme"), _("Lessons")],
        rows=rows,
        note=_("Themes confirmed on the lessons recorded from the villages' challenges."),
    )


def _quiet_table(
    desas: QuerySet[Region], kecamatan: dict[uuid.UUID, _Kecamatan], today: datetime.date
) -> Table:
    since = months_before(today, QUIET_MONTHS)
    last_review = (
        VillageReview.objects.filter(
            desa=OuterRef("pk"), status=VillageReview.Status.HELD, date__lte=today
        )
        .order_by("-date")
        .values("date")[:1]
    )
    last_meeting = (
        MeetingSheet.objects.filter(desa=OuterRef("pk"), meeting__is_deleted=False)
        .exclude(meeting__status=CoordinationMeeting.Status.PLANNED)
        .filter(meeting__date__lte=today)
        .order_by("-meeting__date")
        .values("meeting__date")[:1]
    )
    # Only villages in the mechanism (with a plan) are expected to hold reviews and meetings.
    with_plan = LivelihoodPlan.objects.filter(desa=OuterRef("pk"))
    quiet = (
        desas.filter(Exists(with_plan))
        .annotate(last_review=Subquery(last_review), last_meeting=Subquery(last_meeting))
        .filter(
            Q(last_review__isnull=True)
            | Q(last_review__lt=since)
            | Q(last_meeting__isnull=True)
            | Q(last_meeting__lt=since)
        )
        .order_by("code")
        .values("code", "name", "parent_id", "last_review", "last_meeting")
    )
    rows, links = [], []
    for desa in quiet:
        place = kecamatan.get(desa["parent_id"])
        rows.append(
            [desa["name"], place.name if place else "", desa["last_review"], desa["last_meeting"]]
        )
        links.append(reverse("programme:desa_stages", args=[desa["code"]]))
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
        page_limit=QUIET_ON_PAGE,
    )


def dashboard(scope: DashboardScope, *, year: int, today: datetime.date) -> Dashboard:
    """Every table of the dashboard of `scope` for `year`."""
    years = meeting_years(scope)
    shown = year
    desas = desas_in(scope)
    desa_list = list(desas.select_related("parent", "parent__parent").order_by("code"))
    kecamatan = _kecamatan_of(desa_list)
    many_kabupaten = len({place.kabupaten for place in kecamatan.values()}) > 1
    stages = stages_for(desas, desa_list)
    tables = [
        _stage_table(stages),
        _desa_stage_table(stages, kecamatan),
        _activity_table(desas, kecamatan, shown, many_kabupaten),
        _meeting_table(scope, kecamatan, shown, many_kabupaten),
        _request_table(desas, shown, today, many_kabupaten),
        _theme_table(desas, shown),
        _quiet_table(desas, kecamatan, today),
    ]
    return Dashboard(
        scope=scope,
        year=shown,
        years=sorted(set(years) | {today.year}),
        today=today,
        desa_count=len(desa_list),
        tables={table.key: table for table in tables},
        stages=stages,
        kabupaten=sorted(
            {
                (desa.parent.parent.code, desa.parent.parent.name)
                for desa in desa_list
                if desa.parent and desa.parent.parent
            }
        )
        if many_kabupaten
        else [],
    )
