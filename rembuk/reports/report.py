"""The meeting report: one object built from the meeting, read by every renderer.

build_meeting_report() turns a CoordinationMeeting and meeting_sheets() into plain text rows
shaped like Matriks 3 (goal and target | milestones and activities | challenges and learning |
follow-ups). The PDF, DOCX and XLSX renderers only lay these rows out, so the three files say
the same thing. Building costs a fixed number of queries, whatever the number of villages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.meetings.selectors import SheetRow, SheetView, carried_in_followups, meeting_sheets
from rembuk.plans.models import year_unless_named
from rembuk.regions.models import Region
from rembuk.reports import wording

ShareUrl = Callable[[MeetingSheet], str | None]


@dataclass
class ChallengeLine:
    text: str
    cause: str = ""
    learning: str = ""
    blocked_note: str = ""  # "menghambat 6 dari 7 kegiatan"


@dataclass
class FollowUpLine:
    text: str
    kind: str
    owner: str
    due: str
    status: str

    @property
    def meta(self) -> str:
        """`Aksi desa · Penanggung jawab: DPMD · Tenggat: 15 April 2024`."""
        parts = [self.kind] if self.kind else []
        if self.owner:
            parts.append(f"Penanggung jawab: {self.owner}")
        if self.due:
            parts.append(f"Tenggat: {self.due}")
        return " · ".join(parts)


@dataclass
class MilestoneLines:
    statement: str  # empty for activities that name no milestone
    target: str
    activities: list[str] = field(default_factory=list)


@dataclass
class ReviewLine:
    result: str
    factors: str


@dataclass
class MatrixRow:
    """One goal of the plan: a row of Matriks 2/3."""

    goal: str
    target: str
    milestones: list[MilestoneLines]
    challenges: list[ChallengeLine] = field(default_factory=list)
    followups: list[FollowUpLine] = field(default_factory=list)
    review: ReviewLine | None = None

    @property
    def activity_count(self) -> int:
        return sum(len(m.activities) for m in self.milestones)


@dataclass
class VillageSheet:
    sheet_id: str
    position: int
    desa_code: str
    desa_name: str
    village_head: str  # "Kepala Desa Wainyapu"
    date: str  # "28 Maret 2024"
    rows: list[MatrixRow]
    general: MatrixRow | None  # challenges and follow-ups tied to no goal of the plan
    representatives: str
    plan_period: str
    share_url: str | None = None

    @property
    def all_rows(self) -> list[MatrixRow]:
        return self.rows + ([self.general] if self.general else [])

    @property
    def slug(self) -> str:
        return desa_slug(self.desa_name)

    @property
    def is_recorded(self) -> bool:
        return any(row.challenges or row.followups or row.review for row in self.all_rows)


@dataclass
class CarriedInLine:
    desa: str
    from_date: str
    text: str
    kind: str
    owner: str
    due: str
    status: str  # as reviewed at this meeting, or its status when not yet reviewed
    note: str
    reviewed: bool


@dataclass
class MeetingReport:
    meeting_id: str
    kecamatan_code: str
    kecamatan: str
    kabupaten: str  # "Kabupaten Sumba Barat Daya"
    date: str
    day_date: str  # "Kamis, 28 Maret 2024"
    time: str
    place: str
    status: str
    villages: list[VillageSheet]
    carried_in: list[CarriedInLine]
    other_participants: str
    next_meeting: str
    documents_note: str

    def village(self, desa_code: str) -> VillageSheet | None:
        return next((v for v in self.villages if v.desa_code == desa_code), None)

    @property
    def title(self) -> str:
        return f"{wording.MEETING_TITLE} — Kecamatan {self.kecamatan}"


def desa_slug(name: str) -> str:
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in cleaned.split("-") if part) or "desa"


def _year(value: int | None) -> str:
    return f"tahun {value}" if value else ""


def _target_line(target: str, year: int | None) -> str:
    year = year_unless_named(target, year)
    parts = [p for p in (target.strip(), _year(year)) if p]
    return f"({'; '.join(parts)})" if parts else ""


def _owner(followup: FollowUp, desa_name: str, kecamatan_name: str) -> str:
    if followup.owner == FollowUp.Owner.AGENCY:
        return followup.owner_agency.short_name if followup.owner_agency else "OPD"
    if followup.owner == FollowUp.Owner.KECAMATAN:
        return f"Kecamatan {kecamatan_name}"
    return f"Desa {desa_name}"


def _followup_line(followup: FollowUp, desa_name: str, kecamatan_name: str) -> FollowUpLine:
    return FollowUpLine(
        text=followup.text,
        kind=wording.FOLLOWUP_KINDS.get(followup.kind, followup.kind),
        owner=_owner(followup, desa_name, kecamatan_name),
        due=wording.tanggal(followup.due_date),
        status=wording.FOLLOWUP_STATUSES.get(followup.status, followup.status),
    )


def _challenge_line(
    challenge: Challenge, goal_activity_ids: set[str], plan_activity_ids: set[str]
) -> ChallengeLine:
    held = challenge.holds_up(goal_activity_ids, plan_activity_ids)
    note = f"menghambat {held[0]} dari {held[1]} kegiatan" if held else ""
    return ChallengeLine(
        text=challenge.text, cause=challenge.cause, learning=challenge.learning, blocked_note=note
    )


def _matrix_row(row: SheetRow, plan_activity_ids: set[str]) -> MatrixRow:
    goal = row.goal
    milestones = [
        MilestoneLines(
            statement=block.milestone.statement if block.milestone else "",
            target=(
                _target_line(block.milestone.target_value, block.milestone.target_year)
                if block.milestone
                else ""
            ),
            activities=[activity.name for activity in block.activities],
        )
        for block in row.block.milestones
    ]
    goal_activity_ids = {str(a.id) for a in row.block.activities}
    return MatrixRow(
        goal=goal.statement,
        target=_target_line(goal.target, goal.target_year),
        milestones=milestones,
        challenges=[
            _challenge_line(c, goal_activity_ids, plan_activity_ids) for c in row.challenges
        ],
        review=(
            ReviewLine(
                result=wording.REVIEW_RESULTS.get(row.review.result, row.review.result),
                factors=row.review.factors,
            )
            if row.review
            else None
        ),
    )


def village_sheet(
    view: SheetView, meeting: CoordinationMeeting, share_url: ShareUrl | None = None
) -> VillageSheet:
    sheet = view.sheet
    desa: Region = sheet.desa
    kecamatan_name = meeting.kecamatan.name
    plan_activity_ids = {str(a.id) for row in view.rows for a in row.block.activities}
    rows = []
    for sheet_row in view.rows:
        row = _matrix_row(sheet_row, plan_activity_ids)
        row.followups = [_followup_line(f, desa.name, kecamatan_name) for f in sheet_row.followups]
        rows.append(row)
    general = None
    if view.general_challenges or view.general_followups:
        general = MatrixRow(
            goal="Catatan umum",
            target="(tidak terkait satu tujuan)",
            milestones=[],
            challenges=[
                _challenge_line(c, set(), plan_activity_ids) for c in view.general_challenges
            ],
            followups=[
                _followup_line(f, desa.name, kecamatan_name) for f in view.general_followups
            ],
        )
    return VillageSheet(
        sheet_id=str(sheet.id),
        position=sheet.position,
        desa_code=desa.code,
        desa_name=desa.name,
        village_head=wording.village_head_title(desa.name, desa.is_kelurahan),
        date=wording.tanggal(meeting.date),
        rows=rows,
        general=general,
        representatives=sheet.representatives,
        plan_period=sheet.plan.period_label if sheet.plan else "",
        share_url=share_url(sheet) if share_url else None,
    )


def _carried_in(meeting: CoordinationMeeting) -> list[CarriedInLine]:
    lines = []
    for followup in carried_in_followups(meeting):
        review = followup.review_here[0] if followup.review_here else None  # type: ignore[attr-defined]
        desa = followup.sheet.desa
        line = _followup_line(followup, desa.name, meeting.kecamatan.name)
        lines.append(
            CarriedInLine(
                desa=desa.name,
                from_date=wording.tanggal(followup.sheet.meeting.date),
                text=line.text,
                kind=line.kind,
                owner=line.owner,
                due=line.due,
                status=(
                    wording.FOLLOWUP_STATUSES.get(review.status, review.status)
                    if review
                    else line.status
                ),
                note=review.note if review else "",
                reviewed=review is not None,
            )
        )
    return lines


def build_meeting_report(
    meeting: CoordinationMeeting,
    *,
    desa_code: str | None = None,
    share_url: ShareUrl | None = None,
    with_carried_in: bool = True,
) -> MeetingReport:
    """Everything the printouts show about a meeting (or one village of it)."""
    kecamatan = meeting.kecamatan
    kabupaten = kecamatan.parent
    views = meeting_sheets(meeting, desa_code=desa_code)
    time_label = wording.jam(meeting.start_time, kecamatan.code)
    return MeetingReport(
        meeting_id=str(meeting.id),
        kecamatan_code=kecamatan.code,
        kecamatan=kecamatan.name,
        kabupaten=kabupaten.name if kabupaten else "",
        date=wording.tanggal(meeting.date),
        day_date=wording.hari_tanggal(meeting.date),
        time=time_label,
        place=meeting.place,
        status=meeting.status,
        villages=[village_sheet(view, meeting, share_url) for view in views],
        carried_in=_carried_in(meeting) if with_carried_in else [],
        other_participants=meeting.other_participants,
        next_meeting=wording.hari_tanggal(meeting.next_meeting_date),
        documents_note=meeting.documents_note,
    )


def meeting_with_regions(meeting_id: object) -> CoordinationMeeting:
    """The meeting with the regions every printout names (for callers outside a request)."""
    return CoordinationMeeting.objects.select_related(
        "kecamatan", "kecamatan__parent", "kecamatan__parent__parent"
    ).get(pk=meeting_id)


def letter_date(meeting: CoordinationMeeting, today: datetime.date | None = None) -> str:
    """The letter is dated today, or the meeting day when the meeting is already past."""
    today = today or datetime.date.today()
    return wording.tanggal(min(today, meeting.date))
