"""The pages of /api/v1/ that are not operations: the docs page, the index, and the problem
detail for an address that leads nowhere."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rembuk.api.api import api
from rembuk.api.docs import docs_from
from rembuk.api.problems import problem_response
from rembuk.core.permissions import public


@public
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """What the API offers and how to call it, with a form to try each operation (the API's
    own document, readable without signing in; trying needs a session or a token)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root").rstrip("/"))
    return render(
        request,
        "api/docs.html",
        {
            "docs": docs_from(schema),
            "openapi_url": reverse("api:openapi-json"),
            "base_url": request.build_absolute_uri(reverse("api:api-root")),
        },
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
