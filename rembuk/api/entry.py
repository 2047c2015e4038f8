"""What every request to /api/v1/ passes through, around django-ninja: the language of its
messages, ETags and 304s, and the headers that keep private answers out of shared caches.

The API authenticates each operation itself (rembuk.api.auth) and every operation carries a
rule (rembuk.api.rules), so its URLs are public to PermissionRuleMiddleware, like the sync
endpoints: the middleware would otherwise send a script to the login page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from rembuk.api.conditional import add_etag
from rembuk.api.problems import CONTENT_TYPE, FieldError, problem_response
from rembuk.core.null_characters import holds_null_character
from rembuk.core.permissions import PUBLIC


def request_language(request: HttpRequest) -> str:
    """The first language of Accept-Language that Rembuk speaks; Indonesian otherwise. (The
    pages follow the person's own choice; an API answers each request as it asks.)"""
    supported = dict(settings.LANGUAGES)
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            base = code.split("-")[0]
            if base in supported:
                return base
    return settings.LANGUAGE_CODE


def _holds_nul(request: HttpRequest) -> bool:
    """A NUL character anywhere in the address or the JSON body: PostgreSQL cannot store one,
    so it is refused on every database alike (as Django's forms refuse it)."""
    if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
        return True
    try:
        body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    except RequestDataTooBig:
        return False  # the operation reads it again and answers with the problem
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:
        return False
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return False  # not JSON (or nested past reading): the operation says so
    return holds_null_character(parsed)


def api_entry(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def entry(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            if _holds_nul(request):
                message = _("Null characters are not allowed.")
                response = problem_response(
                    request,
                    "validation-error",
                    message,
                    errors=[FieldError(None, message, "null_characters_not_allowed")],
                )
            else:
                response = view(request, *args, **kwargs)
            if response.status_code == 405 and response.get("Content-Type") != CONTENT_TYPE:
                allowed = response.get("Allow", "")
                response = problem_response(
                    request,
                    "method-not-allowed",
                    _("Use one of: %(methods)s.") % {"methods": allowed},
                )
                response["Allow"] = allowed
            response = add_etag(request, response)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        patch_cache_control(response, private=True, no_cache=True)
        return response

    entry.permission_rule = PUBLIC  # type: ignore[attr-defined]
    entry.csrf_exempt = True  # type: ignore[attr-defined]
    return entry
