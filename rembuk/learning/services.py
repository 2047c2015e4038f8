"""Lessons: drafting them from meeting records, editing, themes, and ideas that travel.

Rules owned here:
- A lesson is drafted from a recorded challenge: what happened = the challenge, why = its cause,
  what was tried = its follow-ups (and the learning noted), the outcome from how the follow-ups
  ended (all done → berhasil, some → sebagian, none → belum diketahui), who to ask = the village
  and its facilitator. One lesson per challenge (drafting again changes nothing).
- A person editing the text marks it `summary_edited`, so a later draft never overwrites it.
- Themes are suggested by rules (themes.py) and only become the lesson's themes when a person
  confirms them. Only tim_program may share a lesson beyond its kabupaten.
- The edit page saves text, themes and sharing together (lesson_edit): all of it or nothing.
- Every write re-indexes the lesson for search in the same transaction.
- Adopting a lesson at a meeting adds a follow-up of kind gagasan_desa_lain linked to it; from
  meeting mode's capture panel, the challenge being typed is saved on the same row first.
- Adopting or dismissing a suggested lesson keeps a judgement (SuggestionJudgement) with the
  challenge it was judged for, one per lesson and meeting row, only while the meeting is open
  and never about the village's own lesson; later suggestions learn from it (search/feedback).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rembuk.core import history
from rembuk.learning.models import Lesson, SuggestionJudgement, Theme
from rembuk.learning.search.index import rebuild_index
from rembuk.learning.themes import suggest_themes
from rembuk.meetings import services as meeting_services
from rembuk.meetings.models import Challenge, CoordinationMeeting, FollowUp, MeetingSheet
from rembuk.people.models import Membership, Role
from rembuk.people.permissions import has_role_over
from rembuk.plans.models import Goal

TEXT_LIMIT = 5000
JUDGED_TEXT_LIMIT = 2000
EDITABLE_FIELDS = ("what_happened", "why", "what_was_tried", "outcome", "contact", "happened_on")


def _outcome_of(followups: list[FollowUp]) -> str:
    done = [f for f in followups if f.status == FollowUp.Status.DONE]
    if followups and len(done) == len(followups):
        return Lesson.Outcome.WORKED
    if done:
        return Lesson.Outcome.PARTLY
    return Lesson.Outcome.UNKNOWN


def _contact_of(challenge: Challenge) -> str:
    desa = challenge.sheet.desa
    contact = _("Desa %(desa)s (Kec. %(kecamatan)s)") % {
        "desa": desa.name,
        "kecamatan": desa.parent.name if desa.parent else "",
    }
    facilitator = (
        Membership.objects.filter(role=Role.FASILITATOR_DESA, region=desa)
        .select_related("user")
        .first()
    )
    if facilitator is not None:
        name = facilitator.user.get_full_name() or facilitator.user.username
        contact += ", " + _("facilitator %(name)s") % {"name": name}
    return contact[:300]


def _draft_values(challenge: Challenge) -> dict[str, Any]:
    followups = [f for f in challenge.followups.all() if not f.is_deleted]
    tried = "\n".join(f"- {f.text}" for f in followups)
    if challenge.learning:
        tried = (tried + "\n" if tried else "") + challenge.learning
    values: dict[str, Any] = {
        "desa": challenge.sheet.desa,
        "challenge": challenge,
        "happened_on": challenge.sheet.meeting.date,
        "what_happened": challenge.text[:TEXT_LIMIT],
        "why": challenge.cause[:TEXT_LIMIT],
        "what_was_tried": tried[:TEXT_LIMIT],
        "outcome": _outcome_of(followups),
        "contact": _contact_of(challenge),
    }
    values["suggested_themes"] = suggest_themes(
        " ".join([values["what_happened"], values["why"], values["what_was_tried"]])
    )
    return values


@transaction.atomic
def lesson_draft_from_challenge(*, challenge: Challenge, actor: Any) -> Lesson:
    """The lesson of a recorded challenge; an existing lesson is returned unchanged."""
    existing = Lesson.objects.filter(challenge=challenge, is_deleted=False).first()
    if existing is not None:
        return existing
    if challenge.is_deleted:
        raise ValidationError(_("This challenge was deleted, so it has no lesson."))
    lesson = history.create(Lesson, actor=actor, **_draft_values(challenge))
    rebuild_index(lesson)
    return lesson


def draft_lessons(*, actor: Any, meetings: Iterable[CoordinationMeeting] | None = None) -> int:
    """Draft lessons for every challenge of closed meetings that has none; returns how many."""
    challenges = Challenge.objects.filter(
        is_deleted=False,
        sheet__meeting__status=CoordinationMeeting.Status.CLOSED,
        sheet__meeting__is_deleted=False,
    ).exclude(lessons__is_deleted=False)
    if meetings is not None:
        challenges = challenges.filter(sheet__meeting__in=list(meetings))
    challenges = challenges.select_related(
        "sheet", "sheet__meeting", "sheet__desa", "sheet__desa__parent"
    ).prefetch_related("followups")
    count = 0
    for challenge in challenges:
        lesson_draft_from_challenge(challenge=challenge, actor=actor)
        count += 1
    return count


def _check(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if "what_happened" in values and not str(values["what_happened"]).strip():
        errors["what_happened"] = _("Write what happened.")
    for name in ("what_happened", "why", "what_was_tried"):
        if len(str(values.get(name, ""))) > TEXT_LIMIT:
            errors[name] = _("Keep this under %(limit)s characters.") % {"limit": TEXT_LIMIT}
    if "outcome" in values and values["outcome"] not in Lesson.Outcome.values:
        errors["outcome"] = _("Choose whether it worked.")
    if "happened_on" in values and not isinstance(values["happened_on"], datetime.date):
        errors["happened_on"] = _("Enter the date as DD-MM-YYYY.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lesson_create(*, desa: Any, actor: Any, **values: Any) -> Lesson:
    """A lesson written by hand (not from a meeting), e.g. for benchmarks and imports."""
    _check(values)
    text = " ".join(str(values.get(n, "")) for n in ("what_happened", "why", "what_was_tried"))
    values.setdefault("suggested_themes", suggest_themes(text))
    lesson = history.create(Lesson, actor=actor, desa=desa, **values)
    rebuild_index(lesson)
    return lesson


@transaction.atomic
def lesson_update(
    *, lesson: Lesson, actor: Any, base_version: int | None = None, **changes: Any
) -> Lesson:
    """A person edits the lesson; the text is then theirs (summary_edited)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(names)s")
            % {"names": ", ".join(sorted(unknown))}
        )
    _check(changes)
    changes = {k: v for k, v in changes.items() if getattr(lesson, k) != v}
    if not changes:
        return lesson
    if {"what_happened", "why", "what_was_tried"} & set(changes):
        changes["summary_edited"] = True
        merged = {n: changes.get(n, getattr(lesson, n)) for n in ("what_happened", "why")}
        merged["what_was_tried"] = changes.get("what_was_tried", lesson.what_was_tried)
        changes["suggested_themes"] = suggest_themes(" ".join(merged.values()))
    lesson = history.update(lesson, actor=actor, base_version=base_version, **changes)
    rebuild_index(lesson)
    return lesson


