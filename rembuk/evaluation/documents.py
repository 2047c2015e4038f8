"""The evaluation as PDF (one HTML template through core.pdf.render_pdf) and DOCX
(python-docx with the table helpers of reports.word): a village, or every evaluated desa of a
kecamatan for one period with a table per desa. Both read selectors.village_report()."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.db.models.functions import Length
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from rembuk.core.print_rows import (
    LONG_ROW_LINES,
    Paragraph,
    PrintRow,
    render_pdf_with_rows,
    row_is_long,
)
from rembuk.evaluation.models import (
    CAPITALS,
    COUNTS,
    VULNERABILITY,
    GoalEvaluation,
    PlanEvaluation,
    field_label,
)
from rembuk.evaluation.selectors import (
    GoalRow,
    KecamatanEvaluation,
    VillageEvaluation,
    kecamatan_report,
)
from rembuk.plans.selectors import kecamatan_for_user
from rembuk.regions.models import Region
from rembuk.reports.background import Build, DocumentKind, ExportFile, register
from rembuk.reports.word import _repeat_as_header, _shade, _write, set_column_widths

COLUMN_CM = (6.0, 5.2, 4.4, 3.9, 3.9, 3.0)  # 26.4 cm of a 29.7 cm landscape page
# Characters a line in each column of the PDF at 8.5 pt DejaVu Sans (print-evaluation.css: 22,
# 20, 17, 15, 15 and 11 % of 27.7 cm, less the cells' padding), for print_rows.row_is_long.
CHARACTERS_PER_LINE = (35, 31, 26, 23, 23, 16)


def village_title(report: VillageEvaluation) -> str:
    return _("End-of-period evaluation — Desa %(desa)s, plan %(period)s") % {
        "desa": report.plan.desa.name,
        "period": report.plan.period_label,
    }


def kecamatan_title(report: KecamatanEvaluation) -> str:
    return _("End-of-period evaluation — Kecamatan %(kecamatan)s, plans %(period)s") % {
        "kecamatan": report.kecamatan.name,
        "period": report.period_label,
    }


def _text(text: str, classes: str = "") -> list[Paragraph]:
    return [Paragraph(text, classes)] if text else []


def goal_row_cells(row: GoalRow) -> list[list[Paragraph]]:
    """The six cells of a goal's row on paper (the same words as the page and the DOCX)."""
    goal = [Paragraph(f"{row.block.number}. {row.goal.statement}", "goal")]
    if row.goal.target:
        goal.append(Paragraph(f"{_('Target')}: {row.goal.target}"))
    result = _text(row.result_label, "result")
    result += _text(row.achieved)
    if not row.evaluation and row.review:
        result += _text(_("From the review at the kecamatan meeting"), "muted small")
    if row.carry_forward:
        count = len(row.continued_activities)
        activities = ngettext("%(count)d activity", "%(count)d activities", count) % {
            "count": count
        }
        next_period = [
            Paragraph(_("Continues")),
            *(_text(activities, "muted small") if count else []),
        ]
    else:
        next_period = [Paragraph(_("Stops"))]
    return [goal, result, _text(row.factors), _text(row.keep), _text(row.change), next_period]


def goal_print_row(row: GoalRow) -> PrintRow:
    """A goal's row as the PDF prints it: an answer may be 5,000 characters in a column a sixth
    of the page wide, so a long row breaks across pages (the rule of rembuk.core.print_rows)."""
    cells = goal_row_cells(row)
    return PrintRow(
        ref=f"goal-{row.goal.pk}",
        number=str(row.block.number),
        title=row.goal.statement,
        cells=cells,
        long=row_is_long(cells, CHARACTERS_PER_LINE),
    )


def _pdf(title: str, villages: Sequence[VillageEvaluation]) -> bytes:
    tables = [(village, [goal_print_row(row) for row in village.rows]) for village in villages]
    return render_pdf_with_rows(
        "evaluation/evaluation_pdf.html",
        {"title": title, "villages": tables, "generated_at": timezone.localtime()},
        [rows for _village, rows in tables],
        tables_start_pages=True,  # one section per desa, each from a new page
    )


def village_pdf(report: VillageEvaluation) -> bytes:
    return _pdf(village_title(report), [report])


def kecamatan_pdf(report: KecamatanEvaluation) -> bytes:
    return _pdf(kecamatan_title(report), report.villages)


# --- DOCX ------------------------------------------------------------------------------------


def _landscape(document: DocumentObject, *, new_section: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE) if new_section else document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.2)


def _assets(document: DocumentObject, report: VillageEvaluation) -> None:
    assets = report.assets
    if assets is None:
        document.add_paragraph(
            _("No livelihood assets profile has been recorded for this desa yet.")
        )
        return
    document.add_heading(_("Livelihood assets profile %(year)d") % {"year": assets.year}, level=3)
    for name in (*COUNTS, *CAPITALS, *VULNERABILITY):
        value = getattr(assets, name)
        if value in (None, ""):
            continue
        paragraph = document.add_paragraph()
        label = field_label(name)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(str(value))
        paragraph.paragraph_format.space_after = Pt(2)


