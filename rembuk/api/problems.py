"""Every refusal of the API as an RFC 9457 problem detail (application/problem+json).

A problem has a stable `type` (a URN that never changes with the wording), a `title` and a
`detail` in the request's language, the `status`, and where it helps: `errors` (the field at
fault, its message and a stable code) and, for an edit that started from an old version, the
`current` values and `current_version` to start again from. The exception handlers of
rembuk.api.api turn what the services and Django raise into these; nothing else writes an
error body, so every error of every operation has this one shape (docs/api.md lists the types).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:rembuk:problem:"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: Promise

    @property
    def uri(self) -> str:
        return TYPE_PREFIX + self.slug


def _types(*types: ProblemType) -> dict[str, ProblemType]:
    return {problem.slug: problem for problem in types}


TYPES = _types(
    ProblemType("malformed-request", 400, gettext_lazy("The request cannot be read")),
    ProblemType("not-authenticated", 401, gettext_lazy("Sign in or send a valid token")),
    ProblemType("forbidden", 403, gettext_lazy("Your roles do not allow this")),
    ProblemType("csrf-failed", 403, gettext_lazy("The CSRF check failed")),
    ProblemType("password-change-required", 403, gettext_lazy("Choose your own password first")),
    ProblemType("not-found", 404, gettext_lazy("Not found")),
    ProblemType("method-not-allowed", 405, gettext_lazy("This method is not allowed here")),
    ProblemType("edit-conflict", 409, gettext_lazy("Someone else changed this meanwhile")),
    ProblemType("validation-error", 422, gettext_lazy("Some values cannot be accepted")),
    ProblemType("precondition-required", 428, gettext_lazy("Say which version you started from")),
    ProblemType("throttled", 429, gettext_lazy("Too many requests")),
    ProblemType("server-error", 500, gettext_lazy("Something went wrong on the server")),
)


@dataclass
class FieldError:
    field: str | None
    message: str
    code: str


def jsonable(value: Any) -> Any:
    """A field value as JSON carries it (the form the change log keeps)."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    return value


def problem_response(
    request: HttpRequest,
    slug: str,
    detail: str | None = None,
    *,
    errors: Iterable[FieldError] = (),
    **extensions: Any,
) -> HttpResponse:
    problem = TYPES[slug]
    body: dict[str, Any] = {
        "type": problem.uri,
        "title": str(problem.title),
        "status": problem.status,
        "detail": detail or str(problem.title),
        "instance": request.path,
    }
    listed = [
        {"field": error.field, "message": error.message, "code": error.code} for error in errors
    ]
    if listed:
        body["errors"] = listed
    body.update({key: jsonable(value) for key, value in extensions.items()})
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=CONTENT_TYPE
    )
    return response


# The services name a linked record by the model field; the API's bodies send its id.
_BODY_FIELDS = {
    "milestone": "milestone_id",
    "goal": "goal_id",
    "owner_agency": "owner_agency_id",
    "agency": "agency_id",
    "activity": "activity_id",
}


def service_errors(error: ValidationError) -> list[FieldError]:
    """The messages of a service's ValidationError, each with the field it names (None for a
    refusal of the whole request)."""
    if hasattr(error, "error_dict"):
        return [
            FieldError(_BODY_FIELDS.get(field, field), str(message), item.code or "invalid")
            for field, items in error.error_dict.items()
            for item in items
            for message in item.messages
        ]
    return [
        FieldError(None, str(message), item.code or "invalid")
        for item in error.error_list
        for message in item.messages
    ]


