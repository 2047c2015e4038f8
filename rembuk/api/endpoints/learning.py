"""Lessons villages learn from each other: the list, the search, the suggestions shown while a
challenge is typed (rembuk.learning's ranking, as the pages use it), and a lesson's edit."""

import datetime
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from rembuk.api.endpoints.common import (
    HistoryPage,
    HistoryQuery,
    VersionedWrite,
    base_version,
    history_page,
)
from rembuk.api.filters import narrowed
from rembuk.api.pagination import Page, offset_of, paginate, ranked_page
from rembuk.api.rules import rule
from rembuk.api.schemas import (
    REGION_CODE,
    DateRange,
    ListFilters,
    Record,
    RegionRef,
    answers,
    page_schema,
    record_fields,
    region_ref,
)
from rembuk.learning import selectors, services
from rembuk.learning.models import Lesson, Theme
from rembuk.learning.permissions import can_edit_lesson_of, can_edit_some_lesson, can_read_lessons
from rembuk.learning.search import ranking
from rembuk.learning.search.suggestions import suggest

router = Router(tags=["lessons"])

Outcome = Literal["berhasil", "sebagian", "tidak", "belum_diketahui"]
ThemeCode = Literal[
    "keuangan_desa",
    "bumdes",
    "pemasaran",
    "hama",
    "penyuluhan",
    "perikanan",
    "peternakan",
    "air",
    "iklim",
    "kelembagaan",
    "pariwisata",
    "keterampilan",
    "lainnya",
]
TEXT_LIMIT = services.TEXT_LIMIT


class LessonOut(Record):
    desa: RegionRef
    kecamatan: RegionRef | None
    kabupaten: RegionRef | None
    challenge_id: uuid.UUID | None = Field(description="The meeting challenge it was drafted from.")
    happened_on: datetime.date
    what_happened: str
    why: str
    what_was_tried: str
    outcome: str = Field(description="berhasil, sebagian, tidak or belum_diketahui.")
    outcome_label: str
    contact: str = Field(description="Who to ask.")
    themes: list[str] = Field(description="Themes a person confirmed.")
    suggested_themes: list[str] = Field(description="Themes suggested, not yet confirmed.")
    shared_beyond_kabupaten: bool
    summary_edited: bool = Field(description="A person has edited the drafted text.")


LessonPage = page_schema(LessonOut, "LessonPage")


def lesson_out(lesson: Lesson) -> LessonOut:
    kecamatan = lesson.desa.parent
    return LessonOut(
        **record_fields(lesson),
        desa=region_ref(lesson.desa),
        kecamatan=region_ref(kecamatan),
        kabupaten=region_ref(kecamatan.parent if kecamatan else None),
        challenge_id=lesson.challenge_id,
        happened_on=lesson.happened_on,
        what_happened=lesson.what_happened,
        why=lesson.why,
        what_was_tried=lesson.what_was_tried,
        outcome=lesson.outcome,
        outcome_label=lesson.get_outcome_display(),
        contact=lesson.contact,
        themes=list(lesson.themes or []),
        suggested_themes=list(lesson.suggested_themes or []),
        shared_beyond_kabupaten=lesson.shared_beyond_kabupaten,
        summary_edited=lesson.summary_edited,
    )