def _village(document: DocumentObject, report: VillageEvaluation) -> None:
    document.add_heading(
        _("Desa %(desa)s — plan %(period)s")
        % {"desa": report.plan.desa.name, "period": report.plan.period_label},
        level=2,
    )
    evaluation = report.evaluation
    date = evaluation.date.strftime("%d-%m-%Y") if evaluation else _("not held yet")
    document.add_paragraph(f"{_('Date of the evaluation')}: {date}")
    if evaluation and evaluation.participants:
        document.add_paragraph(f"{_('Who took part')}: {evaluation.participants}")
    if evaluation and evaluation.notes:
        document.add_paragraph(f"{_('Overall notes')}: {evaluation.notes}")
    headings = (
        _("Goal and target"),
        _("What was achieved"),
        _("Factors"),
        _("What to keep"),
        _("What to change"),
        _("Next period"),
    )
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    _repeat_as_header(table.rows[0])
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _write(cell, heading, bold=True)
        _shade(cell)
    for row in report.rows:
        cells = table.add_row().cells
        _write(cells[0], f"{row.block.number}. {row.goal.statement}", bold=True)
        if row.goal.target:
            _write(cells[0], f"{_('Target')}: {row.goal.target}")
        if row.result:
            _write(cells[1], row.result_label, bold=True)
        if row.achieved:
            _write(cells[1], row.achieved)
        _write(cells[2], row.factors)
        _write(cells[3], row.keep)
        _write(cells[4], row.change)
        if row.carry_forward:
            _write(cells[5], _("Continues"))
            count = len(row.continued_activities)
            if count:
                _write(
                    cells[5],
                    ngettext("%(count)d activity", "%(count)d activities", count)
                    % {"count": count},
                    small=True,
                )
        else:
            _write(cells[5], _("Stops"))
    if not report.rows:
        _write(table.add_row().cells[0], _("This plan has no goals."))
    set_column_widths(table, COLUMN_CM)
    if report.previous:
        document.add_heading(_("Results of the previous plan"), level=3)
        for previous in report.previous:
            document.add_paragraph(
                f"{previous.goal.statement} — {previous.get_result_display() or '—'}",
                style="List Bullet",
            )
    _assets(document, report)


def _docx(title: str, villages: Sequence[VillageEvaluation], empty: str) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    document.core_properties.title = title
    _landscape(document, new_section=False)
    document.add_heading(title, level=1)
    for index, village in enumerate(villages):
        if index:
            _landscape(document, new_section=True)
        _village(document, village)
    if not villages:
        document.add_paragraph(empty)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def village_docx(report: VillageEvaluation) -> bytes:
    return _docx(village_title(report), [report], "")


def kecamatan_docx(report: KecamatanEvaluation) -> bytes:
    return _docx(
        kecamatan_title(report),
        report.villages,
        _("No desa of this kecamatan has an evaluation for this period yet."),
    )


# --- a kecamatan's evaluation as a document the worker builds when long ------------------------

KECAMATAN_EVALUATION = "evaluation"
# About 0.1 s of layout per evaluated desa on top of 0.15 s: past this many, more than a second.
EVALUATION_SYNC_VILLAGES = 6
# A goal whose answer is long enough to break across pages (print_rows: over LONG_ROW_LINES in
# the narrowest answer column) costs about four desa more: its row is split, which lays the
# document out once more (a 5,000-character answer: 0.6 s against 0.13 s for one desa).
LONG_ANSWER_CHARACTERS = LONG_ROW_LINES * min(
    CHARACTERS_PER_LINE[1:5]
)  # what was achieved … to change
LONG_ANSWER_PARTS = 4


def evaluation_ref(code: str, start: int, end: int) -> str:
    return f"{code}:{start}:{end}"


def _kecamatan_period(user: Any, ref: str) -> tuple[Region, int, int]:
    """(kecamatan, first year, last year): 404 outside the reader's region or for a bad ref."""
    code, _colon, period = ref.partition(":")
    start, _colon, end = period.partition(":")
    if not (start.isdigit() and end.isdigit()):
        raise Http404
    return kecamatan_for_user(user, code), int(start), int(end)


def _kecamatan_period_load(ref: str) -> tuple[Region, int, int]:
    code, start, end = ref.split(":")
    return Region.objects.get(code=code), int(start), int(end)


def evaluation_filename(kecamatan: Region, start: int, end: int, extension: str) -> str:
    return f"evaluasi-kecamatan-{slugify(kecamatan.name)}-{start}-{end}.{extension}"


def _evaluated(record: tuple[Region, int, int], fmt: str) -> int:
    """The document's size in parts: its evaluated desa, and LONG_ANSWER_PARTS for each goal
    whose answer will break across pages (the worker builds it past EVALUATION_SYNC_VILLAGES)."""
    kecamatan, start, end = record
    evaluations = PlanEvaluation.objects.filter(
        plan__desa__parent=kecamatan,
        plan__is_deleted=False,
        plan__period_start=start,
        plan__period_end=end,
    )
    answers = ("achieved", "factors", "keep", "change")
    long_answers = (
        GoalEvaluation.objects.filter(evaluation__in=evaluations)
        .annotate(**{f"{name}_length": Length(name) for name in answers})
        .filter(
            reduce(or_, (Q(**{f"{name}_length__gt": LONG_ANSWER_CHARACTERS}) for name in answers))
        )
    )
    return evaluations.count() + LONG_ANSWER_PARTS * long_answers.count()


def _evaluation_export(record: tuple[Region, int, int], build: Build) -> ExportFile:
    kecamatan, start, end = record
    content = kecamatan_pdf(kecamatan_report(kecamatan, start, end))
    filename = evaluation_filename(kecamatan, start, end, "pdf")
    return ExportFile(filename, "application/pdf", content)


def register_kecamatan_evaluation() -> None:
    register(
        DocumentKind(
            key=KECAMATAN_EVALUATION,
            record=_kecamatan_period,
            load=_kecamatan_period_load,
            formats=frozenset({"pdf"}),
            parts=_evaluated,
            sync_parts=EVALUATION_SYNC_VILLAGES,
            build=_evaluation_export,
            back=lambda record: (
                reverse("evaluation:kecamatan_evaluations", args=[record[0].code]),
                _("Evaluations of Kecamatan %(kecamatan)s") % {"kecamatan": record[0].name},
            ),
        )
    )
