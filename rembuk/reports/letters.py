"""The invitation letter (surat undangan) for the coordination meeting
(docs/mechanism.md#preparing-the-meeting, step 3).

Shaped like an Indonesian official letter: letterhead of the kecamatan, nomor/sifat/lampiran/
perihal, the addressee, the purpose (sharing what villages learnt from implementing their
activities), the request to bring the results of their own monitoring-and-learning session,
day, time and place, and the Camat's signature block. Either one letter per village (one page
each) or one letter with a distribution list. Empty fields get the defaults a kecamatan office
would write by hand (Sifat: Biasa, a number left to fill in; Lampiran: "-", or "1 (satu) lembar"
when the distribution list is attached).

A letter is dated the day it is printed; printed again on or after the meeting day (for the
record), it carries the day the meeting was scheduled, the day the invitation went out, and
never the meeting day itself.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from rembuk.core.models import ChangeLog
from rembuk.core.pdf import render_pdf
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.reports import wording
from rembuk.reports.word import set_column_widths

PER_VILLAGE = "per-desa"
DISTRIBUTION_LIST = "daftar"
MODES = (PER_VILLAGE, DISTRIBUTION_LIST)


@dataclass
class Letter:
    letterhead: list[str]  # PEMERINTAH KABUPATEN …, KECAMATAN …
    address: str
    number: str
    nature: str
    attachments: str
    subject: str
    place_date: str
    addressee: list[str]  # "Kepada Yth." lines
    day_date: str
    time: str
    place: str
    purpose: str
    signatory_title: str
    signatory_name: str
    signatory_nip: str
    distribution: list[str] = field(default_factory=list)


def letter_date(
    meeting: CoordinationMeeting, today: datetime.date, scheduled_on: datetime.date | None
) -> datetime.date:
    """The date the letter carries (see the module's docstring)."""
    if today < meeting.date:
        return today
    the_day_before = meeting.date - datetime.timedelta(days=1)
    return min(scheduled_on or the_day_before, the_day_before)


def _letters(
    meeting: CoordinationMeeting,
    sheets: list[MeetingSheet],
    mode: str,
    dated: datetime.date,
) -> list[Letter]:
    kecamatan = meeting.kecamatan
    kabupaten = kecamatan.parent
    kabupaten_name = kabupaten.name if kabupaten else ""
    heads = [wording.village_head_title(s.desa.name, s.desa.is_kelurahan) for s in sheets]
    common: dict[str, Any] = {
        "letterhead": [
            f"PEMERINTAH {kabupaten_name.upper()}",
            f"KECAMATAN {kecamatan.name.upper()}",
        ],
        "address": f"Kantor Camat {kecamatan.name}, {kabupaten_name}",
        "number": meeting.letter_number or f"005/ ....... /{meeting.date.year}",
        "nature": meeting.letter_nature or "Biasa",
        "attachments": meeting.letter_attachments
        or ("1 (satu) lembar" if mode == DISTRIBUTION_LIST else "-"),
        "subject": wording.LETTER_SUBJECT,
        "place_date": f"{kecamatan.name}, {wording.tanggal(dated)}",
        "day_date": wording.hari_tanggal(meeting.date),
        "time": wording.jam(meeting.start_time, kecamatan.code) or "-",
        "place": meeting.place or "-",
        "purpose": meeting.purpose,
        "signatory_title": meeting.signatory_title or f"Camat {kecamatan.name}",
        "signatory_name": meeting.signatory_name or "( ........................................ )",
        "signatory_nip": meeting.signatory_nip or "........................................",
    }
    if mode == DISTRIBUTION_LIST:
        addressee = [f"Para Kepala Desa se-Kecamatan {kecamatan.name}", "(daftar terlampir)"]
        return [Letter(addressee=addressee, distribution=heads, **common)]
    return [Letter(addressee=[head], **common) for head in heads]


def meeting_letters(
    meeting: CoordinationMeeting, mode: str = PER_VILLAGE, *, today: datetime.date | None = None
) -> list[Letter]:
    """The letters for every invited village (the sheets of the meeting, in their order)."""
    if mode not in MODES:
        raise ValueError(f"Unknown letter mode {mode!r}")
    sheets = list(
        MeetingSheet.objects.filter(meeting=meeting)
        .select_related("desa")
        .order_by("position", "desa__name")
    )
    scheduled = (
        ChangeLog.objects.filter(object_id=meeting.pk, action=ChangeLog.Action.CREATE)
        .values_list("recorded_at", flat=True)
        .first()
    )
    dated = letter_date(
        meeting,
        today or timezone.localdate(),
        timezone.localdate(scheduled) if scheduled else None,
    )
    return _letters(meeting, sheets, mode, dated)


BODY_OPENING = (
    "Dalam rangka berbagi pembelajaran dari implementasi kegiatan peningkatan penghidupan "
    "masyarakat di desa, bersama ini kami mengundang Saudara/i untuk hadir pada Pertemuan "
    "Koordinasi Kecamatan untuk Berbagi Pembelajaran Antar Desa yang akan dilaksanakan pada:"
)
BODY_REQUEST = (
    "Mohon kiranya setiap desa diwakili dan membawa informasi hasil pemantauan dan pembelajaran "
    "dari pertemuan pemantauan dan pembelajaran yang telah dilaksanakan di desa, termasuk hal-hal "
    "yang belum berjalan sesuai rencana dan dukungan yang dibutuhkan."
)
BODY_CLOSING = (
    "Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran Saudara/i, kami ucapkan "
    "terima kasih."
)


def letters_pdf(letters: list[Letter]) -> bytes:
    return render_pdf(
        "reports/letter_pdf.html",
        {
            "letters": letters,
            "opening": BODY_OPENING,
            "request": BODY_REQUEST,
            "closing": BODY_CLOSING,
        },
    )


# --- DOCX -----------------------------------------------------------------------------------


def _bottom_rule(paragraph: Paragraph) -> None:
    """The double rule under a kop surat."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thinThickSmallGap")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _para(
    document: object,
    text: str = "",
    *,
    bold: bool = False,
    align: int | None = None,
    size: float | None = None,
    space_after: float = 0,
) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align  # type: ignore[assignment]
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _fields_table(
    document: object, rows: list[tuple[str, str]], widths: tuple[float, float]
) -> None:
    table = document.add_table(rows=0, cols=3)  # type: ignore[attr-defined]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = ":"
        cells[2].text = value
    set_column_widths(table, (widths[0], 0.5, widths[1]))


def letters_docx(letters: list[Letter]) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"  # type: ignore[attr-defined]
    style.font.size = Pt(11)  # type: ignore[attr-defined]
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(2)
    for index, letter in enumerate(letters):
        if index:
            document.add_page_break()
        for number, line in enumerate(letter.letterhead):
            _para(
                document,
                line,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                size=14 if number else 13,
            )
        head = _para(
            document, letter.address, align=WD_ALIGN_PARAGRAPH.CENTER, size=10, space_after=12
        )
        _bottom_rule(head)
        _para(document, letter.place_date, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=6)
        _fields_table(
            document,
            [
                ("Nomor", letter.number),
                ("Sifat", letter.nature),
                ("Lampiran", letter.attachments),
                ("Perihal", letter.subject),
            ],
            (2.5, 12.5),
        )
        _para(document, space_after=6)
        _para(document, "Kepada Yth.")
        for line in letter.addressee:
            _para(document, line, bold=True)
        _para(document, "di")
        _para(document, "Tempat", space_after=12)
        _para(document, "Dengan hormat,", space_after=6)
        _para(document, BODY_OPENING, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
        _fields_table(
            document,
            [("Hari/tanggal", letter.day_date), ("Waktu", letter.time), ("Tempat", letter.place)],
            (3.5, 11.5),
        )
        _para(document, space_after=6)
        if letter.purpose:
            _para(document, letter.purpose, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
        _para(document, BODY_REQUEST, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
        _para(document, BODY_CLOSING, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=18)
        for line, bold in (
            (letter.signatory_title, True),
            ("", False),
            ("", False),
            ("", False),
            (letter.signatory_name, True),
            (f"NIP. {letter.signatory_nip}", False),
        ):
            paragraph = _para(document, line, bold=bold)
            paragraph.paragraph_format.left_indent = Cm(9)
        if letter.distribution:
            _para(document, space_after=12)
            _para(document, "Daftar penerima:", bold=True)
            for number, name in enumerate(letter.distribution, start=1):
                _para(document, f"{number}. {name}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
