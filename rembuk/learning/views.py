"""Lesson search, detail and edit pages, and the suggestions shown while a challenge is typed."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from html import escape as escape_html
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import linebreaksbr, truncatechars_html
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembuk.core.forms import add_service_errors, choices_as_text, error_text
from rembuk.core.htmx import is_htmx, template_for
from rembuk.core.permissions import rule
from rembuk.core.posted import base_version
from rembuk.core.slotted_urls import SlottedURL, uuid_slot
from rembuk.learning import selectors, services
from rembuk.learning.forms import LessonForm, SearchForm
from rembuk.learning.models import Lesson
from rembuk.learning.permissions import (
    can_adopt_lessons,
    can_edit_lesson_of,
    can_edit_some_lesson,
    can_read_lessons,
    can_see_travels,
    can_share_lesson_of,
)
from rembuk.learning.search.ranking import (
    SearchFilters,
    SearchHit,
    count_matches,
    search,
)
from rembuk.learning.search.suggestions import suggest
from rembuk.learning.themes import theme_labels
from rembuk.meetings import selectors as meeting_selectors
from rembuk.meetings.models import CoordinationMeeting, MeetingSheet
from rembuk.meetings.permissions import can_manage_meetings_of
from rembuk.plans.models import Goal

PAGE_SIZE = 20
SUGGESTIONS = 3


def highlighter(words: list[str]) -> Callable[[str], SafeString]:
    """highlight() for these words, their pattern made once (a result has three texts)."""
    if not words:
        return lambda text: mark_safe(escape_html(str(text)))  # as django.utils.html.escape
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Never inside an entity such as &amp; or &#x27;.
    pattern = re.compile(rf"(?<![&#\w])({alternatives})(?!\w)", re.IGNORECASE)
    return lambda text: mark_safe(pattern.sub(r"<mark>\1</mark>", escape_html(str(text))))


def highlight(text: str, words: list[str]) -> SafeString:
    """The text, escaped, with the matched words wrapped in <mark>."""
    return highlighter(words)(text)


def _meeting_target(
    request: HttpRequest, params: Any
) -> tuple[CoordinationMeeting, MeetingSheet, Goal | None] | None:
    """The meeting row an idea would be added to, when the user may record there."""
    meeting_id, sheet_id = params.get("meeting"), params.get("sheet")
    if not meeting_id or not sheet_id:
        return None
    try:
        meeting = meeting_selectors.meeting_for_user(request.user, meeting_id)
        sheet = meeting_selectors.sheet_of(meeting, sheet_id)
        goal = meeting_selectors.goal_of(sheet, params.get("goal") or None)
    except Http404:  # an id that is not one is a record not found (core.lookups)
        return None
    if meeting.status == CoordinationMeeting.Status.CLOSED:
        return None
    if not can_manage_meetings_of(request.user, meeting.kecamatan.code):
        return None
    return meeting, sheet, goal


# How much of each text a result shows (characters of text, markup aside).
TITLE_CHARS = 160
TEXT_CHARS = 240


def _shortened(html: SafeString, length: int) -> SafeString:
    """truncatechars_html's result, without its HTML parser when the markup itself is no longer
    than `length` (then no text can be cut: the filter gives the text back, NFC-normalised)."""
    if len(html) <= length:
        return mark_safe(unicodedata.normalize("NFC", html))  # escaped by highlight()
    return mark_safe(truncatechars_html(html, length))  # cut, its tags closed


@dataclass
class _Result:
    """One lesson as the results list shows it: every value ready, escaped where it is markup."""

    url: str
    add_url: str  # adds it as an idea to a meeting's sheet
    title: SafeString
    place: str
    outcome: str
    outcome_label: str
    why: SafeString
    tried: SafeString


def _results(hits: list[SearchHit]) -> list[_Result]:
    """The results list's values, built once per page in Python: per row the template then only
    prints them (its engine cost several times the search itself; docs/decisions/0025)."""
    if not hits:  # the page with nothing typed, or nothing found: no links to build
        return []
    detail = SlottedURL("learning:lesson_detail", [uuid_slot()])
    add = SlottedURL("learning:suggestion_add", [uuid_slot()])
    place = _("Desa %(desa)s (Kec. %(kecamatan)s), %(month)s")
    outcomes = {value: str(label) for value, label in Lesson.Outcome.choices}
    months: dict[tuple[int, int], str] = {}  # "Maret 2024", written once per month shown
    results = []
    for hit in hits:
        lesson, marked = hit.lesson, highlighter(hit.matched_terms)
        kecamatan = lesson.desa.parent
        day = lesson.happened_on
        month = (day.year, day.month)
        if month not in months:
            months[month] = date_format(day, "F Y")
        results.append(
            _Result(
                url=detail.fill(lesson.id),
                add_url=add.fill(lesson.id),
                title=_shortened(marked(lesson.what_happened), TITLE_CHARS),
                place=place
                % {
                    "desa": lesson.desa.name,
                    "kecamatan": kecamatan.name if kecamatan else "",
                    "month": months[month],
                },
                outcome=lesson.outcome,
                outcome_label=outcomes.get(lesson.outcome, lesson.outcome),
                why=_shortened(marked(lesson.why), TEXT_CHARS),
                tried=linebreaksbr(_shortened(marked(lesson.what_was_tried), TEXT_CHARS)),
            )
        )
    return results


@rule(can_read_lessons)
def lesson_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    filters = SearchFilters()
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"]
        filters = SearchFilters(
            theme=data["theme"] or "",
            kabupaten=data["kabupaten"] or "",
            kecamatan=data["kecamatan"] or "",
            year=data["year"],
            outcome=data["outcome"] or "",
        )
    message = ""
    hits: list[SearchHit] = []
    total = 0
    page_number = 1
    if not query.strip():
        message = _("Type a few words about the problem, for example “harga kopra turun”.")
    else:
        try:
            page_number = max(1, min(int(request.GET.get("page", "1")), 1000))
        except ValueError:
            page_number = 1
        parsed, hits = search(
            query,
            user=request.user,
            filters=filters,
            offset=(page_number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        if parsed.is_empty:
            message = _(
                "These words are too common to search for. Add a word about the problem itself."
            )
        else:
            total = (page_number - 1) * PAGE_SIZE + len(hits)
            if len(hits) == PAGE_SIZE:  # only a full page needs counting
                total = count_matches(parsed, user=request.user, filters=filters)
            if not total:
                message = _("No lesson matches these words yet. Try other or fewer words.")
    target = _meeting_target(request, request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    context = {
        "form": form,
        "query": query,
        "hits": hits,
        "results": _results(hits),
        "total": total,
        "message": message,
        "page_number": page_number,
        "previous_url": f"?{params.urlencode()}&page={page_number - 1}" if page_number > 1 else "",
        "next_url": f"?{params.urlencode()}&page={page_number + 1}" if page_number < pages else "",
        "pages": pages,
        "themes": choices_as_text(SearchForm, "theme"),
        "outcomes": choices_as_text(SearchForm, "outcome"),
        "kabupatens": selectors.kabupaten_options(),
        "kecamatans": selectors.kecamatan_options(filters.kabupaten),
        "target": target,
        "can_see_travels": can_see_travels(request.user),
    }
    return render(request, template_for(request, "learning/lesson_search.html", "results"), context)


@rule(can_see_travels)
def lessons_travelled(request: HttpRequest) -> HttpResponse:
    """For the programme team: which lessons other villages took up at their meetings, where,
    and whether it worked there."""
    kabupatens = selectors.kabupaten_choices()
    kabupaten = request.GET.get("kabupaten", "")
    if kabupaten not in {region.code for region in kabupatens}:
        kabupaten = ""
    travels = selectors.lessons_travelled(request.user, kabupaten=kabupaten)
    context = {"travels": travels, "kabupatens": kabupatens, "kabupaten": kabupaten}
    return render(request, "learning/lessons_travelled.html", context)


@rule(can_read_lessons)
def lesson_detail(request: HttpRequest, lesson_id: uuid.UUID) -> HttpResponse:
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    context = {
        "lesson": lesson,
        # The themes by their names in the reader's language, not their stored codes.
        "themes": theme_labels(lesson.themes),
        "suggested_themes": theme_labels(lesson.suggested_themes),
        "adoptions": list(selectors.adoptions_of(lesson, request.user)),
        "can_edit": can_edit_lesson_of(request.user, lesson.desa.code),
        "can_share": can_share_lesson_of(request.user, lesson.desa.code),
    }
    return render(request, "learning/lesson_detail.html", context)


@rule(can_edit_some_lesson)
def lesson_edit(request: HttpRequest, lesson_id: uuid.UUID) -> HttpResponse:
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    if not can_edit_lesson_of(request.user, lesson.desa.code):
        raise PermissionDenied
    can_share = can_share_lesson_of(request.user, lesson.desa.code)
    # The form works on its own copy, so the service still sees what changed.
    form = LessonForm(
        request.POST or None, instance=selectors.lesson_for_user(request.user, lesson_id)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lesson = services.lesson_edit(
                lesson=lesson,
                actor=request.user,
                base_version=base_version(request.POST),
                themes=data["themes"],
                # Without the right to share, the page has no checkbox: sharing stays as it is.
                shared=request.POST.get("shared_beyond_kabupaten") == "on" if can_share else None,
                **{name: data[name] for name in services.EDITABLE_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect("learning:lesson_detail", lesson.pk)
    return render(
        request,
        "learning/lesson_edit.html",
        {"lesson": lesson, "form": form, "can_share": can_share},
    )


def suggestions_context(
    request: HttpRequest,
    text: str,
    *,
    exclude_desa_code: str | None,
    target: tuple[CoordinationMeeting, MeetingSheet, Goal | None] | None = None,
) -> dict[str, Any]:
    """What learning/suggestions.html#list needs: up to three lessons the user may see, from
    villages other than `exclude_desa_code`, similar to `text`. Shared by the meeting page's
    suggestions and meeting mode's capture panel (rembuk.learning.views_capture)."""
    text = text[:2000]
    hidden = selectors.dismissed_for(target[1], target[2]) if target is not None else set()
    hits = suggest(
        text,
        user=request.user,
        exclude_desa_code=exclude_desa_code,
        limit=SUGGESTIONS,
        hidden=hidden,
    )
    params = {"q": text}
    if target is not None:
        params["meeting"], params["sheet"] = str(target[0].pk), str(target[1].pk)
        if target[2] is not None:
            params["goal"] = str(target[2].pk)
    search_url = reverse("learning:lesson_search") + "?" + urlencode(params)
    return {"hits": hits, "target": target, "text": text, "search_url": search_url}


