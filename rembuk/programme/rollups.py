"""The dashboards' figures, kept as the records change instead of recounted on every request.

Owns one rule: every number a dashboard shows is the sum of what each programme desa (and, for
meetings, each kecamatan) contributes, and a unit's contribution is computed from its records by
one function, with the rules the stages and dashboards have always used (`_desa_units`,
`_kecamatan_units`). A desa's contribution is kept on its DesaFigures row; RegionTally holds the
sums for every region above it — kecamatan, kabupaten, provinsi and the country ("") — by
figure, key and day. A dashboard then reads a number of rows that depends on the regions it
shows, not on the records beneath them (docs/decisions/0018-dashboard-figures-kept-as-rollups.md).

Keeping them:
- rembuk.core.history sends change_recorded for every change it writes, local or arrived by
  sync. `note_change` (connected in apps.ready) writes a PendingFigures row for the desa or
  meeting the change touches, in the writing transaction, so the note commits or rolls back
  with the change; a change no figure reads (a text typed into a cell) costs nothing.
- After the commit, `refresh()` computes those units again and adds the difference between
  their new and old contribution to every region above them. Dashboards call refresh() before
  reading (one query when nothing waits), so a process that died between a commit and its
  refresh leaves the figures late, never wrong.
- `rebuild()` (`manage.py rebuild_figures`) computes everything from the records; tests check
  that the kept figures always equal it.

Dates, not ages: a request's age and a village's quietness change every day without any record
changing, so the figures keep the days (submitted on, last active on) and the dashboard counts
against today when it reads them.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count

from rembuk.core.models import ChangeLog
from rembuk.core.prepared import PreparedShapes
from rembuk.learning.models import Lesson
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.monitoring.models import ActivityProgress, VillageReview
from rembuk.plans.models import LivelihoodPlan
from rembuk.programme.models import DesaFigures, PendingFigures, RegionTally, StageProgress
from rembuk.programme.stages import OPEN_REQUEST, stages_for
from rembuk.regions import codes
from rembuk.regions.models import Region
from rembuk.support.models import SupportRequest, SupportRequestEvent

NO_DAY = datetime.date(1, 1, 1)  # the day of an undated figure, and "never" for last_active
NEVER_CHANGED = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)
NOT_ROUTED = "-"  # the agency key of a request no agency has been given yet

# Figures: what each key and day of a RegionTally row mean.
DESA = "desa"  # key "", NO_DAY: programme villages
STAGE = "stage"  # key the current stage ("0" none started … "8"), NO_DAY
ACTIVITY = "activity"  # key an activity status, day 1 January of the review's year
MEETING = "meeting"  # key a meeting status, day 1 January of its year
THEME = "theme"  # key a theme, day 1 January of the lesson's year: lessons with that theme
QUIET = "quiet"  # key "", day the desa's last_active: villages with a plan
REQUEST = "request"  # key "agency|status", day 1 January of the year it was submitted
REQUEST_AGE = "request_age"  # key agency, day submitted: requests still open
REGION_REQUEST = "region_request"  # key status, day 1 January: as REQUEST, agencies together
REGION_REQUEST_AGE = "region_request_age"  # key "", day submitted: as REQUEST_AGE, together

ALL_DEPTHS = frozenset({0, codes.PROVINSI, codes.KABUPATEN, codes.KECAMATAN})
# A kabupaten or kecamatan dashboard lists requests per agency (an agency is a kabupaten's);
# above the kabupaten they are counted per region, so no page lists every agency in the country.
FIGURE_DEPTHS: dict[str, frozenset[int]] = {
    REQUEST: frozenset({codes.KABUPATEN, codes.KECAMATAN}),
    REQUEST_AGE: frozenset({codes.KABUPATEN, codes.KECAMATAN}),
    REGION_REQUEST: frozenset({codes.PROVINSI, codes.KABUPATEN}),
    REGION_REQUEST_AGE: frozenset({codes.PROVINSI, codes.KABUPATEN}),
}

Tally = tuple[str, str, datetime.date]  # (figure, key, day)


def year_day(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def request_key(agency: Any, status: str) -> str:
    return f"{agency or NOT_ROUTED}|{status}"


def split_request_key(key: str) -> tuple[str, str]:
    agency, status = key.split("|", 1)
    return agency, status


# --- what one desa contributes -------------------------------------------------------------


@dataclass
class _DesaFacts:
    in_programme: bool = False
    has_plan: bool = False
    review_days: set[datetime.date] = field(default_factory=set)
    meeting_days: set[datetime.date] = field(default_factory=set)
    tallies: Counter[Tally] = field(default_factory=Counter)


def _programme_desa_ids(desa_ids: list[uuid.UUID] | None) -> tuple[set[Any], set[Any]]:
    """(desa in the programme, desa with a plan) among `desa_ids` (None: everywhere).

    In the programme: a plan, a village review, a meeting sheet or a stage set by hand.
    """

    def ids(queryset: Any) -> set[Any]:
        if desa_ids is not None:
            queryset = queryset.filter(desa_id__in=desa_ids)
        return set(queryset.values_list("desa_id", flat=True).distinct())

    with_plan = ids(LivelihoodPlan.objects.all())
    programme = (
        with_plan
        | ids(VillageReview.objects.all())
        | ids(MeetingSheet.objects.all())
        | ids(StageProgress.objects.all())
    )
    return programme, with_plan


def _held_reviews(facts: dict[Any, _DesaFacts], ids: list[Any]) -> None:
    """Review days, and activities by status from each desa's latest review held in each year.

    The latest is the one with the latest date, then the latest change (as
    stages.latest_held_reviews orders them); its progress rows on live activities count."""
    latest: dict[tuple[Any, int], tuple[datetime.date, datetime.datetime, Any]] = {}
    for review_id, desa_id, day, changed_at in VillageReview.objects.filter(
        desa_id__in=ids, status=VillageReview.Status.HELD
    ).values_list("id", "desa_id", "date", "changed_at"):
        facts[desa_id].review_days.add(day)
        key = (desa_id, day.year)
        candidate = (day, changed_at or NEVER_CHANGED, review_id)
        current = latest.get(key)
        if current is None or candidate[:2] > current[:2]:
            latest[key] = candidate
    chosen = {review_id: key for key, (_day, _changed, review_id) in latest.items()}
    if not chosen:
        return
    for review_id, status, count in (
        ActivityProgress.objects.filter(review_id__in=list(chosen), activity__is_deleted=False)
        .values_list("review_id", "status")
        .annotate(n=Count("id"))
        .values_list("review_id", "status", "n")
    ):
        desa_id, year = chosen[review_id]
        facts[desa_id].tallies[(ACTIVITY, status, year_day(year))] += count


def _meeting_days(facts: dict[Any, _DesaFacts], ids: list[Any]) -> None:
    """The dates of the meetings that took place with a sheet for the desa (the quiet rule)."""
    for desa_id, day in (
        MeetingSheet.objects.filter(desa_id__in=ids, meeting__is_deleted=False)
        .exclude(meeting__status=CoordinationMeeting.Status.PLANNED)
        .values_list("desa_id", "meeting__date")
    ):
        facts[desa_id].meeting_days.add(day)


def _requests(facts: dict[Any, _DesaFacts], ids: list[Any]) -> None:
    """Requests by agency and status per year submitted, and the days open ones were submitted.

    Submitted on: the date of the first "diajukan" event, else the date of the meeting that
    agreed the follow-up (requests made before events were recorded)."""
    first_event: dict[Any, datetime.date] = {}
    for request_id, day in (
        SupportRequestEvent.objects.filter(
            request__desa_id__in=ids, kind=SupportRequestEvent.Kind.SUBMITTED
        )
        .order_by("date")
        .values_list("request_id", "date")
    ):
        first_event.setdefault(request_id, day)
    for request_id, desa_id, agency_id, status, meeting_day in SupportRequest.objects.filter(
        desa_id__in=ids
    ).values_list("id", "desa_id", "agency_id", "status", "followup__sheet__meeting__date"):
        submitted = first_event.get(request_id, meeting_day)
        if submitted is None:
            continue
        tallies = facts[desa_id].tallies
        year = year_day(submitted.year)
        tallies[(REQUEST, request_key(agency_id, status), year)] += 1
        tallies[(REGION_REQUEST, status, year)] += 1
        if status in OPEN_REQUEST:
            tallies[(REQUEST_AGE, str(agency_id or NOT_ROUTED), submitted)] += 1
            tallies[(REGION_REQUEST_AGE, "", submitted)] += 1


def _themes(facts: dict[Any, _DesaFacts], ids: list[Any]) -> None:
    for desa_id, day, themes in Lesson.objects.filter(desa_id__in=ids).values_list(
        "desa_id", "happened_on", "themes"
    ):
        for theme in set(themes or []):
            facts[desa_id].tallies[(THEME, str(theme), year_day(day.year))] += 1


def _desa_units(desa_ids: Iterable[Any]) -> dict[Any, DesaFigures]:
    """Fresh DesaFigures (unsaved) for those of `desa_ids` that are in the programme."""
    ids = list(desa_ids)
    programme, with_plan = _programme_desa_ids(ids)
    ids = [desa_id for desa_id in ids if desa_id in programme]
    if not ids:
        return {}
    facts: dict[Any, _DesaFacts] = defaultdict(_DesaFacts)
    _held_reviews(facts, ids)
    _meeting_days(facts, ids)
    _requests(facts, ids)
    _themes(facts, ids)
    desas = list(Region.objects.filter(pk__in=ids).only("id", "code", "name", "parent_id"))
    stages = stages_for(Region.objects.filter(pk__in=ids), desas)
    units = {}
    for desa in desas:
        fact = facts[desa.pk]
        current = stages[desa.pk].current
        tallies = fact.tallies
        tallies[(DESA, "", NO_DAY)] += 1
        tallies[(STAGE, str(current.stage if current else 0), NO_DAY)] += 1
        last_review = max(fact.review_days, default=None)
        last_meeting = max(fact.meeting_days, default=None)
        has_plan = desa.pk in with_plan
        last_active = min(last_review, last_meeting) if last_review and last_meeting else NO_DAY
        if has_plan:
            tallies[(QUIET, "", last_active)] += 1
        units[desa.pk] = DesaFigures(
            desa=desa,
            code=desa.code,
            has_plan=has_plan,
            stage=current.stage if current else 0,
            stage_status=current.status if current else "",
            stage_date=current.date if current else None,
            review_days=sorted(day.isoformat() for day in fact.review_days),
            meeting_days=sorted(day.isoformat() for day in fact.meeting_days),
            last_review=last_review,
            last_meeting=last_meeting,
            last_active=last_active,
            latest_day=max(last_review or NO_DAY, last_meeting or NO_DAY),
            tallies=_as_json(tallies),
        )
    return units


def _kecamatan_units(kecamatan_ids: Iterable[Any]) -> dict[str, Counter[Tally]]:
    """Each kecamatan's meetings by status and year, keyed by the kecamatan's code."""
    ids = list(kecamatan_ids)
    found: dict[str, Counter[Tally]] = {
        code: Counter() for code in Region.objects.filter(pk__in=ids).values_list("code", flat=True)
    }
    for code, status, day in CoordinationMeeting.objects.filter(kecamatan_id__in=ids).values_list(
        "kecamatan__code", "status", "date"
    ):
        found[code][(MEETING, status, year_day(day.year))] += 1
    return found


def _as_json(tallies: Counter[Tally]) -> list[list[Any]]:
    return [
        [figure, key, day.isoformat(), count]
        for (figure, key, day), count in sorted(tallies.items())
        if count
    ]


def _from_json(rows: list[list[Any]]) -> Counter[Tally]:
    return Counter(
        {(figure, key, datetime.date.fromisoformat(day)): count for figure, key, day, count in rows}
    )


# --- adding to the regions above ------------------------------------------------------------


def _spread(unit_code: str, tallies: Counter[Tally]) -> Iterator[tuple[str, int, Tally, int]]:
    """(region code, depth, tally, count) for every region above (and at) a kecamatan."""
    kecamatan = codes.kecamatan_of(unit_code)
    regions = ["", *codes.with_ancestors(kecamatan)]
    for tally, count in tallies.items():
        if not count:
            continue
        depths = FIGURE_DEPTHS.get(tally[0], ALL_DEPTHS)
        for depth, region_code in enumerate(regions):
            if depth in depths:
                yield region_code, depth, tally, count


def _add(changes: dict[tuple[str, int, Tally], int]) -> None:
    """Add counts to RegionTally rows, making the missing ones; rows that reach 0 go."""
    rows = [
        (region_code, depth, figure, key, day, count)
        for (region_code, depth, (figure, key, day)), count in changes.items()
        if count
    ]
    if not rows:
        return
    table = connection.ops.quote_name(RegionTally._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (region_code, depth, figure, key, day, count) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (region_code, figure, key, day) "
            f"DO UPDATE SET count = {table}.count + excluded.count",
            rows,
        )
    touched = sorted({row[0] for row in rows})
    RegionTally.objects.filter(region_code__in=touched, count=0).delete()


def _difference(
    unit_code: str, old: Counter[Tally], new: Counter[Tally], into: dict[Any, int]
) -> None:
    delta = Counter(new)
    delta.subtract(old)
    for region_code, depth, tally, count in _spread(unit_code, delta):
        into[(region_code, depth, tally)] += count


# --- noting what changed --------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    """Which changes of a model can move a figure: its creation, its deletion, these fields."""

    fields: frozenset[str]
    created: bool = True
    deleted: bool = True


WATCHED: dict[str, Watch] = {
    "plans.livelihoodplan": Watch(frozenset({"desa_id", "status", "adopted_on"})),
    # A new activity has no progress yet; a deleted one's progress stops counting.
    "plans.activity": Watch(frozenset(), created=False),
    "monitoring.villagereview": Watch(frozenset({"desa_id", "date", "status"})),
    "monitoring.activityprogress": Watch(frozenset({"review_id", "activity_id", "status"})),
    "meetings.coordinationmeeting": Watch(frozenset({"kecamatan_id", "date", "status"})),
    "meetings.meetingsheet": Watch(frozenset({"desa_id", "meeting_id"})),
    # A request with no "diajukan" event is dated by the meeting of its follow-up's sheet.
    "meetings.followup": Watch(frozenset({"sheet_id"}), created=False, deleted=False),
    "support.supportrequest": Watch(
        frozenset({"desa_id", "agency_id", "status", "closed_on", "followup_id"})
    ),
    "support.supportrequestevent": Watch(frozenset({"request_id", "kind", "date"})),
    "evaluation.planevaluation": Watch(frozenset({"plan_id", "date"})),
    "learning.lesson": Watch(frozenset({"desa_id", "happened_on", "themes"})),
    "programme.stageprogress": Watch(frozenset({"desa_id", "stage", "status", "date"})),
}
# A record that moves to another parent leaves figures behind at the old one's desa.
PARENTS = {
    "review_id": "monitoring.villagereview",
    "activity_id": "plans.activity",
    "plan_id": "plans.livelihoodplan",
    "sheet_id": "meetings.meetingsheet",
    "request_id": "support.supportrequest",
    "followup_id": "meetings.followup",
}


def note_change(sender: Any, *, entry: ChangeLog, **kwargs: Any) -> None:
    """change_recorded receiver: note the desa or meeting whose figures this change moves."""
    watch = WATCHED.get(entry.model_label)
    if watch is None:
        return  # the common case, and free: no query for any other model
    if entry.action == ChangeLog.Action.CREATE:
        relevant = watch.created
    elif entry.action == ChangeLog.Action.DELETE:
        relevant = watch.deleted
    else:
        relevant = bool(watch.fields.intersection(entry.changes or {}))
    if not relevant:
        return
    notes = []
    if entry.model_label == "meetings.coordinationmeeting":
        notes.append((PendingFigures.Kind.MEETING, str(entry.object_id)))
        old = (entry.changes or {}).get("kecamatan_id", [None])[0]
        if old and entry.action == ChangeLog.Action.UPDATE:
            notes.append((PendingFigures.Kind.KECAMATAN_ID, str(old)))
    else:
        notes.append((PendingFigures.Kind.DESA, entry.scope_code))
    if entry.action == ChangeLog.Action.UPDATE:
        for name, (old, _new) in (entry.changes or {}).items():
            if not old:
                continue
            if name == "desa_id":
                notes.append((PendingFigures.Kind.DESA_ID, str(old)))
            elif name == "meeting_id":
                notes.append((PendingFigures.Kind.MEETING, str(old)))
            elif name in PARENTS:
                notes.append((PendingFigures.Kind.RECORD, f"{PARENTS[name]}:{old}"))
    PendingFigures.objects.bulk_create([PendingFigures(kind=kind, ref=ref) for kind, ref in notes])
    _refresh_after_commit()


def _refresh_after_commit() -> None:
    # Once per transaction: a sync batch of thousands of changes refreshes once, at its commit.
    registered = any(callback is _refresh_quietly for _ids, callback, _robust in _callbacks())
    if not registered:
        transaction.on_commit(_refresh_quietly, robust=True)


def _callbacks() -> list[tuple[Any, Any, Any]]:
    return list(getattr(connection, "run_on_commit", []))


def _refresh_quietly() -> None:
    refresh()


# --- refresh and rebuild ----------------------------------------------------------------------


def _lock() -> None:
    """One refresh at a time: two would add the same difference twice. SQLite's write
    transactions already queue (IMMEDIATE); PostgreSQL takes a transaction-scoped lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x52454D42])  # "REMB"


