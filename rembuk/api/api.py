"""The REST API at /api/v1/: django-ninja over the same selectors and services as the pages.

Each module of rembuk.api.endpoints is one router (one tag of the OpenAPI document); this
module puts them together, with the authentication (token or session), the per-token
throttle, and the exception handlers that turn every refusal into a problem detail. What a
view may do and see is never decided here: `@rule` predicates and the owning apps' selectors
and services decide it, as they do for the pages.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from rembuk.api import problems
from rembuk.api.auth import NotAuthenticated, PasswordChangeRequired, SessionAuth, TokenAuth
from rembuk.api.conditional import PreconditionRequired, VersionsDisagree
from rembuk.api.pagination import BadCursor
from rembuk.api.problems import FieldError, problem_response
from rembuk.api.rules import rule_of
from rembuk.api.throttling import TokenRateThrottle
from rembuk.core.history import EditConflict
from rembuk.monitoring.services import ReviewConflict

logger = logging.getLogger(__name__)

DESCRIPTION = """
Rembuk's data for the programme's other tools: village plans, village reviews, kecamatan
coordination meetings, Matriks 4 reports, support requests, kabupaten meetings, stages,
lessons and dashboard figures. Every answer is limited to what the caller may see, exactly as
on the pages.

**Authentication.** `Authorization: Bearer <token>` with a personal access token made on your
account page (*Akun saya*), or the browser's session (writes then need `X-CSRFToken`).

**Lists** are paged with a cursor (`next_cursor`, `next`) and filtered by `region` (a
Kemendagri code), dates, status and `updated_since` (incremental pulls).

**Reads** carry an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.

**Writes** carry the version they started from: `If-Match` (the ETag of the record, or
`"7"`) or a `version` field. A write that clashes with a change made meanwhile to the same
field is refused with `409` and the current values; changes to other fields merge.