@rule(can_read_lessons)
def suggestions(request: HttpRequest) -> HttpResponse:
    """Up to three lessons from other villages similar to the challenge being typed."""
    if not is_htmx(request):
        # Opened as a page (a copied address, a bookmark), the bare fragment had no menu, no
        # layout and no way on: the lesson search for the same words instead.
        words = request.GET.get("text", "")[:2000]
        return redirect(reverse("learning:lesson_search") + "?" + urlencode({"q": words}))
    target = _meeting_target(request, request.GET)
    exclude = target[1].desa.code if target else request.GET.get("desa") or None
    context = suggestions_context(
        request, request.GET.get("text", ""), exclude_desa_code=exclude, target=target
    )
    return render(request, "learning/suggestions.html#list", context)


@rule(can_adopt_lessons)
@require_POST
def suggestion_add(request: HttpRequest, lesson_id: uuid.UUID) -> HttpResponse:
    """Add a lesson to the meeting as a follow-up of kind gagasan_desa_lain."""
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    target = _meeting_target(request, request.POST)
    if target is None:
        raise Http404
    meeting, sheet, goal = target
    try:
        services.lesson_adopt(lesson=lesson, sheet=sheet, goal=goal, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The idea from Desa %(desa)s is added to the follow-ups.") % {"desa": lesson.desa},
        )
    url = (
        reverse("meetings:meeting_detail", args=[meeting.pk])
        + "?"
        + urlencode({"desa": sheet.desa.code})
    )
    if goal is not None:
        url += f"#goal-{goal.pk}"
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@rule(can_adopt_lessons)
@require_POST
def suggestion_dismiss(request: HttpRequest, lesson_id: uuid.UUID) -> HttpResponse:
    """The meeting page: a suggested lesson does not fit this row's challenge."""
    lesson = selectors.lesson_for_user(request.user, lesson_id)
    target = _meeting_target(request, request.POST)
    if target is None:
        raise Http404
    meeting, sheet, goal = target
    text = request.POST.get("text", "")[:2000]
    try:
        services.lesson_dismiss(
            lesson=lesson, sheet=sheet, goal=goal, challenge_text=text, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        # The list again, without the dismissed lesson (the next one moves up).
        context = suggestions_context(
            request, text, exclude_desa_code=sheet.desa.code, target=target
        )
        return render(request, "learning/suggestions.html#list", context)
    url = (
        reverse("meetings:meeting_detail", args=[meeting.pk])
        + "?"
        + urlencode({"desa": sheet.desa.code})
    )
    return HttpResponseRedirect(url + (f"#goal-{goal.pk}" if goal is not None else ""))


@rule(can_adopt_lessons)
@require_POST
def meeting_draft_lessons(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """The button on a closed meeting: draft the lessons of its challenges."""
    meeting = meeting_selectors.meeting_for_manager(request.user, meeting_id)
    if meeting.status != CoordinationMeeting.Status.CLOSED:
        messages.error(request, _("Lessons are drafted once the meeting is closed."))
    else:
        count = services.draft_lessons(actor=request.user, meetings=[meeting])
        messages.success(
            request, _("%(count)s lessons drafted from this meeting.") % {"count": count}
        )
    return redirect("meetings:meeting_detail", meeting.pk)