@transaction.atomic
def lesson_confirm_themes(
    *, lesson: Lesson, themes: Iterable[str], actor: Any, base_version: int | None = None
) -> Lesson:
    chosen = list(dict.fromkeys(themes))
    if any(theme not in Theme.values for theme in chosen):
        raise ValidationError({"themes": _("Choose themes from the list.")})
    if chosen == lesson.themes:
        return lesson
    lesson = history.update(lesson, actor=actor, base_version=base_version, themes=chosen)
    rebuild_index(lesson)
    return lesson


@transaction.atomic
def lesson_edit(
    *,
    lesson: Lesson,
    actor: Any,
    themes: Iterable[str] | None = None,
    shared: bool | None = None,
    base_version: int | None = None,
    **changes: Any,
) -> Lesson:
    """An edit of a lesson in one go, as the edit page and the API send it: the text
    (`changes`, as lesson_update takes them), the confirmed themes and whether it is shared
    beyond its kabupaten (None: left as they are). Every step is checked against the version
    the edit started from, and all run in one transaction, so a refusal at any step leaves the
    lesson as it was."""
    lesson = lesson_update(lesson=lesson, actor=actor, base_version=base_version, **changes)
    if themes is not None:
        lesson = lesson_confirm_themes(
            lesson=lesson, themes=themes, actor=actor, base_version=base_version
        )
    if shared is not None and shared != lesson.shared_beyond_kabupaten:
        lesson = lesson_share(lesson=lesson, shared=shared, actor=actor, base_version=base_version)
    return lesson


@transaction.atomic
def lesson_share(
    *, lesson: Lesson, shared: bool, actor: Any, base_version: int | None = None
) -> Lesson:
    if not has_role_over(actor, lesson.desa.code, [Role.TIM_PROGRAM]):
        raise ValidationError(_("Only the programme team may share a lesson beyond its kabupaten."))
    lesson = history.update(
        lesson, actor=actor, base_version=base_version, shared_beyond_kabupaten=shared
    )
    rebuild_index(lesson)  # the index rows carry the scope
    return lesson


def _idea_text(lesson: Lesson) -> str:
    tried = lesson.what_was_tried.strip() or lesson.what_happened.strip()
    idea = _("Idea from Desa %(desa)s (%(date)s): %(tried)s") % {
        "desa": lesson.desa.name,
        "date": lesson.happened_on.strftime("%m-%Y"),
        "tried": tried,
    }
    return idea[:TEXT_LIMIT]


