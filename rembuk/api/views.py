"""The pages of /api/v1/ that are not operations: the docs page, the index, and the problem
detail for an address that leads nowhere."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rembuk.api.api import api
from rembuk.api.docs import Docs, docs_from
from rembuk.api.problems import problem_response
from rembuk.core.permissions import public


def _docs() -> Docs:
    return docs_from(api.get_openapi_schema(path_prefix=reverse("api:api-root").rstrip("/")))


@public
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """What the API offers and how to call it (the API's own document, readable without
    signing in): the conventions, the problem types, and every operation by part."""
    return render(
        request,
        "api/docs.html",
        {
            "docs": _docs(),
            "openapi_url": reverse("api:openapi-json"),
            "base_url": request.build_absolute_uri(reverse("api:api-root")),
            "rate": settings.REMBUK_API_RATE,
        },
    )


@public
@require_GET
def docs_part(request: HttpRequest, tag: str) -> HttpResponse:
    """One part of the API (plans, reviews…): each operation with its parameters, body and
    answers, a form to try it, and the schemas it uses."""
    found = _docs()
    part = found.tag(tag)
    if part is None:
        raise Http404
    return render(
        request,
        "api/docs_part.html",
        {"docs": found, "part": part, "schemas": found.schemas_of(part)},
    )


def index(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """/api/v1/ itself: where the document and the docs are."""
    body = {
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api:docs")),
    }
    return HttpResponse(json.dumps(body), content_type="application/json")


def not_found(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return problem_response(
        request, "not-found", _("There is no API operation at this address. See /api/v1/docs.")
    )
