"""The minutes (notulen) of a kabupaten team meeting as PDF (core.pdf.render_pdf, A4 portrait)
and DOCX (python-docx with the helpers of reports.word). Both read selectors.meeting_agenda():
header, date, place and participants, the agenda grouped as it was discussed with the decision
and the new assignment on each item, and the general notes. User text is escaped by the template
engine (PDF) and written as plain runs (DOCX)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from rembuk.core.print_rows import (
    LONG_ROW_LINES,
    Paragraph,
    PrintRow,
    render_pdf_with_rows,
    row_is_long,
)
from rembuk.district.models import AgendaItem, DistrictMeeting
from rembuk.district.selectors import MeetingAgenda, meeting_agenda, meeting_for_user
from rembuk.reports.background import Build, DocumentKind, ExportFile, register
from rembuk.reports.word import _repeat_as_header, _shade, _write, set_column_widths

COLUMN_CM = (1.0, 7.0, 5.0, 4.6)  # 17.6 cm of a 21 cm portrait page
# Characters a line in each column at 9.5 pt Liberation Sans (print-minutes.css: 7, 39, 29 and
# 25 % of 17.3 cm, less the cells' padding), for print_rows.row_is_long.
CHARACTERS_PER_LINE = (4, 38, 28, 24)


@dataclass
class ItemText:
    """One agenda item as the minutes print it (the same words on paper and in Word)."""

    number: str
    topic: str
    details: list[str]
    decision: str
    assignment: str
    assignment_meta: str

    def cells(self) -> list[list[Paragraph]]:
        assignment = [Paragraph(self.assignment)] if self.assignment else []
        if self.assignment_meta:
            assignment.append(Paragraph(self.assignment_meta, "meta"))
        return [
            [Paragraph(self.number)],
            [Paragraph(self.topic, "topic"), *(Paragraph(d, "detail") for d in self.details)],
            [Paragraph(self.decision or "-")],
            assignment or [Paragraph("-")],
        ]

    def print_row(self) -> PrintRow:
        """The row as the PDF prints it. A long one (a kecamatan's Matriks 4 summary) may break
        rather than push the agenda to page 2 and leave page 1 mostly blank (the rule of
        rembuk.core.print_rows)."""
        cells = self.cells()
        return PrintRow(
            ref=f"item-{self.number}",
            number=self.number,
            title=self.topic,
            cells=cells,
            long=row_is_long(cells, CHARACTERS_PER_LINE),
            repeat=1,  # the No column is printed again on the continued part
        )


def minutes_title() -> str:
    return _("Minutes of the kabupaten team coordination meeting")


def letterhead(agenda: MeetingAgenda) -> list[str]:
    # The heading of an Indonesian government document; the team's name is a term of art.
    return [
        f"PEMERINTAH {agenda.meeting.kabupaten.name.upper()}",
        "TIM KOORDINASI TEKNIS KABUPATEN",
    ]


def _date(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def item_text(number: str, item: AgendaItem) -> ItemText:
    details: list[str] = []
    if item.report is not None:
        report = item.report
        topic = _("Kecamatan report (Matriks 4) of Kecamatan %(kecamatan)s") % {
            "kecamatan": report.kecamatan.name
        }
        sent = _date(timezone.localtime(report.sent_at)) if report.sent_at else ""
        # A correction supersedes an earlier sent version (report.previous); say so.
        if report.previous_id:
            details.append(_("Corrected version, sent %(date)s") % {"date": sent})
        else:
            details.append(_("Sent %(date)s") % {"date": sent})
        for row in report.rows.all():
            if row.support_needed:
                details.append(f"{row.desa.name}: {row.support_needed}")
    elif item.request is not None:
        request = item.request
        topic = request.text
        details.append(
            _("Desa %(desa)s, Kecamatan %(kecamatan)s · %(status)s")
            % {
                "desa": request.desa.name,
                "kecamatan": request.desa.parent.name if request.desa.parent else "",
                "status": request.get_status_display(),
            }
        )
        if request.due_date:
            details.append(_("Due %(date)s") % {"date": _date(request.due_date)})
    else:
        topic = item.title
    if item.title and (item.report is not None or item.request is not None):
        details.insert(0, item.title)
    meta = []
    if item.assigned_agency is not None:
        meta.append(str(item.assigned_agency.name))
    if item.assignment_due:
        meta.append(_("by %(date)s") % {"date": _date(item.assignment_due)})
    return ItemText(
        number=number,
        topic=topic,
        details=details,
        decision=item.decision,
        assignment=item.assignment,
        assignment_meta=" · ".join(meta),
    )


@dataclass
class GroupText:
    label: str
    items: list[ItemText]


def minutes_groups(agenda: MeetingAgenda) -> list[GroupText]:
    groups = []
    number = 0
    for group in agenda.groups:
        texts = []
        for item in group.items:
            number += 1
            texts.append(item_text(str(number), item))
        groups.append(GroupText(group.label, texts))
    return groups


def minutes_pdf(agenda: MeetingAgenda) -> bytes:
    meeting = agenda.meeting
    tables = [
        (group.label, [item.print_row() for item in group.items])
        for group in minutes_groups(agenda)
    ]
    return render_pdf_with_rows(
        "district/minutes_pdf.html",
        {
            "title": minutes_title(),
            "letterhead": letterhead(agenda),
            "meeting": meeting,
            "tables": tables,
            "generated_at": timezone.localtime(),
        },
        [rows for _label, rows in tables],
    )


# --- DOCX ------------------------------------------------------------------------------------


def minutes_docx(agenda: MeetingAgenda) -> bytes:
    meeting = agenda.meeting
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    document.core_properties.title = minutes_title()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.7)
    section.top_margin = section.bottom_margin = Cm(1.5)

    for line in letterhead(agenda):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(13)
        paragraph.paragraph_format.space_after = Pt(0)
    heading = document.add_heading(minutes_title(), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER

    facts = (
        (_("Date"), _date(meeting.date)),
        (_("Place"), meeting.place or "-"),
        (_("Status"), str(meeting.get_status_display())),
        (_("Participants"), meeting.participants or "-"),
    )
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(2)

    document.add_heading(_("Agenda, decisions and assignments"), level=2)
    groups = minutes_groups(agenda)
    if not groups:
        document.add_paragraph(_("The agenda is empty."))
    headings = ("No", _("Topic"), _("Decision"), _("Assignment"))
    for group in groups:
        document.add_heading(group.label, level=3)
        table = document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        _repeat_as_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            _write(cell, text, bold=True)
            _shade(cell)
        for item in group.items:
            cells = table.add_row().cells
            _write(cells[0], item.number)
            _write(cells[1], item.topic, bold=True)
            for detail in item.details:
                _write(cells[1], detail, small=True)
            _write(cells[2], item.decision or "-")
            if item.assignment:
                _write(cells[3], item.assignment)
            if item.assignment_meta:
                _write(cells[3], item.assignment_meta, small=True)
        set_column_widths(table, COLUMN_CM)

    document.add_heading(_("General notes"), level=2)
    for line in (meeting.minutes or "-").split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the minutes as a document the worker builds when long (rembuk.reports.background) ----------

MINUTES = "minutes"
# About 0.02 s of layout per agenda item on top of 0.15 s: past this many, more than a second.
MINUTES_SYNC_ITEMS = 40
# An item long enough to break across pages lays the whole document out once more (print_rows):
# it counts as fifteen. A kecamatan's report (one line per desa) always is; a free topic is when
# its decision or assignment runs past LONG_ROW_LINES in its column (14 such items: 12 s of CPU).
REPORT_ITEM_PARTS = 15
LONG_DECISION_CHARACTERS = LONG_ROW_LINES * CHARACTERS_PER_LINE[2]
LONG_ASSIGNMENT_CHARACTERS = LONG_ROW_LINES * CHARACTERS_PER_LINE[3]


def _minutes_parts(meeting: DistrictMeeting, fmt: str) -> int:
    breaking = (
        Q(report__isnull=False)
        | Q(decision_length__gt=LONG_DECISION_CHARACTERS)
        | Q(assignment_length__gt=LONG_ASSIGNMENT_CHARACTERS)
    )
    counted = (
        AgendaItem.objects.filter(meeting=meeting)
        .annotate(decision_length=Length("decision"), assignment_length=Length("assignment"))
        .aggregate(items=Count("id"), breaking=Count("id", filter=breaking))
    )
    return int(counted["items"]) + REPORT_ITEM_PARTS * int(counted["breaking"])


def minutes_filename(meeting: DistrictMeeting, extension: str) -> str:
    return f"notulen-{slugify(meeting.kabupaten.name)}-{meeting.date:%Y-%m-%d}.{extension}"


def _minutes_export(meeting: DistrictMeeting, build: Build) -> ExportFile:
    content = minutes_pdf(meeting_agenda(meeting))
    return ExportFile(minutes_filename(meeting, "pdf"), "application/pdf", content)


def register_minutes() -> None:
    register(
        DocumentKind(
            key=MINUTES,
            record=meeting_for_user,
            load=lambda ref: DistrictMeeting.objects.select_related("kabupaten").get(pk=ref),
            formats=frozenset({"pdf"}),
            parts=_minutes_parts,
            sync_parts=MINUTES_SYNC_ITEMS,
            build=_minutes_export,
            back=lambda meeting: (
                reverse("district:meeting_detail", args=[meeting.pk]),
                _("Kabupaten team meeting of %(date)s") % {"date": _date(meeting.date)},
            ),
        )
    )