# Asked before every dashboard is read: its SQL compiled once per thread.
_ANY_PENDING = PreparedShapes(lambda _shape: PendingFigures.objects.values_list("id")[:1])


def pending() -> bool:
    return bool(_ANY_PENDING.rows(None))


def refresh() -> int:
    """Compute again every unit noted as changed. Returns how many notes it handled."""
    if not pending():
        return 0
    with transaction.atomic():
        _lock()
        notes = list(PendingFigures.objects.order_by("id").values_list("id", "kind", "ref"))
        if not notes:
            return 0
        if any(kind == PendingFigures.Kind.ALL for _id, kind, _ref in notes):
            _rebuild_locked()
        else:
            desa_ids, kecamatan_ids = _resolve(notes)
            _recompute(desa_ids, kecamatan_ids)
        PendingFigures.objects.filter(id__lte=notes[-1][0]).delete()
    return len(notes)


def _resolve(notes: list[tuple[int, str, str]]) -> tuple[set[Any], set[Any]]:
    """The desa and kecamatan ids the notes name."""
    desa_codes: set[str] = set()
    desa_ids: set[Any] = set()
    kecamatan_ids: set[Any] = set()
    meetings: set[str] = set()
    records: dict[str, set[str]] = defaultdict(set)
    for _id, kind, ref in notes:
        if kind == PendingFigures.Kind.DESA:
            desa_codes.add(ref)
        elif kind == PendingFigures.Kind.DESA_ID:
            desa_ids.add(uuid.UUID(ref))
        elif kind == PendingFigures.Kind.KECAMATAN_ID:
            kecamatan_ids.add(uuid.UUID(ref))
        elif kind == PendingFigures.Kind.MEETING:
            meetings.add(ref)
        elif kind == PendingFigures.Kind.RECORD:
            label, _, pk = ref.partition(":")
            records[label].add(pk)
    for label, pks in records.items():
        model = apps.get_model(label)
        desa_codes.update(obj.scope_code() for obj in model.all_objects.filter(pk__in=pks))
    if meetings:
        kecamatan_ids.update(
            CoordinationMeeting.all_objects.filter(pk__in=meetings).values_list(
                "kecamatan_id", flat=True
            )
        )
        desa_ids.update(
            MeetingSheet.all_objects.filter(meeting_id__in=meetings).values_list(
                "desa_id", flat=True
            )
        )
    if desa_codes:
        desa_ids.update(
            Region.objects.filter(code__in=desa_codes, level=Region.Level.DESA).values_list(
                "id", flat=True
            )
        )
    return desa_ids, kecamatan_ids