# Pydantic's own messages are English; these say the same in the request's language.
_PYDANTIC_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Give a whole number."),
    "int_type": gettext_lazy("Give a whole number."),
    "int_from_float": gettext_lazy("Give a whole number."),
    "float_parsing": gettext_lazy("Give a number."),
    "float_type": gettext_lazy("Give a number."),
    "bool_parsing": gettext_lazy("Give true or false."),
    "bool_type": gettext_lazy("Give true or false."),
    "string_type": gettext_lazy("Give a text."),
    "string_too_long": gettext_lazy("This text is too long: at most %(max_length)s characters."),
    "string_too_short": gettext_lazy("This text is too short."),
    "too_long": gettext_lazy("Too many values: at most %(max_length)s."),
    "uuid_parsing": gettext_lazy("Give an id (a UUID)."),
    "uuid_type": gettext_lazy("Give an id (a UUID)."),
    "date_parsing": gettext_lazy("Write the date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Write the date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Write the date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Write the date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy(
        "Write the time as YYYY-MM-DDTHH:MM:SS with its time zone, e.g. 2025-01-31T08:00:00+08:00."
    ),
    "datetime_from_date_parsing": gettext_lazy(
        "Write the time as YYYY-MM-DDTHH:MM:SS with its time zone, e.g. 2025-01-31T08:00:00+08:00."
    ),
    "datetime_type": gettext_lazy(
        "Write the time as YYYY-MM-DDTHH:MM:SS with its time zone, e.g. 2025-01-31T08:00:00+08:00."
    ),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "greater_than": gettext_lazy("Give a number greater than %(gt)s."),
    "greater_than_equal": gettext_lazy("Give a number of at least %(ge)s."),
    "less_than": gettext_lazy("Give a number smaller than %(lt)s."),
    "less_than_equal": gettext_lazy("Give a number of at most %(le)s."),
    "list_type": gettext_lazy("Give a list."),
    "dict_type": gettext_lazy("Give an object."),
    "model_type": gettext_lazy("Give an object."),
    "model_attributes_type": gettext_lazy("Give an object."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "json_type": gettext_lazy("The body is not valid JSON."),
    "extra_forbidden": gettext_lazy("This field is not known here."),
    "union_tag_invalid": gettext_lazy("Choose one of: %(expected_tags)s."),
    "union_tag_not_found": gettext_lazy("Say which kind this is (%(discriminator)s)."),
    "string_pattern_mismatch": gettext_lazy("This value does not have the expected form."),
    "timezone_aware": gettext_lazy("Give the time with its time zone, e.g. +08:00."),
}


# The tags of the API's tagged unions (a support request's steps): pydantic puts the tag in
# the location ("decline.reason"); the client sent the field as "reason".
UNION_TAGS: set[str] = set()


def pydantic_errors(errors: Iterable[dict[str, Any]]) -> list[FieldError]:
    """Ninja's validation errors (pydantic's, with their location) as field errors."""
    found = []
    for error in errors:
        kind = str(error.get("type", "invalid"))
        location = [str(part) for part in error.get("loc", ())]
        # ninja puts the parameter model's name second ("body", "payload", "text"): the
        # client knows a body field by its own name (as the services' errors name it), a
        # parameter by where it went ("query.limit").
        if len(location) >= 3 and location[0] in ("query", "path", "header"):
            location = [location[0], *location[2:]]
        elif location[:1] == ["body"]:
            location = location[2:] or ["body"]
            if len(location) > 1 and location[0] in UNION_TAGS:
                location = location[1:]
        template = _PYDANTIC_MESSAGES.get(kind)
        if template is not None:
            context = {k: _context_value(v) for k, v in (error.get("ctx") or {}).items()}
            try:
                message = str(template) % context if "%(" in str(template) else str(template)
            except (KeyError, TypeError, ValueError):
                message = str(error.get("msg", _("This value is not valid.")))
        elif kind == "value_error":
            # A check of our own schemas: its message is already translated.
            message = str(error.get("ctx", {}).get("error", error.get("msg", "")))
        else:
            message = _("This value is not valid.")
        found.append(FieldError(".".join(location) or None, message, kind))
    return found


def _context_value(value: Any) -> str:
    return str(value).replace("'", "")


def problem_type_list() -> list[ProblemType]:
    return list(TYPES.values())
