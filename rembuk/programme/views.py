"""Pages of the programme stages and the dashboards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rembuk.core.drawn import DrawnMarkup
from rembuk.core.history import EditConflict
from rembuk.core.permissions import rule
from rembuk.core.slotted_urls import text_slot
from rembuk.core.templatetags.site_urls import fixed_urls
from rembuk.programme import charts, documents, selectors, services
from rembuk.programme.forms import StageForm
from rembuk.programme.html import Section, sections_html, table_html, toc_html, years_html
from rembuk.programme.models import Stage
from rembuk.programme.permissions import (
    STAGE_EDIT_ROLES,
    can_edit_some_stages,
    can_edit_stages_of,
    can_read_stages,
    can_see_dashboards,
)
from rembuk.programme.stages import desa_stages as compute_desa_stages
from rembuk.reports import background

# Colours of the series of each stacked chart, in the order of the table's series columns.
# Activity and request statuses read as a traffic light: done green, trouble red/orange.
SERIES_COLOURS: dict[str, list[str]] = {
    "kegiatan": ["#999999", "#0072b2", "#009e73", "#e69f00", "#d55e00", "#555555"],
    "pertemuan": ["#009e73", "#e69f00"],
    "dukungan": ["#999999", "#56b4e9", "#0072b2", "#cc79a7", "#009e73", "#d55e00"],
}


# --- a desa's stages ----------------------------------------------------------------------


@rule(can_read_stages)
@require_GET
def desa_stages(request: HttpRequest, code: str) -> HttpResponse:
    desa = selectors.desa_for_user(request.user, code)
    return render(
        request,
        "programme/desa_stages.html",
        {
            "desa": desa,
            "stages": compute_desa_stages(desa),
            "can_edit": can_edit_stages_of(request.user, desa.code),
        },
    )


@rule(can_edit_some_stages)
@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, code: str, stage: int) -> HttpResponse:
    desa = selectors.desa_for_user(request.user, code, STAGE_EDIT_ROLES)
    if stage not in Stage.values:
        raise Http404
    state = compute_desa_stages(desa).stages[stage - 1]
    initial: dict[str, Any] = {
        "status": state.status,
        "date": state.date,
        "done_by": state.who,
        "note": state.note,
        "base_version": state.row.version if state.row else None,
    }
    form = StageForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.stage_progress_set(
                desa=desa,
                stage=stage,
                status=data["status"],
                date=data["date"],
                done_by=data["done_by"],
                note=data["note"],
                actor=request.user,
                base_version=data["base_version"],
            )
        except EditConflict as conflict:
            form.add_error(None, conflict)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The stage was saved."))
            return redirect("programme:desa_stages", code=desa.code)
    return render(
        request, "programme/stage_form.html", {"desa": desa, "state": state, "form": form}
    )


# --- dashboards ---------------------------------------------------------------------------


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return None


def _chart(table: selectors.Table) -> SafeString | None:
    if table.key in ("tahapan", "tema"):
        if not table.rows:
            return None
        return charts.bar_chart(
            title=table.title,
            labels=[str(row[0]) for row in table.rows],
            values=[int(row[1]) for row in table.rows],
        )
    if table.series_columns and table.rows:
        colours = SERIES_COLOURS.get(table.key, list(charts.PALETTE))
        series = [
            charts.Series(table.headers[column], colours[i % len(colours)])
            for i, column in enumerate(table.series_columns)
        ]
        return charts.stacked_bar_chart(
            title=table.title,
            labels=[str(row[0]) for row in table.rows],
            series=series,
            values=[
                [int(row[column] or 0) for column in table.series_columns] for row in table.rows
            ],
        )
    return None


def _xlsx_url(code: str | None) -> Callable[[str], str]:
    """A maker of a table's XLSX URL by its key: one reverse() per process."""
    if code:
        region_table = fixed_urls().slotted(
            "programme:region_dashboard_xlsx", text_slot(1), text_slot(2)
        )
        return lambda key: region_table.fill(code, key)
    return fixed_urls().slotted("programme:dashboard_xlsx", text_slot()).fill


# A section drawn from an equal table for the same region, language and URLs is the same
# markup (rembuk.core.drawn): after a change, only the sections whose figures moved are drawn
# again, not the whole page.
SECTIONS_DRAWN: DrawnMarkup[Section] = DrawnMarkup(most_entries=512, most_chars=2_000_000)


def _section(table: selectors.Table, fingerprint: Any, code: str | None, urls: Any) -> Section:
    def draw() -> Section:
        return Section(
            key=table.key,
            title=table.title,
            note=table.note,
            shown=len(table.rows),
            total=table.total,
            chart=_chart(table),
            html=table_html(*table.on_page(), table.links),
            xlsx_url=_xlsx_url(code)(table.key),
        )

    return SECTIONS_DRAWN.drawn((urls, code, fingerprint), draw, Section.size)


@dataclass(frozen=True)
class DrawnSections:
    """A dashboard's sections and their markup, as drawn from its tables."""

    sections: list[Section]
    toc_html: SafeString
    sections_html: SafeString

    def size(self) -> int:
        return (
            len(self.toc_html)
            + len(self.sections_html)
            + sum(section.size() for section in self.sections)
        )


# The page's sections, drawn from equal tables for the same region, year, language and URLs,
# are the same markup: a dashboard read again before its figures change is not put together
# again either. About 90 KB for a kabupaten; a few MB per process at most, with SECTIONS_DRAWN.
PAGES_DRAWN: DrawnMarkup[DrawnSections] = DrawnMarkup(most_entries=64, most_chars=2_000_000)


def _drawn_sections(
    tables: dict[str, selectors.Table], code: str | None, year: int
) -> DrawnSections:
    # fixed_urls().key: the URL configuration, script prefix and language the texts are in.
    urls = fixed_urls().key
    fingerprints = [table.fingerprint() for table in tables.values()]

    def draw() -> DrawnSections:
        sections = [
            _section(table, fingerprint, code, urls)
            for table, fingerprint in zip(tables.values(), fingerprints, strict=True)
        ]
        return DrawnSections(sections, toc_html(sections), sections_html(sections, year))

    key = (urls, code, year, tuple(fingerprints))
    return PAGES_DRAWN.drawn(key, draw, DrawnSections.size)


def _dashboard_page(request: HttpRequest, code: str | None) -> HttpResponse:
    scope = selectors.dashboard_scope(request.user, code)
    board = selectors.dashboard(
        scope, year=_year(request), today=timezone.localdate(), user=request.user
    )
    drawn = _drawn_sections(board.tables, code, board.year)
    return render(
        request,
        "programme/dashboard.html",
        {
            "board": board,
            "sections": drawn.sections,
            "years_html": years_html(board.years, board.year),
            "toc_html": drawn.toc_html,
            "sections_html": drawn.sections_html,
            "code": code or "",
        },
    )


def _dashboard_xlsx(request: HttpRequest, code: str | None, key: str) -> HttpResponse:
    """A table's file; one that lists many villages is built by the worker while a page shows
    its progress."""
    ref = documents.table_ref(request.user, code, key, _year(request))
    return background.answer(request, documents.DASHBOARD_TABLE, ref, "xlsx")


@rule(can_see_dashboards)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard_page(request, None)


@rule(can_see_dashboards)
@require_GET
def region_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard_page(request, code)


@rule(can_see_dashboards)
@require_GET
def dashboard_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    return _dashboard_xlsx(request, None, key)


@rule(can_see_dashboards)
@require_GET
def region_dashboard_xlsx(request: HttpRequest, code: str, key: str) -> HttpResponse:
    return _dashboard_xlsx(request, code, key)