BATCH = 2000


def _chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _recompute(desa_ids: set[Any], kecamatan_ids: set[Any]) -> None:
    changes: dict[Any, int] = defaultdict(int)
    for chunk in _chunks(sorted(desa_ids, key=str)):
        old = {row.desa_id: row for row in DesaFigures.objects.filter(desa_id__in=chunk)}
        new = _desa_units(chunk)
        for desa_id in chunk:
            before, after = old.get(desa_id), new.get(desa_id)
            if before is None and after is None:
                continue
            code = (after or before).code  # type: ignore[union-attr]
            _difference(
                code,
                _from_json(before.tallies) if before else Counter(),
                _from_json(after.tallies) if after else Counter(),
                changes,
            )
        gone = [desa_id for desa_id in old if desa_id not in new]
        if gone:
            DesaFigures.objects.filter(desa_id__in=gone).delete()
        if new:
            DesaFigures.objects.filter(desa_id__in=list(new)).delete()
            DesaFigures.objects.bulk_create(new.values())
    if kecamatan_ids:
        fresh = _kecamatan_units(kecamatan_ids)
        kept: dict[str, Counter[Tally]] = defaultdict(Counter)
        for region_code, key, day, count in RegionTally.objects.filter(
            region_code__in=list(fresh), figure=MEETING
        ).values_list("region_code", "key", "day", "count"):
            kept[region_code][(MEETING, key, day)] = count
        for code, tallies in fresh.items():
            _difference(code, kept[code], tallies, changes)
    _add(changes)