**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `type`,
the field at fault and a message in the request's `Accept-Language` (Indonesian by default).
"""


class RembukAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The function's name: short, stable, and what docs/api.md and the tests call it.
        name: str = operation.view_func.__name__
        return name

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        # Built once per process (it takes ninja a second): the document only changes with
        # the code. Callers must not change what they get.
        key = repr((path_prefix, sorted((path_params or {}).items())))
        cache: dict[str, OpenAPISchema] = self.__dict__.setdefault("_schemas", {})
        if key not in cache:
            schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            cache[key] = document_http_conventions(schema)
        return cache[key]


def document_http_conventions(schema: OpenAPISchema) -> OpenAPISchema:
    """What ninja does not write from the code: problems as application/problem+json, the
    conditional headers, the language header, 304 for reads."""
    language = {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": "The language of messages: id (default) or en.",
        "schema": {"type": "string"},
    }
    components = schema.get("components", {}).get("schemas", {})
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            # The first sentence of the view's docstring; ninja would title-case its name.
            description = " ".join((operation.get("description") or "").split())
            if description:
                operation["summary"] = description.split(". ")[0].rstrip(".") + "."
            parameters = operation.setdefault("parameters", [])
            parameters.append(language)
            responses = operation.get("responses", {})
            for status, response in responses.items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    response["content"] = {problems.CONTENT_TYPE: content["application/json"]}
                elif int(status) in (200, 201):
                    response.setdefault("headers", {})["ETag"] = {
                        "description": "The version and a digest of this answer.",
                        "schema": {"type": "string"},
                    }
            if method == "get":
                parameters.append(
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "description": "An ETag you hold: 304 when nothing changed.",
                        "schema": {"type": "string"},
                    }
                )
                responses[304] = {"description": "Not modified: the ETag you sent is current."}
            elif method == "delete" or _body_names_a_version(operation, components):
                parameters.append(
                    {
                        "name": "If-Match",
                        "in": "header",
                        "required": False,
                        "description": 'The version you started from: the ETag you read, or "7". '
                        "Or send `version` in the body.",
                        "schema": {"type": "string"},
                    }
                )
    return schema


def _body_names_a_version(operation: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether the write's body (or any form of it) has a `version` field: then If-Match may
    say the same."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    forms = [schema, *schema.get("oneOf", []), *schema.get("anyOf", [])]
    for form in forms:
        if "$ref" in form:
            form = components.get(form["$ref"].rsplit("/", 1)[-1], {})
        if "version" in form.get("properties", {}):
            return True
    return False


api = RembukAPI(
    title="Rembuk API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # rembuk.api.views.docs: our own page, within the CSP and the page budget
    auth=[TokenAuth(), SessionAuth()],
    throttle=[TokenRateThrottle()],
)


# --- every refusal as a problem ---------------------------------------------------------------


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    return problem_response(
        request,
        "validation-error",
        _("Some values cannot be accepted; see `errors`."),
        errors=problems.pydantic_errors(error.errors),
    )


def _not_authenticated(request: HttpRequest, reason: str) -> HttpResponse:
    messages = {
        "missing": _(
            "Send `Authorization: Bearer <token>` (a token from your account page), or sign in."
        ),
        "unknown": _(
            "This token is not known here. Tokens are made on the account page of this "
            "Rembuk and work only on it."
        ),
        "revoked": _("This token was revoked. Make a new one on your account page."),
        "expired": _("This token has expired. Make a new one on your account page."),
        "inactive": _("The account of this token is no longer active."),
    }
    response = problem_response(request, "not-authenticated", messages.get(reason), reason=reason)
    response["WWW-Authenticate"] = 'Bearer realm="rembuk"'
    return response


@api.exception_handler(NotAuthenticated)
def _token_refused(request: HttpRequest, error: NotAuthenticated) -> HttpResponse:
    return _not_authenticated(request, error.reason)


@api.exception_handler(AuthenticationError)
def _no_credentials(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _not_authenticated(request, "missing")


@api.exception_handler(PasswordChangeRequired)
def _password_change(request: HttpRequest, error: PasswordChangeRequired) -> HttpResponse:
    return problem_response(
        request,
        "password-change-required",
        _("You signed in with a temporary password. Choose your own on the Rembuk pages first."),
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    return problem_response(
        request,
        "throttled",
        _("This token sent too many requests. Wait %(seconds)s seconds and try again.")
        % {"seconds": error.wait or 1},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if error.status_code == 403:
        # ninja's only 403 is its session CSRF check.
        return problem_response(
            request,
            "csrf-failed",
            _(
                "A write with the browser's session needs the X-CSRFToken header holding the "
                "csrftoken cookie's value. Scripts should use a token instead."
            ),
        )
    slug = {401: "not-authenticated", 404: "not-found", 405: "method-not-allowed"}.get(
        error.status_code, "malformed-request"
    )
    return problem_response(request, slug)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem_response(
        request,
        "not-found",
        _("There is nothing here, or it lies outside what you may see."),
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    detail = str(error) or _("Your roles do not allow this here.")
    return problem_response(request, "forbidden", detail)


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, error: EditConflict) -> HttpResponse:
    current: dict[str, Any] = dict(error.current)
    if isinstance(error, ReviewConflict):
        current["progress"] = [
            {
                "activity_id": activity_id,
                "status": row.status if row else None,
                "note": row.note if row else None,
                "version": row.version if row else 0,
            }
            for activity_id, row in error.progress.items()
        ]
    return problem_response(
        request,
        "edit-conflict",
        " ".join(str(m) for m in error.messages),
        current=current,
        current_version=getattr(error, "version", None),
    )


@api.exception_handler(PreconditionRequired)
def _precondition(request: HttpRequest, error: PreconditionRequired) -> HttpResponse:
    return problem_response(
        request,
        "precondition-required",
        _(
            "Say which version you started from: send If-Match with the ETag you read (or "
            '"7"), or a `version` field.'
        ),
        errors=[FieldError("If-Match", _("This header or `version` is required."), "required")],
    )


@api.exception_handler(VersionsDisagree)
def _versions(request: HttpRequest, error: VersionsDisagree) -> HttpResponse:
    return problem_response(
        request,
        "validation-error",
        str(error),
        errors=[FieldError("If-Match", str(error), "invalid")],
    )


@api.exception_handler(BadCursor)
def _bad_cursor(request: HttpRequest, error: BadCursor) -> HttpResponse:
    message = str(error) or _("This cursor does not belong to this list.")
    return problem_response(
        request,
        "validation-error",
        message,
        errors=[FieldError("query.cursor", message, "invalid")],
    )


@api.exception_handler(ValidationError)
def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    found = problems.service_errors(error)
    if any(item.code == "deleted" for item in found):
        return problem_response(request, "not-found", found[0].message)
    return problem_response(
        request, "validation-error", " ".join(item.message for item in found), errors=found
    )


@api.exception_handler(SuspiciousOperation)
def _unreadable(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    return problem_response(request, "malformed-request", _("The request cannot be read."))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=error)
    return problem_response(
        request,
        "server-error",
        _("Something went wrong on the server. It was logged; try again later."),
    )


# --- the routers ----------------------------------------------------------------------------

from rembuk.api.endpoints import (  # noqa: E402  (the handlers above are in place first)
    district,
    learning,
    meetings,
    monitoring,
    people,
    plans,
    programme,
    regions,
    reports,
    support,
)

for module in (
    people,
    regions,
    plans,
    monitoring,
    meetings,
    reports,
    support,
    district,
    programme,
    learning,
):
    api.add_router("", module.router)


def operations() -> list[Operation]:
    """Every operation of the API (for the rule check and the permission-matrix test)."""
    found = []
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            found.extend(path_view.operations)
    return found


def check_every_operation_has_a_rule() -> None:
    missing = [op.view_func.__name__ for op in operations() if rule_of(op.view_func) is None]
    if missing:
        raise RuntimeError(f"API operations without a @rule: {', '.join(sorted(missing))}")
