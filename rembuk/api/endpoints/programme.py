"""The eight programme stages of each desa, and the dashboard figures (the same tables the
dashboard's charts and XLSX files are drawn from)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from rembuk.api.filters import narrowed
from rembuk.api.pagination import Page, paginate
from rembuk.api.rules import rule
from rembuk.api.schemas import REGION_CODE, ListFilters, RegionRef, answers, page_schema, region_ref
from rembuk.programme import selectors
from rembuk.programme.permissions import can_read_stages, can_see_dashboards
from rembuk.programme.stages import DesaStages, desa_stages, stages_for
from rembuk.regions.models import Region

router = Router(tags=["programme"])


class StageOut(Schema):
    stage: int = Field(description="1 to 8: the eight stages of the mechanism (docs/mechanism.md).")
    label: str
    status: str = Field(description="belum, berjalan or selesai.")
    status_label: str
    date: datetime.date | None
    who: str
    note: str
    source: str = Field(
        description="derived (read from Rembuk's records), manual (set by a person) or '' "
        "(nothing known)."
    )
    explanation: str


class DesaStagesOut(Schema):
    desa: RegionRef
    kecamatan: RegionRef | None
    kabupaten: RegionRef | None
    current_stage: int = Field(description="The highest stage done or in progress (0: none).")
    stages: list[StageOut]


StagesPage = page_schema(DesaStagesOut, "StagesPage")


def _stages_out(found: DesaStages) -> DesaStagesOut:
    desa = found.desa
    kecamatan = desa.parent
    return DesaStagesOut(
        desa=region_ref(desa),
        kecamatan=region_ref(kecamatan),
        kabupaten=region_ref(kecamatan.parent if kecamatan else None),
        current_stage=found.current_number,
        stages=[
            StageOut(
                stage=state.stage,
                label=state.label,
                status=state.status,
                status_label=state.status_label,
                date=state.date,
                who=state.who,
                note=state.note,
                source=state.source,
                explanation=state.explanation,
            )
            for state in found.stages
        ],
    )


@router.get("/stages", response=answers(StagesPage))
@rule(can_read_stages)
def stage_list(request: HttpRequest, filters: Query[ListFilters]) -> Page:
    """The stages of each programme village the caller may read (a village with a plan, a
    review, a meeting sheet or a stage set by hand), by desa code. `updated_since`: villages
    with anything recorded about them since."""
    desas = narrowed(
        selectors.stage_desas_visible_to(request.user),
        filters,
        region_path="code",
        changed="scope",
    )
    page = paginate(
        request, desas, order=("code", "id"), cursor=filters.cursor, limit=filters.limit
    )
    computed = stages_for(Region.objects.filter(pk__in=[d.pk for d in page.items]), page.items)
    page.items = [_stages_out(computed[desa.pk]) for desa in page.items]
    return page


@router.get("/stages/{code}", response=answers(DesaStagesOut))
@rule(can_read_stages)
def desa_stage_detail(request: HttpRequest, code: str) -> DesaStagesOut:
    """The eight stages of one desa."""
    return _stages_out(desa_stages(selectors.desa_for_user(request.user, code)))


class TableOut(Schema):
    key: str = Field(
        description="tahapan, tahapan-desa, kegiatan, pertemuan, dukungan, tema or "
        "tanpa-catatan (villages with no recent review or meeting record)."
    )
    title: str
    headers: list[str]
    rows: list[list[Any]] = Field(
        description="The rows, cell by cell as the headers say (numbers, texts, ISO dates, null)."
    )
    note: str


class DashboardOut(Schema):
    title: str
    region: RegionRef | None = Field(description="The region it covers (null: several).")
    year: int
    years: list[int]
    today: datetime.date
    desa_count: int = Field(description="The programme's villages counted.")
    tables: list[TableOut]


class DashboardQuery(Schema):
    region: str | None = Field(
        None,
        description="A kecamatan, kabupaten or provinsi you may see (left out: all of yours).",
        pattern=REGION_CODE,
        max_length=20,
    )
    year: int | None = Field(None, ge=2000, le=2100, description="Left out: the current year.")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, int | float | bool):
        return value
    return str(value)


@router.get("/dashboard", response=answers(DashboardOut))
@rule(can_see_dashboards)
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> DashboardOut:
    """The dashboard's figures for a region and year: every table behind its charts."""
    scope = selectors.dashboard_scope(request.user, query.region)
    board = selectors.dashboard(scope, year=query.year, today=timezone.localdate())
    return DashboardOut(
        title=scope.title,
        region=region_ref(scope.region),
        year=board.year,
        years=board.years,
        today=board.today,
        desa_count=board.desa_count,
        tables=[
            TableOut(
                key=table.key,
                title=table.title,
                headers=[str(header) for header in table.headers],
                rows=[[_cell(value) for value in row] for row in table.rows],
                note=str(table.note),
            )
            for table in board.tables.values()
        ],
    )