def _check_judgeable(lesson: Lesson, sheet: MeetingSheet) -> None:
    meeting_services.check_editable(sheet.meeting)
    if lesson.desa_id == sheet.desa_id:
        raise ValidationError(_("This lesson comes from this village itself."))


def _row_challenge_text(sheet: MeetingSheet, goal: Goal | None) -> str:
    """What the row says is not going as planned, when the suggestion was judged from the
    meeting page rather than from a text being typed."""
    texts = Challenge.objects.filter(sheet=sheet, goal=goal).values_list("text", flat=True)
    return "\n".join(texts)[:JUDGED_TEXT_LIMIT]


def _judge(
    *,
    lesson: Lesson,
    sheet: MeetingSheet,
    goal: Goal | None,
    challenge_text: str,
    verdict: str,
    followup: FollowUp | None,
    actor: Any,
) -> SuggestionJudgement:
    """One judgement per lesson and meeting row: judging again replaces the verdict."""
    existing = SuggestionJudgement.objects.filter(lesson=lesson, sheet=sheet, goal=goal).first()
    text = challenge_text.strip()[:JUDGED_TEXT_LIMIT]
    if not text:  # judged from the meeting page: what the row says, or what it said before
        text = existing.challenge_text if existing else _row_challenge_text(sheet, goal)
    values: dict[str, Any] = {"challenge_text": text, "verdict": verdict, "followup": followup}
    if existing is None:
        return history.create(
            SuggestionJudgement, actor=actor, lesson=lesson, sheet=sheet, goal=goal, **values
        )
    changes = {name: value for name, value in values.items() if getattr(existing, name) != value}
    return history.update(existing, actor=actor, **changes) if changes else existing


@transaction.atomic
def lesson_adopt(
    *,
    lesson: Lesson,
    sheet: MeetingSheet,
    goal: Goal | None,
    actor: Any,
    challenge_text: str = "",
) -> FollowUp:
    """Add another village's lesson to the discussion as a follow-up (gagasan_desa_lain), and
    keep the judgement that it fits this challenge."""
    _check_judgeable(lesson, sheet)
    if FollowUp.objects.filter(
        sheet=sheet, goal=goal, source_lesson=lesson, is_deleted=False
    ).exists():
        raise ValidationError(_("This idea is already among the follow-ups of this goal."))
    followup = meeting_services.followup_save(
        sheet=sheet,
        goal=goal,
        actor=actor,
        text=_idea_text(lesson),
        kind=FollowUp.Kind.IDEA_FROM_OTHER_VILLAGE,
    )
    followup = history.update(followup, actor=actor, source_lesson=lesson)
    _judge(
        lesson=lesson,
        sheet=sheet,
        goal=goal,
        challenge_text=challenge_text,
        verdict=SuggestionJudgement.Verdict.ADOPTED,
        followup=followup,
        actor=actor,
    )
    return followup


@transaction.atomic
def lesson_dismiss(
    *,
    lesson: Lesson,
    sheet: MeetingSheet,
    goal: Goal | None,
    challenge_text: str,
    actor: Any,
) -> SuggestionJudgement:
    """A facilitator says a suggested lesson does not fit this challenge: it is no longer
    offered for this row, and ranks lower for similar challenges everywhere."""
    _check_judgeable(lesson, sheet)
    if FollowUp.objects.filter(
        sheet=sheet, goal=goal, source_lesson=lesson, is_deleted=False
    ).exists():
        raise ValidationError(_("This idea is already among the follow-ups of this goal."))
    return _judge(
        lesson=lesson,
        sheet=sheet,
        goal=goal,
        challenge_text=challenge_text,
        verdict=SuggestionJudgement.Verdict.DISMISSED,
        followup=None,
        actor=actor,
    )


@transaction.atomic
def lesson_adopt_with_challenge(
    *,
    lesson: Lesson | None,
    sheet: MeetingSheet,
    goal: Goal | None,
    text: str,
    challenge: Challenge | None,
    actor: Any,
) -> tuple[Challenge | None, FollowUp | None]:
    """Meeting mode's capture panel: save the challenge typed for the row on screen (create it,
    or update the one this panel created), then adopt the lesson, if one was chosen, on that
    row. Either both happen or neither."""
    if challenge is not None and (
        challenge.sheet_id != sheet.pk or challenge.goal_id != (goal.pk if goal else None)
    ):
        challenge = None  # the projector moved on: the text is noted for the row now on screen
    if text.strip():
        if challenge is None:
            challenge = meeting_services.challenge_save(
                sheet=sheet, goal=goal, text=text, actor=actor
            )
        elif challenge.text != text:
            challenge = meeting_services.challenge_save(
                sheet=sheet, challenge=challenge, text=text, actor=actor
            )
    elif lesson is None:
        raise ValidationError({"text": _("Write what is not going as planned first.")})
    followup = None
    if lesson is not None:
        followup = lesson_adopt(
            lesson=lesson, sheet=sheet, goal=goal, actor=actor, challenge_text=text
        )
    return challenge, followup