def rebuild() -> None:
    """Every figure computed again from the records (`manage.py rebuild_figures`)."""
    with transaction.atomic():
        _lock()
        _rebuild_locked()
        PendingFigures.objects.all().delete()


def _rebuild_locked() -> None:
    RegionTally.objects.all().delete()
    DesaFigures.objects.all().delete()
    programme, _with_plan = _programme_desa_ids(None)
    sums: dict[Any, int] = defaultdict(int)
    for chunk in _chunks(sorted(programme, key=str)):
        units = _desa_units(chunk)
        for unit in units.values():
            for region_code, depth, tally, count in _spread(unit.code, _from_json(unit.tallies)):
                sums[(region_code, depth, tally)] += count
        DesaFigures.objects.bulk_create(units.values(), batch_size=500)
    kecamatan_ids = set(CoordinationMeeting.objects.values_list("kecamatan_id", flat=True))
    for chunk in _chunks(sorted(kecamatan_ids, key=str)):
        for code, tallies in _kecamatan_units(chunk).items():
            for region_code, depth, tally, count in _spread(code, tallies):
                sums[(region_code, depth, tally)] += count
    RegionTally.objects.bulk_create(
        (
            RegionTally(
                region_code=region_code, depth=depth, figure=figure, key=key, day=day, count=count
            )
            for (region_code, depth, (figure, key, day)), count in sums.items()
            if count
        ),
        batch_size=2000,
    )


def snapshot() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every kept figure as plain tuples, to compare the kept figures with a rebuild."""
    tallies = set(
        RegionTally.objects.values_list("region_code", "depth", "figure", "key", "day", "count")
    )
    desas = {
        (
            row.desa_id,
            row.code,
            row.has_plan,
            row.stage,
            row.stage_status,
            row.stage_date,
            tuple(row.review_days),
            tuple(row.meeting_days),
            row.last_review,
            row.last_meeting,
            row.last_active,
            row.latest_day,
            tuple(tuple(item) for item in row.tallies),
        )
        for row in DesaFigures.objects.all()
    }
    return tallies, desas