def _visible(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.lessons_visible_to(request.user).select_related("desa__parent__parent")


class LessonFilters(ListFilters, DateRange):
    outcome: Outcome | None = None
    theme: ThemeCode | None = Field(None, description="A confirmed theme.")


@router.get("/lessons", response=answers(LessonPage))
@rule(can_read_lessons)
def lesson_list(request: HttpRequest, filters: Query[LessonFilters]) -> Page:
    """Lessons the caller may read (their kabupaten's and those shared beyond it), latest
    first; dates filter when it happened."""
    lessons = narrowed(
        _visible(request), filters, region_path="desa__code", date_path="happened_on"
    )
    if filters.outcome:
        lessons = lessons.filter(outcome=filters.outcome)
    page = paginate(
        request, lessons, order=("-happened_on", "id"), cursor=filters.cursor, limit=filters.limit
    )
    items = page.items
    if filters.theme:
        # Themes are a JSON list: matched here rather than with a lookup that differs between
        # SQLite and PostgreSQL; a page may then hold fewer rows than `limit`.
        items = [lesson for lesson in items if filters.theme in (lesson.themes or [])]
    page.items = [lesson_out(lesson) for lesson in items]
    return page


class SearchQuery(Schema):
    q: str = Field(min_length=1, max_length=2000, description="Words about the problem.")
    theme: ThemeCode | None = None
    kabupaten: str | None = Field(None, pattern=REGION_CODE, max_length=20)
    kecamatan: str | None = Field(None, pattern=REGION_CODE, max_length=20)
    year: int | None = Field(None, ge=2000, le=2100)
    outcome: Outcome | None = None
    cursor: str | None = Field(None, max_length=500)
    limit: int = Field(20, ge=1, le=100)


class LessonHit(Schema):
    score: float
    matched_words: list[str] = Field(description="The lesson's words the query matched.")
    lesson: LessonOut


SearchPage = page_schema(LessonHit, "LessonSearchPage")


def _hit(hit: ranking.SearchHit) -> LessonHit:
    return LessonHit(
        score=hit.score, matched_words=hit.matched_terms, lesson=lesson_out(hit.lesson)
    )


@router.get("/lessons/search", response=answers(SearchPage))
@rule(can_read_lessons)
def lesson_search(request: HttpRequest, query: Query[SearchQuery]) -> Page:
    """Lessons matching some words, best first (the same search as the Pembelajaran page)."""
    signature = "lesson-search"
    offset = offset_of(query.cursor, signature=signature)
    _parsed, hits = ranking.search(
        query.q,
        user=request.user,
        filters=ranking.SearchFilters(
            theme=query.theme or "",
            kabupaten=query.kabupaten or "",
            kecamatan=query.kecamatan or "",
            year=query.year,
            outcome=query.outcome or "",
        ),
        offset=offset,
        limit=query.limit + 1,
    )
    page = ranked_page(request, hits, offset=offset, limit=query.limit, signature=signature)
    page.items = [_hit(hit) for hit in page.items]
    return page


class SuggestionQuery(Schema):
    text: str = Field(min_length=1, max_length=2000, description="The challenge being typed.")
    desa: str | None = Field(
        None, pattern=REGION_CODE, max_length=20, description="Leave out this desa's own lessons."
    )
    limit: int = Field(3, ge=1, le=10)


@router.get("/lessons/suggestions", response=answers(list[LessonHit]))
@rule(can_read_lessons)
def lesson_suggestions(request: HttpRequest, query: Query[SuggestionQuery]) -> list[LessonHit]:
    """Lessons from other villages similar to a challenge being typed (as in meeting mode)."""
    hits = suggest(query.text, user=request.user, exclude_desa_code=query.desa, limit=query.limit)
    return [_hit(hit) for hit in hits]


@router.get("/lessons/{uuid:lesson_id}", response=answers(LessonOut))
@rule(can_read_lessons)
def lesson_detail(request: HttpRequest, lesson_id: uuid.UUID) -> LessonOut:
    """One lesson."""
    return lesson_out(selectors.lesson_for_user(request.user, lesson_id))


@router.get("/lessons/{uuid:lesson_id}/history", response=answers(HistoryPage))
@rule(can_read_lessons)
def lesson_history(request: HttpRequest, lesson_id: uuid.UUID, query: Query[HistoryQuery]) -> Page:
    """Riwayat: every change to the lesson, newest first."""
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    return history_page(request, lesson.pk, query)


class LessonPatch(VersionedWrite):
    what_happened: str | None = Field(None, max_length=TEXT_LIMIT)
    why: str | None = Field(None, max_length=TEXT_LIMIT)
    what_was_tried: str | None = Field(None, max_length=TEXT_LIMIT)
    outcome: Outcome | None = None
    contact: str | None = Field(None, max_length=300)
    happened_on: datetime.date | None = None
    themes: list[ThemeCode] | None = Field(None, max_length=13, description="Confirm themes.")
    shared_beyond_kabupaten: bool | None = Field(None, description="Programme team only.")


@router.patch("/lessons/{uuid:lesson_id}", response=answers(LessonOut, write=True))
@rule(can_edit_some_lesson)
def lesson_edit(request: HttpRequest, lesson_id: uuid.UUID, payload: LessonPatch) -> LessonOut:
    """Edit a lesson's text, outcome and themes (only the fields sent); the text is then the
    person's own and a later draft never overwrites it."""
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    if not can_edit_lesson_of(request.user, lesson.desa.code):
        raise PermissionDenied
    version = base_version(request, payload.version)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        name: sent[name] or ""
        for name in ("what_happened", "why", "what_was_tried", "contact")
        if name in sent
    }
    changes.update({name: sent[name] for name in ("outcome", "happened_on") if sent.get(name)})
    services.lesson_edit(
        lesson=lesson,
        actor=request.user,
        base_version=version,
        themes=sent.get("themes"),
        shared=sent.get("shared_beyond_kabupaten"),
        **changes,
    )
    return lesson_out(selectors.lesson_for_user(request.user, lesson_id))


ENUMERATIONS = {Outcome: Lesson.Outcome, ThemeCode: Theme}
